"""The vote: the best verified candidate for a problem, as the council's last word."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nca.workers.core.types import Candidate, Problem, TextEdit, Verification
from nca.workers.facts.document import facts_of

__all__ = ["Ballot", "eligible", "vote"]


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


def eligible(ballots: Iterable[Ballot]) -> list[Ballot]:
    """Return the ballots that may win: verified, sure, no change of behaviour."""
    return [b for b in ballots if b.verification.verified and not b.candidate.semantic
            and b.candidate.sure]


def vote(ballots: Iterable[Ballot], complaints: Mapping[int, int] | None = None
         ) -> Ballot | None:
    """Return the best verified ballot, or None when none verified.

    Order: verified, target gone, no new problems, checks passed, the engine's own
    preference, fewest problems left, then the smallest edit. The preference comes before size: adding
    the import of the exact name a file uses is a bigger edit than renaming it to a look-alike,
    and the right one. Of two repairs of a syntax error, the one the type checker has fewer
    complaints about where they changed the text (``complaints``, by ``id`` of the ballot) comes
    first: `len(names) == 1`, not `len(names == 1)`. A semantic candidate (one that changes behaviour) or one its engine is
    not sure of never wins: it is shown as a suggestion, not applied.
    """
    able = eligible(ballots)
    if not able:
        return None
    complaints = complaints or {}

    def key(b: Ballot) -> tuple[float, ...]:
        v = b.verification
        check_ok = 0 if v.check is None or v.check.ok else 1
        if b.candidate.problem.is_syntax:
            # a syntax fix's other problems were hidden before it, so none count as new; but a
            # fix that leaves an undefined name behind (a line dedented out of the function
            # that defines it) is rarely what the author meant. A name bound nowhere in the
            # file (a snippet's free variable) is undefined whatever the fix: deleting it
            # (`join(base 'data')` -> `join( 'data')`) is no better than the comma it lacked
            undefined = _undefined_bound_elsewhere(b.text, v.problems)
            return (0 if v.target_gone else 1, len(v.new_problems), check_ok, undefined,
                    complaints.get(id(b), 0), -b.candidate.rank, len(v.problems), b.size)
        return (0 if v.target_gone else 1, len(v.new_problems), check_ok, -b.candidate.rank,
                len(v.problems), b.size)

    return min(able, key=key)


def _undefined_bound_elsewhere(text: str, problems: Iterable[Problem]) -> int:
    """Return how many undefined-name findings of ``text`` name something it binds elsewhere."""
    undefined = [p.symbol for p in problems if p.code == "F821"]
    if not undefined:
        return 0
    bound: set[str] = set()
    for node in facts_of(text).nodes:
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add(node.asname or node.name.partition(".")[0])
    return sum(1 for name in undefined if name in bound)
