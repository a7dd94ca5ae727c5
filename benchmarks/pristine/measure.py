"""Measure what nca does to working code: a scratch git workspace, import checks before and after.

The machinery, apart from where the code comes from (``environment``) and the command line
(``__main__``): ``workspace`` commits a copy and runs nca's steps on it, ``checks`` imports
every module of it in a given interpreter, ``hunks`` names the edits; :func:`measure` runs the
steps (``nca fix --write`` and ``nca clean --write`` by default) and returns a :class:`Result`:
files and lines changed (``git diff --numstat`` against the initial commit), modules that
imported before and not after, and every diff hunk with nca's own account of what it did to
that file.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.pristine.checks import IMPORT_TIMEOUT, check_imports, list_modules, smoke
from benchmarks.pristine.hunks import IMPORT_LINE, Change, annotate, diff_changes, numstat, side
from benchmarks.pristine.workspace import Step, StepResult, make_workspace, snapshot

__all__ = ["Result", "measure"]

# --------------------------------------------------------------------------- one package


@dataclass
class Result:
    """What the steps did to one package's pristine copy."""

    package: str
    split: str = "dev"
    workspace: str = ""
    modules: int = 0  # modules that imported before (the ones checked after)
    skipped: dict[str, str] = field(default_factory=dict)  # failed before: not counted
    broken: dict[str, str] = field(default_factory=dict)  # imported before, not after
    #: "ok", "broken: why", "failed before: why" (not counted), or "" (no smoke check)
    smoke: str = ""
    files_changed: int = 0
    lines_added: int = 0
    lines_removed: int = 0
    fixes_applied: int = 0
    removals_applied: int = 0
    other_files: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    steps: list[StepResult] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0

    @property
    def lines_changed(self) -> int:
        return self.lines_added + self.lines_removed

    @property
    def smoke_broken(self) -> bool:
        return self.smoke.startswith("broken")

    def to_dict(self) -> dict:
        out = asdict(self)
        out["lines_changed"] = self.lines_changed
        for c, d in zip(self.changes, out["changes"], strict=True):
            d["broke"] = c.broke
        return out


@dataclass
class Said:
    """One thing nca reported doing to a file: a written fix or a removal."""

    step: str
    path: str
    line: int
    text: str
    #: the statement a missing-import fix adds, to find its hunk by
    adds: str = ""


def _nca_accounts(steps: Sequence[StepResult]) -> tuple[int, int, list[Said]]:
    """Count written fixes and removals; return what nca said it did, per file and line."""
    fixes = removals = 0
    said: list[Said] = []
    for step in steps:
        for report in step.reports:
            path = str(report.get("path", ""))
            written = bool(report.get("written"))
            for fix in report.get("fixes") or ():
                if fix.get("verified") and written:
                    fixes += 1
                    problem = fix.get("problem") or {}
                    title = str(fix.get("title"))
                    adds = re.search(r"^Add `((?:from|import) [^`]+)`", title)
                    said.append(Said(step.name, path, int(problem.get("line") or 0),
                                     f"{title} [{fix.get('engine')}/{fix.get('kind')}; "
                                     f"{problem.get('code')} {problem.get('message')}]",
                                     adds.group(1) if adds else ""))
            for finding in report.get("findings") or ():
                if finding.get("removed") and written:
                    removals += 1
                    said.append(Said(step.name, path, int(finding.get("line") or 0),
                                     f"removed {finding.get('category')} {finding.get('name')} "
                                     f"({finding.get('confidence')}%)"))
    return fixes, removals, said


def _norm(path: str, ws: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(ws.resolve()).as_posix() if p.is_absolute() else p.as_posix()
    except ValueError:
        return p.as_posix()


def _attach(changes: Sequence[Change], said: Sequence[Said], ws: Path) -> None:
    """Give each hunk what nca said about its lines; the rest of a file's goes on its first."""
    for item in said:
        path = _norm(item.path, ws)
        mine = [c for c in changes if c.file == path and c.step == item.step]
        if not mine:
            continue
        hit = [c for c in mine if item.adds and any(item.adds in p for p in side(c.hunk, "+"))]
        if not hit:
            hit = [c for c in mine
                   if c.old_range[0] - 1 <= item.line <= c.old_range[0] + max(c.old_range[1], 1)]
        if hit:
            hit[0].nca_said.append(f"{item.step} line {item.line}: {item.text}")
        else:
            mine[0].nca_said.append(f"{item.step} line {item.line} (no hunk of its own): {item.text}")


_AT = re.compile(r"\[at (.+):(\d+)\]$")
_CANNOT = re.compile(r"cannot import name '(\w+)' from '([\w.]+)'")
_NO_MODULE = re.compile(r"No module named '([\w.]+)'")


def _trace(changes: Sequence[Change], broken: dict[str, str]) -> None:
    """Say which hunk broke which module, from the import error's text and location."""
    for module, why in broken.items():
        hit: list[Change] = []
        if m := _CANNOT.search(why):
            name, source = m.groups()
            hit = [c for c in changes if c.module == source
                   and any(re.search(rf"\b{name}\b", x) for x in side(c.hunk, "-"))]
        if not hit and (m := _NO_MODULE.search(why)):
            top = m.group(1).split(".")[0]
            hit = [c for c in changes if any(IMPORT_LINE.match(x) and re.search(rf"\b{top}\b", x)
                                             for x in side(c.hunk, "+"))]
        if not hit and (m := _AT.search(why)):
            file, line = m.group(1), int(m.group(2))
            in_file = [c for c in changes if c.file == file]
            hit = [c for c in in_file
                   if c.new_range[0] <= line < c.new_range[0] + max(c.new_range[1], 1)]
            hit = hit or in_file
        for c in hit:
            c.breaks.append(module)


def measure(name: str, ws: Path, paths: Sequence[str], python: str | Path, steps: Sequence[Step],
            *, by_file: bool = False, split: str = "dev", smoke_code: str = "",
            requires_python: str = "", import_timeout: int = IMPORT_TIMEOUT) -> Result:
    """Commit the copy in ``ws``, check its imports, run ``steps``, check again and diff.

    ``paths`` (relative to ``ws``) are what the steps get and what the diff counts; the copy
    must already be in ``ws``. ``smoke_code`` uses the package; it is run before and after."""
    started = time.perf_counter()
    result = Result(package=name, split=split, workspace=str(ws))
    base = make_workspace(ws, name, requires_python)
    modules = list_modules(ws, paths, by_file=by_file)
    before = check_imports(python, ws, modules, timeout=import_timeout)
    result.skipped = {m: why for m, why in before.items() if why != "ok"}
    good = [m for m in modules if before.get(m[0]) == "ok"]
    result.modules = len(good)
    smoke_before = smoke(python, ws, smoke_code) if smoke_code else ""
    commits = [base]
    for i, step in enumerate(steps):
        done = step(ws, list(paths))
        result.steps.append(done)
        commits.append(snapshot(ws, done.name or f"step {i}"))
    after = check_imports(python, ws, good, timeout=import_timeout)
    result.broken = {m[0]: after.get(m[0], "not checked") for m in good
                     if after.get(m[0]) != "ok"}
    if smoke_code:
        if smoke_before != "ok":
            result.smoke = f"failed before: {smoke_before}"
        else:
            smoke_after = smoke(python, ws, smoke_code)
            result.smoke = "ok" if smoke_after == "ok" else f"broken: {smoke_after}"
    rows, other = numstat(ws, base, commits[-1], paths)
    result.files_changed = len(rows)
    result.lines_added = sum(r["added"] for r in rows)
    result.lines_removed = sum(r["removed"] for r in rows)
    result.other_files = other
    changes = [c for i, s in enumerate(result.steps)
               for c in diff_changes(ws, commits[i], commits[i + 1], paths, s.name)]
    result.fixes_applied, result.removals_applied, said = _nca_accounts(result.steps)
    _attach(changes, said, ws)
    annotate(ws, python, changes)
    _trace(changes, result.broken)
    result.changes = changes
    result.seconds = time.perf_counter() - started
    return result
