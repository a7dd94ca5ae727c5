"""Chat asks the council for its route: through the real HTTP route, an engine that fails
before its first piece hands the answer to the next one, and the log says why."""

from __future__ import annotations

import json

import aiohttp
import pytest
import pytest_asyncio

from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.server.http_api import HttpSettings, make_app, start_http
from nca.workers.core.errors import EngineError
from nca.workers.core.types import Health
from nca.workers.engines.rules.engine import RulesEngine

pytestmark = pytest.mark.asyncio


class Engine:
    """A chat engine streaming ``pieces``, or failing before the first one."""

    kind = "model"
    capabilities = frozenset({"chat", "stream"})

    def __init__(self, engine_id: str, pieces: tuple[str, ...] = (), fail: str = "") -> None:
        self.id, self.pieces, self.fail = engine_id, pieces, fail
        self.asked = 0

    def health(self) -> Health:
        return Health(True)

    def propose(self, request):  # type: ignore[no-untyped-def]
        return []

    async def achat(self, messages, *, max_tokens=None, temperature=None, stop=(),  # type: ignore[no-untyped-def]
                    cancel=None):
        self.asked += 1
        if self.fail:
            raise EngineError(self.fail)
        for piece in self.pieces:
            yield piece


@pytest_asyncio.fixture
async def server(tmp_path):  # type: ignore[no-untyped-def]
    broken = Engine("broken", fail="the upstream went away")
    words = Engine("words", ("A monad ", "is a ", "monoid."))
    council = Council([RulesEngine(), broken, words],
                      routing={"fix": ("rules",), "chat": ("broken", "words")})
    dispatcher = Dispatcher(tmp_path, council=council, origin="http")
    runner, port = await start_http(make_app(dispatcher, HttpSettings()), "127.0.0.1", 0)
    yield f"http://127.0.0.1:{port}", dispatcher, broken, words
    await runner.cleanup()


async def test_chat_falls_back_to_the_next_engine_over_http(server) -> None:  # type: ignore[no-untyped-def]
    base, dispatcher, broken, words = server
    body = {"model": "nca", "messages": [{"role": "user", "content": "What is a monad?"}]}
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{base}/v1/chat/completions", json=body) as resp:
            assert resp.status == 200
            done = await resp.json()
        async with session.post(f"{base}/v1/chat/completions",
                                json={**body, "stream": True}) as resp:
            assert resp.status == 200
            raw = (await resp.read()).decode()
    assert done["choices"][0]["message"]["content"] == "A monad is a monoid."
    pieces = [json.loads(line[6:]) for line in raw.splitlines()
              if line.startswith("data: {")]
    streamed = "".join(p["choices"][0]["delta"].get("content") or "" for p in pieces
                       if p["choices"])
    assert streamed == "A monad is a monoid."
    assert broken.asked == 2 and words.asked == 2

    lifecycle = dispatcher.lifecycle
    task = lifecycle.recent(1)[0]
    assert task["kind"] == "chat" and task["status"] == "done"
    council = [(e["status"], e["detail"]) for e in lifecycle.events(task["id"])
               if e["step"] == "council"]
    chosen = [d["engine"] for status, d in council if status == "chosen"]
    assert chosen == ["broken", "words"]
    assert ("failed", {"engine": "broken", "reason": "the upstream went away",
                       "next": "words"}) in council
    assert council[-1] == ("answered", {"engine": "words"})
    assert all("reason" in d for status, d in council if status != "answered")
