"""``nca serve``: start the language server (and the HTTP route beside it) over stdio or TCP."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from nca.server.logs import configure_logging

__all__ = ["run_serve"]


def run_serve(args: argparse.Namespace) -> int:
    """Run the server over stdio or TCP until the client leaves; return the exit status."""
    configure_logging(getattr(args, "log_file", None), getattr(args, "log_level", "INFO"))
    from nca.server.lsp import make_server

    server = make_server()
    try:
        if getattr(args, "tcp", False):
            from nca.server.http_serve import serve_tcp  # the HTTP route on the same loop

            serve_tcp(server, args, getattr(args, "host", "127.0.0.1"), args.port)
        else:
            # the LSP gets its own copy of fd 1; fd 1 itself becomes stderr so that a stray
            # print or a child process's output can never corrupt the channel
            channel = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
            os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
            sys.stdout = sys.stderr
            from nca.server.http_serve import serve_stdio  # the HTTP route on the same loop

            serve_stdio(server, args, sys.stdin.buffer, channel)
    finally:
        server.pool.shutdown(wait=False, cancel_futures=True)
        logging.shutdown()
    # a repair still running in a worker thread would hold the process: the client is gone
    os._exit(0)
