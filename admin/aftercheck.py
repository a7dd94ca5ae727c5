"""After ``--write``: does the project still work? Checked statically, and by importing when allowed.

Statically (no code run), every name another workspace module imports from a written module
must still be bound there (the name graph). Where the user allowed running project code
(``nca fix --import-check``, or ``import_check = true`` in a trusted workspace's config), the
modules the run wrote are imported in the project's own interpreter, in a scratch copy of the
workspace, before and after the edit; a module that imported before and not after is broken.
Broken writes are restored from the backup taken before them.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from nca.admin.reports import FileReport
from nca.admin.workspace import module_name
from nca.workers.backups.gitter import restore
from nca.workers.core.processes import SCRATCH_IGNORE

if TYPE_CHECKING:
    from nca.admin.workbench import Workbench

__all__ = ["import_outcomes", "restore_broken", "static_breaks"]

log = logging.getLogger(__name__)

#: seconds the whole import check may take, per side (before, after)
IMPORT_TIMEOUT = 60.0

# the answer goes to a file of its own: what the imported modules print must not mix with it
_IMPORTER = r"""
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
out = {}
for name in json.loads(sys.stdin.read()):
    try:
        importlib.import_module(name)
        out[name] = ""
    except BaseException as err:  # SystemExit and KeyboardInterrupt included: report, go on
        out[name] = f"{type(err).__name__}: {err}"[:300]
with open(sys.argv[2], "w", encoding="utf-8") as answer:
    json.dump(out, answer)
"""


def static_breaks(linter: object, written: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Return ``{path: why}`` for written files that took away names other modules import.

    ``written`` holds ``(path, original, new)``; the linter's name graph reads the files as
    they are on disk now, so what other written files import is judged in its new form.
    """
    broken_uses = getattr(linter, "broken_uses", None)
    out: dict[str, str] = {}
    if broken_uses is None:
        return out
    for path, original, new in written:
        problems = broken_uses(original, new, path)
        if problems:
            out[path] = problems[0].message
    return out


def import_outcomes(python: str, root: Path, modules: Sequence[str],
                    overrides: dict[str, str] | None = None,
                    timeout: float = IMPORT_TIMEOUT) -> dict[str, str]:
    """Return ``{module: ""}`` for each module that imports, else the error, in a scratch copy.

    The copy holds the workspace with ``overrides`` (``{path: text}``) written over it; it runs
    in ``python`` (the project's interpreter) with a time limit. Runs the project's code: call
    it only when the user allowed that.
    """
    if not modules:
        return {}
    with tempfile.TemporaryDirectory(prefix="nca-import-") as tmp:
        scratch = Path(tmp) / "ws"
        shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(*SCRATCH_IGNORE),
                        symlinks=True)
        for rel, text in (overrides or {}).items():
            target = (scratch / rel).resolve()
            if target.is_relative_to(scratch.resolve()):
                target.write_text(text, encoding="utf-8")
        src = scratch / "src"
        base = src if src.is_dir() and not any(scratch.glob("*/__init__.py")) else scratch
        answer = Path(tmp) / "answer.json"
        try:
            subprocess.run([python, "-c", _IMPORTER, str(base), str(answer)], cwd=scratch,
                           input=json.dumps(list(modules)), capture_output=True, text=True,
                           timeout=timeout, start_new_session=True)
            found = json.loads(answer.read_text(encoding="utf-8")) if answer.exists() else {}
        except subprocess.TimeoutExpired:
            return {m: f"import did not finish within {timeout:g} s" for m in modules}
        except (OSError, ValueError) as err:
            return {m: f"cannot run {python}: {err}" for m in modules}
    return {m: str(found.get(m, "not reported")) for m in modules}


def modules_of(paths: Iterable[str]) -> list[str]:
    """Return the dotted modules of workspace-relative paths (those that have one)."""
    return sorted({m for p in paths if (m := module_name(p))})


def import_breaks(python: str, root: Path, written: Sequence[tuple[str, str, str]],
                  also: Iterable[str] = (), timeout: float = IMPORT_TIMEOUT) -> dict[str, str]:
    """Return ``{path: why}`` for written files after which a module stopped importing.

    The written files' own modules are imported, and ``also`` (their importers); a written
    module that broke is blamed alone, an importer that broke blames every written file.
    """
    own = modules_of(p for p, _o, _n in written)
    modules = sorted({*own, *also})
    before = import_outcomes(python, root, modules, {p: o for p, o, _n in written}, timeout)
    after = import_outcomes(python, root, modules, {p: n for p, _o, n in written}, timeout)
    stopped = {m: after[m] for m in modules if before.get(m) == "" and after.get(m)}
    out: dict[str, str] = {}
    for path, _o, _n in written:
        module = module_name(path)
        if module in stopped:
            out[path] = f"`import {module}` worked before the edit and fails after: {stopped[module]}"
    if out or not stopped:
        return out
    first = next(iter(stopped))
    return {p: f"`import {first}` worked before the edit and fails after: {stopped[first]}"
            for p, _o, _n in written}


def restore_broken(dispatcher: Workbench, reports: list[FileReport],
                   import_check: bool) -> list[FileReport]:
    """Return ``reports`` with the writes that broke the project restored from their backups."""
    written = [(r.path, r.original, r.text) for r in reports if r.written]
    if not written:
        return reports
    broken = static_breaks(dispatcher.linter, written)
    rest = [w for w in written if w[0] not in broken]
    if import_check and rest:
        also = {u.importer for p, _o, _n in rest
                if (m := module_name(p)) for u in dispatcher.name_graph.uses_of(m, whole=True)}
        broken.update(import_breaks(dispatcher.interpreter.python, dispatcher.workspace, rest, also))
    out = []
    for report in reports:
        why = broken.get(report.path)
        if why is None or not report.backup_id:
            out.append(report)
            continue
        restore(str(dispatcher.workspace), report.backup_id, report.path)
        log.warning("%s restored from backup %s: %s", report.path, report.backup_id, why)
        out.append(replace(report, status="unfixable", written=False, verified=False,
                            fixes_verified=False, text=report.original, diff="",
                            errors_after=report.errors_before,
                            reason=f"restored from backup {report.backup_id[:12]}: {why}"))
    return out
