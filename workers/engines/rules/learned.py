"""Apply a fix that worked before: a stored diff from BuildTips, offered by the Analyzer.

The Analyzer lists learned solutions first (``kind="learned"``, ``detail["diff"]``); this rule
turns each one that still applies to the text into a diff candidate for fixer_helper to merge.
It is verified like any other candidate; a high rank lets it win a tie with a fresh rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from nca.workers.core.errors import MergeError
from nca.workers.core.text_edits import apply_unified_diff
from nca.workers.core.types import Candidate, Problem
from nca.workers.engines.rules import imports, lint, names, syntax
from nca.workers.engines.rules.base import ENGINE_ID, RuleContext

__all__ = ["RULES", "LearnedDiff"]

#: above every fresh rule's rank: a fix that verified before is tried first
LEARNED_RANK = 100.0


class LearnedDiff:
    """Propose the stored diff of each learned solution that still applies to the text."""

    id = "learned"

    def __init__(self) -> None:
        # learned fixes come from problems some rule of this engine handles; claiming more
        # would make every problem look fixable to the council
        self._peers = (*lint.RULES, *imports.RULES, *names.RULES, *syntax.RULES)

    def applies(self, problem: Problem) -> bool:
        return any(rule.applies(problem) for rule in self._peers)

    def propose(self, ctx: RuleContext) -> Iterable[Candidate]:
        solutions = ctx.analysis.solutions if ctx.analysis else ()
        for solution in solutions:
            diff = solution.detail.get("diff")
            if solution.kind != "learned" or not isinstance(diff, str):
                continue
            try:
                if apply_unified_diff(ctx.text, diff) == ctx.text:
                    continue
            except MergeError:  # the text around the old fix is not here
                continue
            # a learned fix never deletes code on its own authority: one that removes more
            # lines than it adds is offered as a suggestion, not applied
            yield Candidate(engine=ENGINE_ID, kind="learned", title=solution.title,
                            problem=ctx.problem, diff=diff,
                            rank=LEARNED_RANK + solution.score, sure=not _deletes(diff))


def _deletes(diff: str) -> bool:
    """Return True when ``diff`` takes away more lines of code than it adds (a line commented
    out or blanked counts as taken away)."""
    def code(line: str) -> bool:
        body = line[1:].strip()
        return bool(body) and not body.startswith("#")

    lines = diff.splitlines()
    removed = sum(1 for line in lines if line.startswith("-") and not line.startswith("---")
                  and code(line))
    added = sum(1 for line in lines if line.startswith("+") and not line.startswith("+++")
                and code(line))
    return removed > added


RULES = (LearnedDiff(),)
