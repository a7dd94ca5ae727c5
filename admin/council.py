"""The council: which engines a task may use, and the vote among verified candidates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nca.workers.engines.rules.engine import RulesEngine
from nca.workers.types import Candidate, Engine, Health, Problem, TextEdit, Verification

__all__ = ["Ballot", "Council", "vote"]


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
    and the right one. A semantic candidate (one that changes behaviour) never wins: it is
    shown as a suggestion, not applied.
    """
    eligible = [b for b in ballots if b.verification.verified and not b.candidate.semantic]
    if not eligible:
        return None

    def key(b: Ballot) -> tuple[float, ...]:
        v = b.verification
        check_ok = 0 if v.check is None or v.check.ok else 1
        return (0 if v.target_gone else 1, len(v.new_problems), check_ok, -b.candidate.rank,
                len(v.problems), b.size)

    return min(eligible, key=key)


class Council:
    """Holds the engines and the routing: which engines serve which role, in what order."""

    def __init__(self, engines: Sequence[Engine] | None = None,
                 routing: dict[str, Sequence[str]] | None = None) -> None:
        self.engines: dict[str, Engine] = {e.id: e for e in (engines or (RulesEngine(),))}
        self.routing = {role: tuple(ids) for role, ids in (routing or {"fix": ("rules",)}).items()}

    def engines_for(self, role: str) -> tuple[Engine, ...]:
        """Return the healthy engines routed to ``role`` that declare it, in routing order."""
        ids = self.routing.get(role) or tuple(self.engines)
        chosen = []
        for engine_id in ids:
            engine = self.engines.get(engine_id)
            if engine is None or role not in engine.capabilities:
                continue
            if engine.health().healthy:
                chosen.append(engine)
        return tuple(chosen)

    def health(self) -> dict[str, Health]:
        """Return each engine's health."""
        return {engine_id: engine.health() for engine_id, engine in self.engines.items()}

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
