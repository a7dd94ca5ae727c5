"""The HTTP route's default port and ``nca serve``'s options for it, in a module of their own:
the route (``http_api``), the code that starts it beside the language server (``http_serve``)
and the CLI all name them, and none of them imports another for it (the CLI parses its
arguments without loading asyncio).
"""

from __future__ import annotations

import argparse

__all__ = ["DEFAULT_PORT", "add_http_arguments"]

DEFAULT_PORT = 8765


def add_http_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--http-host``, ``--http-port``, ``--no-http`` and ``--http-allow-remote``."""
    parser.add_argument("--http-host", default="127.0.0.1",
                        help="address of the OpenAI-compatible HTTP route (default 127.0.0.1)")
    parser.add_argument("--http-port", type=int, default=DEFAULT_PORT,
                        help=f"its port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--no-http", action="store_true", help="do not start the HTTP route")
    parser.add_argument("--http-allow-remote", action="store_true",
                        help="allow a --http-host other machines can reach (set NCA_API_KEY)")
