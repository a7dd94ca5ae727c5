"""The OpenAI-compatible route through the official ``openai`` SDK, and a client that leaves."""

from __future__ import annotations

import asyncio
import json
import time

import openai
import pytest
from openai import AsyncOpenAI

from tests.e2e.http_api_helpers import WordsEngine, make_dispatcher, serve

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

BROKEN = "def load(path)\n    return open(path).read()\n"


# --------------------------------------------------------------------------- the openai SDK


async def test_sdk_lists_models_and_answers_whole(words):
    base, engine = words
    client = AsyncOpenAI(base_url=f"{base}/v1", api_key="unused")
    models = [m.id async for m in client.models.list()]
    assert models == ["nca", "nca-autocomplete"]
    done = await client.chat.completions.create(
        model="nca", messages=[{"role": "user", "content": "hello"}], temperature=0.3)
    assert done.choices[0].message.content == "".join(f"w{i} " for i in range(12))
    assert done.choices[0].finish_reason == "stop"
    assert done.usage.completion_tokens > 0
    assert engine.seen["temperature"] == 0.3


async def test_sdk_streams_with_usage_and_honours_stop_and_max_tokens(words):
    base, _ = words
    client = AsyncOpenAI(base_url=f"{base}/v1", api_key="unused")
    stream = await client.chat.completions.create(
        model="nca", messages=[{"role": "user", "content": "hi"}], stream=True,
        stream_options={"include_usage": True})
    chunks = [c async for c in stream]
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.startswith("w0 w1 ") and text.endswith("w11 ")
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens > 0
    assert chunks[-2].choices[0].finish_reason == "stop"

    stopped = await client.chat.completions.create(
        model="nca", messages=[{"role": "user", "content": "hi"}], stop=["w3"])
    assert stopped.choices[0].message.content == "w0 w1 w2 "
    short = await client.chat.completions.create(
        model="nca", messages=[{"role": "user", "content": "hi"}], max_tokens=2)
    assert short.choices[0].message.content == "w0 w1 w2"  # 2 tokens: 8 characters
    assert short.choices[0].finish_reason == "length"


async def test_sdk_sees_openai_shaped_errors(bare):
    base, _ = bare
    client = AsyncOpenAI(base_url=f"{base}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as err:
        await client.models.list()
    assert err.value.code == "invalid_api_key"
    client = AsyncOpenAI(base_url=f"{base}/v1", api_key="s3cret", max_retries=0)
    with pytest.raises(openai.NotFoundError) as err:
        await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user",
                                                                        "content": "x"}])
    assert err.value.code == "model_not_found"


async def test_a_broken_snippet_gets_the_verified_diff(bare):
    base, dispatcher = bare
    client = AsyncOpenAI(base_url=f"{base}/v1", api_key="s3cret")
    question = f"why does this fail?\n```python\n{BROKEN}```"
    stream = await client.chat.completions.create(
        model="nca", messages=[{"role": "system", "content": "You are helpful."},
                               {"role": "user", "content": question}], stream=True)
    answer = "".join([c.choices[0].delta.content or "" async for c in stream])
    assert "**Debugger** found 1 problem(s)" in answer and "E999" in answer
    assert "```diff\n--- a/snippet.py" in answer and "+def load(path):" in answer
    assert "```python\ndef load(path):\n    return open(path).read()\n```" in answer
    kinds = [t["kind"] for t in dispatcher.lifecycle.recent(5)]
    assert "fix_text" in kinds and "chat" in kinds


async def test_no_chat_engine_gets_one_clear_paragraph(bare):
    base, _ = bare
    client = AsyncOpenAI(base_url=f"{base}/v1", api_key="s3cret")
    done = await client.chat.completions.create(
        model="nca", messages=[{"role": "user", "content": "What is a monad?"}])
    text = done.choices[0].message.content
    assert "No chat engine is configured" in text and "[nca.routing]" in text
    assert "\n" not in text


# --------------------------------------------------------------------------- disconnects


@pytest.mark.parametrize("blocking", [False, True], ids=["async-engine", "blocking-engine"])
async def test_disconnect_stops_the_engine_within_100_ms(tmp_path, blocking):
    engine = WordsEngine(count=10_000, delay=0.01, blocking=blocking)
    dispatcher = make_dispatcher(tmp_path, engine)
    runner, base = await serve(dispatcher)
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", int(base.rsplit(":", 1)[1]))
        body = json.dumps({"model": "nca", "stream": True,
                           "messages": [{"role": "user", "content": "talk"}]}).encode()
        writer.write(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                     % (len(body), body))
        seen = b""
        while seen.count(b"data: ") < 5:
            seen += await reader.read(4096)
        writer.close()
        closed = time.monotonic()
        for _ in range(100):
            if engine.stopped_at is not None:
                break
            await asyncio.sleep(0.01)
        assert engine.stopped_at is not None and engine.stopped_at - closed < 0.1
        await asyncio.sleep(0.05)
        task = dispatcher.lifecycle.recent(1)[0]
        assert (task["kind"], task["status"], task["summary"]) == ("chat", "cancelled",
                                                                   "client disconnected")
        steps = [e["step"] for e in dispatcher.lifecycle.events(task["id"])]
        assert steps == ["route", "council", "council", "cancel"]  # chosen, answered
    finally:
        await runner.cleanup()


