"""A traceback pasted alone: the files its frames name inside the workspace are read and run
through the repair loop (Debugger -> Analyzer -> Fixer -> verify), and the answer is the
verified diff of each, before anything a model says.

Only files inside the dispatcher's workspace are read: a frame that points anywhere else (the
standard library, site-packages, another project) is named, never opened.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nca.workers.core.types import Frame, Summary

__all__ = ["WorkspaceFrame", "has_traceback", "names_workspace_file", "traceback_answer",
           "workspace_frames"]

_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):|^\s*File \"[^\"]+\", line \d+",
                        re.M)
_FRAME_PATH = re.compile(r'^\s*File "(?P<path>[^"]+)", line \d+', re.M)
#: the most workspace files one chat message repairs
MAX_FILES = 3


@dataclass(frozen=True)
class WorkspaceFrame:
    """A frame of the traceback in a file of the workspace: its path relative to the root."""

    rel: str
    line: int
    function: str


def has_traceback(text: str) -> bool:
    """Return whether ``text`` holds a Python traceback (or at least one of its frames)."""
    return bool(_TRACEBACK.search(text))


def names_workspace_file(text: str, workspace: Path) -> bool:
    """Return whether a frame of the traceback in ``text`` is a Python file of ``workspace``."""
    root = workspace.resolve()
    for match in _FRAME_PATH.finditer(text):
        path = Path(match.group("path"))
        full = (path if path.is_absolute() else root / path).resolve()
        if full.suffix == ".py" and full.is_relative_to(root) and full.is_file():
            return True
    return False


def workspace_frames(summary: Summary, workspace: Path) -> list[WorkspaceFrame]:
    """Return the frames of ``summary`` inside ``workspace``, innermost first, one per file."""
    root = workspace.resolve()
    frames: list[Frame] = [f for exc in summary.exceptions for f in exc.frames]
    out: dict[str, WorkspaceFrame] = {}
    for frame in reversed(frames):
        path = Path(frame.path)
        full = (path if path.is_absolute() else root / path).resolve()
        if not full.is_relative_to(root) or not full.is_file() or full.suffix != ".py":
            continue
        rel = full.relative_to(root).as_posix()
        out.setdefault(rel, WorkspaceFrame(rel, frame.line, frame.function))
    return list(out.values())[:MAX_FILES]


async def traceback_answer(dispatcher: Any, question: str,
                           run: Callable[[Callable[[], Any]], Awaitable[Any]],
                           patch_step: Callable[[Any], str]) -> AsyncIterator[str]:
    """Yield the answer to a pasted traceback: what it says, then for each workspace file it
    names, the repair loop's verified patch (or why there is none)."""
    summary = await run(lambda: dispatcher.debug(question))
    yield f"**Debugger:** {summary.headline}\n\n"
    found = workspace_frames(summary, Path(dispatcher.workspace))
    if not found:
        named = _named_files(summary)
        where = f" ({', '.join(named)})" if named else ""
        yield ("None of the traceback's frames is a file of this workspace" + where +
               ", so there is no file to repair here; paste the code with the error to fix it.\n")
        return
    for frame in found:
        yield f"Reading `{frame.rel}` (line {frame.line}, in `{frame.function}`).\n\n"
        full = Path(dispatcher.workspace) / frame.rel

        def fix(full: Path = full) -> Any:
            return dispatcher.fix_file(full)

        report = await run(fix)
        if report.status == "skipped":
            yield f"Skipped: {report.reason}\n\n"
            continue
        if not report.errors_before:
            yield (f"The checks (compile, ruff, the type checker) find nothing wrong in "
                   f"`{frame.rel}`: the error happens only when it runs. Line {frame.line}:\n"
                   f"```python\n{_line(report.original, frame.line)}\n```\n\n")
            continue
        yield patch_step(report) + "\n"


def _line(text: str, line: int) -> str:
    rows = text.splitlines()
    return rows[line - 1].rstrip() if 0 < line <= len(rows) else ""


def _named_files(summary: Summary) -> Sequence[str]:
    seen = dict.fromkeys(Path(f.path).name for exc in summary.exceptions for f in exc.frames)
    return list(seen)[:3]
