"""``/v1/completions`` with a real model behind it: the tiny random Llama (built locally, no
download) as the FIM engine, asked over raw HTTP and through the ``openai`` SDK; and the
OpenAI-shaped error when no engine completes code."""

from __future__ import annotations

import json
import os
from pathlib import Path

import aiohttp
import openai
import pytest
import pytest_asyncio
from openai import AsyncOpenAI

from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.server.http_api import HttpSettings, make_app, start_http
from nca.server.http_completions import split_prompt
from nca.workers.engines.rules.engine import RulesEngine

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

PREFIX = "def add(a, b):\n    return "
SUFFIX = "\n\nprint(add(1, 2))\n"


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch", reason="the models extra is not installed")
    pytest.importorskip("transformers", reason="the models extra is not installed")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from benchmarks.tiny_model import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture(scope="module")
def engine(tiny_dir: Path):  # type: ignore[no-untyped-def]
    from nca.workers.engines.transformers_engine import TransformersEngine

    eng = TransformersEngine("tiny", tiny_dir, max_tokens=24)
    eng.load()
    return eng


async def serve(tmp_path: Path, engine=None):  # type: ignore[no-untyped-def]
    engines = [RulesEngine()] + ([engine] if engine is not None else [])
    routing = {"fix": ("rules",), "fim": (engine.id,) if engine is not None else ()}
    dispatcher = Dispatcher(tmp_path, council=Council(engines, routing), origin="http")
    runner, port = await start_http(make_app(dispatcher, HttpSettings()), "127.0.0.1", 0)
    return runner, f"http://127.0.0.1:{port}"


@pytest_asyncio.fixture
async def tiny(tmp_path, engine):  # type: ignore[no-untyped-def]
    runner, base = await serve(tmp_path, engine)
    yield base, engine
    await runner.cleanup()


@pytest_asyncio.fixture
async def bare(tmp_path):  # type: ignore[no-untyped-def]
    runner, base = await serve(tmp_path)
    yield base
    await runner.cleanup()


def spy_prompts(engine, monkeypatch: pytest.MonkeyPatch) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    real = engine.generate

    def spy(prompt: str, **options: object):  # type: ignore[no-untyped-def]
        seen.append(prompt)
        return real(prompt, **options)

    monkeypatch.setattr(engine, "generate", spy)
    return seen


def events(text: str) -> list[dict]:
    return [json.loads(e[6:]) for e in text.split("\n\n") if e and e != "data: [DONE]"]


# --------------------------------------------------------------------------- raw HTTP


async def test_a_prefix_and_a_suffix_get_a_completion(tiny, monkeypatch):
    base, engine = tiny
    seen = spy_prompts(engine, monkeypatch)
    async with aiohttp.ClientSession() as http, http.post(
            f"{base}/v1/completions", json={"model": "nca-autocomplete", "prompt": PREFIX,
                                            "suffix": SUFFIX, "max_tokens": 16}) as resp:
        assert resp.status == 200
        body = await resp.json()
    text = body["choices"][0]["text"]
    assert text.strip(), "a real completion, not an empty answer"
    assert body["object"] == "text_completion" and body["usage"]["completion_tokens"] > 0
    # the model's own FIM markers went around the code before and after the cursor
    assert seen == [f"<fim_prefix>{PREFIX}<fim_suffix>{SUFFIX}<fim_middle>"]


async def test_what_continue_sends_streams_a_completion(tiny):
    base, _ = tiny
    prompt = f"<fim_prefix>{PREFIX}<fim_suffix>{SUFFIX}<fim_middle>"
    async with aiohttp.ClientSession() as http, http.post(
            f"{base}/v1/completions", json={"model": "nca-autocomplete", "prompt": prompt,
                                            "max_tokens": 16, "temperature": 0.01,
                                            "stop": ["\n\n\n"], "stream": True}) as resp:
        assert resp.status == 200 and resp.content_type == "text/event-stream"
        raw = await resp.text()
    assert raw.endswith("data: [DONE]\n\n")
    got = events(raw)
    assert "".join(e["choices"][0]["text"] for e in got).strip()
    assert got[-1]["choices"][0]["finish_reason"] in ("stop", "length")


async def test_other_fim_formats_are_put_in_the_models_own(tiny, monkeypatch):
    base, engine = tiny
    seen = spy_prompts(engine, monkeypatch)
    prompt = f"<|repo_name|>demo\n<|fim_prefix|>{PREFIX}<|fim_suffix|>{SUFFIX}<|fim_middle|>"
    async with aiohttp.ClientSession() as http, http.post(
            f"{base}/v1/completions", json={"model": "nca-autocomplete", "prompt": prompt,
                                            "max_tokens": 8}) as resp:
        assert resp.status == 200
    assert seen == [f"<fim_prefix>{PREFIX}<fim_suffix>{SUFFIX}<fim_middle>"]


async def test_a_model_without_fim_markers_continues_the_line(tiny, monkeypatch):
    base, engine = tiny
    seen = spy_prompts(engine, monkeypatch)
    monkeypatch.setattr(engine, "fim_tokens", lambda: None)
    async with aiohttp.ClientSession() as http, http.post(
            f"{base}/v1/completions", json={"model": "nca-autocomplete", "prompt": "x = add(",
                                            "suffix": ")\nprint(x)\n", "max_tokens": 24}) as resp:
        assert resp.status == 200
        text = (await resp.json())["choices"][0]["text"]
    assert seen == ["x = add("]  # the prefix alone, continued
    assert text and "\n" not in text  # cut at the end of the cursor's line


@pytest.mark.parametrize("stream", [False, True])
async def test_no_completion_engine_is_a_clear_error(bare, stream):
    async with aiohttp.ClientSession() as http, http.post(
            f"{bare}/v1/completions",
            json={"model": "nca-autocomplete", "prompt": PREFIX, "suffix": SUFFIX,
                  "stream": stream}) as resp:
        assert resp.status == 404 and resp.content_type == "application/json"
        error = (await resp.json())["error"]
    assert error["code"] == "no_completion_engine" and error["param"] == "model"
    assert "fim" in error["message"] and "[[nca.engines]]" in error["message"]


# --------------------------------------------------------------------------- the openai SDK


async def test_sdk_completes_whole_and_streamed(tiny):
    base, _ = tiny
    client = AsyncOpenAI(base_url=f"{base}/v1", api_key="unused", max_retries=0)
    done = await client.completions.create(model="nca-autocomplete", prompt=PREFIX,
                                           suffix=SUFFIX, max_tokens=16, temperature=0)
    assert done.choices[0].text.strip()
    assert done.choices[0].finish_reason in ("stop", "length")
    stream = await client.completions.create(model="nca-autocomplete", prompt=PREFIX,
                                             suffix=SUFFIX, max_tokens=16, temperature=0,
                                             stream=True)
    streamed = "".join([c.choices[0].text async for c in stream if c.choices])
    assert streamed == done.choices[0].text  # greedy: the same answer both ways


async def test_sdk_sees_the_missing_engine_as_not_found(bare):
    client = AsyncOpenAI(base_url=f"{bare}/v1", api_key="unused", max_retries=0)
    with pytest.raises(openai.NotFoundError) as err:
        await client.completions.create(model="nca-autocomplete", prompt=PREFIX, suffix=SUFFIX)
    assert err.value.code == "no_completion_engine"


# --------------------------------------------------------------------------- the prompt split


@pytest.mark.parametrize(("prompt", "suffix", "expected"), [
    ("<fim_prefix>a<fim_suffix>b<fim_middle>", None, ("a", "b")),
    ("<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>", None, ("a", "b")),
    ("<｜fim▁begin｜>a<｜fim▁hole｜>b<｜fim▁end｜>", None, ("a", "b")),
    ("<PRE> a = 1 <SUF>\nb <MID>", None, ("a = 1", "\nb")),
    ("a", "b", ("a", "b")),
    ("just text", None, ("just text", None)),
])
async def test_the_prompt_is_split_at_the_cursor(prompt, suffix, expected):
    assert split_prompt(prompt, suffix) == expected
