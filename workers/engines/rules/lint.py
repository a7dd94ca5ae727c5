"""Rules that take ruff's own fixes (unused imports, unused variables, ...) as candidates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nca.workers.engines.rules.base import RuleContext, candidate
from nca.workers.types import Candidate, Problem

__all__ = ["RULES", "RuffFix", "RuffEdit", "apply_ruff_edits"]

#: codes whose ruff fix is offered (and then verified like any other candidate)
FIXABLE = frozenset({"B006", "F401", "F541", "F632", "F811", "F841", "F901"})
#: fixes that change what the code does (`x is 1` -> `x == 1`, a `[]` default -> `None` and a
#: check in the body): suggested, never applied
SEMANTIC = frozenset({"B006", "F632"})


@dataclass(frozen=True)
class RuffEdit:
    """One edit of a ruff fix: 1-based rows, 1-based character columns, end exclusive."""

    row: int
    col: int
    end_row: int
    end_col: int
    content: str


def apply_ruff_edits(text: str, edits: Iterable[RuffEdit]) -> str:
    """Return ``text`` with ruff's edits applied, last first."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(row: int, col: int) -> int:
        if row - 1 >= len(lines):
            return len(text)
        return starts[row - 1] + col - 1

    for e in sorted(edits, key=lambda e: (e.row, e.col), reverse=True):
        text = text[: offset(e.row, e.col)] + e.content + text[offset(e.end_row, e.end_col):]
    return text


class RuffFix:
    """Apply the fix ruff itself attaches to a finding (the ruff binary decides, we verify)."""

    id = "ruff-fix"

    def __init__(self, fixes: Mapping[tuple[str, int, int], tuple[str, tuple[RuffEdit, ...]]] | None = None):
        self.fixes = fixes

    def applies(self, problem: Problem) -> bool:
        return problem.code in FIXABLE and problem.source == "ruff"

    def propose(self, ctx: RuleContext) -> Iterable[Candidate]:
        fixes = ctx.ruff_fixes if self.fixes is None else self.fixes
        p = ctx.problem
        found = fixes.get((p.code, p.line, p.col))
        if not found:
            return
        title, edits = found[0], found[1]
        safe = (found[2] if len(found) > 2 else "safe") == "safe"
        if p.code == "F401" and (ctx.path or "").endswith("__init__.py"):
            return  # an unused import in a package's __init__ is usually a re-export
        # ruff's unsafe fixes may change behaviour (a demo's deliberately unused local): shown
        # as suggestions, never applied
        yield candidate(self.id, ctx, title, apply_ruff_edits(ctx.text, edits), rank=1.0,
                        semantic=p.code in SEMANTIC, sure=safe)


RULES = (RuffFix(),)
