"""The Wolfram workers in the loop: the roles nca.toml chose run there, the rest in Python.

``[nca.wolfram] workers = [...]`` picks the roles; :func:`workers_for` builds the workspace's
``Workers`` once per config file (its evaluator starts on first use only). :func:`run_role`
answers by the Wolfram worker when the role is selected and an evaluator is healthy, else by
the Python one, and says where it ran (``"wolfram"``, ``"python"``, or ``"python (wolfram
failed: ...)"``) so that the lifecycle log and the report can name it.

The roles in the loop: fixer_helper merges the repair loop's candidates (admin/repair.py), the
analyzer gives a memory context's related components (admin/context.py), the debugger ranks
the Analyzer's rename solutions by near-miss distance (:func:`rerank_renames`, in the repair
loop's analyze step), and the cleaner's reachability from entry points decides a clean run's
orphan modules (admin/cleaning_knowledge.py).
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from nca.admin.config import find_config, load_config
from nca.workers.core.errors import EngineError
from nca.workers.core.types import Analysis, Solution
from nca.workers.facts.near_miss import suggestions as python_suggestions

if TYPE_CHECKING:
    from nca.workers.engines.wolfram.workers import Workers

__all__ = ["rerank_renames", "run_role", "selects_wolfram", "workers_for"]

log = logging.getLogger(__name__)
T = TypeVar("T")

_cache: dict[tuple[str, str, int], Workers] = {}
_lock = threading.Lock()


def _key(workspace: str | Path) -> tuple[str, str, int]:
    root = str(Path(workspace).resolve())
    found = find_config(root)
    if found is None:
        return root, "", 0
    try:
        stamp = found[0].stat().st_mtime_ns
    except OSError:
        stamp = 0
    return root, str(found[0]), stamp


def selects_wolfram(workspace: str | Path) -> bool:
    """Return True when the workspace's config sends a worker role to Wolfram (without one,
    every role runs in Python and the Wolfram workers' modules never load)."""
    return bool(load_config(workspace).wolfram_workers)


def workers_for(workspace: str | Path) -> Workers:
    """Return the ``Workers`` of a workspace's config, built once per version of that file."""
    from nca.workers.engines.wolfram.workers import Workers

    key = _key(workspace)
    with _lock:
        workers = _cache.get(key)
        if workers is None:
            for old in [k for k in _cache if k[0] == key[0]]:
                _cache.pop(old).close()  # the config changed: its evaluator goes
            workers = _cache[key] = Workers.for_config(load_config(workspace))
        return workers


@atexit.register
def _close_all() -> None:
    with _lock:
        for workers in _cache.values():
            workers.close()
        _cache.clear()


def run_role(workers: Workers | None, role: str, wolfram: Callable[[Workers], T],
             python: Callable[[], T]) -> tuple[T, str]:
    """Return ``role``'s answer and where it ran: on Wolfram when selected and healthy."""
    if workers is not None and workers.runs_on(role) == "wolfram":
        try:
            return wolfram(workers), "wolfram"
        except EngineError as err:
            log.warning("the Wolfram %s worker failed, the Python one answers: %s", role, err)
            return python(), f"python (wolfram failed: {str(err)[:160]})"
    return python(), "python"


def _plain_rename(solution: Solution) -> bool:
    """Return True for a rename of one name into another (not ``x`` -> ``self.x``)."""
    original, replacement = (solution.detail.get(k) for k in ("original", "replacement"))
    return (solution.kind == "rename" and isinstance(original, str) and original.isidentifier()
            and isinstance(replacement, str) and replacement.isidentifier())


def rerank_renames(workers: Workers | None, analysis: Analysis) -> tuple[Analysis, str | None]:
    """Return ``analysis`` with its rename solutions ranked by the debugger role's near-miss
    search, and where it ran (None when the analysis holds no rename to rank).

    The candidates are the renames' replacements for the misspelt name, each at its place in
    the Analyzer's list as its nearness (the Analyzer's own tie-break stands); the renames the
    search keeps take the places, and the scores, of those renames in its order. Either worker
    gives the same order (the Python search is ``nca.workers.facts.near_miss.suggestions``, by
    which the Analyzer ranked the names in scope and a module's attributes, so those keep their
    order); a rename the search drops (a type checker's guess beyond the near-miss distance)
    stays where it was.
    """
    solutions = list(analysis.solutions)
    renames = [i for i, s in enumerate(solutions) if _plain_rename(s)]
    if not renames:
        return analysis, None
    wrong = solutions[renames[0]].detail["original"]
    renames = [i for i in renames if solutions[i].detail["original"] == wrong]
    slot_of = {solutions[i].detail["replacement"]: i for i in renames}
    candidates = [(name, place) for place, name in enumerate(slot_of)]
    ranked, where = run_role(workers, "debugger",
                             lambda chosen: chosen.wolfram.suggestions(wrong, candidates),
                             lambda: python_suggestions(wrong, candidates))
    kept = [slot_of[name] for name, _ in ranked if name in slot_of]
    places = sorted(kept)  # the places (and scores) of the kept renames, best first
    for place, source in zip(places, kept, strict=True):
        solutions[place] = replace(analysis.solutions[source],
                                   score=analysis.solutions[place].score)
    return replace(analysis, solutions=tuple(solutions)), where
