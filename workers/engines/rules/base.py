"""What a rule of the rules engine is: a small unit that turns one problem into candidates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from nca.workers.core.types import Analysis, Candidate, Problem

ENGINE_ID = "rules"


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may look at. Rules do no I/O."""

    text: str
    problem: Problem
    path: str | None = None
    analysis: Analysis | None = None
    problems: tuple[Problem, ...] = ()  # every problem of the file
    # ruff's own fixes: (code, line, col) -> (title, edits); filled by the engine when needed
    ruff_fixes: Mapping[tuple[str, int, int], tuple[Any, ...]] = field(
        default_factory=dict
    )


class Rule(Protocol):
    """A rule proposes zero or more whole-text candidates for problems it understands."""

    id: str

    def applies(self, problem: Problem) -> bool: ...

    def propose(self, ctx: RuleContext) -> Iterable[Candidate]: ...


def candidate(
    rule_id: str,
    ctx: RuleContext,
    title: str,
    text: str,
    *,
    rank: float = 0.0,
    semantic: bool = False,
    sure: bool = True,
) -> Candidate:
    """Return a whole-text candidate of the rules engine for ``ctx.problem``."""
    return Candidate(
        engine=ENGINE_ID,
        kind=rule_id,
        title=title,
        problem=ctx.problem,
        text=text,
        rank=rank,
        semantic=semantic,
        sure=sure,
    )
