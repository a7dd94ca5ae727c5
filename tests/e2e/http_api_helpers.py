"""Helpers shared by the tests of the OpenAI-compatible HTTP route.

``WordsEngine``, a chat engine that streams ``w0 w1 ...``; ``make_dispatcher``, a dispatcher
with the rules engine and that engine; ``serve``, the HTTP API on a free loopback port.
The fixtures ``words`` and ``bare`` are in ``tests/e2e/conftest.py``.
"""

from __future__ import annotations

import asyncio
import time

from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.server.http_api import HttpSettings, make_app, start_http
from nca.workers.core.types import Health
from nca.workers.engines.rules.engine import RulesEngine


class WordsEngine:
    """A chat engine that streams ``w0 w1 ...`` every ``delay`` seconds and notes when it stops."""

    id, kind = "words", "model"
    capabilities = frozenset({"chat", "stream"})

    def __init__(self, count: int = 12, delay: float = 0.0, blocking: bool = False) -> None:
        self.count, self.delay = count, delay
        self.stopped_at: float | None = None
        self.seen: dict = {}
        if blocking:
            self.achat = None  # only the blocking ``chat`` is offered

    def health(self) -> Health:
        return Health(True)

    def propose(self, request):
        return []

    async def achat(self, messages, *, max_tokens=None, temperature=None, stop=(), cancel=None):
        self.seen = {"messages": len(messages), "temperature": temperature, "stop": stop}
        try:
            for i in range(self.count):
                if cancel is not None and cancel.is_set():
                    return
                yield f"w{i} "
                await asyncio.sleep(self.delay)
        finally:
            self.stopped_at = time.monotonic()

    def chat(self, messages, *, max_tokens=None, temperature=None, stop=(), cancel=None):
        try:
            for i in range(self.count):
                if cancel is not None and cancel.is_set():
                    return
                yield f"w{i} "
                time.sleep(self.delay)
        finally:
            self.stopped_at = time.monotonic()


def make_dispatcher(tmp_path, engine=None) -> Dispatcher:
    engines = [RulesEngine()] + ([engine] if engine else [])
    routing = {"fix": ("rules",), "chat": (engine.id,) if engine else ()}
    return Dispatcher(tmp_path, council=Council(engines, routing), origin="http")


async def serve(dispatcher: Dispatcher, **settings):
    runner, port = await start_http(make_app(dispatcher, HttpSettings(**settings)), "127.0.0.1", 0)
    return runner, f"http://127.0.0.1:{port}"
