"""NcaServer.warn from the HTTP route's thread: the message goes out on the protocol's loop."""

from __future__ import annotations

import asyncio
import threading

import pytest

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
