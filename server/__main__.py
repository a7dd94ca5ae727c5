"""``python -m nca.server``: the language server over stdio (``nca serve`` takes options)."""

from __future__ import annotations

import sys

from nca.server.cli import build_parser
from nca.server.serve import run_serve

if __name__ == "__main__":
    sys.exit(run_serve(build_parser().parse_args(["serve", *sys.argv[1:]])))
