"""Running the HTTP route beside the language server, on the same event loop.

pygls's ``start_io`` runs ``asyncio.run`` itself, so ``serve_stdio`` does what it does (the
stdin reader, the stdout writer, ``run_async``) inside a coroutine that also starts the aiohttp
runner and cleans it up when the client leaves (``exit`` or stdin EOF).
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from typing import Any, BinaryIO

from nca.workers.errors import ConfigError

__all__ = ["DEFAULT_PORT", "HTTP_ADDRESS_COMMAND", "add_http_arguments", "serve_stdio",
           "start_beside"]

log = logging.getLogger(__name__)

DEFAULT_PORT = 8765

HTTP_ADDRESS_COMMAND = "nca.httpAddress"


def add_http_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--http-host``, ``--http-port``, ``--no-http`` and ``--http-allow-remote``."""
    parser.add_argument("--http-host", default="127.0.0.1",
                        help="address of the OpenAI-compatible HTTP route (default 127.0.0.1)")
    parser.add_argument("--http-port", type=int, default=DEFAULT_PORT,
                        help=f"its port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--no-http", action="store_true", help="do not start the HTTP route")
    parser.add_argument("--http-allow-remote", action="store_true",
                        help="allow a --http-host other machines can reach (set NCA_API_KEY)")


async def start_beside(server: Any, args: argparse.Namespace) -> Any | None:
    """Return the started runner of the HTTP route for ``server``, or None when off or failing.

    Sets ``server.http_address`` and writes ``nca: http://HOST:PORT/v1`` to stderr. A port
    that is taken is reported and the language server runs on without HTTP.
    """
    # aiohttp loads here, not when the CLI parses its arguments
    from nca.admin.chat import Chat
    from nca.server.http_api import HttpSettings, make_app, start_http

    server.http_address = None
    if getattr(args, "no_http", False):
        return None
    host = getattr(args, "http_host", "127.0.0.1")
    port = getattr(args, "http_port", DEFAULT_PORT)
    chat = Chat(lambda: server.dispatcher_at(server.main_root()), origin="http")
    try:
        runner, actual = await start_http(make_app(chat, HttpSettings.from_env()), host, port,
                                          allow_remote=getattr(args, "http_allow_remote", False))
    except ConfigError as err:
        log.error("HTTP route not started: %s", err)
        sys.stderr.write(f"nca: HTTP route not started: {err}\n")
        return None
    shown = f"[{host}]" if ":" in host else host
    server.http_address = f"http://{shown}:{actual}/v1"
    sys.stderr.write(f"nca: {server.http_address}\n")
    sys.stderr.flush()
    return runner


def register_address_command(server: Any) -> None:
    """Register ``nca.httpAddress``: it returns the route's address, or None when off."""
    if not hasattr(server, "http_address"):
        server.http_address = None

    @server.command(HTTP_ADDRESS_COMMAND)
    def http_address(ls: Any, *args: Any) -> str | None:
        return ls.http_address


def serve_stdio(server: Any, args: argparse.Namespace, stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Run the language server over stdin/stdout with the HTTP route beside it until exit."""
    import asyncio

    from pygls.io_ import StdinAsyncReader, StdoutWriter, run_async

    register_address_command(server)

    async def main() -> None:
        runner = await start_beside(server, args)
        server._stop_event = threading.Event()
        server.protocol.set_writer(StdoutWriter(stdout))
        try:
            await run_async(stop_event=server._stop_event,
                            reader=StdinAsyncReader(stdin, server.thread_pool),
                            protocol=server.protocol, logger=log,
                            error_handler=server.report_server_error)
        finally:
            if runner is not None:
                await runner.cleanup()

    try:
        asyncio.run(main())
    except BrokenPipeError:
        log.error("the client's connection is lost; shutting down")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()
