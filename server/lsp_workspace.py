"""The language server's commands over a whole workspace: ``nca.cleanWorkspace`` removes
verified dead code from every Python file, ``nca.showMemory`` says what AgentMemory holds.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from nca.server.lsp_work import Command, WorkProgress, apply_changes, arg, workspace_files

if TYPE_CHECKING:
    from nca.server.lsp_server import NcaServer

__all__ = ["COMMANDS", "clean_workspace", "show_memory"]

log = logging.getLogger(__name__)


async def clean_workspace(ls: NcaServer, *args: Any) -> dict[str, Any]:
    """Remove the verified dead code of every workspace file through one workspace edit."""
    async with WorkProgress(ls, "NCA: removing dead code") as progress:
        files, done = await workspace_files(
            ls, progress, lambda dispatcher, text, rel: dispatcher.clean_file(
                text, rel, ls.settings.min_confidence))
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


async def show_memory(ls: NcaServer, *args: Any) -> Mapping[str, Any]:
    """Return what the workspace's AgentMemory holds, building it first when there is none."""
    given = arg(args, 0, "workspace", required=False)
    # a folder inside a workspace root only: the memory is written there
    root = ls.inside(given) if given else ls.main_root()
    async with WorkProgress(ls, "NCA: reading the memory"):
        dispatcher = await ls.in_thread(ls.dispatcher_at, ls.root_of(root) or root)
        return await ls.in_thread(dispatcher.memory_summary, root)


COMMANDS: dict[str, Command] = {
    "nca.cleanWorkspace": clean_workspace,
    "nca.showMemory": show_memory,
}
