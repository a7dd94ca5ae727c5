"""verify: re-run the checks on a candidate text and say whether it really fixes its problem."""

from __future__ import annotations

from collections import Counter

from nca.workers.errors import CheckError
from nca.workers.types import CheckOutcome, Problem, Verification, VerifyRequest, worker

__all__ = ["new_problems", "target_gone", "verify"]


@worker("verify")
def verify(request: VerifyRequest) -> Verification:
    """Return the verification of ``request.candidate_text``: target gone, nothing new, checks pass."""
    problems = request.linter.lint(request.candidate_text, request.path)
    gone = target_gone(request.target, request.baseline, problems)
    new = new_problems(request.baseline, problems, syntax_target=request.target.is_syntax)
    if not gone:
        return Verification(False, False, problems, new, detail="the error is still there")
    if new:
        listed = "; ".join(f"{p.code} {p.message} (line {p.line})" for p in new[:3])
        return Verification(False, True, problems, new, detail=f"new problems: {listed}")
    finder = getattr(request.linter, "unresolved_imports", None)
    if finder is not None and request.original is not None:
        # ruff cannot tell that `import jsonn` names nothing installed: a candidate (a model's,
        # say) must not bring in a module that does not exist here
        missing = sorted(finder(request.candidate_text) - finder(request.original))
        if missing:
            return Verification(False, True, problems, new,
                                detail=f"imports what cannot be found: {', '.join(missing)}")
    checked = "compile + ruff F,E9,B006"
    outcome: CheckOutcome | None = None
    if request.check:
        if not request.workspace:
            raise CheckError("a check command needs a workspace to run in")
        outcome = request.linter.run_check(request.check, request.candidate_text, request.path,
                                           request.workspace, request.timeout)
        if not outcome.ok:
            why = "timed out" if outcome.timed_out else f"exited {outcome.returncode}"
            return Verification(False, True, problems, new, outcome,
                                detail=f"{checked} passed; `{request.check}` {why}")
        checked += f" + `{request.check}`"
    return Verification(True, True, problems, new, outcome, detail=f"{checked} passed")


def target_gone(target: Problem, baseline: tuple[Problem, ...], after: tuple[Problem, ...]) -> bool:
    """Return True when the candidate's problems no longer hold ``target``.

    Lines move when a fix adds an import, so problems are matched by signature (code and
    message) and counted: one of two identical undefined names fixed is a fix. A syntax error
    is gone when no syntax error remains at or above its line (a later one is another problem).
    """
    if target.is_syntax:
        return not any(p.is_syntax and p.line <= target.line for p in after)
    before = sum(1 for p in baseline if p.signature == target.signature)
    now = sum(1 for p in after if p.signature == target.signature)
    return now < max(before, 1)


def new_problems(baseline: tuple[Problem, ...], after: tuple[Problem, ...], *,
                 syntax_target: bool = False) -> tuple[Problem, ...]:
    """Return the problems of ``after`` that ``baseline`` did not have (by signature, counted).

    While a file does not compile, linters cannot see its other problems; the problems a syntax
    fix reveals are not new ones it made, except a syntax error further down that is new.
    """
    if syntax_target:
        seen = Counter(p.signature for p in baseline if p.is_syntax)
        candidates = [p for p in after if p.is_syntax]
    else:
        seen = Counter(p.signature for p in baseline)
        candidates = list(after)
    out = []
    for p in candidates:
        if seen[p.signature] > 0:
            seen[p.signature] -= 1
        else:
            out.append(p)
    return tuple(out)
