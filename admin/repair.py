"""The repair loop for one text: debug -> analyze -> fix -> fix_helper -> verify -> vote, repeated.

The loop runs the plan it is given (nca.admin.planner): a step the plan skips is not run and is
logged as skipped with its reason, and the limits are the plan's. Each round takes the first
problem some engine may handle and asks the council for the route of its kind (syntax or
semantic): the engines come in tiers (the rules engine, then the models), each engine is asked
by its own call of the fix worker, and the candidates of a tier are merged and verified side by
side (a bounded pool) and voted on. A tier with no verified winner, an error or a time-out hands
the problem to the next tier. Every worker call is held to its time limit (nca.admin.limits).
Problems no tier could fix are not tried again. The loop ends when nothing fixable is left,
after the plan's rounds, or past its deadline.

When nca.toml selects the fixer_helper role for Wolfram (``[nca.wolfram] workers``), a candidate
is merged by the Wolfram worker (the courier's fix_helper when it fails or no evaluator is
installed); the lifecycle log says where each merge ran. When it selects the debugger role, the
Analyzer's rename solutions are ranked by the Wolfram worker's near-miss search (the same order
as the Analyzer's Python search), logged the same way.
"""

from __future__ import annotations

import difflib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nca.admin.council import Council
from nca.admin.courier import Courier
from nca.admin.limits import Deadline, WorkerTimeout
from nca.admin.planner import LOOP_STEPS, Plan
from nca.admin.planner import plan as make_plan
from nca.admin.repair_tier import (
    NO_CANDIDATE,
    ContextProvider,
    Recorder,
    TierRound,
    _Attempt,
    _Run,
)
from nca.admin.reports import AppliedFix
from nca.admin.routing import problem_kind
from nca.admin.tasks import Task
from nca.admin.wolfram_roles import rerank_renames, run_role, selects_wolfram, workers_for
from nca.workers.core.errors import EngineError, NcaError
from nca.workers.core.types import (
    Analysis,
    AnalyzeRequest,
    Candidate,
    DebugRequest,
    Engine,
    FixRequest,
    Linter,
    MergeRequest,
    Problem,
    SymbolIndex,
    TipStore,
)
from nca.workers.facts.near_miss import suggestions

if TYPE_CHECKING:
    from nca.workers.engines.wolfram.workers import Workers

__all__ = ["FixStep", "RepairOutcome", "Repairer"]

log = logging.getLogger(__name__)

#: problems that are clean-ups rather than errors: fixed after everything else
CLEANUP_CODES = frozenset({"F401", "F841", "F811", "F541"})
#: the steps without which no candidate can be applied
_APPLYING = ("fix", "fix_helper", "verify", "vote")

@dataclass(frozen=True)
class FixStep:
    """One fix the loop applied: the exact text before and after it (what BuildTips learns)."""

    problem: Problem
    candidate: Candidate
    before: str
    after: str
    verification: str

    def diff(self, path: str, context: int = 2) -> str:
        """Return the fix as a unified diff with little context."""
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True),
                                            self.after.splitlines(keepends=True),
                                            f"a/{path}", f"b/{path}", n=context))


@dataclass
class RepairOutcome:
    original: str
    text: str
    before: tuple[Problem, ...]
    after: tuple[Problem, ...]
    fixes: list[AppliedFix] = field(default_factory=list)
    suggestions: list[AppliedFix] = field(default_factory=list)
    failed: list[tuple[Problem, str]] = field(default_factory=list)  # problem, why
    steps: list[FixStep] = field(default_factory=list)  # the applied fixes, in order


def _noop(*_: Any, **__: Any) -> None:
    return None


class Repairer(TierRound):
    """Runs the loop with the workers the courier knows and the engines the council routes."""

    def __init__(self, courier: Courier, council: Council, linter: Linter, *,
                 index: SymbolIndex | None = None, tips: TipStore | None = None,
                 context: ContextProvider | None = None, workers: Workers | None = None,
                 workspace: str | Path | None = None) -> None:
        self.courier = courier
        self.council = council
        self.linter = linter
        self.index = index
        self._index_ready = False
        self.tips = tips
        self.context = context
        # the Wolfram roles: given, else the workspace's nca.toml's (built on first merge)
        self._workers = workers
        self._workspace = workspace

    @property
    def workers(self) -> Workers | None:
        """The roles nca.toml sends to Wolfram (None: every role in Python)."""
        if self._workers is None and self._workspace is not None:
            try:
                if selects_wolfram(self._workspace):
                    self._workers = workers_for(self._workspace)
                else:
                    self._workspace = None  # no role on Wolfram: every one in Python
            except NcaError as err:  # every role stays in Python; the loop goes on
                log.warning("the Wolfram roles are not used: %s", err)
                self._workspace = None
        return self._workers

    def _merge(self, run: _Run, request: MergeRequest, title: str) -> Any:
        """Return the candidate merged into the text: by the fixer_helper role where nca.toml
        chose it (Wolfram), else by the courier's fix_helper worker; the log says where."""
        workers = self.workers
        merged, where = run_role(workers, "fixer_helper",
                                 lambda chosen: chosen.wolfram.merge(request),
                                 lambda: self._work(run, "fix_helper", request))
        if workers is not None and "fixer_helper" in workers.selected:
            run.record("fix_helper", "merged" if merged.ok else "failed", title=title,
                       role="fixer_helper", runs_on=where)
        return merged

    def _rank_renames(self, analysis: Analysis, record: Recorder) -> Analysis:
        """Return ``analysis`` with its renames ranked by the debugger role's near-miss search
        where nca.toml chose it (Wolfram; Python when it fails); the log says where it ran."""
        workers = self.workers
        if workers is None or "debugger" not in workers.selected:
            return analysis  # the Analyzer's ranking is the Python search's already
        ranked, where = rerank_renames(workers, analysis)
        if where is not None:
            record("analyze", "ranked", role="debugger", runs_on=where,
                   renames=[s.title for s in ranked.solutions if s.kind == "rename"][:5])
        return ranked

    def repair(self, text: str, path: str, *, module: str | None = None,
               only: Callable[[Problem], bool] | None = None,
               record: Recorder = _noop, plan: Plan | None = None,
               problems: Sequence[Problem] | None = None) -> RepairOutcome:
        """Return the outcome of repairing ``text`` by ``plan`` (a fix_text plan when None);
        ``only`` limits which problems are targets; ``problems`` is the linter's answer for
        ``text`` when the caller has it already."""
        if plan is None:
            plan = make_plan(Task("fix_text", "loop", path, text=text, path=path),
                             council=self.council, courier=self.courier)
        run = _Run(plan, Deadline(plan.limits.deadline_s), record)
        for step in LOOP_STEPS:
            if not plan.has(step):
                record(step, "skipped", reason=plan.why_skipped(step))
        if not plan.has("lint"):
            return RepairOutcome(text, text, (), ())  # no problem is known: none is fixed
        found = tuple(problems) if problems is not None else tuple(self.linter.lint(text, path))
        record("lint", problems=len(found))
        out = RepairOutcome(text, text, found, found)
        missing = next((step for step in _APPLYING if not plan.has(step)), None)
        if missing is not None:
            out.failed.extend((p, f"the plan skips {missing}") for p in found)
            return out
        given_up: set[tuple[str, str]] = set()
        rounds = 0
        while rounds < plan.limits.rounds:
            if run.deadline.passed:
                record("deadline", "stopped", seconds=plan.limits.deadline_s)
                break
            target = self._next_target(out.after, given_up, only, path)
            if target is None:
                break
            attempt = self._round(out.text, path, module, target, out.after, run)
            # a problem no engine had anything for costs no round: sixty re-exports in a
            # package __init__ must not use up the rounds before the import it does not use
            rounds += attempt.why != NO_CANDIDATE
            out.suggestions.extend(attempt.suggestions)
            ballot = attempt.best
            if ballot is None:
                given_up.add(target.signature)
                out.failed.append((target, attempt.why))
                continue
            v = ballot.verification
            out.fixes.append(AppliedFix(ballot.candidate.engine, ballot.candidate.kind,
                                        ballot.candidate.title, target, v.verified, v.detail))
            out.steps.append(FixStep(target, ballot.candidate, out.text, ballot.text, v.detail))
            out.text, out.after = ballot.text, v.problems
        return out

    def _next_target(self, problems: tuple[Problem, ...], given_up: set[tuple[str, str]],
                     only: Callable[[Problem], bool] | None, path: str | None = None
                     ) -> Problem | None:
        # errors before clean-ups: the fix of a misspelt `oss.path` is `os`, which an
        # "unused import os" fix done first would have deleted
        undefined = [p.symbol for p in problems if p.code in UNDEFINED_NAME_CODES and p.symbol]
        for p in sorted(problems, key=lambda p: p.code in CLEANUP_CODES):
            if p.code in CLEANUP_CODES and _unused_beside_its_typo(p, undefined):
                continue  # `ParserConfig` unused where `arserConfig` is not defined: leave both
            if p.is_syntax and p.source != "compile":
                # only the first syntax error is certain; those ruff sees after it may be
                # echoes of it, and a file where the first cannot be fixed is done (a file
                # that is not Python at all must come back unfixable quickly)
                continue
            if p.signature in given_up or (only is not None and not only(p)):
                continue
            if p.code in CLEANUP_CODES and not self._reports(p.code, path):
                continue  # the project's own ruff configuration does not ask for this clean-up
            if self.council.fixable(p):
                return p
        return None

    def _forget(self, cand: Candidate, solutions: Any, record: Recorder) -> None:
        """Remove the learned fix behind ``cand`` from the tips: it broke something here."""
        forget = getattr(self.tips, "forget", None)
        for solution in solutions:
            if solution.kind == "learned" and solution.detail.get("diff") == cand.diff:
                tip = solution.detail.get("tip")
                if forget is not None and tip and forget(tip):
                    record("learned", "forgotten", tip=tip, title=cand.title)

    def _reports(self, code: str, path: str | None) -> bool:
        reports = getattr(self.linter, "reports", None)
        return True if reports is None else bool(reports(code, path))

    def _work(self, run: _Run, name: str, request: Any,
              cancel: threading.Event | None = None) -> Any:
        """Return the worker's answer, under the plan's limit for it (cut to the deadline)."""
        limit = run.plan.limits.worker(name) or self.courier.spec(name).time_limit
        limit = run.deadline.cap(limit)
        try:
            return self.courier.call(name, request, cancel=cancel, limit=limit)
        except WorkerTimeout as err:
            run.record(name, "timeout", limit=limit, reason=str(err))
            raise

    def _ready_index(self, target: Problem, record: Recorder) -> None:
        """Build the symbol index before the Analyzer's first call, outside its time limit: the
        first build of a project's installed-package index takes seconds (then it is cached on
        disk), and an Analyzer cut off by it would leave a fresh environment with no fix."""
        if self._index_ready or self.index is None:
            return
        started = time.monotonic()
        try:
            self.index.modules_named(target.symbol or "os")
        except Exception as err:  # the Analyzer reports an unusable index itself
            record("index", "error", reason=f"{type(err).__name__}: {err}")
        else:
            record("index", ms=int((time.monotonic() - started) * 1000))
        self._index_ready = True

    # ------------------------------------------------------------------ one round

    def _round(self, text: str, path: str, module: str | None, target: Problem,
               problems: tuple[Problem, ...], run: _Run) -> _Attempt:
        plan, record = run.plan, run.record
        summary = None
        if plan.has("debug"):
            try:
                summary = self._work(run, "debug", DebugRequest(problems=(target,), path=path))
            except WorkerTimeout:
                pass  # the summary only informs a model's prompt
        analysis = Analysis(target)
        if plan.has("analyze"):
            self._ready_index(target, record)
            try:
                analysis = self._work(run, "analyze", AnalyzeRequest(
                    text=text, problem=target, path=path, module=module, index=self.index,
                    tips=self.tips))
            except WorkerTimeout:
                pass  # no local solutions: the engines go on without them
            analysis = self._rank_renames(analysis, record)
            record("analyze", problem=target.code, line=target.line,
                   solutions=[s.title for s in analysis.solutions[:5]])
        request = FixRequest(text=text, problem=target, path=path, analysis=analysis,
                             summary=summary, problems=problems)
        route = self.council.plan_route(problem_kind(target), request=request)
        self.council.log_route(route, record)
        attempts: list[_Attempt] = []
        errors: list[str] = []

        def attempt(tier: tuple[Engine, ...]) -> _Attempt:
            try:
                done = self._attempt(tier, request, run)
            except Exception as err:
                errors.append(f"{', '.join(e.id for e in tier)}: {err}")
                raise
            attempts.append(done)
            return done

        try:
            return self.council.first(route, attempt, accept=lambda a: "" if a.best else a.why,
                                      record=record, by_tier=True)
        except EngineError as err:
            suggestions = [s for a in attempts for s in a.suggestions]
            if len(attempts) == 1 and not errors:
                why = attempts[0].why
            else:
                why = "; ".join(errors + [a.why for a in attempts]) or err.args[0]
            record("vote", "none", problem=target.code, reason=why)
            return _Attempt(None, suggestions, why)


#: a name nothing defines (ruff's, Python's own)
UNDEFINED_NAME_CODES = frozenset({"F821", "NameError"})


def _unused_beside_its_typo(problem: Problem, undefined: list[str]) -> bool:
    """Return True when ``problem`` (an unused import or variable) binds a name one of the
    ``undefined`` names is a near miss of: the typo is why it is unused, and removing it
    would take away the fix of the typo."""
    if not undefined or not problem.symbol:
        return False
    # `a.b`: `from a import b` binds `b`, `import a.b` binds `a`
    bound = {problem.symbol.rpartition(".")[2], problem.symbol.partition(".")[0]}
    return any(suggestions(name, [(wrong, 0) for wrong in undefined]) for name in bound)

