"""nca.server.http_serve: stdin read on the event loop, a thread when stdin is no pipe."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from pygls.io_ import StdinAsyncReader

from nca.server.http_serve import PipeReader, open_reader

pytestmark = pytest.mark.asyncio(loop_scope="function")


async def test_a_pipe_is_read_on_the_loop_message_by_message():
    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, "rb") as stdin:
        reader = await open_reader(stdin)
        assert isinstance(reader, PipeReader)
        os.write(write_fd, b"Content-Length: 2\r\n\r\n{}Content-Length: 5\r\n\r\nab")
        os.close(write_fd)
        assert await reader.readline() == b"Content-Length: 2\r\n"
        assert await reader.readline() == b"\r\n"
        assert await reader.readexactly(2) == b"{}"
        assert await reader.readline() == b"Content-Length: 5\r\n"
        assert await reader.readline() == b"\r\n"
        assert await reader.readexactly(5) == b"ab"  # cut short: what is left, then the end
        assert await reader.readline() == b""


async def test_an_overlong_header_line_is_dropped_not_fatal():
    stream = asyncio.StreamReader(limit=32)
    stream.feed_data(b"X" * 64 + b"\r\nContent-Length: 2\r\n")
    stream.feed_eof()
    reader = PipeReader(stream)
    assert (await reader.readline()).startswith(b"X-Dropped")
    assert await reader.readline() == b"Content-Length: 2\r\n"


@pytest.mark.parametrize("source", ["file", "devnull"])
async def test_what_is_no_pipe_is_read_in_a_thread(tmp_path: Path, source: str):
    path = tmp_path / "input" if source == "file" else Path(os.devnull)
    if source == "file":
        path.write_bytes(b"Content-Length: 2\r\n")
    with path.open("rb") as stdin:
        reader = await open_reader(stdin)
        assert isinstance(reader, StdinAsyncReader)
        assert await reader.readline() == (b"Content-Length: 2\r\n" if source == "file" else b"")


async def test_the_route_gives_each_stream_it_admits_a_thread(tmp_path: Path):
    # a blocking engine's stream waits in the default executor for each piece: 20 streams
    # that each wait are all under way at once, not a core's worth at a time
    import argparse
    import threading
    import types

    from nca.server.http_serve import start_beside

    server = types.SimpleNamespace(settings=None, main_root=lambda: tmp_path)
    args = argparse.Namespace(no_http=False, http_host="127.0.0.1", http_port=0,
                              http_allow_remote=False)
    release = threading.Event()
    runner = await start_beside(server, args)
    assert runner is not None
    try:
        started, release, lock = [0], threading.Event(), threading.Lock()

        def piece() -> None:
            with lock:
                started[0] += 1
            release.wait(10)

        async def streams() -> int:  # on the route's own loop, as its handlers run
            loop = asyncio.get_running_loop()
            futures = [loop.run_in_executor(None, piece) for _ in range(20)]
            deadline = loop.time() + 5
            while started[0] < 20 and loop.time() < deadline:
                await asyncio.sleep(0.01)
            count = started[0]
            release.set()
            await asyncio.gather(*futures)
            return count

        assert await runner.http.run(streams()) == 20
    finally:
        release.set()
        await runner.cleanup()


def _route_args():
    import argparse

    return argparse.Namespace(no_http=False, http_host="127.0.0.1", http_port=0,
                              http_allow_remote=False)


async def test_the_route_answers_while_the_language_servers_loop_is_held(tmp_path: Path):
    # the route has a loop of its own: a request the language server's loop is busy with (here
    # it blocks outright) does not stop the route answering, nor the other way round
    import json
    import types
    import urllib.request

    from nca.server.http_serve import start_beside

    server = types.SimpleNamespace(settings=None, main_root=lambda: tmp_path)
    runner = await start_beside(server, _route_args())
    assert runner is not None
    try:
        assert runner.loop is not asyncio.get_running_loop()
        # this loop is held by a blocking read of the route
        with urllib.request.urlopen(f"{server.http_address}/models", timeout=10) as resp:
            assert [m["id"] for m in json.load(resp)["data"]] == ["nca", "nca-autocomplete"]
    finally:
        await runner.cleanup()
    assert runner.loop.is_closed()


async def test_a_step_that_holds_the_routes_loop_leaves_this_loop_running(tmp_path: Path):
    import threading
    import types

    from nca.server.http_serve import start_beside

    server = types.SimpleNamespace(settings=None, main_root=lambda: tmp_path)
    runner = await start_beside(server, _route_args())
    assert runner is not None
    entered, release = threading.Event(), threading.Event()

    async def held() -> str:  # a chat step that does not yield (a blocking engine, say)
        entered.set()
        release.wait(10)
        return "released"

    try:
        pending = runner.http.submit(held())
        assert await asyncio.to_thread(entered.wait, 10)
        # the language server's loop runs its own work meanwhile, to the end
        assert await asyncio.wait_for(asyncio.sleep(0.01, "answered"), 5) == "answered"
        assert not pending.done()
        release.set()
        assert await asyncio.wrap_future(pending) == "released"
    finally:
        release.set()
        await runner.cleanup()


async def test_a_route_that_cannot_listen_stops_its_thread(tmp_path: Path):
    import socket
    import threading
    import types

    from nca.server.http_serve import start_beside

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    before = {t.name for t in threading.enumerate()}
    try:
        server = types.SimpleNamespace(settings=None, main_root=lambda: tmp_path)
        args = _route_args()
        args.http_port = taken.getsockname()[1]
        assert await start_beside(server, args) is None
        assert server.http_address is None
    finally:
        taken.close()
    assert "nca-http" not in {t.name for t in threading.enumerate()} - before
