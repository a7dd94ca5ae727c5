"""The planner: the steps a task goes through, the steps it skips and why, and its limits.

The plan is what runs: the repair loop (nca.admin.repair) runs the steps the plan holds, logs
each skipped one with its reason, and takes its limits (rounds, deadline, candidates, how many
are verified at once, every worker's time limit) from the plan.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from nca.admin.courier import Courier
from nca.admin.tasks import Task

__all__ = ["LOOP_STEPS", "PLANS", "Limits", "Plan", "plan"]

#: the repair loop, per problem: debug -> analyze -> fix -> fix_helper -> verify -> vote;
#: ``context`` is the project's memory read for a model's prompt
LOOP_STEPS = ("lint", "debug", "analyze", "context", "fix", "fix_helper", "verify", "vote")

PLANS: dict[str, tuple[str, ...]] = {
    "fix_file": ("read", *LOOP_STEPS, "check", "backup", "write"),
    "fix_text": (*LOOP_STEPS, "check"),
    "diagnostic": LOOP_STEPS,
    "debug_log": ("debug",),
    "chat": ("context", "chat"),
}


@lru_cache(maxsize=1)
def _courier_limits() -> tuple[tuple[str, float], ...]:
    return tuple(Courier().limits().items())


@dataclass(frozen=True)
class Limits:
    """How far a run may go. Worker time limits are Function_Courier.md's unless set."""

    rounds: int = 40
    deadline_s: float = 60.0
    candidates: int = 8  # verified per problem; engines rank their best first
    parallel: int = field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)))
    workers: tuple[tuple[str, float], ...] = ()  # (worker, seconds)

    def worker(self, name: str) -> float | None:
        """Return the time limit of worker ``name`` in seconds (None: the courier's own)."""
        return dict(self.workers).get(name)


@dataclass(frozen=True)
class Plan:
    task_kind: str
    steps: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...] = ()  # (step, why)
    limits: Limits = field(default_factory=Limits)

    def has(self, step: str) -> bool:
        return step in self.steps

    def why_skipped(self, step: str) -> str:
        """Return why the plan does not run ``step``."""
        return dict(self.skipped).get(step, f"not a step of a {self.task_kind} task")


def plan(task: Task, *, council: Any = None, courier: Any = None,
         limits: Limits | None = None) -> Plan:
    """Return the plan for ``task``.

    ``check`` runs only with a check command, ``backup`` and ``write`` only when asked to write;
    with a ``council``, ``context`` only when a model may be asked (the rules engine reads no
    prompt). Worker time limits come from ``courier`` (Function_Courier.md by default) unless
    ``limits`` names them.
    """
    skipped: list[tuple[str, str]] = []
    steps = PLANS[task.kind]

    def skip(step: str, why: str) -> None:
        if step in steps:
            skipped.append((step, why))

    if not task.check:
        skip("check", "no check command was given")
    if not task.write:
        skip("backup", "the task does not write the file")
        skip("write", "the task does not write the file")
    if council is not None and task.kind != "chat" and not _models_fix(council):
        skip("context", "no model engine is routed to fix: the rules engine reads no prompt")
    left = {step for step, _ in skipped}
    limits = limits or Limits()
    known = dict(courier.limits()) if courier is not None else dict(_courier_limits())
    known.update(dict(limits.workers))
    limits = Limits(limits.rounds, limits.deadline_s, limits.candidates, limits.parallel,
                    tuple(sorted(known.items())))
    return Plan(task.kind, tuple(s for s in steps if s not in left), tuple(skipped), limits)


def _models_fix(council: Any) -> bool:
    return any(getattr(council.engines.get(i), "kind", "rules") not in ("rules", "wolfram")
               for i in council.route("fix"))
