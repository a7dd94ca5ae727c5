"""The council's routing: by the step's kind, by the prompt's length against each engine's
window (tokenizer-exact where there is a tokenizer), and the fallback on error, time-out and
refusal, every decision in the log."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nca.admin.council import Council
from nca.admin.routing import problem_kind, prompt_kind
from nca.workers.core.errors import EngineError
from nca.workers.core.types import FixRequest, Health, Problem
from nca.workers.engines.rules.engine import RulesEngine


class Model:
    """A chat model engine with a window, answering fixed pieces, failing or stalling."""

    kind = "fake"
    capabilities = frozenset({"chat", "fix"})
    max_tokens = 50

    def __init__(self, engine_id: str, window: int = 4096, pieces: tuple[str, ...] = ("ok",),
                 *, fail: str = "", stall: float = 0.0, timeout: float | None = None) -> None:
        self.id, self.context_length, self.pieces = engine_id, window, pieces
        self.fail, self.stall = fail, stall
        if timeout is not None:
            self.timeout = timeout
        self.cancelled_at: float | None = None

    def health(self) -> Health:
        return Health(True)

    def propose(self, request):  # type: ignore[no-untyped-def]
        return []

    def chat(self, messages, *, cancel=None, **options) -> Iterator[str]:  # type: ignore[no-untyped-def]
        if self.fail:
            raise EngineError(self.fail)
        until = time.monotonic() + self.stall
        while time.monotonic() < until:
            if cancel is not None and cancel.is_set():
                self.cancelled_at = time.monotonic()
                return
            time.sleep(0.01)
        yield from self.pieces


class Wolfram(Model):
    kind = "wolfram"
    capabilities = frozenset({"chat", "math"})


def ask(council: Council, text: str, log: list | None = None, **options) -> str:  # type: ignore[no-untyped-def]
    messages = [{"role": "user", "content": text}]

    def record(step, status="done", **detail):  # type: ignore[no-untyped-def]
        if log is not None:
            log.append((step, status, detail))

    async def collect() -> str:
        return "".join([c async for c in council.achat(
            messages, kind=prompt_kind(text), record=record, **options)])

    return asyncio.run(collect())


# --------------------------------------------------------------------------- by kind


@pytest.mark.parametrize(("text", "kind"), [
    ("Explain what this decorator does", "explain"),
    ("how does the loader cache modules?", "explain"),
    ("Refactor this function into two", "refactor"),
    ("please rename `x` to `count` everywhere", "refactor"),
    ("integrate x^2 sin(x)", "math"),
    ("2 + 2 * 3", "math"),
    ("hello there", "chat"),
])
def test_a_prompts_kind(text: str, kind: str) -> None:
    assert prompt_kind(text) == kind


def test_syntax_goes_to_the_rules_engine_first_then_the_models() -> None:
    rules, model = RulesEngine(), Model("m")
    council = Council([model, rules], routing={"fix": ("m", "rules")})
    problem = Problem("E999", "SyntaxError: expected ':'", 1, 9, source="compile")
    assert problem_kind(problem) == "syntax"
    route = council.plan_route("syntax", request=FixRequest("def f()\n", problem))
    assert route.tiers == ((rules,), (model,)) and route.tools == ()
    reasons = {d.engine: d.reason for d in route.decisions}
    assert reasons["rules"].startswith("syntax: the rules engine")
    assert "syntax -> fake engine" in reasons["m"] and "<= window 4096" in reasons["m"]


def test_semantic_goes_to_the_rules_engine_and_the_type_checker() -> None:
    rules, model = RulesEngine(), Model("m")
    council = Council([rules, model])
    problem = Problem("F821", "Undefined name `cuont`", 2, 12)
    assert problem_kind(problem) == "semantic"
    route = council.plan_route("semantic", request=FixRequest("x = cuont\n", problem))
    assert route.tiers == ((rules,), (model,)) and route.tools == ("type checker",)
    log: list = []
    council.log_route(route, lambda *a, **d: log.append((*a, d)))
    assert ("council", "chosen") == log[-1][:2] and log[-1][2]["tool"] == "type checker"


@pytest.mark.parametrize("text", ["Explain this loop", "Refactor this class", "hi"])
def test_prose_goes_to_a_model_never_to_the_rules_or_wolfram(text: str) -> None:
    model, wolfram = Model("m"), Wolfram("wl")
    council = Council([RulesEngine(), wolfram, model], routing={"chat": ("wl", "m")})
    route = council.plan_route(prompt_kind(text), messages=[{"role": "user", "content": text}])
    assert route.engines == (model,)
    (skipped,) = [d for d in route.decisions if d.verdict == "skipped"]
    assert skipped.engine == "wl" and "goes to a model" in skipped.reason


def test_math_goes_to_wolfram_first_and_falls_back_to_a_model() -> None:
    wolfram, model = Wolfram("wl", pieces=("42",)), Model("m", pieces=("forty-two",))
    council = Council([RulesEngine(), model, wolfram], routing={"chat": ("m",), "math": ("wl",)})
    route = council.plan_route("math", messages=[{"role": "user", "content": "6 * 7"}])
    assert route.engines == (wolfram, model)
    assert ask(council, "6 * 7") == "42"
    wolfram.fail = "no Wolfram kernel"
    log: list = []
    assert ask(council, "6 * 7", log) == "forty-two"
    assert ("council", "failed", {"engine": "wl", "reason": "no Wolfram kernel", "next": "m"}) \
        in log


# --------------------------------------------------------------------------- by length


def test_a_long_prompt_skips_an_engine_whose_window_is_too_small() -> None:
    small, big = Model("small", window=512, pieces=("small",)), Model("big", 32768, ("big",))
    council = Council([small, big], routing={"chat": ("small", "big")})
    assert ask(council, "hi") == "small"
    log: list = []
    assert ask(council, "word " * 2000, log) == "big"
    skipped = [d for step, status, d in log if status == "skipped"]
    assert skipped[0]["engine"] == "small" and skipped[0]["window"] == 512
    assert "window too small" in skipped[0]["reason"] and "estimate" in skipped[0]["reason"]
    assert skipped[0]["tokens"] + 50 > 512  # the answer's budget counts too
    assert ("council", "answered", {"engine": "big"}) in log


def test_a_long_fix_prompt_skips_a_small_model() -> None:
    small, big = Model("small", window=600), Model("big", window=32768)
    council = Council([RulesEngine(), small, big])
    problem = Problem("F821", "Undefined name `y`", 1, 5)
    memory = "def helper(): ...\n" * 400  # what the project's memory adds to the prompt
    route = council.plan_route("semantic", request=FixRequest("x = y\n", problem,
                                                              context=memory))
    assert route.engines == (council.engines["rules"], big)
    (skipped,) = [d for d in route.decisions if d.verdict == "skipped"]
    assert skipped.engine == "small" and "window too small" in skipped.reason


def test_a_transformers_engine_is_counted_with_its_own_tokenizer(tiny_model_dir: Path,
                                                                tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    from nca.workers.engines.transformers_engine import TransformersEngine

    # a folder of its own: engines of one folder share a loader, which another test may have
    # loaded already
    tiny_model_dir = Path(shutil.copytree(tiny_model_dir, tmp_path / "tiny"))
    engine = TransformersEngine("tiny", tiny_model_dir, max_tokens=64)
    council = Council([engine], routing={"chat": ("tiny",)})
    messages = [{"role": "user", "content": "def add(a, b):\n    return a + b\n" * 3}]
    (decision,) = council.plan_route("explain", messages=messages).decisions
    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    assert decision.tokens == len(tokenizer(prompt, add_special_tokens=False)["input_ids"])
    assert "(tokenizer)" in decision.reason and decision.window == engine.context_length
    assert not engine.loaded  # counting never loads the model
    long = [{"role": "user", "content": "def add(a, b):\n    return a + b\n" * 200}]
    (decision,) = council.plan_route("explain", messages=long).decisions
    assert decision.verdict == "skipped" and "window too small" in decision.reason


# --------------------------------------------------------------------------- fallback


def test_a_refusal_falls_back_but_the_last_engine_is_heard() -> None:
    shy = Model("shy", pieces=("I'm sorry, but I can't help with that request.",))
    able = Model("able", pieces=("Here is how: ", "use a dict."))
    log: list = []
    assert ask(Council([shy, able]), "hi", log) == "Here is how: use a dict."
    (refused,) = [d for step, status, d in log if status == "refused"]
    assert refused["engine"] == "shy" and refused["reason"].startswith("refused")
    # with nothing left to ask, a refusal is the answer
    assert ask(Council([shy]), "hi").startswith("I'm sorry")


def test_an_empty_answer_falls_back() -> None:
    assert ask(Council([Model("mute", pieces=()), Model("b", pieces=("yes",))]), "hi") == "yes"


def test_an_engine_that_does_not_start_in_time_is_cancelled_and_skipped() -> None:
    slow = Model("slow", stall=5.0, timeout=0.2)
    log: list = []
    started = time.monotonic()
    assert ask(Council([slow, Model("b", pieces=("quick",))]), "hi", log) == "quick"
    assert time.monotonic() - started < 2.0
    (timeout,) = [d for step, status, d in log if status == "timeout"]
    assert timeout["engine"] == "slow" and "0.4 s" in timeout["reason"]
    deadline = time.monotonic() + 2
    while slow.cancelled_at is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert slow.cancelled_at is not None  # its generation was told to stop


def test_every_engine_failing_is_one_error_naming_each() -> None:
    council = Council([Model("a", fail="down"), Model("b", window=10)])
    with pytest.raises(EngineError) as caught:
        ask(council, "a question long enough " * 4)
    assert "a: down" in str(caught.value) and "b: window too small" in str(caught.value)
