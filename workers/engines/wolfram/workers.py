"""Run the Wolfram Language workers (the ``.wl`` files beside this module) on an evaluator.

Each role's package is this project's own code, shipped in the wheel, and is loaded into the
session as it is: on a Wolfram Engine once per kernel, on Mathics3 with every call (the child
process that holds a Mathics session is killed past its time limit and a fresh one starts on
the next call, without the definitions). What the Python side sends is data only: the call is
built with wolframclient's ``wl`` from integers, strings and lists (``check_data``), strings
escaped by the serializer; no user text is ever code. The answers are integers and lists of
integers or rationals in InputForm, read by ``parse_answer``; anything else is an
EngineError. Every call runs under ``TimeConstrained`` with the engine's limit, and a Mathics
child that overruns it is killed.

``WolframWorkers`` answers each role as its Python reference does (same arguments, same
result types): ``suggestions`` as ``nca.workers.facts.near_miss.suggestions``,
``component_context`` and ``unreachable`` as ``graph_context``, ``merge`` as fixer_helper's
merge (``nca.workers.core.text_edits.rebase`` for the placing of hunks). ``Workers`` sends each
role to the one nca.toml chose (``[wolfram] workers = [...]``), and back to Python when the
evaluator is missing or fails.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from nca.workers.core.errors import EngineError, MergeError
from nca.workers.core.text_edits import (
    SEARCH_WINDOW,
    candidate_text,
    minimal_edits,
    rebase,
)
from nca.workers.core.types import Health, Merged, MergeRequest
from nca.workers.engines.wolfram import ROLES
from nca.workers.engines.wolfram.graph_context import (
    ComponentContext,
    Graph,
    context_from,
    graph_of,
)
from nca.workers.engines.wolfram.graph_context import component_context as python_context
from nca.workers.engines.wolfram.graph_context import unreachable as python_unreachable
from nca.workers.engines.wolfram_engine import WolframEngine
from nca.workers.facts.near_miss import suggestions as python_suggestions

__all__ = ["CONTEXT", "ROLES", "WolframWorkers", "WorkerEngine", "Workers", "check_data",
           "merge_with", "package", "parse_answer", "strip_comments"]

log = logging.getLogger(__name__)
T = TypeVar("T")

#: the context of every symbol the .wl packages define
CONTEXT = "NCAWorkers`"
_ANSWER = re.compile(r"\s*(?:(?P<open>\{)|(?P<close>\})|(?P<comma>,)|"
                     r"(?P<number>-?\d+)(?:/(?P<denominator>\d+))?)")


@cache
def package(role: str) -> str:
    """Return the Wolfram Language text of ``role``'s worker (``<role>.wl``)."""
    if role not in ROLES:
        raise EngineError(f"no Wolfram worker for {role!r}", f"roles: {', '.join(ROLES)}")
    text = resources.files(__package__).joinpath(f"{role}.wl").read_text(encoding="ascii")
    code = strip_comments(text).strip()
    # one compound expression: the call is appended after it (Mathics reads one expression)
    if not code.endswith(";"):
        raise EngineError(f"{role}.wl does not end its last definition with a semicolon")
    return code


def strip_comments(text: str) -> str:
    """Return Wolfram Language ``text`` without its ``(* comments *)`` (nested ones too).

    The comments are prose, and prose names things (files, Python...) whose names the
    Mathics sandbox refuses to see in code.
    """
    out: list[str] = []
    depth, pos, in_string = 0, 0, False
    while pos < len(text):
        pair = text[pos:pos + 2]
        if in_string:  # a string ends at its unescaped quote
            step = 2 if text[pos] == "\\" else 1
            out.append(text[pos:pos + step])
            in_string = text[pos] != '"'
            pos += step
        elif pair == "(*":
            depth, pos = depth + 1, pos + 2
        elif pair == "*)" and depth:
            depth, pos = depth - 1, pos + 2
        elif depth:
            pos += 1
        else:
            in_string = text[pos] == '"'
            out.append(text[pos])
            pos += 1
    return "".join(out)


def check_data(value: Any, depth: int = 0) -> None:
    """Raise EngineError unless ``value`` is data: an int, a str, or a list/tuple of data."""
    if depth > 8:
        raise EngineError("worker arguments nest too deeply")
    if isinstance(value, bool) or not isinstance(value, int | str | list | tuple):
        raise EngineError(f"a {type(value).__name__} is not worker data")
    if isinstance(value, list | tuple):
        for item in value:
            check_data(item, depth + 1)


def parse_answer(text: str) -> Any:
    """Return the integers, rationals and lists of an InputForm answer; EngineError otherwise."""
    stack: list[list[Any]] = [[]]
    pos, expect_value = 0, True
    while pos < len(text.rstrip()):
        match = _ANSWER.match(text, pos)
        if match is None:
            break
        pos = match.end()
        if match.group("open") and expect_value:
            stack.append([])
        elif match.group("number") and expect_value:
            number, denominator = int(match.group("number")), match.group("denominator")
            stack[-1].append(Fraction(number, int(denominator)) if denominator else number)
            expect_value = False
        elif match.group("close") and len(stack) > 1 and (not expect_value or not stack[-1]):
            done = stack.pop()
            stack[-1].append(done)
            expect_value = False
        elif match.group("comma") and not expect_value and len(stack) > 1:
            expect_value = True
        else:
            break
    if pos < len(text.rstrip()) or len(stack) != 1 or len(stack[0]) != 1:
        raise EngineError(f"the Wolfram worker answered {text[:160]!r}",
                          "an answer of integers and lists was expected")
    return stack[0][0]


class WorkerEngine(WolframEngine):
    """A Wolfram evaluator of its own for the workers: their definitions never meet user math."""

    def __init__(self, engine_id: str = "wolfram-workers", *, evaluator: str = "auto",
                 kernel: str | None = None, timeout: float = 30.0) -> None:
        super().__init__(engine_id, evaluator=evaluator, kernel=kernel, timeout=timeout)
        self._loaded: set[tuple[int, str]] = set()  # (kernel session, role) on a Wolfram Engine

    def call(self, role: str, function: str, *args: Any) -> Any:
        """Return the parsed answer of ``NCAWorkers`function[args]`` from ``role``'s package."""
        # wolframclient: the optional wolfram extra, imported on first use
        from wolframclient.language import wl
        from wolframclient.language.expression import WLFunction, WLSymbol

        code = package(role)
        if not re.fullmatch(r"[a-z][A-Za-z]*", function):
            raise EngineError(f"{function!r} is not a worker function")
        check_data(args)
        expr = WLFunction(WLSymbol(CONTEXT + function), *args)
        limited = wl.ToString(wl.TimeConstrained(expr, self.timeout, WLSymbol("$Aborted")),
                              wl.InputForm)
        answer, _backend = self.run_limited(
            limited, f"the {role} worker", prelude=code,
            on_kernel=lambda session: self._load(session, role, code))
        return parse_answer(answer)

    def _load(self, session: Any, role: str, code: str) -> None:
        # a kernel keeps the definitions: each package once per session
        from wolframclient.language import wlexpr

        if (id(session), role) not in self._loaded:
            session.evaluate(wlexpr(code))
            self._loaded.add((id(session), role))

    def close(self) -> None:
        super().close()
        self._loaded.clear()


def merge_with(request: MergeRequest, rebase_with: Callable[[str, str, str], str]) -> Merged:
    """Return fixer_helper's merge of ``request``, its hunks placed by ``rebase_with``."""
    try:
        wanted = candidate_text(request.base, request.candidate)
        merged = wanted if request.current == request.base else \
            rebase_with(request.base, wanted, request.current)
    except MergeError as err:
        return Merged(ok=False, reason=str(err))
    return Merged(ok=True, text=merged, edits=tuple(minimal_edits(request.current, merged)))


class WolframWorkers:
    """The four workers in Wolfram Language, each answering as its Python reference does."""

    def __init__(self, engine: WorkerEngine | None = None) -> None:
        self.engine = engine or WorkerEngine()

    def health(self) -> Health:
        """Return whether an evaluator (Wolfram Engine or Mathics3) can run the workers."""
        return self.engine.health()

    def close(self) -> None:
        """Stop the evaluator, if one was started."""
        self.engine.close()

    # ------------------------------------------------------------------ Debugger

    def suggestions(self, wrong: str, candidates: Iterable[tuple[str, int]],
                    usage: Counter[str] | None = None) -> list[tuple[str, int]]:
        """Return ``(candidate, distance)`` close enough to ``wrong``, best first.

        The arguments and the answer are those of ``nca.workers.facts.near_miss.suggestions``.
        """
        pairs = [(str(name), int(nearness)) for name, nearness in candidates]
        if not pairs:
            return []
        usage = usage or Counter()
        names = [name for name, _ in pairs]
        rank = {name: i for i, name in enumerate(sorted(set(names)))}  # code point order
        answer = self.engine.call("debugger", "nearMisses", str(wrong), names,
                                  [nearness for _, nearness in pairs],
                                  [usage[name] for name in names], [rank[n] for n in names])
        return [(names[k - 1], int(cost)) for k, cost in answer]

    def nearest_names(self, wrong: str, names: Iterable[str], count: int = 3) -> list[str]:
        """Return the ``count`` names nearest to ``wrong`` by Wolfram's own ``EditDistance``."""
        listed = [str(name) for name in names]
        if not listed:
            return []
        found = self.engine.call("debugger", "nearestNames", str(wrong), listed, int(count))
        return [listed[k - 1] for k in found]

    # ------------------------------------------------------------------ Analyzer

    def measures(self, graph: Graph, focus: int,
                 radius: int) -> tuple[list[int], list[int], list[Fraction], list[int]]:
        """Return in-degrees, out-degrees, betweenness and the neighbourhood of ``focus``."""
        ins, outs, scores, near = self.engine.call(
            "analyzer", "componentContext", graph.n, [[s + 1, t + 1] for s, t in graph.edges],
            focus + 1, int(radius))
        return ([int(d) for d in ins], [int(d) for d in outs],
                [Fraction(score) for score in scores], [v - 1 for v in near])

    def component_context(self, diagram: Mapping[str, Any], node_id: str,
                          radius: int = 1) -> ComponentContext:
        """Return the degrees, betweenness and neighbourhood of ``node_id`` in ``diagram``."""
        graph = graph_of(diagram)
        focus = graph.index(node_id)
        return context_from(graph, focus, *self.measures(graph, focus, radius))

    # ------------------------------------------------------------------ fixer_helper

    def rebase(self, base: str, wanted: str, current: str) -> str:
        """Return ``current`` with the change ``base -> wanted`` applied; MergeError if it cannot."""
        numbers: dict[str, int] = {}

        def number(text: str) -> list[int]:
            return [numbers.setdefault(line, len(numbers) + 1)
                    for line in text.splitlines(keepends=True)]

        a, b, t = number(base), number(wanted), number(current)
        done, result = self.engine.call("fixer_helper", "rebase", a, b, t, SEARCH_WINDOW)
        if not done:
            raise MergeError(f"the text changed where the fix applies (line {result})")
        lines = list(numbers)
        return "".join(lines[k - 1] for k in result)

    def merge(self, request: MergeRequest) -> Merged:
        """Return the candidate merged into ``request.current``, as fixer_helper's merge does."""
        return merge_with(request, self.rebase)

    # ------------------------------------------------------------------ Cleaner

    def reachable(self, diagram: Mapping[str, Any], entries: Iterable[str]) -> list[str]:
        """Return the node ids reachable from ``entries`` by imports and calls, sorted."""
        graph = graph_of(diagram)
        known = set(graph.ids)
        starts = sorted({graph.index(e) + 1 for e in entries if e in known})
        if not starts:
            return []
        found = self.engine.call("cleaner", "reachable", graph.n,
                                 [[s + 1, t + 1] for s, t in graph.edges], starts)
        return [graph.ids[v - 1] for v in found]

    def unreachable(self, diagram: Mapping[str, Any], entries: Iterable[str]) -> list[str]:
        """Return the node ids no entry point reaches, sorted (as ``graph_context.unreachable``)."""
        seen = set(self.reachable(diagram, entries))
        return [node_id for node_id in graph_of(diagram).ids if node_id not in seen]


class Workers:
    """Each role on the worker nca.toml chose for it: Wolfram Language or Python.

    A role chosen for Wolfram Language runs there while an evaluator is installed; when none
    is, or a call fails (time limit, evaluator error), the Python worker answers instead and
    the reason is logged.
    """

    def __init__(self, selected: Iterable[str] = (), wolfram: WolframWorkers | None = None) -> None:
        self.selected = frozenset(selected)
        unknown = self.selected - set(ROLES)
        if unknown:
            raise EngineError(f"no Wolfram worker for {', '.join(sorted(unknown))}",
                              f"roles: {', '.join(ROLES)}")
        self._wolfram = wolfram
        self._health: Health | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_config(cls, config: Any) -> Workers:
        """Return the workers an ``NcaConfig`` chooses: its ``wolfram_workers`` on the evaluator
        of its first ``kind = "wolfram"`` engine (evaluator, kernel, timeout), else the default."""
        selected = tuple(getattr(config, "wolfram_workers", ()) or ())
        entry = next((e for e in getattr(config, "engines", ()) if e.kind == "wolfram"), None)
        engine = WorkerEngine(evaluator=entry.evaluator, kernel=entry.kernel,
                              timeout=entry.timeout) if entry is not None else WorkerEngine()
        return cls(selected, WolframWorkers(engine))

    @property
    def wolfram(self) -> WolframWorkers:
        with self._lock:
            if self._wolfram is None:
                self._wolfram = WolframWorkers()
            return self._wolfram

    def health(self) -> Health:
        """Return the evaluator's health, checked once."""
        if self._health is None:
            self._health = self.wolfram.health()
        return self._health

    def runs_on(self, role: str) -> str:
        """Return ``"wolfram"`` or ``"python"``: where ``role`` runs now."""
        if role not in ROLES:
            raise EngineError(f"no worker role {role!r}", f"roles: {', '.join(ROLES)}")
        return "wolfram" if role in self.selected and self.health().healthy else "python"

    def placement(self) -> dict[str, str]:
        """Return, for each role, where it runs and why, in words (``nca doctor``)."""
        rows = {}
        for role in ROLES:
            if role not in self.selected:
                rows[role] = "python"
            elif self.health().healthy:
                rows[role] = f"wolfram ({self.health().reason})"
            else:
                rows[role] = f"python (wolfram chosen, but {self.health().reason})"
        return rows

    def _run(self, role: str, wolfram: Callable[[], T], python: Callable[[], T]) -> T:
        if self.runs_on(role) == "wolfram":
            try:
                return wolfram()
            except EngineError as err:
                log.warning("the Wolfram %s worker failed, the Python one answers: %s",
                            role, err)
        return python()

    def close(self) -> None:
        """Stop the evaluator, if one was started."""
        if self._wolfram is not None:
            self._wolfram.close()

    def suggestions(self, wrong: str, candidates: Iterable[tuple[str, int]],
                    usage: Counter[str] | None = None) -> list[tuple[str, int]]:
        """The Debugger's near-miss names (``nca.workers.facts.near_miss.suggestions``)."""
        pairs = list(candidates)
        return self._run("debugger", lambda: self.wolfram.suggestions(wrong, pairs, usage),
                         lambda: python_suggestions(wrong, pairs, usage))

    def component_context(self, diagram: Mapping[str, Any], node_id: str,
                          radius: int = 1) -> ComponentContext:
        """The Analyzer's context of a component (``graph_context.component_context``)."""
        return self._run("analyzer",
                         lambda: self.wolfram.component_context(diagram, node_id, radius),
                         lambda: python_context(diagram, node_id, radius))

    def rebase(self, base: str, wanted: str, current: str) -> str:
        """fixer_helper's placing of the change ``base -> wanted`` into ``current``
        (``nca.workers.core.text_edits.rebase``); MergeError when a hunk no longer fits."""
        return self._run("fixer_helper", lambda: self.wolfram.rebase(base, wanted, current),
                         lambda: rebase(base, wanted, current))

    def merge(self, request: MergeRequest) -> Merged:
        """fixer_helper's merge of a candidate into the current text."""
        return merge_with(request, self.rebase)

    def unreachable(self, diagram: Mapping[str, Any], entries: Iterable[str]) -> list[str]:
        """The Cleaner's components no entry point reaches (``graph_context.unreachable``)."""
        starts = list(entries)
        return self._run("cleaner", lambda: self.wolfram.unreachable(diagram, starts),
                         lambda: python_unreachable(diagram, starts))

