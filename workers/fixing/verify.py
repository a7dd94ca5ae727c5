"""verify: re-run the checks on a candidate text and say whether it really fixes its problem."""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Set as AbstractSet

from nca.workers.core.errors import CheckError
from nca.workers.core.newness import introduced
from nca.workers.core.registry import worker
from nca.workers.core.types import CheckOutcome, Problem, Verification, VerifyRequest
from nca.workers.facts.document import facts_of
from nca.workers.facts.splice import changed_span
from nca.workers.fixing.changed_lines import ChangedLines
from nca.workers.fixing.syntax_plausibility import implausible_syntax_fix

__all__ = ["ChangedLines", "implausible_syntax_fix", "new_problems", "renamed_word", "target_gone",
           "verify"]


@worker("verify")
def verify(request: VerifyRequest) -> Verification:
    """Return the verification of ``request.candidate_text``: target gone, nothing new, checks pass."""
    if request.original is not None:
        # the candidate's facts come from the original's where that is exact (an edit inside
        # whole statements that keeps the line count): only the statements it changed are parsed
        facts_of(request.candidate_text, base=request.original)
    problems = request.linter.lint(request.candidate_text, request.path)
    gone = target_gone(request.target, request.baseline, problems)
    new = new_problems(request.baseline, problems, syntax_target=request.target.is_syntax)
    seen_by_ruff = getattr(request.linter, "syntax_errors", None)
    if new and request.target.is_syntax and request.original is not None and seen_by_ruff:
        # compile() stops at the first error and words it its own way; ruff's resilient parser
        # sees every one. A fix of one of several syntax errors is judged by ruff's full view:
        # what it reported before (same message, same line or moved by the lines the fix
        # added) is the author's, not new; so is an error reworded on a line that had one,
        # away from the edit (`retrun x, y` read inside an unclosed call, then on a line of
        # its own). Reworded right beside the edit, the edit made it: `return (` closed as
        # `return ()` leaves the next line an unexpected indent.
        shift = request.candidate_text.count("\n") - request.original.count("\n")
        before = seen_by_ruff(request.original, request.path)
        said = {(p.message, p.line) for p in before}
        had_error = {p.line for p in before}
        near = {line + d for line in ChangedLines(request.original, request.candidate_text)
                for d in (-1, 0, 1)}
        new = tuple(p for p in seen_by_ruff(request.candidate_text, request.path)
                    if (p.message, p.line) not in said and (p.message, p.line - shift) not in said
                    and (p.line in near or not ({p.line, p.line - shift} & had_error)))
    if not gone:
        return Verification(False, False, problems, new, detail="the error is still there")
    if request.target.is_syntax and request.original is not None:
        # repair in reading order: an edit below a syntax error the text still has cannot be
        # known right (`)` closed at line 18 while line 16 lacks its own)
        left = [p.line for p in problems if p.is_syntax]
        changed = ChangedLines(request.original, request.candidate_text)
        if left and changed and max(changed) > min(left):
            return Verification(False, True, problems, new,
                                detail=f"changes lines below the syntax error left at line "
                                       f"{min(left)}")
    if not new and request.target.is_syntax and request.original is not None:
        new = implausible_syntax_fix(request.original, request.candidate_text, problems)
    broken = getattr(request.linter, "broken_uses", None)
    if not new and broken is not None and request.original is not None:
        # the project, not only the file: a name other modules import must stay
        new = tuple(broken(request.original, request.candidate_text, request.path))
    typed = getattr(request.linter, "new_type_problems", None)
    if not new and typed is not None and request.original is not None and not request.target.is_syntax:
        # the type checker's view of the lines the fix changed: nothing new may be ill-typed
        # there; and of those reading the name it defined (an import of datetime's `time`
        # where `time.perf_counter` is read): the name may not be the wrong kind of thing
        lines: AbstractSet[int] = ChangedLines(request.original, request.candidate_text)
        new = tuple(typed(request.original, request.candidate_text, request.path, lines))
        word = renamed_word(request.original, request.candidate_text)
        qualified = qualified_word(request.original, request.candidate_text)
        if new and word is not None:
            # a rename leaves the rest of its line as the author wrote it: what the checker
            # says of it now, once the name resolves, it would have said before the typo
            # (`valid_parts.append(bit.group(1))`: `bit.group(1)` is no LiteralString), as
            # on the other lines that read the name; of the name itself, it is the rename's
            new = tuple(p for p in new if p.symbol in WRONG_KIND_RULES or _covers(p, word))
        elif new and qualified is not None:
            # `self.` before a member the class defines is the right kind of thing by
            # construction: only what the checker says of that member itself is the fix's
            # (not of the sum it takes part in, which the author wrote)
            new = tuple(p for p in new if _within(p, qualified))
        if not new and request.target.code in UNDEFINED_CODES and request.target.symbol:
            reads = _reads_of(request.candidate_text, request.target.symbol) - set(lines)
            new = tuple(p for p in typed(request.original, request.candidate_text,
                                         request.path, reads) if p.symbol in WRONG_KIND_RULES)
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
    checker = getattr(request.linter, "checker", None)
    checked = "compile + ruff F,E9,B006" + (" + ty" if checker is not None and checker() else "")
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
        baseline = tuple(p for p in baseline if p.is_syntax)
        after = tuple(p for p in after if p.is_syntax)
    return tuple(introduced(baseline, after, lambda p: p.signature))


#: problems of a name nothing defines: a fix defines it, and the lines reading it are checked
UNDEFINED_CODES = frozenset({"F821", "NameError"})
#: what the type checker says where a name is the wrong kind of thing for its reads (no such
#: member, not callable, not iterable...). What it says of a call's arguments there is the
#: code's own business: `re.search(pattern, text)` where `text` is mistyped was so before
#: the import was lost, and says nothing about `import re`.
WRONG_KIND_RULES = frozenset({
    "missing-attribute", "unresolved-attribute", "possibly-missing-attribute",
    "not-callable", "call-non-callable", "not-iterable", "not-subscriptable",
    "non-subscriptable", "unsupported-operator", "invalid-type-form"})


def renamed_word(original: str, candidate: str) -> tuple[int, int, int] | None:
    """Return ``(line, start, end)`` (1-based, end exclusive) of the one word an edit of one
    word on one line put in, or None for any other edit."""
    before, after = original.splitlines(), candidate.splitlines()
    first, last_before, last_after = changed_span(before, after)
    if len(before) != len(after) or first != last_before or first != last_after:
        return None
    old, new = before[first - 1], after[first - 1]
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    while start and (new[start - 1].isalnum() or new[start - 1] == "_"):
        start -= 1
    while end_new < len(new) and (new[end_new].isalnum() or new[end_new] == "_"):
        end_new += 1
    while end_old < len(old) and (old[end_old].isalnum() or old[end_old] == "_"):
        end_old += 1
    was, word = old[start:end_old], new[start:end_new]
    if not (was.isidentifier() and word.isidentifier()) or keyword.iskeyword(word) or (
            old[end_old:] != new[end_new:]):
        return None
    return first, start + 1, end_new + 1


def qualified_word(original: str, candidate: str) -> tuple[int, int, int] | None:
    """Return ``(line, start, end)`` (1-based, end exclusive) of the name an edit put ``self.``
    or ``cls.`` in front of (a method called without ``self.``), or None for any other edit:
    like a rename, it makes the name resolve and leaves the rest of its line as it was."""
    before, after = original.splitlines(), candidate.splitlines()
    first, last_before, last_after = changed_span(before, after)
    if len(before) != len(after) or first != last_before or first != last_after:
        return None
    old, new = before[first - 1], after[first - 1]
    for owner in ("self.", "cls."):
        at = next((i for i in range(len(old) + 1)
                   if old[:i] + owner + old[i:] == new), None)
        if at is not None:
            found = re.match(r"[A-Za-z_]\w*", old[at:])
            if found:
                start = at + len(owner)
                return first, start + 1, start + found.end() + 1
    return None


def _within(problem: Problem, word: tuple[int, int, int]) -> bool:
    """Return True when ``problem``'s range lies on ``word``'s line, ending by its end (``self.``
    and the name, or the name alone: see :func:`qualified_word`)."""
    line, start, end = word
    first, last = problem.line, problem.end_line or problem.line
    return first == last == line and (problem.end_col or end) <= end and problem.col >= start - 5


def _covers(problem: Problem, word: tuple[int, int, int]) -> bool:
    """Return True when ``problem``'s range overlaps ``word`` (see :func:`renamed_word`)."""
    line, start, end = word
    first, last = problem.line, problem.end_line or problem.line
    if not first <= line <= last:
        return False
    begin = problem.col if first == line else 1
    finish = (problem.end_col or begin + 1) if last == line else end
    return begin < end and finish > start


def _reads_of(text: str, name: str) -> set[int]:
    """Return the lines of ``text`` that read the variable ``name``."""
    return {n.lineno for n in facts_of(text).nodes
            if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)}
