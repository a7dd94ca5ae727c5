"""Dead-code cleaning of workspace files: the Cleaner, verified, backed up before writing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nca.admin.workspace import iter_python_files, read_source, relative
from nca.workers.errors import InputError, NcaError
from nca.workers.types import BackupRequest, CleanReport, CleanRequest

if TYPE_CHECKING:
    from nca.admin.dispatcher import Dispatcher

__all__ = ["clean_paths"]


def clean_paths(dispatcher: Dispatcher, paths: Iterable[str | Path], *, write: bool = False,
                min_confidence: int = 80) -> list[dict[str, Any]]:
    """Return, per Python file, the Cleaner's findings; with ``write``, verified removals are written."""
    from nca.workers.gitter import atomic_write

    results = []
    for p in paths:
        root = Path(p)
        if not root.exists():
            raise InputError(f"{p}: no such file or directory")
        for file in iter_python_files(root):
            rel = relative(file, dispatcher.workspace)
            try:
                text = read_source(file)
            except NcaError as err:
                results.append({"path": rel, "skipped": str(err), "findings": []})
                continue
            report: CleanReport = dispatcher.courier.call(
                "clean", CleanRequest(text=text, path=rel, min_confidence=min_confidence))
            written = False
            if write and report.text != text and _no_new_problems(dispatcher, text, report.text, rel):
                dispatcher.courier.call("backup", BackupRequest(
                    workspace=str(dispatcher.workspace), files=((rel, text.encode("utf-8")),),
                    message=f"nca clean {rel}"))
                atomic_write(file, report.text.encode("utf-8"))
                written = True
            removed = set(report.removed) if written else set()
            results.append({
                "path": rel,
                "written": written,
                "findings": [{"name": f.name, "category": f.category, "line": f.line,
                              "confidence": f.confidence, "removable": f.removable,
                              "size": f.size, "removed": f.name in removed}
                             for f in report.findings],
            })
    return results


def _no_new_problems(dispatcher: Dispatcher, before: str, after: str, rel: str) -> bool:
    # a removal is kept only if compile + ruff find nothing the file did not have before
    old = Counter(p.signature for p in dispatcher.linter.lint(before, rel))
    for p in dispatcher.linter.lint(after, rel):
        if old[p.signature] <= 0:
            return False
        old[p.signature] -= 1
    return True
