"""The Wolfram workers in the loop: the roles nca.toml chose run there, the rest in Python.

``[nca.wolfram] workers = [...]`` picks the roles; :func:`workers_for` builds the workspace's
``Workers`` once per config file (its evaluator starts on first use only). :func:`run_role`
answers by the Wolfram worker when the role is selected and an evaluator is healthy, else by
the Python one, and says where it ran (``"wolfram"``, ``"python"``, or ``"python (wolfram
failed: ...)"``) so that the lifecycle log and the report can name it.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from nca.admin.config import find_config, load_config
from nca.workers.core.errors import EngineError
from nca.workers.engines.wolfram.workers import Workers

__all__ = ["run_role", "workers_for"]

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


def workers_for(workspace: str | Path) -> Workers:
    """Return the ``Workers`` of a workspace's config, built once per version of that file."""
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
