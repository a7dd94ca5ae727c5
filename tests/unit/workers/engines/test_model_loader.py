"""The model loader's states, progress and bounded wait, with the load itself scripted (no torch)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from nca.workers.core.errors import EngineError
from nca.workers.engines.model_loader import ModelLoader, ModelSource, loader_for
from nca.workers.engines.transformers_engine import TransformersEngine

MESSAGES = [{"role": "user", "content": "hello"}]


class ScriptedLoad:
    """Stands in for ``ModelLoader._load``: reports 40% (weights), then waits to be released."""

    def __init__(self, loader: ModelLoader, result: object = ("model", "tokenizer", "cpu"),
                 error: Exception | None = None) -> None:
        self.loader, self.result, self.error = loader, result, error
        self.reached = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def __call__(self, name: str) -> object:
        self.calls += 1
        self.loader._progress(name, 40, "weights")
        self.reached.set()
        self.release.wait(10)
        if self.error is not None:
            raise self.error
        return self.result


def scripted(loader: ModelLoader, **kwargs: object) -> ScriptedLoad:
    load = ScriptedLoad(loader, **kwargs)
    loader._load = load  # type: ignore[method-assign]
    return load


def saved_model_dir(tmp_path: Path) -> Path:
    (tmp_path / "config.json").write_text('{"max_position_embeddings": 64}')
    return tmp_path


def test_states_and_progress_from_idle_to_ready(tmp_path: Path) -> None:
    loader = ModelLoader(ModelSource(tmp_path))
    load = scripted(loader)
    assert loader.state == "idle" and "loads on first use" in loader.status()
    loader.start("m")
    assert load.reached.wait(5)
    assert loader.state == "loading" and loader.status() == "loading 40% (weights)"
    load.release.set()
    assert loader.wait("m", 5) == ("model", "tokenizer", "cpu")
    assert loader.state == "ready" and loader.status().startswith("ready (loaded in")
    loader.start("m")
    assert load.calls == 1  # started once, however often asked


def test_a_caller_waits_bounded_then_hears_still_loading(tmp_path: Path) -> None:
    loader = ModelLoader(ModelSource(tmp_path))
    load = scripted(loader)
    with pytest.raises(EngineError, match=r"engine m is still loading 40% \(weights\)"):
        loader.wait("m", 0.05)
    load.release.set()
    assert loader.wait("m", 5)[2] == "cpu"


def test_a_failed_load_is_kept_and_reported(tmp_path: Path) -> None:
    loader = ModelLoader(ModelSource(tmp_path))
    load = scripted(loader, error=ValueError("bad weights"))
    load.release.set()
    with pytest.raises(EngineError, match="bad weights"):
        loader.wait("m", 5)
    assert loader.state == "failed" and "bad weights" in loader.status()
    with pytest.raises(EngineError, match="bad weights"):
        loader.wait("m", 5)
    assert load.calls == 1


@pytest.mark.parametrize(("other", "shared"), [
    (ModelSource(Path("/m"), "x.gguf", Path("/c")), True),
    (ModelSource(Path("/m"), "x.gguf", Path("/c"), dtype="float32"), False),
    (ModelSource(Path("/m"), "y.gguf", Path("/c")), False),
    (ModelSource(Path("/m")), False),
])
def test_equal_sources_share_one_loader(other: ModelSource, shared: bool) -> None:
    assert (loader_for(ModelSource(Path("/m"), "x.gguf", Path("/c"))) is loader_for(other)) \
        == shared


def test_a_cache_counts_once_it_holds_a_config(tmp_path: Path) -> None:
    source = ModelSource(tmp_path, "m.gguf", tmp_path / "cache")
    assert not source.cached
    assert "first load dequantises" in ModelLoader(source).status()
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "config.json").write_text("{}")
    assert source.cached and "dequantised copy" in ModelLoader(source).status()


# --------------------------------------------------------------------------- through the engine


def test_engine_health_follows_the_load(tmp_path: Path) -> None:
    pytest.importorskip("transformers", reason="the models extra is not installed")
    engine = TransformersEngine("m", saved_model_dir(tmp_path), load_wait=0.05)
    load = scripted(engine.loader)
    assert engine.health().healthy and "not loaded yet" in engine.health().reason
    engine.start_loading()
    assert load.reached.wait(5)
    health = engine.health()
    assert health.healthy and health.reason.endswith("loading 40% (weights)")
    load.release.set()
    engine.load(timeout=5)
    assert engine.loaded and "ready" in engine.health().reason


def test_a_chat_during_the_load_says_still_loading(tmp_path: Path) -> None:
    pytest.importorskip("transformers", reason="the models extra is not installed")
    engine = TransformersEngine("m", saved_model_dir(tmp_path), load_wait=0.05)
    load = scripted(engine.loader)
    stream = engine.chat(MESSAGES)  # nothing runs yet: the wait belongs to the first next()
    assert engine.loader.state == "idle"
    with pytest.raises(EngineError, match="still loading 40%"):
        next(stream)
    load.release.set()


def test_a_failed_load_makes_the_engine_unhealthy(tmp_path: Path) -> None:
    pytest.importorskip("transformers", reason="the models extra is not installed")
    engine = TransformersEngine("m", saved_model_dir(tmp_path))
    scripted(engine.loader, error=OSError("disk gone")).release.set()
    with pytest.raises(EngineError, match="disk gone"):
        engine.load(timeout=5)
    health = engine.health()
    assert not health.healthy and "disk gone" in health.reason


@pytest.mark.parametrize(("files", "gguf_ok", "reason"), [
    ((), True, "no GGUF file m.gguf"),
    (("m.gguf",), False, "gguf not installed"),
    (("m.gguf",), True, "not loaded yet"),
])
def test_gguf_health(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: tuple[str, ...],
                     gguf_ok: bool, reason: str) -> None:
    pytest.importorskip("transformers", reason="the models extra is not installed")
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: (
        real(name, *a) if name != "gguf" else object() if gguf_ok else None))
    for name in files:
        (tmp_path / name).write_bytes(b"GGUF")
    engine = TransformersEngine("m", tmp_path, gguf_file="m.gguf", cache_dir=tmp_path / "c")
    health = engine.health()
    assert reason in health.reason and health.healthy == (reason == "not loaded yet")
