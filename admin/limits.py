"""Time limits that hold: a worker runs in a thread of its own and is given up at its deadline.

A Python thread cannot be killed, so a deadline is enforced in two halves. The caller stops
waiting at once (``run_limited`` raises :class:`WorkerTimeout` at the limit), and the worker is
told to stop through a cancel flag that reaches what it waits on: model generation (an engine's
``cancel`` option, see :func:`cancellable`) and subprocesses (their own time limit is the
worker's, so they are killed with their process group by then). Whatever such a worker would
still return is dropped; nothing it started is half-written, because every write nca makes is
atomic (temp file + ``os.replace``) and the loop's workers write only to scratch copies.

``bounded`` runs calls side by side, never more than ``workers`` at once: the repair loop is
synchronous, so its parallel parts (candidates verified together, engines asked together) use a
bounded thread pool.
"""

from __future__ import annotations

import contextvars
import inspect
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from nca.workers.core.errors import NcaError
from nca.workers.engines.base import CancelFlag, ModelEngine

__all__ = ["AnyFlag", "Deadline", "WorkerTimeout", "bounded", "cancellable", "run_limited"]

T = TypeVar("T")
R = TypeVar("R")


class WorkerTimeout(NcaError):
    """A worker ran past its time limit and was given up (and told to stop)."""

    code = "worker_timeout"

    def __init__(self, name: str, limit: float) -> None:
        super().__init__(f"{name} took longer than its {_seconds(limit)} limit and was "
                         "cancelled")
        self.name = name
        self.limit = limit


def _seconds(limit: float) -> str:
    return f"{limit * 1000:.0f} ms" if limit < 1 else f"{limit:g} s"


class AnyFlag:
    """A cancel flag that is set when any of the flags it holds is (None flags are ignored)."""

    def __init__(self, *flags: CancelFlag | None) -> None:
        self.flags = tuple(f for f in flags if f is not None)

    def is_set(self) -> bool:
        return any(f.is_set() for f in self.flags)


class Deadline:
    """The time left to a whole run (the repair loop's deadline)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.monotonic()

    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    @property
    def passed(self) -> bool:
        return self.left() <= 0

    def cap(self, limit: float) -> float:
        """Return ``limit``, shortened to what is left (never below 10 ms)."""
        return max(min(limit, self.left()), 0.01)


def run_limited(name: str, func: Callable[[T], R], request: T, limit: float, *,
                cancel: threading.Event | None = None) -> R:
    """Return ``func(request)``, run in a thread of its own; WorkerTimeout at ``limit`` seconds.

    On time-out ``cancel`` is set, so what the worker waits on stops; the thread is daemonic and
    is not waited for. An exception of the worker is raised here as it was raised there.
    """
    done = threading.Event()
    box: dict[str, Any] = {}
    context = contextvars.copy_context()

    def run() -> None:
        try:
            box["value"] = context.run(func, request)
        except BaseException as err:  # handed to the caller, who raises it
            box["error"] = err
        finally:
            done.set()

    threading.Thread(target=run, name=f"nca-{name}", daemon=True).start()
    if not done.wait(limit):
        if cancel is not None:
            cancel.set()
        raise WorkerTimeout(name, limit)
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def bounded(call: Callable[[T], R], items: Sequence[T], workers: int) -> list[R | BaseException]:
    """Return ``call(item)`` for each item, in order, at most ``workers`` running at once.

    An item whose call raised has its exception in its place: one failure never hides the rest.
    """
    if len(items) <= 1 or workers <= 1:
        return list(_each(call, items))
    with ThreadPoolExecutor(max_workers=min(workers, len(items)),
                            thread_name_prefix="nca-pool") as pool:
        futures = [pool.submit(contextvars.copy_context().run, call, item) for item in items]
        out: list[R | BaseException] = []
        for future in futures:
            err = future.exception()
            out.append(err if err is not None else future.result())
        return out


def _each(call: Callable[[T], R], items: Iterable[T]) -> Iterator[R | BaseException]:
    for item in items:
        try:
            yield call(item)
        except Exception as err:
            yield err


# --------------------------------------------------------------------------- engines


class _Cancellable:
    """An engine whose model calls carry a cancel flag.

    ``ModelEngine.propose`` asks ``self.chat`` without one; run on this stand-in, its
    ``self.chat`` is the engine's with the flag added, so a worker given up at its deadline
    stops the generation too (within a token for a local model, at once for an upstream).
    Everything else is the engine's own.
    """

    def __init__(self, engine: Any, cancel: CancelFlag) -> None:
        self.__dict__["_engine"] = engine
        self.__dict__["_cancel"] = cancel

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._engine, name, value)

    def __repr__(self) -> str:
        return f"cancellable({self._engine!r})"

    def chat(self, messages: Any, **options: Any) -> Any:
        options["cancel"] = AnyFlag(options.get("cancel"), self._cancel)
        return self._engine.chat(messages, **options)

    def propose(self, request: Any) -> Any:
        return ModelEngine.propose(self, request)  # type: ignore[arg-type]


def cancellable(engine: Any, cancel: CancelFlag) -> Any:
    """Return ``engine`` such that its fix proposals stop once ``cancel`` is set.

    A model engine proposing through ``ModelEngine.propose`` gets the flag on its model call; an
    engine whose ``propose`` takes ``cancel`` gets it there; any other engine (the rules engine,
    quick and in-process) is returned as it is.
    """
    propose = getattr(type(engine), "propose", None)
    if propose is ModelEngine.propose:
        return _Cancellable(engine, cancel)
    if propose is not None and "cancel" in inspect.signature(propose).parameters:
        return _WithCancelArgument(engine, cancel)
    return engine


class _WithCancelArgument(_Cancellable):
    def propose(self, request: Any) -> Any:
        return self._engine.propose(request, cancel=self._cancel)
