"""The language server's commands over a whole workspace: ``nca.cleanWorkspace`` removes
verified dead code from every Python file, ``nca.showMemory`` says what AgentMemory holds.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nca.admin.editor import CleanOutcome, clean_text
from nca.server.lsp_work import Command, WorkProgress, apply_changes, arg, workspace_files

if TYPE_CHECKING:
    from nca.admin.dispatcher import Dispatcher
    from nca.server.lsp_server import NcaServer

__all__ = ["COMMANDS", "clean_workspace", "memory_summary", "show_memory"]

log = logging.getLogger(__name__)


async def clean_workspace(ls: NcaServer, *args: Any) -> dict[str, Any]:
    """Remove the verified dead code of every workspace file through one workspace edit."""
    async with WorkProgress(ls, "NCA: removing dead code") as progress:
        files, done = await workspace_files(
            ls, progress, lambda dispatcher, text, rel: _clean_one(ls, dispatcher, text, rel))
        changes: dict[str, tuple[int | None, str, str]] = {}
        removed: list[str] = []
        refused: list[str] = []
        skipped = len(files) - len(done)
        for uri, rel, version, text, outcome in done:
            if outcome is None:
                skipped += 1
            elif outcome.verified:
                changes[uri] = (version, text, outcome.text)
                removed.extend(f"{rel}: {name}" for name in outcome.report.removed)
            elif outcome.report.removed:
                refused.append(f"{rel}: {outcome.reason}")
        out: dict[str, Any] = {"files": len(files), "changed": len(changes), "removed": removed,
                               "refused": refused, "skipped": skipped}
        out.update(await apply_changes(ls, changes, "nca clean workspace"))
    return out


def _clean_one(ls: NcaServer, dispatcher: Dispatcher, text: str, rel: str) -> CleanOutcome | None:
    """Return the verified removal of one file's dead code; None for a file not cleaned."""
    from nca.admin.cleaning import skip_reason

    if skip_reason(text, rel):
        return None
    try:
        compile(text, rel, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None  # it needs a fix first (nca.fixWorkspace)
    return clean_text(dispatcher, text, rel, ls.settings.min_confidence,
                      knowledge=ls.clean_knowledge(dispatcher))


async def show_memory(ls: NcaServer, *args: Any) -> dict[str, Any]:
    """Return what the workspace's AgentMemory holds, building it first when there is none."""
    given = arg(args, 0, "workspace", required=False)
    # a folder inside a workspace root only: the memory is written there
    root = ls.inside(given) if given else ls.main_root()
    async with WorkProgress(ls, "NCA: reading the memory"):
        return await ls.in_thread(memory_summary, root)


def memory_summary(root: Path) -> dict[str, Any]:
    """Return ``AgentMemory(root).summary()``, built from the sources when it is missing."""
    from nca.admin.memory import AgentMemory

    memory = AgentMemory(root)
    if not memory.path("contextmap").is_file():
        report = memory.build()
        log.info("built the memory of %s: %d files in %d ms", root, report.files,
                 report.elapsed_ms)
    return memory.summary()


COMMANDS: dict[str, Command] = {
    "nca.cleanWorkspace": clean_workspace,
    "nca.showMemory": show_memory,
}
