"""The repair loop for one text: debug -> analyze -> fix -> fix_helper -> verify -> vote, repeated.

Each round takes the first problem some engine may handle, asks for candidates, merges and
verifies each on the side, and applies the winner of the vote. Problems whose candidates all
failed are not tried again. The loop ends when nothing fixable is left, after ``max_rounds``,
or past its deadline.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from nca.admin.council import Ballot, Council, vote
from nca.admin.courier import Courier
from nca.admin.reports import AppliedFix, unified_diff
from nca.workers.core.parsing import parse
from nca.workers.core.types import (
    AnalyzeRequest,
    Candidate,
    DebugRequest,
    FixRequest,
    Linter,
    MergeRequest,
    Problem,
    SymbolIndex,
    TipStore,
    VerifyRequest,
)
from nca.workers.facts.guards import guarded_lines

__all__ = ["FixStep", "RepairOutcome", "Repairer"]

#: candidates verified per problem; engines rank their best first
MAX_CANDIDATES = 8
#: problems that are clean-ups rather than errors: fixed after everything else
CLEANUP_CODES = frozenset({"F401", "F841", "F811", "F541"})

Recorder = Callable[..., None]
#: (problem, path) -> (memory text for a model prompt, the slices used)
ContextProvider = Callable[[Problem, str], tuple[str, list[str]]]


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


def _behind_guard(text: str, problem: Problem) -> bool:
    """Return True when ``problem`` sits behind a version, platform or import guard."""
    try:
        tree = parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return False
    return problem.line in guarded_lines(tree)


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


class Repairer:
    """Runs the loop with the workers the courier knows and the engines the council routes."""

    def __init__(self, courier: Courier, council: Council, linter: Linter, *,
                 index: SymbolIndex | None = None, tips: TipStore | None = None,
                 context: ContextProvider | None = None,
                 max_rounds: int = 40, deadline_s: float = 60.0) -> None:
        self.courier = courier
        self.council = council
        self.linter = linter
        self.index = index
        self.tips = tips
        self.context = context
        self.max_rounds = max_rounds
        self.deadline_s = deadline_s

    def repair(self, text: str, path: str, *, module: str | None = None,
               only: Callable[[Problem], bool] | None = None,
               record: Recorder = _noop) -> RepairOutcome:
        """Return the outcome of repairing ``text``; ``only`` limits which problems are targets."""
        started = time.monotonic()
        problems = self.linter.lint(text, path)
        record("lint", problems=len(problems))
        out = RepairOutcome(text, text, problems, problems)
        given_up: set[tuple[str, str]] = set()
        engines = self.council.engines_for("fix")
        for _ in range(self.max_rounds):
            if time.monotonic() - started > self.deadline_s:
                record("deadline", "stopped", seconds=self.deadline_s)
                break
            target = self._next_target(out.after, given_up, only, path)
            if target is None:
                break
            ballot, suggestions, why = self._round(out.text, path, module, target, out.after,
                                                   engines, record)
            out.suggestions.extend(suggestions)
            if ballot is None:
                given_up.add(target.signature)
                out.failed.append((target, why))
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
        for p in sorted(problems, key=lambda p: p.code in CLEANUP_CODES):
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

    def _round(self, text: str, path: str, module: str | None, target: Problem,
               problems: tuple[Problem, ...], engines: tuple[Any, ...],
               record: Recorder) -> tuple[Ballot | None, list[AppliedFix], str]:
        call = self.courier.call
        summary = call("debug", DebugRequest(problems=(target,), path=path))
        analysis = call("analyze", AnalyzeRequest(text=text, problem=target, path=path,
                                                  module=module, index=self.index,
                                                  tips=self.tips))
        record("analyze", problem=target.code, line=target.line,
               solutions=[s.title for s in analysis.solutions[:5]])
        memory = ""
        if self.context is not None and any(e.kind != "rules" for e in engines):
            # only a model reads a prompt: the rules engine never pays for the memory
            memory, used = self.context(target, path)
            record("context", slices=used)
        proposal = call("fix", FixRequest(text=text, problem=target, path=path,
                                          analysis=analysis, summary=summary, problems=problems,
                                          engines=engines, context=memory))
        for engine_id, reason in proposal.failures:
            record("fix", "engine_failed", engine=engine_id, reason=reason)
        candidates = proposal.candidates[:MAX_CANDIDATES]
        if "requires-python" in target.message or (
                not target.is_syntax and _behind_guard(text, target)):
            # `frozendict` under `if sys.version_info >= (3, 15)` (or a builtin ruff says a
            # newer Python has), `reload` in a Python 2 branch: what is missing here exists
            # where the guard lets the code run
            record("guard", "suggest_only", line=target.line)
            candidates = tuple(replace(c, sure=False) for c in candidates)
        ballots = []
        for cand in candidates:
            merged = call("fix_helper", MergeRequest(base=text, current=text, candidate=cand))
            if not merged.ok:
                record("fix_helper", "failed", title=cand.title, reason=merged.reason)
                continue
            verification = call("verify", VerifyRequest(
                candidate_text=merged.text, target=target, baseline=problems,
                linter=self.linter, path=path, original=text))
            ballots.append(Ballot(cand, merged.text, merged.edits, verification))
            if cand.kind == "learned" and verification.new_problems:
                self._forget(cand, analysis.solutions, record)
            record("verify", "passed" if verification.verified else "failed",
                   title=cand.title, detail=verification.detail)
        best = vote(ballots)
        # once a sure fix is applied, the guesses beside it are noise; changes of behaviour stay
        shown = [b for b in ballots if _suggestion(b) and (best is None or b.candidate.semantic)]
        suggestions = [AppliedFix(b.candidate.engine, b.candidate.kind, b.candidate.title,
                                  target, False, _why_suggested(b.candidate),
                                  diff=unified_diff(text, b.text, path)) for b in shown]
        if best is not None:
            record("vote", title=best.candidate.title, engine=best.candidate.engine,
                   among=len(ballots))
            return best, suggestions, ""
        if not proposal.candidates:
            why = "no engine had a candidate"
        elif shown:
            why = _why_suggested(shown[0].candidate)
        else:
            why = f"none of {len(ballots)} candidates verified"
        record("vote", "none", problem=target.code, reason=why)
        return None, suggestions, why
