"""The worker registry: each worker function registers under its name, and the courier checks
the registry against Function_Courier.md."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["WORKERS", "worker"]

F = TypeVar("F", bound=Callable[..., Any])

#: name -> function, filled by :func:`worker`; the courier checks it against Function_Courier.md.
WORKERS: dict[str, Callable[..., Any]] = {}


def worker(name: str) -> Callable[[F], F]:
    """Return a decorator that registers a worker function under ``name``."""

    def register(func: F) -> F:
        WORKERS[name] = func
        func.__nca_worker__ = name  # type: ignore[attr-defined]
        return func

    return register
