"""Running the HTTP route beside the language server, in the same process.

pygls's ``start_io`` runs ``asyncio.run`` itself, so ``serve_stdio`` does what it does (the
stdin reader, the stdout writer, ``run_async``) inside a coroutine that also starts the aiohttp
runner and cleans it up when the client leaves (``exit`` or stdin EOF).

stdin is read on the event loop itself when it is a pipe (pygls reads it through its thread
pool, three executor hops per message), and the HTTP route (aiohttp is a tenth of a second of
imports) starts once the ``initialize`` response is out, so neither delays the editor.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import stat
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

from nca.server.http_defaults import DEFAULT_PORT, add_http_arguments
from nca.workers.core.errors import ConfigError

__all__ = ["DEFAULT_PORT", "HTTP_ADDRESS_COMMAND", "PipeReader", "add_http_arguments",
           "open_reader", "serve_stdio", "serve_tcp", "start_beside"]

log = logging.getLogger(__name__)

HTTP_ADDRESS_COMMAND = "nca.httpAddress"

#: how long the HTTP route waits for the initialize response before starting anyway
HTTP_START_WAIT_S = 0.5

#: a header line longer than this is garbage: it is dropped, not buffered
_LINE_LIMIT = 1 << 20


async def start_beside(server: Any, args: argparse.Namespace) -> Any | None:
    """Return the started runner of the HTTP route for ``server``, or None when off or failing.

    Sets ``server.http_address`` and writes ``nca: http://HOST:PORT/v1`` to stderr. A port
    that is taken is reported and the language server runs on without HTTP.
    """
    server.http_address = None
    if getattr(args, "no_http", False):
        return None
    # aiohttp loads here, not when the CLI parses its arguments
    from nca.server.http_api import HttpSettings, make_app, start_http

    host = getattr(args, "http_host", "127.0.0.1")
    port = getattr(args, "http_port", DEFAULT_PORT)
    # the token the editor sent in initializationOptions, unless the environment names one
    token = getattr(getattr(server, "settings", None), "http_token", None)
    overrides = {"api_key": token} if token and not os.environ.get("NCA_API_KEY") else {}
    settings = HttpSettings.from_env(**overrides)
    # the dispatcher of the client's main root, asked on each request: it is known only later
    app = make_app(lambda: server.dispatcher_at(_http_root(server)), settings)
    # the route runs on a loop of its own (see nca.server.http_thread), with a thread for each
    # stream it admits in that loop's default executor, not one per core
    from nca.server.http_thread import HttpLoop, ThreadedRunner

    http = HttpLoop(settings.max_concurrent + (os.cpu_count() or 1))
    try:
        runner, actual = await http.run(start_http(
            app, host, port, allow_remote=getattr(args, "http_allow_remote", False)))
    except ConfigError as err:
        await asyncio.to_thread(http.close)
        log.error("HTTP route not started: %s", err)
        sys.stderr.write(f"nca: HTTP route not started: {err}\n")
        return None
    except BaseException:
        await asyncio.to_thread(http.close)
        raise
    shown = f"[{host}]" if ":" in host else host
    server.http_address = f"http://{shown}:{actual}/v1"
    sys.stderr.write(f"nca: {server.http_address}\n")
    sys.stderr.flush()
    return ThreadedRunner(http, runner)


def register_address_command(server: Any) -> None:
    """Register ``nca.httpAddress``: it returns the route's address, or None when off."""
    if not hasattr(server, "http_address"):
        server.http_address = None

    @server.command(HTTP_ADDRESS_COMMAND)
    async def http_address(ls: Any, *args: Any) -> str | None:
        starting = getattr(ls, "http_starting", None)
        if starting is not None and not starting.done():
            await asyncio.shield(starting)  # asked right after initialize: the route is on its way
        return ls.http_address


class PipeReader:
    """stdin read on the event loop: ``readline``/``readexactly`` as ``run_async`` expects.

    At end of input both return what is left (``b""`` when nothing), which ends the loop.
    Each message body is a turn of the loop, so requests run in the order they came.
    """

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self.stream = stream

    async def readline(self) -> bytes:
        try:
            return await self.stream.readline()
        except ValueError:  # a line past the limit: dropped, the next header starts afresh
            log.warning("dropped a header line longer than %d bytes", _LINE_LIMIT)
            return b"X-Dropped: 1\r\n"

    async def readexactly(self, n: int) -> bytes:
        try:
            body = await self.stream.readexactly(n)
        except asyncio.IncompleteReadError as err:
            return err.partial
        # buffered messages would otherwise be handled back to back: the handler a previous
        # request started gets to run first, as it did when every read went through a thread
        await asyncio.sleep(0)
        return body


async def open_reader(stdin: BinaryIO, executor: Any = None) -> Any:
    """Return a reader of ``stdin`` on the running loop; pygls's threaded one when not a pipe."""
    # pygls.io_ (about 100 modules) is loaded by the language server before this runs;
    # importing this module alone does not need it
    from pygls.io_ import StdinAsyncReader

    try:
        mode = os.fstat(stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        mode = 0
    # a file, a terminal or /dev/null cannot be polled (epoll refuses them): a thread reads
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        log.debug("stdin is not a pipe: reading it in a thread")
        return StdinAsyncReader(stdin, executor)
    loop = asyncio.get_running_loop()
    stream = asyncio.StreamReader(limit=_LINE_LIMIT, loop=loop)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream, loop=loop), stdin)
    return PipeReader(stream)


async def _start_after_initialize(server: Any, args: argparse.Namespace,
                                  answered: asyncio.Event) -> Any | None:
    """Return the HTTP runner, started once ``initialize`` was answered (or after a wait)."""
    try:
        await asyncio.wait_for(answered.wait(), HTTP_START_WAIT_S)
    except TimeoutError:
        pass  # a client that has not said initialize yet still gets its route
    return await start_beside(server, args)


def serve_stdio(server: Any, args: argparse.Namespace, stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Run the language server over stdin/stdout with the HTTP route beside it until exit."""
    from pygls.io_ import StdoutWriter, run_async  # pygls.io_: see open_reader

    register_address_command(server)
    server.http_address = None

    async def main() -> None:
        server.lsp_loop = asyncio.get_running_loop()
        answered = asyncio.Event()
        server.on_initialized = answered.set
        server.http_starting = None
        if not getattr(args, "no_http", False):
            server.http_starting = asyncio.ensure_future(
                _start_after_initialize(server, args, answered))
        server._stop_event = threading.Event()
        server.protocol.set_writer(StdoutWriter(stdout))
        try:
            await run_async(stop_event=server._stop_event,
                            reader=await open_reader(stdin, server.thread_pool),
                            protocol=server.protocol, logger=log,
                            error_handler=server.report_server_error)
        finally:
            await _stop_http(server.http_starting)

    try:
        asyncio.run(main())
    except BrokenPipeError:
        log.error("the client's connection is lost; shutting down")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()


async def _stop_http(starting: asyncio.Future[Any] | None) -> None:
    """Stop the HTTP route, or its start when the client left before it came up."""
    if starting is None:
        return
    if not starting.done():
        starting.cancel()
    try:
        runner = await starting
    except (asyncio.CancelledError, Exception):  # noqa: BLE001 - leaving anyway
        return
    if runner is not None:
        await runner.cleanup()


def serve_tcp(server: Any, args: argparse.Namespace, host: str, port: int) -> None:
    """Run the language server for one TCP client with the HTTP route beside it until it leaves.

    pygls's ``start_tcp`` runs its own loop; this listens with ``asyncio.start_server`` on the
    loop that also runs the HTTP route. Writes ``nca: lsp tcp://HOST:PORT`` (the port ``0``
    picked) and ``nca: http://HOST:PORT/v1`` to stderr. As with pygls, the server ends when its
    client leaves; a second client while one is connected is turned away. A client that leaves
    (or is refused) before initialize frees the slot: the server listens for the next one.
    """
    from pygls.io_ import run_async  # pygls.io_: see open_reader

    register_address_command(server)
    server.http_address = None

    async def main() -> None:
        server.lsp_loop = asyncio.get_running_loop()
        server._stop_event = threading.Event()
        left = asyncio.Event()
        busy = False

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal busy
            if busy:
                log.warning("a second LSP client was turned away: one is connected")
                writer.close()
                return
            busy = True
            server.protocol.set_writer(writer)
            try:
                await run_async(stop_event=server._stop_event, reader=PipeReader(reader),
                                protocol=server.protocol, logger=log,
                                error_handler=server.report_server_error)
            except SystemExit:  # the client's ``exit``: end here, not inside a callback task
                pass
            finally:
                writer.close()
                if server.protocol.initialized:
                    left.set()
                else:
                    # refused (no token) or gone before initialize: the slot is free again,
                    # so a stranger cannot end the server or hold it by connecting
                    busy = False
                    server.protocol.refused = False
                    log.info("an LSP client left before initialize; listening for another")

        try:
            listener = await asyncio.start_server(connection, host, port, limit=_LINE_LIMIT)
        except OSError as err:
            raise ConfigError(f"cannot listen for LSP clients on {host}:{port}: "
                              f"{err.strerror or err}") from None
        actual = listener.sockets[0].getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        sys.stderr.write(f"nca: lsp tcp://{shown}:{actual}\n")
        sys.stderr.flush()
        server.http_starting = (None if getattr(args, "no_http", False)
                                else asyncio.ensure_future(start_beside(server, args)))
        try:
            await left.wait()
        finally:
            listener.close()
            await _stop_http(server.http_starting)

    try:
        asyncio.run(main())
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()


def _http_root(server: Any) -> Path:
    """Return the root the HTTP route works in: the client's main root, else the cwd."""
    try:
        return server.main_root()
    except RuntimeError:  # no client has said initialize yet: over TCP the route starts first
        return Path.cwd()
