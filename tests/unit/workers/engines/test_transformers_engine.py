"""The transformers engine, run on a tiny random Llama model built locally (no download)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from nca.workers.core.errors import EngineError
from nca.workers.core.types import FixRequest, Problem
from nca.workers.engines.transformers_engine import TransformersEngine, _until_stop

pytest.importorskip("torch", reason="the models extra is not installed")
pytest.importorskip("transformers", reason="the models extra is not installed")

MESSAGES = [{"role": "system", "content": "You fix code."},
            {"role": "user", "content": "def add(a, b) return a + b"}]


@pytest.fixture(scope="module")
def engine(tiny_model_dir: Path) -> TransformersEngine:
    eng = TransformersEngine("tiny", tiny_model_dir, max_tokens=16)
    eng.load()
    return eng


class Calls(list):
    def __call__(self, *args: object) -> None:
        self.append(args)


class TripAfter:
    """A cancel flag that turns itself on at its ``n``-th check (one check per token)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.checks = 0

    def is_set(self) -> bool:
        self.checks += 1
        return self.checks >= self.n


# --------------------------------------------------------------------------- health, facts


def test_health_says_what_to_set_when_the_folder_is_missing(tmp_path: Path) -> None:
    health = TransformersEngine("local", tmp_path / "nope").health()
    assert not health.healthy
    assert "no model directory" in health.reason and "[[nca.engines]]" in health.reason


def test_health_wants_a_saved_model_folder(tmp_path: Path) -> None:
    health = TransformersEngine("local", tmp_path).health()
    assert not health.healthy and "config.json" in health.reason


def test_loading_a_missing_model_is_an_engine_error(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="no model directory"):
        TransformersEngine("local", tmp_path / "nope").load()


def test_context_length_comes_from_the_model_config(tiny_model_dir: Path) -> None:
    assert TransformersEngine("t", tiny_model_dir).context_length == 1024
    assert TransformersEngine("t", tiny_model_dir, context_length=300).context_length == 300


def test_runs_on_the_cpu_here_in_float32(engine: TransformersEngine) -> None:
    import torch

    model, _, device = engine.load()
    expected = "cuda" if torch.cuda.is_available() else device
    assert device == expected
    if device == "cpu":
        assert model.dtype == torch.float32


@pytest.mark.parametrize(("device", "wanted", "bf16", "expected"), [
    ("cpu", "auto", False, "float32"),
    ("cuda", "auto", True, "bfloat16"),
    ("cuda", "auto", False, "float16"),
    ("mps", "auto", False, "float16"),
    ("cpu", "bfloat16", False, "bfloat16"),
])
def test_dtype_suits_the_device(monkeypatch: pytest.MonkeyPatch, device: str, wanted: str,
                                bf16: bool, expected: str) -> None:
    import torch

    from nca.workers.engines.transformers_engine import pick_dtype

    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: bf16)
    assert pick_dtype(device, wanted) == getattr(torch, expected)


def test_an_unknown_dtype_is_refused() -> None:
    from nca.workers.engines.transformers_engine import pick_dtype

    with pytest.raises(EngineError, match="float32"):
        pick_dtype("cpu", "float7")


# --------------------------------------------------------------------------- prompts


def test_the_chat_prompt_uses_the_tokenizer_template(engine: TransformersEngine) -> None:
    prompt = engine.chat_prompt(MESSAGES)
    assert prompt == ("<|im_start|>system\nYou fix code.<|im_end|>\n<|im_start|>user\n"
                      "def add(a, b) return a + b<|im_end|>\n<|im_start|>assistant\n")


def test_without_a_template_roles_are_spelled_out(engine: TransformersEngine,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _, tokenizer, _ = engine.load()
    monkeypatch.setattr(tokenizer, "chat_template", None)
    assert engine.chat_prompt(MESSAGES).endswith("user: def add(a, b) return a + b\nassistant:")


def test_fim_uses_the_tokenizer_markers(engine: TransformersEngine,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = engine.generate

    def spy(prompt: str, **options: object):  # type: ignore[no-untyped-def]
        seen.append(prompt)
        return real(prompt, **options)

    monkeypatch.setattr(engine, "generate", spy)
    out = "".join(engine.complete("def f(", suffix="):\n    pass\n", max_tokens=4, min_tokens=4))
    assert seen == ["<fim_prefix>def f(<fim_suffix>):\n    pass\n<fim_middle>"]
    assert isinstance(out, str)


# --------------------------------------------------------------------------- generation


def test_streamed_text_equals_a_bare_generate(engine: TransformersEngine) -> None:
    model, tokenizer, device = engine.load()
    prompt = engine.chat_prompt(MESSAGES)
    chunks = list(engine.chat(MESSAGES, max_tokens=64, min_tokens=64))
    inputs = tokenizer(prompt, return_tensors="pt", add_special_tokens=False).to(device)
    ids = model.generate(**inputs, max_new_tokens=64, min_new_tokens=64, do_sample=False,
                         pad_token_id=tokenizer.pad_token_id)
    bare = tokenizer.decode(ids[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True)
    assert len(chunks) > 1, "the answer comes in pieces, as it is generated"
    assert all(chunks)
    assert "".join(chunks) == bare


def test_each_call_is_reported(tiny_model_dir: Path) -> None:
    calls = Calls()
    eng = TransformersEngine("tiny", tiny_model_dir, on_call=calls)
    list(eng.chat(MESSAGES, max_tokens=10, min_tokens=10))
    ((engine_id, tokens_in, tokens_out, ms, outcome),) = calls
    assert (engine_id, tokens_out, outcome) == ("tiny", 10, "ok")
    assert tokens_in > 10 and ms >= 0


def test_cancel_stops_within_one_token(tiny_model_dir: Path) -> None:
    calls = Calls()
    eng = TransformersEngine("tiny", tiny_model_dir, on_call=calls)
    flag = TripAfter(5)
    list(eng.chat(MESSAGES, max_tokens=200, min_tokens=200, cancel=flag))
    (*_, tokens_out, _, outcome), = calls
    assert outcome == "cancelled"
    assert tokens_out == 5  # the fifth check is the fifth token: no token after it


def test_cancel_from_another_thread_mid_generation(engine: TransformersEngine) -> None:
    cancel = threading.Event()
    got = []
    for chunk in engine.chat(MESSAGES, max_tokens=400, min_tokens=400, cancel=cancel):
        got.append(chunk)
        if len(got) == 2:
            threading.Thread(target=cancel.set).start()
    words = "".join(got).split()
    assert 2 <= len(got) < 60 and len(words) < 200


def test_closing_the_stream_stops_the_generation(tiny_model_dir: Path) -> None:
    calls = Calls()
    eng = TransformersEngine("tiny", tiny_model_dir, on_call=calls)
    stream = eng.chat(MESSAGES, max_tokens=400, min_tokens=400)
    next(stream)
    stream.close()
    (*_, tokens_out, _, outcome), = calls
    assert outcome == "cancelled" and tokens_out < 400
    assert eng.loader.generate_lock.acquire(timeout=1), "the lock is free again"
    eng.loader.generate_lock.release()


def test_one_generation_at_a_time(engine: TransformersEngine,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    model, _, _ = engine.load()
    real = model.generate
    active, peak = [0], [0]
    guard = threading.Lock()

    def counted(**kwargs: object) -> object:
        with guard:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            return real(**kwargs)
        finally:
            with guard:
                active[0] -= 1

    monkeypatch.setattr(model, "generate", counted)
    results: list[str] = []

    def ask() -> None:
        results.append("".join(engine.chat(MESSAGES, max_tokens=20, min_tokens=20)))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 3 and len(set(results)) == 1  # greedy: the same answer, three times
    assert peak[0] == 1


def test_propose_parses_whatever_the_model_says(tiny_model_dir: Path) -> None:
    calls = Calls()
    eng = TransformersEngine("tiny", tiny_model_dir, on_call=calls, max_tokens=8,
                             contract="## fix\nthe contract")
    text = "def f(:\n    pass\n"
    problem = Problem("E999", "invalid syntax", 1, 7)
    candidates = eng.propose(FixRequest(text=text, problem=problem))
    assert all(c.engine == "tiny" for c in candidates)  # a random model rarely writes code
    assert calls and calls[0][1] > 20, "the prompt holds the contract and the code"


@pytest.mark.parametrize(("chunks", "stop", "expected"), [
    (["ab", "c<", "/s", ">tail"], ("</s>",), "abc"),
    (["hello ", "world"], ("xyz",), "hello world"),
    (["END", "more"], ("END",), ""),
    (["a", "b"], (), "ab"),
])
def test_stop_strings_end_the_answer(chunks: list[str], stop: tuple[str, ...],
                                     expected: str) -> None:
    halt = threading.Event()
    assert "".join(_until_stop(iter(chunks), stop, halt)) == expected
    assert halt.is_set() == (expected != "".join(chunks))


def test_stop_strings_reach_the_model(engine: TransformersEngine) -> None:
    full = "".join(engine.chat(MESSAGES, max_tokens=30, min_tokens=30))
    marker = full.strip()[3:6]
    if not marker.strip():
        pytest.skip("the random answer has no usable marker")
    cut = "".join(engine.chat(MESSAGES, max_tokens=30, min_tokens=30, stop=[marker]))
    assert cut == full[: full.index(marker)]


# --------------------------------------------------------------------------- lazy import


@pytest.mark.e2e
def test_importing_nca_never_imports_torch(tiny_model_dir: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        import nca.server.cli, nca.server.commands, nca.admin.council
        from nca.admin.config import parse_config
        from nca.admin.council import Council
        config = parse_config({{"engines": [{{"id": "m", "kind": "transformers",
                                              "path": {str(tiny_model_dir)!r}}}]}})
        council = Council.from_config(config)
        council.describe()
        council.engines_for("fix")
        heavy = [m for m in ("torch", "transformers") if m in sys.modules]
        print(",".join(heavy) or "none")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "none"
