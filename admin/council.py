"""The council: which engines a task may use (routing, health, fallback) and the vote."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from nca.admin.config import ROLES, EngineConfig, NcaConfig, load_config
from nca.workers.core.errors import EngineError, InputError
from nca.workers.core.types import Candidate, Engine, Health, Problem, TextEdit, Verification
from nca.workers.engines.base import Message, OnCall
from nca.workers.engines.rules.engine import RulesEngine

__all__ = ["Ballot", "Council", "build_engine", "vote"]

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Ballot:
    """One candidate as the vote sees it: merged, verified, measured."""

    candidate: Candidate
    text: str
    edits: tuple[TextEdit, ...]
    verification: Verification

    @property
    def size(self) -> int:
        """Return the size of the edit in characters (removed plus inserted)."""
        return sum(len(e.new_text) + _span(e) for e in self.edits)


def _span(edit: TextEdit) -> int:
    # characters removed, counting a line break as one; exact enough to rank edits by size
    if edit.start_line == edit.end_line:
        return edit.end_char - edit.start_char
    return edit.end_char + (edit.end_line - edit.start_line) * 40


def vote(ballots: Iterable[Ballot]) -> Ballot | None:
    """Return the best verified ballot, or None when none verified.

    Order: verified, target gone, no new problems, checks passed, the engine's own
    preference, fewest problems left, then the smallest edit. The preference comes before size: adding
    the import of the exact name a file uses is a bigger edit than renaming it to a look-alike,
    and the right one. A semantic candidate (one that changes behaviour) or one its engine is
    not sure of never wins: it is shown as a suggestion, not applied.
    """
    eligible = [b for b in ballots if b.verification.verified and not b.candidate.semantic
                and b.candidate.sure]
    if not eligible:
        return None

    def key(b: Ballot) -> tuple[float, ...]:
        v = b.verification
        check_ok = 0 if v.check is None or v.check.ok else 1
        if b.candidate.problem.is_syntax:
            # a syntax fix's other problems were hidden before it, so none count as new; but a
            # fix that leaves an undefined name behind (a line dedented out of the function
            # that defines it) is rarely what the author meant
            undefined = sum(1 for p in v.problems if p.code == "F821")
            return (0 if v.target_gone else 1, len(v.new_problems), check_ok, undefined,
                    -b.candidate.rank, len(v.problems), b.size)
        return (0 if v.target_gone else 1, len(v.new_problems), check_ok, -b.candidate.rank,
                len(v.problems), b.size)

    return min(eligible, key=key)


class Council:
    """Holds the engines and the routing: which engines serve which role, in what order.

    Roles are fix, chat, fim and math. A role missing from the routing goes to every engine
    that declares it, in the order the engines were given. ``chat``, ``complete`` and ``first``
    fall back to the next routed engine when one fails before answering; ``on_call`` (set it at
    any time) hears about every model call of the engines the council holds.
    """

    def __init__(self, engines: Sequence[Engine] | None = None,
                 routing: Mapping[str, Sequence[str]] | None = None, *,
                 on_call: OnCall | None = None, source: str = "") -> None:
        self.engines: dict[str, Engine] = {e.id: e for e in (engines or (RulesEngine(),))}
        self.routing = {role: tuple(ids) for role, ids in (routing or {}).items()}
        self.on_call = on_call
        self.source = source
        for engine in self.engines.values():
            # engines without a hook of their own report through the council's
            if hasattr(engine, "on_call") and engine.on_call is None:
                engine.on_call = self._relay  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ building

    @classmethod
    def from_config(cls, config: NcaConfig, *, contract: str = "",
                    on_call: OnCall | None = None) -> Council:
        """Return a council holding the engines ``config`` declares (nothing is loaded yet)."""
        council = cls((), on_call=on_call, source=config.source)
        council.engines = {}
        for entry in config.engines:
            council.engines[entry.id] = build_engine(entry, contract=contract,
                                                     on_call=council._relay)
        council.routing = {role: config.route(role) for role in ROLES}
        return council

    @classmethod
    def for_workspace(cls, workspace: str | Path, *, contract: str | None = None) -> Council:
        """Return the council of a workspace's nca.toml / [tool.nca] (rules only without one)."""
        config = load_config(workspace)
        if contract is None:
            from nca.admin.courier import Courier

            contract = Courier().contract("fix")
        return cls.from_config(config, contract=contract)

    def _relay(self, engine_id: str, tokens_in: int, tokens_out: int, ms: int,
               outcome: str) -> None:
        if self.on_call is not None:
            self.on_call(engine_id, tokens_in, tokens_out, ms, outcome)

    # ------------------------------------------------------------------ routing

    def route(self, role: str) -> tuple[str, ...]:
        """Return the engine ids routed to ``role``, in order (healthy or not)."""
        if role in self.routing:
            return self.routing[role]
        return tuple(i for i, e in self.engines.items() if role in e.capabilities)

    def engines_for(self, role: str) -> tuple[Engine, ...]:
        """Return the healthy engines routed to ``role`` that declare it, in routing order."""
        chosen = []
        for engine_id in self.route(role):
            engine = self.engines.get(engine_id)
            if engine is None or role not in engine.capabilities:
                continue
            if engine.health().healthy:
                chosen.append(engine)
        return tuple(chosen)

    def health(self) -> dict[str, Health]:
        """Return each engine's health."""
        return {engine_id: engine.health() for engine_id, engine in self.engines.items()}

    def context_length(self, role: str = "chat") -> int:
        """Return the context length of the engine that would answer ``role`` (0: unknown)."""
        engines = self.engines_for(role)
        return int(getattr(engines[0], "context_length", 0) or 0) if engines else 0

    def fixable(self, problem: Problem) -> bool:
        """Return True when some fix engine may handle ``problem``.

        An engine that can say which problems it handles (the rules engine) is asked; a
        model engine may try anything.
        """
        for engine in self.engines_for("fix"):
            handles = getattr(engine, "handles", None)
            if handles is None or handles(problem):
                return True
        return False

    # ------------------------------------------------------------------ asking, with fallback

    def first(self, role: str, call: Callable[[Any], T]) -> T:
        """Return ``call(engine)`` of the first routed engine that answers without an error."""
        failures: list[str] = []
        for engine in self._candidates(role, failures):
            try:
                return call(engine)
            except InputError:
                raise  # the request itself is bad: no other engine will like it better
            except Exception as err:  # an engine is foreign code: try the next one
                failures.append(_failure(engine, err))
        raise _exhausted(role, failures)

    def chat(self, messages: Sequence[Message], *, role: str = "chat",
             **options: Any) -> Iterator[str]:
        """Return the chunks of the first engine that starts answering ``messages``."""
        return self._stream(role, lambda e: e.chat(messages, **options))

    def complete(self, prompt: str, *, suffix: str | None = None, role: str = "fim",
                 **options: Any) -> Iterator[str]:
        """Return the infill chunks of the first engine that starts answering."""
        return self._stream(role, lambda e: e.complete(prompt, suffix=suffix, **options))

    async def achat(self, messages: Sequence[Message], *, role: str = "chat",
                    **options: Any) -> AsyncIterator[str]:
        """Return the chat chunks as an async iterator, with the same fallback as ``chat``."""
        failures: list[str] = []
        for engine in self._candidates(role, failures):
            stream = engine.achat(messages, **options)
            try:
                head = await anext(stream)
            except StopAsyncIteration:
                return
            except InputError:
                raise
            except Exception as err:
                failures.append(_failure(engine, err))
                continue
            yield head
            async for chunk in stream:
                yield chunk
            return
        raise _exhausted(role, failures)

    def _stream(self, role: str, start: Callable[[Any], Iterator[str]]) -> Iterator[str]:
        # fall back only before the first chunk: a half-sent answer cannot be taken back
        failures: list[str] = []
        for engine in self._candidates(role, failures):
            try:
                stream = iter(start(engine))
                head = next(stream)
            except StopIteration:
                return
            except InputError:
                raise
            except Exception as err:
                failures.append(_failure(engine, err))
                continue
            yield head
            yield from stream
            return
        raise _exhausted(role, failures)

    def _candidates(self, role: str, failures: list[str]) -> Iterator[Any]:
        for engine_id in self.route(role):
            engine = self.engines.get(engine_id)
            if engine is None or role not in engine.capabilities:
                continue
            health = engine.health()
            if not health.healthy:
                failures.append(f"{engine_id}: {health.reason}")
                continue
            yield engine

    # ------------------------------------------------------------------ reporting

    def describe(self, *, probe: bool = False) -> dict[str, Any]:
        """Return every engine's health, capabilities and context length, and the routing.

        With ``probe``, engines that can (an openai upstream) are asked over the network.
        """
        rows = []
        for engine_id, engine in self.engines.items():
            health = engine.health()
            prober = getattr(engine, "probe", None)
            if probe and health.healthy and prober is not None:
                health = asyncio.run(prober())
            rows.append({
                "id": engine_id,
                "kind": getattr(engine, "kind", type(engine).__name__),
                "healthy": health.healthy,
                "capabilities": sorted(engine.capabilities),
                "context_length": int(getattr(engine, "context_length", 0) or 0),
                "reason": health.reason,
            })
        routing = {role: list(self.route(role)) for role in ROLES if self.route(role)}
        return {"engines": rows, "routing": routing, "source": self.source}


def build_engine(entry: EngineConfig, *, contract: str = "", on_call: OnCall | None = None) -> Any:
    """Return the engine an ``[[nca.engines]]`` entry describes; nothing heavy is imported."""
    if entry.kind == "rules":
        return RulesEngine()
    if entry.kind == "transformers":
        from nca.workers.engines.transformers_engine import TransformersEngine

        return TransformersEngine(entry.id, entry.path or "", device=entry.device,
                                  dtype=entry.dtype, context_length=entry.context_length,
                                  contract=contract, on_call=on_call, max_tokens=entry.max_tokens,
                                  temperature=entry.temperature, gguf_file=entry.gguf_file,
                                  cache_dir=entry.cache_dir)
    if entry.kind == "openai":
        from nca.workers.engines.openai_engine import OpenAIEngine

        return OpenAIEngine(entry.id, entry.base_url or "", model=entry.model or "default",
                            api_key_env=entry.api_key_env, timeout=entry.timeout,
                            context_length=entry.context_length or 8192, contract=contract,
                            on_call=on_call, max_tokens=entry.max_tokens,
                            temperature=entry.temperature)
    from nca.workers.engines.wolfram_engine import WolframEngine

    return WolframEngine(entry.id, evaluator=entry.evaluator, kernel=entry.kernel,
                         timeout=entry.timeout, on_call=on_call)


def _failure(engine: Any, err: BaseException) -> str:
    log.warning("engine %s failed: %s", engine.id, err)
    return f"{engine.id}: {err}"


def _exhausted(role: str, failures: list[str]) -> EngineError:
    if not failures:
        return EngineError(f"no engine serves {role}",
                           f"add an engine with role {role} to [[nca.engines]] in nca.toml")
    return EngineError(f"no engine could answer {role}: " + "; ".join(failures),
                       "see `nca doctor`")
