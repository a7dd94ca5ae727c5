"""The courier: Function_Courier.md parsed into a registry, checked against the code, and calls."""

from __future__ import annotations

import importlib
import inspect
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, overload

from nca.admin.limits import WorkerTimeout, run_limited
from nca.workers.core.errors import CourierError
from nca.workers.core.registry import WORKERS
from nca.workers.core.types import (
    Analysis,
    AnalyzeRequest,
    BackupRecord,
    BackupRequest,
    CleanReport,
    CleanRequest,
    DebugRequest,
    FixProposal,
    FixRequest,
    Merged,
    MergeRequest,
    Summary,
    Verification,
    VerifyRequest,
)

__all__ = ["COURIER_FILE", "Courier", "WorkerSpec", "parse_courier"]

log = logging.getLogger(__name__)


def courier_file() -> Path:
    """Return where Function_Courier.md is: package data of ``nca.admin`` in an installed wheel
    (and in the strict editable install, linked to the top-level file), else the top of a
    source tree that runs uninstalled."""
    try:
        shipped = files(__package__ or "nca.admin").joinpath("Function_Courier.md")
        if shipped.is_file():
            return Path(str(shipped))
    except (ModuleNotFoundError, TypeError, OSError):
        pass
    return Path(__file__).resolve().parents[1] / "Function_Courier.md"


#: the worker registry: the design's top-level Function_Courier.md, shipped as package data
COURIER_FILE = courier_file()
#: the modules that hold workers; importing them fills nca.workers.core.registry.WORKERS
WORKER_MODULES = ("nca.workers.debugging.debugger", "nca.workers.analysis.analyzer", "nca.workers.fixing.fixer",
                  "nca.workers.fixing.fixer_helper", "nca.workers.fixing.verify", "nca.workers.cleaning.cleaner",
                  "nca.workers.backups.gitter")

_FIELD = re.compile(r"^- (target|signature|input|output|engines|time limit):\s*(.+)$")


@dataclass(frozen=True)
class WorkerSpec:
    name: str
    target: str  # module:function
    signature: str
    input: str
    output: str
    engines: tuple[str, ...]
    time_limit: float  # seconds
    text: str  # the whole section: the contract given to models

    @cached_property
    def function(self) -> Callable[..., Any]:
        module, _, attr = self.target.partition(":")
        try:
            return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]
        except (ImportError, AttributeError) as err:
            raise CourierError(f"worker {self.name}: cannot load {self.target}: {err}") from None


def parse_courier(text: str) -> dict[str, WorkerSpec]:
    """Return the worker specs of a Function_Courier.md text, by worker name."""
    specs: dict[str, WorkerSpec] = {}
    for section in re.split(r"^(?=## )", text, flags=re.M):
        if not section.startswith("## "):
            continue
        name = section[3:].splitlines()[0].strip()
        fields: dict[str, str] = {}
        for line in section.splitlines()[1:]:
            m = _FIELD.match(line.strip())
            if m:
                fields[m.group(1)] = m.group(2).strip()
        missing = {"target", "signature", "time limit"} - fields.keys()
        if missing:
            raise CourierError(f"worker {name}: missing {', '.join(sorted(missing))}")
        if name in specs:
            raise CourierError(f"worker {name} is declared twice")
        engines = fields.get("engines", "none")
        specs[name] = WorkerSpec(
            name=name,
            target=fields["target"].strip("`"),
            signature=fields["signature"].strip("`"),
            input=fields.get("input", ""),
            output=fields.get("output", ""),
            engines=() if engines == "none" else tuple(e.strip() for e in engines.split(",")),
            time_limit=_seconds(name, fields["time limit"]),
            text=section.strip(),
        )
    return specs


def _seconds(name: str, value: str) -> float:
    m = re.fullmatch(r"([\d.]+)\s*(ms|s)", value.strip())
    if not m:
        raise CourierError(f"worker {name}: time limit {value!r} is not like '2 s' or '500 ms'")
    return float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)


def signature_of(func: Callable[..., Any]) -> str:
    """Return ``name(params) -> ret`` as written in the courier file."""
    return f"{func.__name__}{inspect.signature(func)}".replace("'", "")


class Courier:
    """The registry of workers; calls them in-process, each held to its time limit."""

    def __init__(self, path: Path = COURIER_FILE) -> None:
        try:
            self.specs = parse_courier(path.read_text(encoding="utf-8"))
        except OSError as err:
            raise CourierError(f"cannot read {path}: {err.strerror} (the worker registry ships "
                               "with nca: reinstall it)") from None
        self.path = path
        self.timings: dict[str, list[float]] = {}

    def check(self) -> list[str]:
        """Return every disagreement between the file and the code (empty when they agree)."""
        for module in WORKER_MODULES:
            importlib.import_module(module)
        problems = []
        for name in sorted(WORKERS.keys() - self.specs.keys()):
            problems.append(f"worker {name} is in the code but not in {self.path.name}")
        for name, spec in sorted(self.specs.items()):
            if name not in WORKERS:
                problems.append(f"worker {name} is in {self.path.name} but not in the code")
                continue
            try:
                func = spec.function
            except CourierError as err:
                problems.append(str(err))
                continue
            if func is not WORKERS[name]:
                problems.append(f"worker {name}: target {spec.target} is not the registered worker")
            actual = signature_of(func)
            if actual != spec.signature:
                problems.append(f"worker {name}: signature is `{actual}`, the file says `{spec.signature}`")
        return problems

    def contract(self, name: str) -> str:
        """Return the contract text of a worker, for a model prompt."""
        return self.spec(name).text

    def spec(self, name: str) -> WorkerSpec:
        try:
            return self.specs[name]
        except KeyError:
            raise CourierError(f"no worker named {name!r} in {self.path.name}") from None

    # what each worker of Function_Courier.md takes and answers (a name known only at run time
    # gets Any: the repair loop's steps)
    @overload
    def call(self, name: Literal["debug"], request: DebugRequest, *,
             cancel: threading.Event | None = None, limit: float | None = None) -> Summary: ...
    @overload
    def call(self, name: Literal["analyze"], request: AnalyzeRequest, *,
             cancel: threading.Event | None = None, limit: float | None = None) -> Analysis: ...
    @overload
    def call(self, name: Literal["fix"], request: FixRequest, *,
             cancel: threading.Event | None = None, limit: float | None = None) -> FixProposal: ...
    @overload
    def call(self, name: Literal["fix_helper"], request: MergeRequest, *,
             cancel: threading.Event | None = None, limit: float | None = None) -> Merged: ...
    @overload
    def call(self, name: Literal["verify"], request: VerifyRequest, *,
             cancel: threading.Event | None = None,
             limit: float | None = None) -> Verification: ...
    @overload
    def call(self, name: Literal["clean"], request: CleanRequest, *,
             cancel: threading.Event | None = None, limit: float | None = None) -> CleanReport: ...
    @overload
    def call(self, name: Literal["backup"], request: BackupRequest, *,
             cancel: threading.Event | None = None,
             limit: float | None = None) -> BackupRecord: ...
    @overload
    def call(self, name: str, request: Any, *, cancel: threading.Event | None = None,
             limit: float | None = None) -> Any: ...

    def call(self, name: str, request: Any, *, cancel: threading.Event | None = None,
             limit: float | None = None) -> Any:
        """Return the worker's answer to ``request``, run under its time limit.

        The limit is the worker's in Function_Courier.md unless ``limit`` (a plan's, shortened
        to its deadline) says otherwise. Past it, WorkerTimeout is raised at once and ``cancel``
        is set, so the model calls the worker waits on stop (nca.admin.limits).
        """
        spec = self.spec(name)
        func = spec.function  # imported before the clock starts
        limit = spec.time_limit if limit is None else limit
        started = time.perf_counter()
        try:
            return run_limited(name, func, request, limit, cancel=cancel)
        except WorkerTimeout:
            log.warning("worker %s overran its %.2f s limit: cancelled", name, limit)
            raise
        finally:
            self.timings.setdefault(name, []).append(time.perf_counter() - started)

    def limits(self) -> dict[str, float]:
        """Return every worker's time limit in seconds, by name."""
        return {name: spec.time_limit for name, spec in self.specs.items()}
