"""The planner: the steps each kind of task goes through, in order."""

from __future__ import annotations

from dataclasses import dataclass

from nca.admin.tasks import Task

__all__ = ["PLANS", "Plan", "plan"]

#: the repair loop, per problem: debug -> analyze -> fix -> fix_helper -> verify -> vote
_REPAIR = ("lint", "debug", "analyze", "fix", "fix_helper", "verify", "vote")

PLANS: dict[str, tuple[str, ...]] = {
    "fix_file": ("read", *_REPAIR, "check", "backup", "write"),
    "fix_text": (*_REPAIR, "check"),
    "diagnostic": _REPAIR,
    "debug_log": ("debug",),
    "chat": ("context", "chat"),
}


@dataclass(frozen=True)
class Plan:
    task_kind: str
    steps: tuple[str, ...]

    def has(self, step: str) -> bool:
        return step in self.steps


def plan(task: Task) -> Plan:
    """Return the plan for a task; ``check`` only with a check command, ``write`` only when asked."""
    steps = PLANS[task.kind]
    if not task.check:
        steps = tuple(s for s in steps if s != "check")
    if not task.write:
        steps = tuple(s for s in steps if s not in ("backup", "write"))
    return Plan(task.kind, steps)
