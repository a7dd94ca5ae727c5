"""The council: which engines a step uses (routing by kind, health and prompt length) and the
fallback from one engine to the next. The vote among verified candidates is nca.admin.voting."""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from nca.admin.config import ROLES, EngineConfig, NcaConfig, load_config
from nca.admin.courier import Courier
from nca.admin.limits import AnyFlag, WorkerTimeout
from nca.admin.routing import Decision, Route, TokenCounter, route_step
from nca.workers.core.errors import EngineError, InputError
from nca.workers.core.types import Engine, FixRequest, Health, Problem
from nca.workers.engines.base import CancelFlag, Message, OnCall
from nca.workers.engines.rules.engine import RulesEngine

__all__ = ["Council", "build_engine", "first_piece_timeout", "refusal"]

log = logging.getLogger(__name__)
T = TypeVar("T")
#: (step, status, **detail): how the council's decisions reach the lifecycle log
Recorder = Callable[..., None]
#: characters of an answer read before it is passed on: enough to tell a refusal
HEAD_CHARS = 32
#: how long an engine without a time-out of its own may take to start answering
FIRST_PIECE_S = 120.0
_REFUSAL = re.compile(r"\s*(I'?m sorry|I am sorry|sorry, (but )?I|I can(no|')t (help|assist|do)|"
                      r"I cannot (help|assist|do)|I'?m (not able|unable)|I am (not able|unable)|"
                      r"As an AI)", re.I)


class Council:
    """Holds the engines and the routing: which engines serve which role, in what order.

    Roles are fix, chat, fim and math. A role missing from the routing goes to every engine
    that declares it, in the order the engines were given. A step's route (``plan_route``)
    orders them by the step's kind and skips those whose context window its prompt does not
    fit; ``first`` (fixes) and ``achat`` (chat) fall back to the next engine when one fails,
    times out or refuses. ``on_call`` (set it at any time) hears about every model call of the
    engines the council holds.
    """

    def __init__(self, engines: Sequence[Engine] | None = None,
                 routing: Mapping[str, Sequence[str]] | None = None, *,
                 on_call: OnCall | None = None, source: str = "") -> None:
        self.engines: dict[str, Engine] = {e.id: e for e in (engines or (RulesEngine(),))}
        self.routing = {role: tuple(ids) for role, ids in (routing or {}).items()}
        self.on_call = on_call
        self.source = source
        self.counter = TokenCounter()  # tokenizers, loaded once per engine
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

    # ------------------------------------------------------------------ routing a step

    def plan_route(self, kind: str, *, messages: Sequence[Message] | None = None,
                   request: FixRequest | None = None, max_tokens: int | None = None) -> Route:
        """Return the route of a step of ``kind`` (syntax, semantic, explain, refactor, chat,
        math) for the prompt ``messages`` or the fix ``request``: see nca.admin.routing."""
        return route_step(kind, self.engines, self.route, self.counter, messages=messages,
                          request=request, max_tokens=max_tokens)

    @staticmethod
    def log_route(route: Route, record: Recorder) -> None:
        """Record every routing decision of ``route`` with its reason."""
        for decision in route.decisions:
            record("council", decision.verdict, kind=route.kind, **decision.detail())
        for tool in route.tools:
            record("council", "chosen", kind=route.kind, tool=tool,
                   reason=f"{route.kind}: the {tool} verifies the lines a fix changes")

    def _role_route(self, role: str) -> Route:
        """Return the configured route of ``role``: its healthy engines, one per tier."""
        decisions, chosen = [], []
        for engine_id in self.route(role):
            engine = self.engines.get(engine_id)
            if engine is None or role not in engine.capabilities:
                continue
            health = engine.health()
            if health.healthy:
                chosen.append((engine,))
                decisions.append(Decision(engine_id, "chosen", f"routed to {role}"))
            else:
                decisions.append(Decision(engine_id, "skipped", health.reason or "unhealthy"))
        return Route(role, role, tuple(chosen), tuple(decisions))

    # ------------------------------------------------------------------ asking, with fallback

    def first(self, route: str | Route, call: Callable[[Any], T], *,
              accept: Callable[[T], str] | None = None, record: Recorder | None = None,
              by_tier: bool = False) -> T:
        """Return ``call`` of the first engine of ``route`` (a Route, or a role routed as
        configured) whose answer holds; with ``by_tier``, ``call`` gets a whole tier at a time.

        The next engine is asked when one raises (an engine error, a worker's time-out) or
        refuses: ``accept(answer)`` returns the reason an answer is no answer ("" when it is
        one). Every attempt is recorded; EngineError lists each failure when none answers.
        """
        record = record or _ignore
        if isinstance(route, str):
            route = self._role_route(route)
        failures = route.skipped()
        units = route.tiers if by_tier else tuple((e,) for e in route.engines)
        for n, unit in enumerate(units):
            names = ", ".join(e.id for e in unit)
            following = {"next": ", ".join(e.id for e in units[n + 1])} if n + 1 < len(units) \
                else {}
            try:
                answer = call(unit if by_tier else unit[0])
            except InputError:
                raise  # the request itself is bad: no other engine will like it better
            except Exception as err:  # an engine is foreign code: try the next one
                status = "timeout" if isinstance(err, WorkerTimeout) else "failed"
                failures.append(_failure(names, err))
                record("council", status, engine=names, reason=str(err), **following)
                continue
            why = accept(answer) if accept is not None else ""
            if why:
                failures.append(f"{names}: {why}")
                record("council", "refused", engine=names, reason=why, **following)
                continue
            record("council", "answered", engine=names)
            return answer
        raise _exhausted(route.role, failures)

    async def achat(self, messages: Sequence[Message], *, kind: str = "chat",
                    record: Recorder | None = None, cancel: CancelFlag | None = None,
                    **options: Any) -> AsyncIterator[str]:
        """Return the answer to ``messages`` of the first engine routed for a step of ``kind``
        that answers, streamed.

        The next engine is asked when one fails, times out or refuses (an empty answer, or a
        refusal when another engine is left) before the first piece is sent: a half-sent
        answer cannot be taken back. Each engine gets a cancel flag of its own, set when it is
        given up; ``cancel`` stops them all.
        """
        import anyio  # the chat path's (its loop runs already): `nca fix` never loads it

        from nca.admin.replies import engine_stream

        record = record or _ignore
        route = await anyio.to_thread.run_sync(functools.partial(
            self.plan_route, kind, messages=messages, max_tokens=options.get("max_tokens")))
        self.log_route(route, record)
        failures = route.skipped()
        engines = route.engines
        for n, engine in enumerate(engines):
            own = threading.Event()
            stream = engine_stream(engine, "chat", messages, cancel=AnyFlag(cancel, own),
                                   **options)
            following = {"next": engines[n + 1].id} if n + 1 < len(engines) else {}
            try:
                with anyio.fail_after(first_piece_timeout(engine)):
                    # with an engine left to fall back to, enough is read to tell a refusal
                    head, ended = await _head(stream, HEAD_CHARS if following else 1)
            except BaseException as err:
                await _drop(stream, own)
                if isinstance(err, InputError) or not isinstance(err, Exception):
                    raise  # a bad request, or this answer itself cancelled: no fallback
                status = "timeout" if isinstance(err, TimeoutError) else "failed"
                reason = (f"no answer within {first_piece_timeout(engine):g} s"
                          if status == "timeout" else str(err))
                failures.append(_failure(engine.id, reason))
                record("council", status, engine=engine.id, reason=reason, **following)
                continue
            why = refusal("".join(head), ended)
            if why and following:
                await _drop(stream, own)
                failures.append(f"{engine.id}: {why}")
                record("council", "refused", engine=engine.id, reason=why, **following)
                continue
            record("council", "answered", engine=engine.id)
            try:
                for piece in head:
                    yield piece
                if not ended:
                    async for chunk in stream:
                        yield chunk
            finally:
                await _close(stream)
            return
        raise _exhausted(route.role, failures)

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
                import asyncio  # `nca doctor --probe` only

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
    """Return the engine an ``[[nca.engines]]`` entry describes; nothing heavy is imported (an
    engine's module loads when a config names that kind: `nca fix` on the rules alone loads
    none of the model engines')."""
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


def _failure(engine_id: str, err: BaseException | str) -> str:
    log.warning("engine %s failed: %s", engine_id, err)
    return f"{engine_id}: {err}"


def _ignore(*_: Any, **__: Any) -> None:
    return None


def first_piece_timeout(engine: Any) -> float:
    """Return how long ``engine`` may take to start answering: its own request time-out and a
    grace of as much again, at most 5 s (it times out itself first), else FIRST_PIECE_S."""
    own = getattr(engine, "timeout", None)
    if isinstance(own, int | float) and not isinstance(own, bool) and own > 0:
        return float(own) + min(float(own), 5.0)
    return FIRST_PIECE_S


def refusal(head: str, ended: bool) -> str:
    """Return why the start of an answer is no answer ("" when it is one)."""
    if ended and not head.strip():
        return "empty answer"
    if _REFUSAL.match(head):
        return f"refused: {head.strip()[:60]!r}"
    return ""


async def _head(stream: AsyncIterator[str], chars: int) -> tuple[list[str], bool]:
    """Return the first pieces of ``stream``, at least ``chars`` characters of them (or all
    there are), and whether it ended there."""
    pieces: list[str] = []
    size = 0
    while size < chars:
        try:
            pieces.append(await anext(stream))
        except StopAsyncIteration:
            return pieces, True
        size += len(pieces[-1]) or 1
    return pieces, False


async def _drop(stream: AsyncIterator[str], flag: threading.Event) -> None:
    import anyio  # the chat path's, as in achat

    flag.set()  # the engine stops generating what nobody reads
    with anyio.move_on_after(5, shield=True):
        await _close(stream)


async def _close(stream: AsyncIterator[str]) -> None:
    close = getattr(stream, "aclose", None)
    if close is not None:
        await close()


def _exhausted(role: str, failures: list[str]) -> EngineError:
    if not failures:
        return EngineError(f"no engine serves {role}",
                           f"add an engine with role {role} to [[nca.engines]] in nca.toml")
    return EngineError(f"no engine could answer {role}: " + "; ".join(failures),
                       "see `nca doctor`")
