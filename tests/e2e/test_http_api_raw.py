"""The OpenAI-compatible route over raw HTTP: errors, what Continue sends, size, load and failures."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest
from openai import AsyncOpenAI

from nca.server.http_api import make_app, start_http
from tests.e2e.http_api_helpers import WordsEngine, make_dispatcher, serve

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]


# --------------------------------------------------------------------------- raw HTTP


@pytest.mark.parametrize(("headers", "body", "status", "code"), [
    ({}, b'{"messages": []}', 401, "invalid_api_key"),
    ({"Authorization": "Bearer nope"}, b'{"messages": []}', 401, "invalid_api_key"),
    ({"Authorization": "Basic s3cret"}, b'{"messages": []}', 401, "invalid_api_key"),
    (None, b'{"messages": [', 400, "invalid_json"),
    (None, b'{"model": "nca"}', 400, "missing_required_parameter"),
    (None, b'[1, 2]', 400, "invalid_json"),
    (None, b'{"messages": "hi"}', 400, None),
    (None, b'{"messages": [{"role": "user", "content": "x"}], "max_tokens": 0}', 400, None),
    (None, b'{"messages": [{"content": "x"}]}', 400, None),
    (None, b'{"model": "nope", "messages": [{"role": "user", "content": "x"}]}', 404,
     "model_not_found"),
    (None, b'\xff\xfe{"messages": []}', 400, "invalid_encoding"),
    (None, b'{"messages": [{"role": "user", "content": "' + b"x" * 2_000_000 + b'"}]}', 413,
     "request_too_large"),
], ids=["no-key", "wrong-key", "wrong-scheme", "bad-json", "no-messages", "not-object",
        "messages-not-list", "max-tokens-0", "no-role", "unknown-model", "not-utf8",
        "over-limit"])
async def test_errors_are_openai_shaped(bare, headers, body, status, code):
    base, _ = bare
    headers = {"Authorization": "Bearer s3cret"} if headers is None else headers
    async with aiohttp.ClientSession() as http, http.post(
            f"{base}/v1/chat/completions", data=body,
            headers={**headers, "Content-Type": "application/json"}) as resp:
        assert resp.status == status
        error = (await resp.json())["error"]
    assert set(error) >= {"message", "type", "code"} and error["message"]
    if code:
        assert error["code"] == code


async def test_health_needs_no_key_and_there_is_no_cors(bare):
    base, _ = bare
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/health") as r:
            assert r.status == 200 and (await r.json())["status"] == "ok"
            assert "Access-Control-Allow-Origin" not in r.headers
        # a web page is refused outright (tests/reliability has the rest of the guard)
        async with http.get(f"{base}/health", headers={"Origin": "https://evil.example"}) as r:
            assert r.status == 403 and "Access-Control-Allow-Origin" not in r.headers
        async with http.options(f"{base}/v1/chat/completions",
                                headers={"Origin": "https://evil.example",
                                         "Access-Control-Request-Method": "POST"}) as r:
            assert r.status == 403 and "Access-Control-Allow-Origin" not in r.headers


async def test_what_continue_sends_is_accepted(words):
    base, engine = words
    payload = {
        "model": "nca", "stream": True, "stream_options": {"include_usage": True},
        "max_tokens": 4096, "temperature": 0.0, "stop": ["<|im_end|>", "```\n\n", "a", "b", "c"],
        "tools": [{"type": "function", "function": {"name": f"t{i}", "parameters": {}}}
                  for i in range(9)],
        "tool_choice": "auto", "parallel_tool_calls": False, "unknown_field": {"x": 1},
        "messages": [
            {"role": "system", "content": "s" * 1600},
            {"role": "user", "content": [{"type": "text", "text": "look"},
                                         {"type": "image_url",
                                          "image_url": {"url": "data:image/png;base64,AAAA"}}]},
            {"role": "assistant", "content": None,
             "tool_calls": [{"id": "1", "type": "function",
                             "function": {"name": "t0", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "1", "content": "ok"},
            {"role": "user", "content": " "},
        ]}
    async with aiohttp.ClientSession() as http, http.post(
            f"{base}/v1/chat/completions", json=payload) as resp:
        assert resp.status == 200 and resp.content_type == "text/event-stream"
        events = [line for line in (await resp.text()).split("\n\n") if line]
    assert events[-1] == "data: [DONE]"
    assert json.loads(events[-2][6:])["choices"] == []
    assert engine.seen["messages"] == 5 and engine.seen["stop"] == ("<|im_end|>", "```\n\n", "a",
                                                                    "b")


@pytest.mark.parametrize("stream", [False, True])
async def test_fim_without_a_completion_engine_is_a_quick_clear_error(words, stream):
    base, _ = words
    prompt = "<fim_prefix>def add(a, b):\n    return <fim_suffix>\n<fim_middle>"
    started = time.monotonic()
    async with aiohttp.ClientSession() as http, http.post(
            f"{base}/v1/completions",
            json={"model": "nca-autocomplete", "prompt": prompt, "max_tokens": 64,
                  "stream": stream}) as resp:
        body = await resp.json()
    assert time.monotonic() - started < 0.5
    # never an empty completion that looks like an answer: an OpenAI-shaped error naming why
    assert resp.status == 404
    assert body["error"]["code"] == "no_completion_engine" and body["error"]["message"]


async def test_big_and_many(tmp_path):
    dispatcher = make_dispatcher(tmp_path)
    runner, base = await serve(dispatcher, max_body_bytes=16 * 1024 * 1024)
    try:
        async with aiohttp.ClientSession() as http:
            big = {"messages": [{"role": "user", "content": "x" * (10 * 1024 * 1024)}]}
            async with http.post(f"{base}/v1/chat/completions", json=big) as resp:
                assert resp.status == 200
            many = {"messages": [{"role": "user", "content": f"m{i}"} for i in range(10_000)]}
            async with http.post(f"{base}/v1/chat/completions", json=many) as resp:
                assert resp.status == 200
                assert "No chat engine" in (await resp.json())["choices"][0]["message"]["content"]
            async with http.post(f"{base}/v1/chat/completions", json=big,
                                 headers={"Content-Type": "application/json"}) as resp:
                assert resp.status == 200
    finally:
        await runner.cleanup()
    runner, base = await serve(dispatcher)  # the default 8 MiB limit
    try:
        async with aiohttp.ClientSession() as http, http.post(
                f"{base}/v1/chat/completions", json=big) as resp:
            assert resp.status == 413
    finally:
        await runner.cleanup()


async def test_fifty_concurrent_streams(tmp_path):
    engine = WordsEngine(count=40, delay=0.001)
    runner, base = await serve(make_dispatcher(tmp_path, engine))
    client = AsyncOpenAI(base_url=f"{base}/v1", api_key="unused")

    async def one(i: int) -> str:
        stream = await client.chat.completions.create(
            model="nca", messages=[{"role": "user", "content": f"n{i}"}], stream=True)
        return "".join([c.choices[0].delta.content or "" async for c in stream])

    try:
        started = time.monotonic()
        answers = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(50))), 30)
        assert len(set(answers)) == 1 and answers[0].endswith("w39 ")
        assert time.monotonic() - started < 30
    finally:
        await runner.cleanup()


async def test_refuses_a_non_loopback_host_unless_asked(tmp_path):
    from nca.workers.core.errors import ConfigError

    with pytest.raises(ConfigError, match="reachable from other machines"):
        await start_http(make_app(make_dispatcher(tmp_path)), "0.0.0.0", 0)


async def test_loop_stays_free_while_streaming(tmp_path):
    """A coroutine on the same loop gets its turn while a stream of 5,000 events runs."""
    engine = WordsEngine(count=5000)
    runner, base = await serve(make_dispatcher(tmp_path, engine))
    worst, done = 0.0, False

    async def ping() -> None:
        nonlocal worst
        while not done:
            t = time.perf_counter()
            await asyncio.sleep(0)
            worst = max(worst, time.perf_counter() - t)

    pinger = asyncio.create_task(ping())
    try:
        async with aiohttp.ClientSession() as http, http.post(
                f"{base}/v1/chat/completions",
                json={"stream": True, "messages": [{"role": "user", "content": "x"}]}) as r:
            assert (await r.read()).count(b"data: ") == 5003
    finally:
        done = True
        await pinger
        await runner.cleanup()
    assert worst < 0.05


class FailingEngine(WordsEngine):
    """Fails after ``good`` chunks, as a model server that goes away does."""

    def __init__(self, good: int) -> None:
        super().__init__()
        self.good = good

    async def achat(self, messages, **_):
        from nca.workers.core.errors import EngineError

        for i in range(self.good):
            yield f"w{i} "
        raise EngineError("the model server went away", "check it is running")


async def test_engine_failures_are_503_or_an_error_event(tmp_path):
    for good, expect in ((0, 503), (2, 200)):
        runner, base = await serve(make_dispatcher(tmp_path, FailingEngine(good)))
        try:
            async with aiohttp.ClientSession() as http, http.post(
                    f"{base}/v1/chat/completions",
                    json={"stream": True, "messages": [{"role": "user", "content": "x"}]}) as r:
                assert r.status == expect
                text = await r.text()
        finally:
            await runner.cleanup()
        if expect == 503:
            assert json.loads(text)["error"]["code"] == "engine_unavailable"
        else:
            events = text.split("\n\n")
            assert "went away" in json.loads(events[-3][6:])["error"]["message"]
            assert events[-2] == "data: [DONE]"
