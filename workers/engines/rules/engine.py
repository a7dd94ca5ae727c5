"""The rules engine: offline, deterministic, always available; the embedded default."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from nca.workers.core.types import Candidate, FixRequest, Health, Problem
from nca.workers.debugging.ruff import ruff_fixes
from nca.workers.engines.rules import imports, learned, lint, names, syntax
from nca.workers.engines.rules.base import ENGINE_ID, Rule, RuleContext

__all__ = ["RulesEngine", "default_rules"]

log = logging.getLogger(__name__)


def default_rules() -> tuple[Rule, ...]:
    """Return every rule of the engine, in the order their candidates are preferred."""
    return (*learned.RULES, *lint.RULES, *imports.RULES, *names.RULES, *syntax.RULES)


class RulesEngine:
    """Runs each rule that applies to a problem; a rule that raises is logged and skipped."""

    id = ENGINE_ID
    kind = "rules"
    capabilities = frozenset({"fix"})
    context_length = 0  # reads no prompt

    def __init__(self, rules: Sequence[Rule] | None = None) -> None:
        self.rules = tuple(rules) if rules is not None else default_rules()

    def health(self) -> Health:
        return Health(True, f"{len(self.rules)} rules")

    def handles(self, problem: Problem) -> bool:
        """Return True when some rule applies to ``problem``."""
        return any(rule.applies(problem) for rule in self.rules)

    def propose(self, request: FixRequest) -> list[Candidate]:
        problem = request.problem
        applicable = [rule for rule in self.rules if rule.applies(problem)]
        if not applicable:
            return []
        fixes = {}
        if any(isinstance(rule, lint.RuffFix) for rule in applicable):
            fixes = ruff_fixes(request.text, request.path)
        ctx = RuleContext(text=request.text, problem=problem, path=request.path,
                          analysis=request.analysis, problems=request.problems, ruff_fixes=fixes)
        out: list[Candidate] = []
        for rule in applicable:
            try:
                out.extend(rule.propose(ctx))
            except Exception:  # one faulty rule must not hide the others' candidates
                log.exception("rule %s failed on %s", rule.id, problem.code)
        return out
