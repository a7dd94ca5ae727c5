"""The openai engine against a scripted upstream: a real aiohttp server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading

import pytest

from nca.workers.core.errors import EngineError
from nca.workers.core.types import FixRequest, Problem
from nca.workers.engines.openai_engine import OpenAIEngine
from tests.unit.conftest import ScriptedUpstream, closed_port

MESSAGES = [{"role": "user", "content": "say hello"}]


class Calls(list):
    def __call__(self, *args: object) -> None:
        self.append(args)


def engine_for(upstream: ScriptedUpstream, **options: object) -> OpenAIEngine:
    options.setdefault("retry_delay", 0.01)
    return OpenAIEngine("up", upstream.base_url, model="scripted", **options)  # type: ignore[arg-type]


def test_stream_arrives_in_pieces(upstream: ScriptedUpstream) -> None:
    upstream.answers = ["one two three four"]
    upstream.chunk_delay = 0.02  # a model's pace: each piece its own network read
    calls = Calls()
    chunks = list(engine_for(upstream, on_call=calls).chat(MESSAGES))
    assert chunks == ["one ", "two ", "three ", "four"]
    body = upstream.requests[0]["body"]
    assert body["stream"] is True and body["model"] == "scripted"
    assert body["messages"] == MESSAGES
    assert calls == [("up", 11, 4, calls[0][3], "ok")]


def test_pieces_that_arrive_together_are_joined(upstream: ScriptedUpstream) -> None:
    upstream.answers = [" ".join(f"w{i}" for i in range(300))]
    chunks = list(engine_for(upstream).chat(MESSAGES))
    assert "".join(chunks) == upstream.answers[0]
    assert len(chunks) < 300  # one piece per network read, not one per event


def test_non_stream_answer(upstream: ScriptedUpstream) -> None:
    upstream.answers = ["all at once"]
    chunks = list(engine_for(upstream).chat(MESSAGES, stream=False, max_tokens=5, stop=["\n"]))
    assert chunks == ["all at once"]
    body = upstream.requests[0]["body"]
    assert (body["stream"], body["max_tokens"], body["stop"]) == (False, 5, ["\n"])


def test_async_chat_streams_on_the_callers_loop(upstream: ScriptedUpstream) -> None:
    upstream.answers = ["a b c"]
    upstream.chunk_delay = 0.02

    async def collect() -> list[str]:
        return [c async for c in engine_for(upstream).achat(MESSAGES)]

    assert asyncio.run(collect()) == ["a ", "b ", "c"]


def test_fim_sends_prompt_and_suffix(upstream: ScriptedUpstream) -> None:
    out = "".join(engine_for(upstream).complete("def f(", suffix="):\n"))
    assert out == "[infill between 'def f(' and '):\\n']"
    assert upstream.requests[0]["path"] == "/v1/completions"
    assert upstream.requests[0]["body"]["suffix"] == "):\n"


def test_the_key_is_sent_as_a_bearer_token(upstream: ScriptedUpstream,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCA_TEST_KEY", "sk-123")
    list(engine_for(upstream, api_key_env="NCA_TEST_KEY").chat(MESSAGES))
    assert upstream.requests[0]["auth"] == "Bearer sk-123"


@pytest.mark.parametrize(("mode", "message"), [
    ("html", "HTML, not JSON"),
    ("garbage", "not JSON"),
    ("half", "stream ended before the answer did"),
    ("error500", "HTTP 500: model crashed"),
])
def test_bad_answers_are_clear_errors(upstream: ScriptedUpstream, mode: str,
                                      message: str) -> None:
    upstream.mode = mode
    upstream.answers = ["one two three four five six"]
    calls = Calls()
    with pytest.raises(EngineError, match=message):
        list(engine_for(upstream, on_call=calls).chat(MESSAGES, stream=mode != "garbage"))
    assert calls[-1][-1].startswith("error")


def test_a_500_is_retried_once(upstream: ScriptedUpstream) -> None:
    upstream.mode = "error500_once"
    assert "".join(engine_for(upstream).chat(MESSAGES)) == "Hello from the upstream."
    assert len(upstream.requests) == 2


def test_a_500_twice_gives_up_after_one_retry(upstream: ScriptedUpstream) -> None:
    upstream.mode = "error500"
    with pytest.raises(EngineError):
        list(engine_for(upstream).chat(MESSAGES))
    assert len(upstream.requests) == 2


def test_a_dropped_connection_is_retried_once(upstream: ScriptedUpstream) -> None:
    upstream.mode = "drop_once"
    assert "".join(engine_for(upstream).chat(MESSAGES)) == "Hello from the upstream."
    assert len(upstream.requests) == 2


def test_a_slow_upstream_times_out(upstream: ScriptedUpstream) -> None:
    upstream.delay = 2.0
    with pytest.raises(EngineError, match="did not answer within 0.3 s"):
        list(engine_for(upstream, timeout=0.3).chat(MESSAGES))


def test_an_unreachable_upstream_is_marked_down() -> None:
    eng = OpenAIEngine("gone", f"http://127.0.0.1:{closed_port()}/v1", retry_delay=0.01)
    assert eng.health().healthy
    with pytest.raises(EngineError, match="start the server or fix base_url"):
        list(eng.chat(MESSAGES))
    health = eng.health()
    assert not health.healthy and "unreachable" in health.reason


@pytest.mark.parametrize(("url", "env", "reason"), [
    ("localhost:8000", None, "not an http(s) URL"),
    ("http://127.0.0.1:9/v1", "NCA_SURELY_UNSET_KEY", "NCA_SURELY_UNSET_KEY is not set"),
])
def test_health_says_what_to_fix(url: str, env: str | None, reason: str) -> None:
    health = OpenAIEngine("x", url, api_key_env=env).health()
    assert not health.healthy and reason in health.reason


def test_probe_asks_the_upstream(upstream: ScriptedUpstream) -> None:
    assert asyncio.run(engine_for(upstream).probe()).healthy
    down = OpenAIEngine("gone", f"http://127.0.0.1:{closed_port()}/v1")
    assert not asyncio.run(down.probe()).healthy


def test_cancel_stops_reading_the_stream(upstream: ScriptedUpstream) -> None:
    upstream.answers = [" ".join(f"w{i}" for i in range(50))]
    upstream.chunk_delay = 0.02
    cancel = threading.Event()
    calls = Calls()
    got = []
    for chunk in engine_for(upstream, on_call=calls).chat(MESSAGES, cancel=cancel):
        got.append(chunk)
        if len(got) == 3:
            cancel.set()
    assert len(got) < 50
    assert calls[-1][-1] == "cancelled"


def test_sync_chat_works_inside_a_running_loop(upstream: ScriptedUpstream) -> None:
    async def inside() -> str:
        return "".join(engine_for(upstream).chat(MESSAGES))  # blocking call from a coroutine

    assert asyncio.run(inside()) == "Hello from the upstream."


def test_propose_turns_a_diff_answer_into_a_candidate(upstream: ScriptedUpstream) -> None:
    upstream.answers = ["```diff\n--- a/m.py\n+++ b/m.py\n@@ -1,2 +1,2 @@\n def f(x):\n"
                        "-    return y\n+    return x\n```"]
    eng = engine_for(upstream, contract="## fix\n- target: `nca.workers.fixing.fixer:fix`")
    problem = Problem("F821", "Undefined name `y`", 2, 12, symbol="y")
    (cand,) = eng.propose(FixRequest(text="def f(x):\n    return y\n", problem=problem,
                                     path="m.py"))
    assert cand.engine == "up" and cand.diff and "+    return x" in cand.diff
    prompt = upstream.requests[0]["body"]["messages"][1]["content"]
    assert "nca.workers.fixing.fixer:fix" in prompt and "Undefined name `y`" in prompt
    assert "return y" in prompt


def test_an_upstream_that_ignores_the_suffix_is_cut_where_it_repeats_it(
        upstream: ScriptedUpstream, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = engine_for(upstream)

    async def writes_on(path, body, stream, cancel):  # a continuation blind to the suffix
        for piece in ("return a ", "+ b\nprint(f(1, ", "2))\nprint('more')\n"):
            yield piece

    monkeypatch.setattr(engine, "_request", writes_on)
    out = "".join(engine.complete("def f(a, b):\n    ", suffix="\nprint(f(1, 2))\n"))
    assert out == "return a + b"
