"""nca.server.http_stream: events encoded once per stream, coalesced per write."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
from aiohttp import web

from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.server import http_stream
from nca.server.http_api import HttpSettings, make_app, start_http
from nca.server.http_stream import _event, _piece_events
from nca.server.openai_schema import chat_chunk, completion_chunk
from nca.workers.core.types import Health
from nca.workers.engines.rules.engine import RulesEngine

TEXTS = ["w0 ", "", 'a "quoted"\\ line\n', "é ✓ \U0001f600 \u2028", "\ue000nca-piece\ue000"]


@pytest.mark.parametrize("piece", [
    lambda text: chat_chunk("chatcmpl-1", "nca", 7, content=text),
    lambda text: completion_chunk("cmpl-1", "nca-autocomplete", 7, text),
])
def test_a_piece_event_is_the_bytes_of_its_whole_chunk(piece):
    encode = _piece_events(piece)
    for text in TEXTS:
        assert encode(text) == _event(piece(text))


def test_a_chunk_that_does_not_hold_the_text_once_is_encoded_whole():
    def piece(text: str) -> dict:
        return {"a": text, "b": text}

    assert _piece_events(piece)("x") == _event(piece("x"))


class Burst:
    """A chat engine whose pieces all come at once."""

    id, kind = "burst", "model"
    capabilities = frozenset({"chat", "stream"})

    def health(self) -> Health:
        return Health(True)

    def propose(self, request: object) -> list:
        return []

    async def achat(self, messages, **options):
        for i in range(200):
            yield f"w{i} "


@pytest.mark.asyncio
async def test_events_that_come_together_are_written_together(tmp_path, monkeypatch):
    writes: list[int] = []
    real = web.StreamResponse.write

    async def counted(self: web.StreamResponse, data: bytes) -> None:
        writes.append(len(data))
        await real(self, data)

    monkeypatch.setattr(web.StreamResponse, "write", counted)
    monkeypatch.setattr(http_stream, "YIELD_EVERY", 60.0)  # flushed by size only
    dispatcher = Dispatcher(tmp_path, council=Council(
        [RulesEngine(), Burst()], {"fix": ("rules",), "chat": ("burst",)}), origin="http")
    runner, port = await start_http(make_app(dispatcher, HttpSettings()), "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as session:
            body = {"model": "nca", "stream": True,
                    "messages": [{"role": "user", "content": "say words"}]}
            async with session.post(f"http://127.0.0.1:{port}/v1/chat/completions",
                                    json=body) as resp:
                raw = (await resp.read()).decode()
    finally:
        await runner.cleanup()
        await asyncio.sleep(0)
    events = [line[6:] for line in raw.split("\n") if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == "".join(f"w{i} " for i in range(200))
    # the headers' write holds the role and the first piece; the rest go by 16 kB; the
    # closing events go with the end of the body (write_eof)
    assert len(writes) <= 3 and len(chunks) == 202
