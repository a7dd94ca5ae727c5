"""The HTTP route's default port, in a module of its own: the route (``http_api``), the code
that starts it beside the language server (``http_serve``) and the CLI's ``--port`` options
all name it, and none of them imports another for it.
"""

from __future__ import annotations

__all__ = ["DEFAULT_PORT"]

DEFAULT_PORT = 8765
