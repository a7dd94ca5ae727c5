"""The council's routing: which engines a step goes to, by task kind and by prompt length.

A step has a kind. A problem to fix is ``syntax`` (the rules engine first, models after it) or
``semantic`` (the rules engine with the type checker verifying, models after it); a chat prompt
is ``explain``, ``refactor`` or ``chat`` (a model) or ``math`` (the Wolfram engine, models
after it). The engines come in tiers: a tier is asked as a whole, the next only when it gives
no answer.

Each model engine's prompt is counted against its real context window, prompt plus the answer
it may write: with the engine's tokenizer where it has one (a transformers engine's own, or a
tokenizer of an openai upstream's model found in the local Hugging Face cache), otherwise with
a stated estimate. An engine whose window is too small is skipped. Every decision keeps its
reason, and the council writes them all to the lifecycle log.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from nca.workers.core.types import FixRequest, Problem
from nca.workers.engines.prompts import build_fix_messages

__all__ = ["KINDS", "ROLE_OF", "Decision", "Route", "TokenCounter", "problem_kind",
           "prompt_kind", "route_step"]

log = logging.getLogger(__name__)

#: step kind -> the role whose engines serve it
ROLE_OF = {"syntax": "fix", "semantic": "fix", "explain": "chat", "refactor": "chat",
           "chat": "chat", "math": "math"}
KINDS = tuple(ROLE_OF)
#: engine kinds that are not language models
NOT_MODELS = frozenset({"rules", "wolfram"})


@functools.cache
def _prompt_kinds() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The words that tell a chat prompt's kind, compiled on the first chat (a fix never asks)."""
    math = re.compile(
        r"\b(integrate|integral|derivative|differentiate|antiderivative|factori[sz]e|eigenvalues?|"
        r"determinant|solve (?:the )?(?:equation|for [a-z])|limit of|wolfram)\b"
        r"|^\s*[-+*/^().\d\sa-z=]*\d\s*[-+*/^]\s*[-+*/^().\d\sa-z=]*\??\s*$", re.I)
    refactor = re.compile(r"\b(refactor\w*|rename|extract (?:a |the )?(?:function|method|class)|"
                          r"restructure|rewrite|clean(?: |-)?up|simplify (?:this|the|my) code)\b",
                          re.I)
    explain = re.compile(r"\b(explain\w*|what does|how does|why does|what is|what are|"
                         r"describe|walk me through)\b", re.I)
    return (("math", math), ("refactor", refactor), ("explain", explain))


def problem_kind(problem: Problem) -> str:
    """Return ``syntax`` or ``semantic``: the kind of step that fixes ``problem``."""
    return "syntax" if problem.is_syntax else "semantic"


def prompt_kind(text: str) -> str:
    """Return the kind of a chat prompt: math, refactor, explain or chat."""
    return next((kind for kind, words in _prompt_kinds() if words.search(text)), "chat")


# --------------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class Decision:
    """Why an engine is on a route or not."""

    engine: str
    verdict: str  # chosen, skipped
    reason: str
    tokens: int | None = None  # the prompt's, as counted
    window: int | None = None

    def detail(self) -> dict[str, Any]:
        out: dict[str, Any] = {"engine": self.engine, "reason": self.reason}
        if self.tokens is not None:
            out["tokens"] = self.tokens
        if self.window:
            out["window"] = self.window
        return out


@dataclass(frozen=True)
class Route:
    """The engines a step goes to, in tiers, and the decisions that chose them."""

    kind: str
    role: str
    tiers: tuple[tuple[Any, ...], ...]
    decisions: tuple[Decision, ...]
    tools: tuple[str, ...] = ()  # what verifies besides the linters (the type checker)

    @property
    def engines(self) -> tuple[Any, ...]:
        return tuple(e for tier in self.tiers for e in tier)

    def skipped(self) -> list[str]:
        return [f"{d.engine}: {d.reason}" for d in self.decisions if d.verdict == "skipped"]


# --------------------------------------------------------------------------- counting


@dataclass(frozen=True)
class Count:
    tokens: int
    how: str  # "tokenizer" or a stated estimate


def estimate(messages: Sequence[Mapping[str, str]]) -> Count:
    """Return the estimated token count of ``messages``: 4 characters a token, 4 tokens a message."""
    tokens = sum((len(m.get("content", "")) + 3) // 4 + 4 for m in messages)
    return Count(tokens, "estimate: 4 characters a token, 4 a message")


@dataclass
class TokenCounter:
    """Counts a prompt as an engine's tokenizer does; tokenizers are loaded once per engine."""

    _tokenizers: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, engine: Any, messages: Sequence[Mapping[str, str]]) -> Count:
        """Return the token count of ``messages`` as ``engine`` would read them."""
        own = getattr(engine, "count_tokens", None)
        if callable(own):
            text = "\n".join(m.get("content", "") for m in messages)
            return Count(int(own(text)), "tokenizer")
        tokenizer = self._tokenizer(engine)
        if tokenizer is None:
            return estimate(messages)
        try:
            return Count(_exact(engine, tokenizer, messages), "tokenizer")
        except Exception as err:  # a tokenizer is foreign code: fall back to the estimate
            log.info("counting tokens for %s: %s", getattr(engine, "id", engine), err)
            return estimate(messages)

    def _tokenizer(self, engine: Any) -> Any | None:
        key = f"{getattr(engine, 'kind', '')}:{getattr(engine, 'id', '')}"
        with self._lock:
            if key not in self._tokenizers:
                self._tokenizers[key] = _load_tokenizer(engine)
            found = self._tokenizers[key]
        if found is None and getattr(engine, "kind", "") == "transformers":
            loaded = getattr(getattr(engine, "loader", None), "loaded", None)
            return loaded[1] if loaded else None  # loaded since: its own tokenizer
        return found


def _exact(engine: Any, tokenizer: Any, messages: Sequence[Mapping[str, str]]) -> int:
    listed = [dict(m) for m in messages]
    if getattr(tokenizer, "chat_template", None):
        prompt = str(tokenizer.apply_chat_template(listed, tokenize=False,
                                                   add_generation_prompt=True))
    else:  # as TransformersEngine.chat_prompt frames it
        prompt = "\n".join(f"{m['role']}: {m['content']}" for m in listed) + "\nassistant:"
    special = bool(getattr(engine, "encoder_decoder", False))
    return len(tokenizer(prompt, add_special_tokens=special)["input_ids"])


def _load_tokenizer(engine: Any) -> Any | None:
    """Return the tokenizer of ``engine``'s model without loading the model, or None."""
    kind = getattr(engine, "kind", "")
    try:
        if kind == "transformers":
            loaded = engine.loader.loaded
            if loaded is not None:
                return loaded[1]
            # transformers: the optional models extra, seconds to import
            from transformers import AutoTokenizer

            folder, gguf = engine.path, engine.gguf_file
            cache = engine.cache_dir
            if gguf and cache is not None and (cache / "tokenizer_config.json").is_file():
                folder, gguf = cache, None
            extra = {"gguf_file": gguf} if gguf else {}
            return AutoTokenizer.from_pretrained(str(folder), local_files_only=True, **extra)
        if kind == "openai":
            return _hub_tokenizer(str(getattr(engine, "model", "") or ""))
    except Exception as err:  # no tokenizer files, no transformers: the estimate it is
        log.info("no tokenizer for %s: %s", getattr(engine, "id", engine), err)
    return None


def _hub_tokenizer(model: str) -> Any | None:
    """Return the tokenizer of ``model`` (an upstream's model name) from the local Hugging
    Face cache, or None: nothing is downloaded."""
    if "/" not in model:
        return None
    # huggingface_hub comes with the optional models extra (transformers)
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(model, "tokenizer_config.json")
    if not isinstance(found, str):
        return None
    # transformers: the optional models extra, seconds to import
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(model, local_files_only=True)


# --------------------------------------------------------------------------- routing


def route_step(kind: str, engines: Mapping[str, Any], route: Callable[[str], Sequence[str]],
               counter: TokenCounter, *, messages: Sequence[Mapping[str, str]] | None = None,
               request: FixRequest | None = None, max_tokens: int | None = None) -> Route:
    """Return the route of a step of ``kind`` over ``engines`` (``route(role)`` gives the
    configured order); the prompt is ``messages`` (chat) or ``request`` (a fix)."""
    if kind not in ROLE_OF:
        raise ValueError(f"no step kind {kind!r}; one of {', '.join(KINDS)}")
    role = ROLE_OF[kind]
    decisions: list[Decision] = []
    wanted = _wanted(kind, route, engines, decisions)
    tiers: list[tuple[Any, ...]] = []
    for tier_ids in wanted:
        tier = []
        for engine_id, serves in tier_ids:
            engine = engines.get(engine_id)
            verdict = _judge(kind, serves, engine_id, engine, counter, messages, request,
                             max_tokens)
            decisions.append(verdict)
            if verdict.verdict == "chosen":
                tier.append(engine)
        if tier:
            tiers.append(tuple(tier))
    tools = ("type checker",) if kind == "semantic" else ()
    return Route(kind, role, tuple(tiers), tuple(decisions), tools)


def _wanted(kind: str, route: Callable[[str], Sequence[str]], engines: Mapping[str, Any],
            decisions: list[Decision]) -> list[list[tuple[str, str]]]:
    """Return the tiers of (engine id, role it serves there) a kind asks for, before checks."""
    def is_model(engine_id: str) -> bool:
        return getattr(engines.get(engine_id), "kind", "") not in NOT_MODELS

    if ROLE_OF[kind] == "fix":
        ids = route("fix")
        rules = [(i, "fix") for i in ids if not is_model(i)]
        return [rules, [(i, "fix") for i in ids if is_model(i)]]
    chat = []
    for engine_id in route("chat"):
        if is_model(engine_id):
            chat.append([(engine_id, "chat")])
        elif kind != "math" or engine_id not in route("math"):
            decisions.append(Decision(engine_id, "skipped", f"{kind} goes to a model; "
                                      f"{getattr(engines.get(engine_id), 'kind', '?')} "
                                      "engines do not write prose"))
    if kind != "math":
        return chat
    math = [[(i, "math")] for i in route("math")]
    return math + [t for t in chat if t[0][0] not in route("math")]


def _judge(kind: str, role: str, engine_id: str, engine: Any, counter: TokenCounter,
           messages: Sequence[Mapping[str, str]] | None, request: FixRequest | None,
           max_tokens: int | None) -> Decision:
    if engine is None:
        return Decision(engine_id, "skipped", "routed but not configured")
    if role not in engine.capabilities:
        return Decision(engine_id, "skipped", f"does not serve {role}")
    health = engine.health()
    if not health.healthy:
        return Decision(engine_id, "skipped", health.reason or "unhealthy")
    if engine.kind == "rules":
        why = "syntax: the rules engine repairs syntax first" if kind == "syntax" else \
            "semantic: the rules engine first, the type checker verifying"
        return Decision(engine_id, "chosen", f"{why} (reads no prompt)")
    if engine.kind == "wolfram":
        return Decision(engine_id, "chosen", f"{kind} -> the Wolfram engine evaluates it")
    window = int(getattr(engine, "context_length", 0) or 0)
    prompt = _prompt(engine, window, messages, request)
    label = f"{kind} -> {engine.kind} engine"
    if not window or prompt is None:
        return Decision(engine_id, "chosen", f"{label}; context window unknown: not measured")
    counted = counter.count(engine, prompt)
    answer = max_tokens if max_tokens is not None else int(getattr(engine, "max_tokens", 0) or 0)
    need = counted.tokens + answer
    sums = f"prompt {counted.tokens} tokens ({counted.how}) + answer {answer}"
    if need > window:
        return Decision(engine_id, "skipped", f"window too small: {sums} > {window}",
                        counted.tokens, window)
    return Decision(engine_id, "chosen", f"{label}; {sums} <= window {window}",
                    counted.tokens, window)


def _prompt(engine: Any, window: int, messages: Sequence[Mapping[str, str]] | None,
            request: FixRequest | None) -> Sequence[Mapping[str, str]] | None:
    if messages is not None:
        return messages
    if request is None:
        return None
    # the fix prompt as ModelEngine.propose builds it for this engine's window
    budget = window or 4096
    max_chars = max(2000, (budget - int(getattr(engine, "max_tokens", 0) or 0)) * 3)
    return build_fix_messages(request, contract=str(getattr(engine, "contract", "") or ""),
                              max_chars=max_chars)


# --------------------------------------------------------------------------- chat


class TaskLog:
    """A task's lifecycle log: ``event`` records a step (the council's decisions among them),
    calling it finishes the task. Without a lifecycle log both do nothing."""

    def __init__(self, lifecycle: Any = None, task_id: int = 0) -> None:
        self.lifecycle = lifecycle
        self.task_id = task_id

    def event(self, step: str, status: str = "done", **detail: Any) -> None:
        if self.lifecycle is not None:
            self.lifecycle.event(self.task_id, step, status, **detail)

    def __call__(self, status: str, summary: str) -> None:
        if self.lifecycle is None:
            return
        if status == "cancelled":
            self.lifecycle.event(self.task_id, "cancel", "cancelled", reason=summary)
        self.lifecycle.finish(self.task_id, status, summary)


class Routed:
    """Stands for "the engine the council routes a chat prompt to": its ``achat`` asks the
    council, which routes by the prompt's kind and length and falls back engine by engine."""

    kind = "council"
    id = "council"

    def __init__(self, council: Any, question: str, log: TaskLog) -> None:
        self.council = council
        self.step = prompt_kind(question)
        self.log = log

    def achat(self, messages: Sequence[Mapping[str, str]], **options: Any) -> Any:
        return self.council.achat(messages, kind=self.step, record=self.log.event, **options)
