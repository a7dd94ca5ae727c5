"""``nca fix PATHS``: every Python file under some paths, fixed, checked and written together.

``Dispatcher.fix_paths`` calls ``fix_paths`` with itself (typed as a ``Workbench``): each file
is fixed on its own; ``--check`` judges all the fixes at once, on one scratch copy, before
anything is written; after ``--write`` the written files are checked together (does the
project still import what it imported?) and a write that broke it is restored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from nca.admin.aftercheck import restore_broken
from nca.admin.checking import judge_by_check
from nca.admin.reports import FileReport
from nca.admin.workspace import iter_python_files, relative
from nca.workers.core.errors import InputError, NcaError

if TYPE_CHECKING:
    from nca.admin.workbench import Workbench

__all__ = ["Progress", "fix_paths"]

Progress = Callable[[str, int, int], None]  # (path, done, total)


def fix_paths(dispatcher: Workbench, paths: Iterable[str | Path], *, write: bool = False,
              check: str | None = None, progress: Progress | None = None,
              import_check: bool = False) -> list[FileReport]:
    """Return one report per Python file under ``paths``; unreadable files are skipped.

    With ``write``, the written files are checked together afterwards (the project still
    imports what it imported: statically always, by importing when ``import_check``
    allows running the project's code); a write that broke it is restored from its backup.
    With ``check``, the command runs once, on one scratch copy holding all the fixes, before
    anything is written (see :func:`nca.admin.checking.judge_by_check`).
    """
    files: list[Path] = []
    named: set[Path] = set()  # files given by name: bad input there is the user's error
    for p in paths:
        root = Path(p)
        if not root.exists():
            raise InputError(f"{p}: no such file or directory")
        relative(root, dispatcher.workspace)  # refuse anything outside before doing any work
        if root.is_file():
            named.add(root)
        files.extend(iter_python_files(root))
    reports = []
    for n, f in enumerate(files):
        if progress:
            progress(str(f), n, len(files))
        try:
            # with a check, nothing is written before it ran on all the fixes together
            reports.append(dispatcher.fix_file(f, write=write and not check, learn=False))
        except NcaError as err:
            if f in named and len(files) == 1:
                raise
            rel = _display(f, dispatcher.workspace)
            reports.append(FileReport(rel, "skipped", False, "", "", reason=str(err)))
    if progress:
        progress("", len(files), len(files))
    if check:
        reports = judge_by_check(dispatcher, reports, check)
        if write:
            reports = [_write_checked(dispatcher, r, len(files) == 1 and bool(named))
                       for r in reports]
    if write:
        reports = restore_broken(dispatcher, reports, import_check)
        for report in reports:
            dispatcher.learn(report)
    return reports


def _write_checked(dispatcher: Workbench, report: FileReport, named: bool) -> FileReport:
    """Return ``report`` after writing its text (backed up first) once the check judged it."""
    if report.status == "skipped" or report.text == report.original:
        return report
    try:
        return dispatcher.write_fixed(report, dispatcher.workspace / report.path, report.original)
    except NcaError as err:
        if named:
            raise
        return FileReport(report.path, "skipped", False, "", "", reason=str(err))


def _display(path: Path, workspace: Path) -> str:
    try:
        return path.resolve().relative_to(workspace).as_posix()
    except ValueError:
        return str(path)
