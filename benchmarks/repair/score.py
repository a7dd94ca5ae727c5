"""Scoring repairs of mutants: exact, plausible or fail, and the totals per kind."""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.repair.corpus import LINT_PATH, Mutant, new_problems
from benchmarks.repair.mutations import STDLIB_MODULES
from nca.workers.core.types import Problem
from nca.workers.debugging.linting import lint_text

__all__ = [
    "Outcome",
    "Row",
    "StdlibIndex",
    "dispatcher_fix",
    "lint",
    "repair",
    "score",
    "summarize",
]

EXACT, PLAUSIBLE, FAIL = "exact", "plausible", "fail"

Lint = Callable[[str, str], Sequence[Problem]]
FixText = Callable[["Mutant"], Any]  # mutant -> FileReport


class StdlibIndex:
    """A :class:`~nca.workers.core.types.SymbolIndex` that knows the attributes of safe stdlib modules.

    It lets the linter report a misspelt ``module.attr`` (NCA101) the same way in every run,
    whatever the workspace's own index holds.
    """

    def modules_named(self, name: str) -> Sequence[tuple[str, str]]:
        return ((name, "stdlib"),) if name in STDLIB_MODULES else ()

    def providers_of(self, name: str) -> Sequence[tuple[str, str]]:
        return ()

    def module_attributes(self, module: str) -> Sequence[str]:
        if module not in STDLIB_MODULES:
            return ()
        return tuple(dir(importlib.import_module(module)))


_INDEX = StdlibIndex()


def lint(text: str, path: str = LINT_PATH) -> tuple[Problem, ...]:
    """Return the problems of ``text``: compile(), ruff's F and E9 rules, NCA101."""
    try:
        return tuple(lint_text(text, path, _INDEX))
    except ImportError:  # a linter without the NCA101 check: misspelt attributes go unseen
        return tuple(lint_text(text, path))


@functools.lru_cache(maxsize=64)
def _baseline(lint: Lint, text: str, path: str) -> tuple[Problem, ...]:
    return tuple(lint(text, path))


def _tree(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _attribute_used(tree: ast.Module, module: str, attribute: str) -> bool:
    return any(
        isinstance(n, ast.Attribute)
        and n.attr == attribute
        and isinstance(n.value, ast.Name)
        and n.value.id == module
        for n in ast.walk(tree)
    )


def score(mutant: Mutant, fixed: str, lint: Lint = lint) -> str:
    """Return ``exact``, ``plausible`` or ``fail`` for ``fixed``, a repair of ``mutant``.

    exact: it parses to the original's AST. plausible: it parses, the injected error is gone
    and it has no problem the original lacks. fail: anything else.
    """
    tree = _tree(fixed)
    if tree is None:
        return FAIL
    original = ast.parse(mutant.original)
    if ast.dump(tree) == ast.dump(original):
        return EXACT
    if mutant.module and mutant.attribute and _attribute_used(tree, mutant.module, mutant.attribute):
        return FAIL
    # linted under the file's real path, as the repair was: ruff judges __init__.py apart
    if new_problems(_baseline(lint, mutant.original, mutant.path), lint(fixed, mutant.path)):
        return FAIL
    return PLAUSIBLE


@dataclass(frozen=True)
class Outcome:
    """How the repair of one mutant went."""

    mutant: Mutant
    score: str
    status: str  # the report's status, or "error" when fix_text raised
    verified: bool
    ms: float
    error: str = ""

    @property
    def wrong_verified(self) -> bool:
        return self.verified and self.score == FAIL

    def to_dict(self) -> dict[str, Any]:
        m = self.mutant
        return {
            "id": m.id,
            "kind": m.kind,
            "lib": m.lib,
            "path": m.path,
            "line": m.line,
            "detail": m.detail,
            "detected": m.detected,
            "injected": [f"{p.code} {p.message}" for p in m.injected],
            "score": self.score,
            "status": self.status,
            "verified": self.verified,
            "wrong_verified": self.wrong_verified,
            "ms": round(self.ms, 1),
            "error": self.error,
        }


@contextmanager
def dispatcher_fix() -> Iterator[FixText]:
    """Yield ``fix(mutant) -> FileReport``: the loop run as a user of the library would run it.

    Each library is copied into a scratch workspace once; for each mutant its file is replaced
    by the mutant (so the workspace does not hold the answer) and a fresh Dispatcher repairs
    it under its real path, with the stdlib and installed-package indexes shared between runs.
    """
    from nca.admin.dispatcher import Dispatcher
    from nca.workers.facts.knowledge import (
        CombinedIndex,
        InstalledIndex,
        StdlibIndex,
        WorkspaceIndex,
    )

    stdlib, installed = StdlibIndex(), InstalledIndex()
    with tempfile.TemporaryDirectory(prefix="nca-bench-") as root:

        def fix(mutant: Mutant) -> Any:
            workspace = Path(root) / mutant.lib
            top = mutant.path.split("/")[0]
            if not (workspace / top).exists():
                _copy_top(top, workspace)
            target = workspace / mutant.path
            target.write_text(mutant.text, encoding="utf-8")
            try:
                dispatcher = Dispatcher(workspace=workspace, record=False)
                dispatcher.index = CombinedIndex(WorkspaceIndex(workspace), stdlib, installed)
                return dispatcher.fix_text(mutant.text, path=mutant.path)
            finally:
                target.write_text(mutant.original, encoding="utf-8")

        yield fix


def _copy_top(top: str, workspace: Path) -> None:
    spec = importlib.util.find_spec(top.removesuffix(".py"))
    if spec is None or spec.origin is None:
        raise LookupError(f"{top} is not installed")
    workspace.mkdir(parents=True, exist_ok=True)
    if spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations)))
        shutil.copytree(folder, workspace / folder.name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    else:
        shutil.copy2(spec.origin, workspace / Path(spec.origin).name)


def repair(
    mutants: Iterable[Mutant],
    fix: FixText,
    lint: Lint = lint,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Return the outcome of repairing each mutant with ``fix``, timed."""
    out = []
    for mutant in mutants:
        start = time.perf_counter()
        try:
            report = fix(mutant)
        except Exception as err:  # a crash is a failed repair, and the run goes on
            ms = (time.perf_counter() - start) * 1000
            outcome = Outcome(mutant, FAIL, "error", False, ms, f"{type(err).__name__}: {err}")
        else:
            ms = (time.perf_counter() - start) * 1000
            verdict = score(mutant, report.text, lint)
            outcome = Outcome(mutant, verdict, report.status, bool(report.verified), ms)
        out.append(outcome)
        if progress is not None:
            progress(outcome)
    return out


@dataclass(frozen=True)
class Row:
    """Totals for one kind (or ``overall``)."""

    kind: str
    mutants: int
    exact: int
    plausible: int
    fail: int
    wrong_verified: int
    undetected: int
    median_ms: float

    def pct(self, n: int) -> float:
        return 100.0 * n / self.mutants if self.mutants else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "mutants": self.mutants,
            "exact": self.exact,
            "plausible": self.plausible,
            "fail": self.fail,
            "exact_pct": round(self.pct(self.exact), 1),
            "plausible_pct": round(self.pct(self.exact + self.plausible), 1),  # exact included
            "wrong_verified": self.wrong_verified,
            "not_detected": self.undetected,
            "median_ms": round(self.median_ms, 1),
        }


def _row(kind: str, outcomes: Sequence[Outcome]) -> Row:
    count = {s: sum(o.score == s for o in outcomes) for s in (EXACT, PLAUSIBLE, FAIL)}
    return Row(
        kind=kind,
        mutants=len(outcomes),
        exact=count[EXACT],
        plausible=count[PLAUSIBLE],
        fail=count[FAIL],
        wrong_verified=sum(o.wrong_verified for o in outcomes),
        undetected=sum(not o.mutant.detected for o in outcomes),
        median_ms=statistics.median(o.ms for o in outcomes) if outcomes else 0.0,
    )


def summarize(outcomes: Sequence[Outcome], kinds: Iterable[str] | None = None) -> list[Row]:
    """Return one row per kind, in ``kinds`` order, then the ``overall`` row."""
    order = list(kinds) if kinds is not None else list(dict.fromkeys(o.mutant.kind for o in outcomes))
    rows = [_row(k, [o for o in outcomes if o.mutant.kind == k]) for k in order]
    return [*rows, _row("overall", outcomes)]
