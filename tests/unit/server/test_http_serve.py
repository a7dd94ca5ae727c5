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
        loop = asyncio.get_running_loop()
        started, release, lock = [0], threading.Event(), threading.Lock()

        def piece() -> None:
            with lock:
                started[0] += 1
            release.wait(10)

        futures = [loop.run_in_executor(None, piece) for _ in range(20)]
        deadline = loop.time() + 5
        while started[0] < 20 and loop.time() < deadline:
            await asyncio.sleep(0.01)
        assert started[0] == 20
        release.set()
        await asyncio.gather(*futures)
    finally:
        release.set()
        await runner.cleanup()
