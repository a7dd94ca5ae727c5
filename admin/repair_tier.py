"""One tier of engines in the repair loop: their proposals (each engine's model call stops when
the fix worker times out), the candidates merged and verified side by side in a bounded pool,
and the vote among those verified. Repairer (nca.admin.repair) runs the rounds around it."""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from nca.admin.courier import Courier
from nca.admin.limits import Deadline, WorkerTimeout, bounded, cancellable
from nca.admin.planner import Plan
from nca.admin.reports import AppliedFix, unified_diff
from nca.admin.routing import NOT_MODELS
from nca.admin.voting import Ballot, eligible, vote
from nca.workers.core.errors import EngineError
from nca.workers.core.types import (
    Candidate,
    Engine,
    FixProposal,
    FixRequest,
    Linter,
    MergeRequest,
    Problem,
    VerifyRequest,
)
from nca.workers.facts.document import facts_of
from nca.workers.facts.guards import read_by_guard_test
from nca.workers.facts.scopes import function_at
from nca.workers.fixing.changed_lines import ChangedLines

__all__ = ["NO_CANDIDATE", "ContextProvider", "Recorder", "TierRound"]

#: why a problem was given up when no engine proposed anything
NO_CANDIDATE = "no engine had a candidate"

Recorder = Callable[..., None]
#: problems about an attribute (its symbol is the attribute, read on an object)
_ATTRIBUTE_CODES = frozenset({"NCA101", "NCA102", "NCA103"})
#: (problem, path) -> (memory text for a model prompt, the slices used)
ContextProvider = Callable[[Problem, str], tuple[str, list[str]]]


def _behind_guard(text: str, problem: Problem) -> bool:
    """Return True when ``problem`` sits behind a version, platform or import guard (the
    text's guarded lines, as the linter already found them: no parse of its own).

    A name the code reads outside every guard, or in both branches of one (``time.perf_counter``
    on Windows, ``time.time`` elsewhere), is needed whatever the guard says: not behind it."""
    facts = facts_of(text)
    guarded = facts.guarded_lines
    if problem.line not in guarded or problem.code == "F841":
        return False  # a local nothing reads is unread on every platform and version
    name = problem.symbol
    if name and (problem.line, name) in facts.probed_objects:
        return False  # the object `getattr` asks about is read whatever the guard says
    if not name or facts.tree is None:
        return True
    subjects = facts.guard_subjects.get(problem.line)
    if subjects is not None:
        # hasattr tests and AttributeError handlers guard attributes: `t.cats` under `if
        # hasattr(input, "read"):` is not behind it, nor is `os` under `try: os.confstr(...)`
        if problem.code not in _ATTRIBUTE_CODES:
            if name not in subjects:
                return False
        elif not facts.left_alone_for(problem.line, facts.attribute_root(problem.line, name)):
            return False
    if read_by_guard_test(facts.tree, name, facts.nodes):
        return False  # the guard itself reads it: it runs wherever the code does
    loads = [n.lineno for n in facts.nodes
             if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]
    if any(line not in guarded for line in loads):
        return False

    def reads(body: list[ast.stmt]) -> bool:
        return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
                   for stmt in body for n in ast.walk(stmt))

    return not any(isinstance(n, ast.If) and n.orelse and reads(n.body) and reads(n.orelse)
                   for n in facts.nodes)


_RENAME = re.compile(r"^Change `\w+` to `(?P<name>\w+)`$")


def _guard_proof(text: str, problem: Problem, cand: Candidate) -> bool:
    """Return True for a rename no guard can make wrong: to a parameter or local of the
    function the line is in (`nname` -> `name` in a fallback class under `except
    ImportError`), or to a name the line itself already reads (`yhperscan.X | hyperscan.Y`)."""
    match = _RENAME.match(cand.title)
    if cand.kind != "misspelled-name" or match is None or problem.symbol is None:
        return False
    name, facts = match.group("name"), facts_of(text)
    if any(isinstance(n, ast.Name) and n.id == name and n.lineno == problem.line
           and isinstance(n.ctx, ast.Load) for n in facts.nodes):
        return True
    inner = function_at(facts.functions, problem.line)
    if inner is None:
        return False
    args = inner.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return any(a is not None and a.arg == name for a in params) or any(
        isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
        for n in ast.walk(inner))


def _suggestion(ballot: Ballot) -> bool:
    """Return True for a candidate shown, never applied: it changes behaviour or is a guess."""
    c, v = ballot.candidate, ballot.verification
    if c.semantic:
        return v.target_gone
    return not c.sure and v.verified


def _why_suggested(candidate: Candidate) -> str:
    if candidate.semantic:
        return "changes behaviour: review it, not applied"
    return "not sure it is what was meant: review it, not applied"


@dataclass
class _Run:
    """One call of ``repair``: its plan, deadline and log, and the memory read per problem."""

    plan: Plan
    deadline: Deadline
    record: Recorder
    memory: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass
class _Attempt:
    """What one tier of engines made of a problem."""

    best: Ballot | None
    suggestions: list[AppliedFix]
    why: str = ""


class TierRound:
    """The tier step of the repair loop; the Repairer provides ``courier``, ``linter``,
    ``context``, ``_work``, ``_merge`` and ``_forget``."""

    courier: Courier
    linter: Linter
    context: ContextProvider | None

    def _work(self, run: _Run, name: str, request: Any,
              cancel: threading.Event | None = None) -> Any:
        raise NotImplementedError

    def _merge(self, run: _Run, request: MergeRequest, title: str) -> Any:
        raise NotImplementedError

    def _forget(self, cand: Candidate, solutions: Any, record: Recorder) -> None:
        raise NotImplementedError

    def _attempt(self, tier: tuple[Engine, ...], request: FixRequest, run: _Run) -> _Attempt:
        """Return the vote among the verified candidates of one tier of engines."""
        limits, record = run.plan.limits, run.record
        target, text, path = request.problem, request.text, request.path or ""
        if run.plan.has("context") and any(e.kind not in NOT_MODELS for e in tier):
            # only a model reads a prompt: the rules engine never pays for the memory
            request = replace(request, context=self._memory(target, path, run))
        proposals = bounded(lambda e: self._propose(e, request, run), tier, limits.parallel)
        candidates: list[Candidate] = []
        seen: set[tuple[Any, ...]] = set()
        failed = [p for p in proposals if isinstance(p, BaseException)]
        for proposal in proposals:
            for cand in () if isinstance(proposal, BaseException) else proposal.candidates:
                key = (cand.text, cand.diff, cand.edits)
                if key not in seen and cand.text != text:
                    seen.add(key)
                    candidates.append(cand)
        if failed and not candidates:
            raise failed[0]
        candidates = sorted(candidates, key=lambda c: -c.rank)[:limits.candidates]
        if not candidates:
            return _Attempt(None, [], NO_CANDIDATE)
        if "requires-python" in target.message or (
                not target.is_syntax and _behind_guard(text, target)):
            # `frozendict` under `if sys.version_info >= (3, 15)` (or a builtin ruff says a
            # newer Python has), `reload` in a Python 2 branch: what is missing here exists
            # where the guard lets the code run
            record("guard", "suggest_only", line=target.line)
            candidates = [c if _guard_proof(text, target, c) else replace(c, sure=False)
                          for c in candidates]
        ballots = self._ballots(candidates, request, run)
        best = vote(ballots, self._complaints(ballots, text, path) if target.is_syntax else None)
        # once a sure fix is applied, the guesses beside it are noise; changes of behaviour stay
        shown = [b for b in ballots if _suggestion(b) and (best is None or b.candidate.semantic)]
        suggestions = [AppliedFix(b.candidate.engine, b.candidate.kind, b.candidate.title,
                                  target, False, _why_suggested(b.candidate),
                                  diff=unified_diff(text, b.text, path)) for b in shown]
        if best is not None:
            record("vote", title=best.candidate.title, engine=best.candidate.engine,
                   among=len(ballots))
            return _Attempt(best, suggestions)
        why = _why_suggested(shown[0].candidate) if shown else \
            f"none of {len(ballots)} candidates verified"
        return _Attempt(None, suggestions, why)

    def _complaints(self, ballots: list[Ballot], text: str, path: str) -> dict[int, int]:
        """Return, by ``id`` of each ballot that may win, what the type checker says on the
        lines any of them changed, where there is more than one to choose from."""
        able = eligible(ballots)
        count = getattr(self.linter, "type_complaints", None)
        if len(able) < 2 or count is None or len({b.text for b in able}) < 2 or any(
                b.text.count("\n") != text.count("\n") for b in able):
            return {}  # (where lines moved, the same line number is not the same line)
        lines = set().union(*(ChangedLines(text, b.text) for b in able))
        found: dict[int, int] = {}
        for b in able:
            complaints = count(b.text, path, lines)
            if complaints is None:
                return {}  # no type checker here
            found[id(b)] = complaints
        return found

    def _memory(self, target: Problem, path: str, run: _Run) -> str:
        key = target.signature
        if key not in run.memory and self.context is not None:
            run.memory[key], used = self.context(target, path)
            run.record("context", slices=used)
        return run.memory.get(key, "")

    def _propose(self, engine: Engine, request: FixRequest, run: _Run) -> FixProposal:
        """Return one engine's proposal; its model call stops if the fix worker times out."""
        flag = threading.Event()
        proposal = self._work(run, "fix", replace(request, engines=(cancellable(engine, flag),)),
                              cancel=flag)
        for engine_id, reason in proposal.failures:
            run.record("fix", "engine_failed", engine=engine_id, reason=reason)
        if proposal.failures and not proposal.candidates:
            raise EngineError(proposal.failures[0][1])
        return proposal  # type: ignore[no-any-return]

    def _ballots(self, candidates: list[Candidate], request: FixRequest,
                 run: _Run) -> list[Ballot]:
        """Return the merged and verified candidates, checked side by side (a bounded pool)."""
        text, target, path = request.text, request.problem, request.path or ""
        verify_limit = run.plan.limits.worker("verify") or self.courier.spec("verify").time_limit

        def check(cand: Candidate) -> Ballot | str:
            merged = self._merge(run, MergeRequest(base=text, current=text, candidate=cand),
                                 cand.title)
            if not merged.ok:
                return str(merged.reason)
            # a check command verify runs is killed (its process group) before verify's deadline
            verification = self._work(run, "verify", VerifyRequest(
                candidate_text=merged.text, target=target, baseline=request.problems,
                linter=self.linter, path=path, original=text,
                timeout=run.deadline.cap(verify_limit) * 0.9))
            return Ballot(cand, merged.text, merged.edits, verification)

        ballots = []
        for cand, result in zip(candidates, bounded(check, candidates, run.plan.limits.parallel),
                                strict=True):
            if isinstance(result, WorkerTimeout):
                continue  # recorded where it happened
            if isinstance(result, BaseException):
                raise result
            if isinstance(result, str):
                run.record("fix_helper", "failed", title=cand.title, reason=result)
                continue
            ballots.append(result)
            if cand.kind == "learned" and result.verification.new_problems:
                analysis = request.analysis
                self._forget(cand, analysis.solutions if analysis else (), run.record)
            run.record("verify", "passed" if result.verification.verified else "failed",
                       title=cand.title, detail=result.verification.detail)
        return ballots
