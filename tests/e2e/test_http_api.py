"""The OpenAI-compatible route as clients use it: the official ``openai`` SDK and raw HTTP, loopback."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import openai
import pytest
import pytest_asyncio
from openai import AsyncOpenAI

from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.server.http_api import HttpSettings, make_app, start_http
from nca.workers.core.types import Health
from nca.workers.engines.rules.engine import RulesEngine

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

BROKEN = "def load(path)\n    return open(path).read()\n"


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


@pytest_asyncio.fixture
async def words(tmp_path):
    engine = WordsEngine()
    runner, base = await serve(make_dispatcher(tmp_path, engine))
    yield base, engine
    await runner.cleanup()


@pytest_asyncio.fixture
async def bare(tmp_path):
    """A server with no chat engine, only the rules engine."""
    dispatcher = make_dispatcher(tmp_path)
    runner, base = await serve(dispatcher, api_key="s3cret", max_body_bytes=1024 * 1024)
    yield base, dispatcher
    await runner.cleanup()


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
