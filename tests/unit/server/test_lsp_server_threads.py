"""NcaServer.warn from the HTTP route's thread: the message goes out on the protocol's loop."""

from __future__ import annotations

import asyncio
import threading

import pytest
from pygls.workspace import TextDocument

from nca.server.lsp_server import NcaServer

pytestmark = pytest.mark.asyncio(loop_scope="function")


async def test_a_warning_from_another_thread_is_sent_on_the_servers_loop():
    server = NcaServer()
    server.lsp_loop = asyncio.get_running_loop()
    sent: list[tuple[str, str]] = []
    server.window_show_message = lambda params: sent.append(  # type: ignore[method-assign]
        (threading.current_thread().name, params.message))

    worker = threading.Thread(target=server.warn, args=("from the route",), name="nca-http")
    worker.start()
    worker.join()
    assert sent == []  # not written from the route's thread
    for _ in range(10):
        await asyncio.sleep(0)
    assert sent == [(threading.current_thread().name, "from the route")]

    server.warn("from the loop")  # on the loop itself: at once
    assert sent[-1] == (threading.current_thread().name, "from the loop")


async def test_a_lint_asked_for_while_the_same_version_is_linted_waits_for_that_one():
    server = NcaServer()
    started, release = threading.Event(), threading.Event()
    calls: list[tuple[str, int | None]] = []

    def lint_now(uri: str, version: int | None, text: str) -> tuple:
        calls.append((uri, version))
        started.set()
        release.wait(5)
        return ()

    server.lint_now = lint_now  # type: ignore[method-assign]
    doc = TextDocument("file:///tmp/m.py", "x = 1\n", version=3)
    first = asyncio.ensure_future(server.lint(doc))  # the lint after a change
    await asyncio.get_running_loop().run_in_executor(None, started.wait, 5)
    second = asyncio.ensure_future(server.lint(doc))  # a code action meanwhile
    first.cancel()  # a newer change cancels the waiting background task: not the lint
    release.set()
    assert await second == ()
    assert calls == [("file:///tmp/m.py", 3)]
    assert not server._linting
    server.shutdown_pools()
