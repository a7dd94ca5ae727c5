"""The language server's ``nca.*`` commands on files, tests, logs and backups (the commands
over a whole workspace are in ``lsp_workspace``, what they share in ``lsp_work``).

Everything slow runs in the server's worker pool; commands report work-done progress when
the client supports it, stop on ``$/cancelRequest`` and ``window/workDoneProgress/cancel``,
and change documents only through ``workspace/applyEdit`` after a backup.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types as t
from pygls.uris import from_fs_path, to_fs_path

from nca.admin.workspace import read_source
from nca.server.lsp_backups import RECORD_BACKUP
from nca.server.lsp_convert import to_diagnostic
from nca.server.lsp_work import (
    Command,
    WorkProgress,
    apply_changes,
    arg,
    uri_text,
    workspace_files,
)
from nca.workers.core.errors import InputError, NcaError, OutsideWorkspace

if TYPE_CHECKING:
    from nca.server.lsp_server import NcaServer
    from nca.workers.core.types import Problem

__all__ = ["COMMANDS"]

log = logging.getLogger(__name__)

#: how much of a log file nca.debugLog reads (its end)
LOG_LIMIT = 4 * 1024 * 1024


# --------------------------------------------------------------------------- commands

async def fix_file(ls: NcaServer, *args: Any) -> dict[str, Any]:
    uri = arg(args, 0, "uri")
    assert uri is not None
    try:
        path = ls.inside(uri)
    except OutsideWorkspace as err:  # nothing is read, sent or written
        return {"uri": uri, "status": "refused", "fixes": 0, "left": 0, "applied": False,
                "reason": str(err)}
    if not uri.startswith("file:"):
        uri = from_fs_path(str(path)) or uri
    version, text = uri_text(ls, uri)
    dispatcher, rel = ls.dispatcher_for(uri)
    async with WorkProgress(ls, f"NCA: fixing {rel}"):
        report = await ls.in_thread(dispatcher.fix_text, text, rel,
                                    check=ls.check_command(dispatcher))
    out: dict[str, Any] = {"uri": uri, "status": report.status, "fixes": len(report.fixes),
                           "left": len(report.errors_after), "reason": report.reason}
    if _verified_change(text, report):
        out.update(await apply_changes(ls, {uri: (version, text, report.text)}, f"nca fix {rel}"))
    else:
        out["applied"] = False
    return out


def _verified_change(text: str, report: Any) -> bool:
    """Return True when a fix report's verified fixes change ``text`` (what is applied)."""
    return bool(report.fixes_verified) and report.text != text


async def fix_workspace(ls: NcaServer, *args: Any) -> dict[str, Any]:
    def fix(dispatcher: Any, text: str, rel: str) -> Any:
        return dispatcher.fix_text(text, rel, check=ls.check_command(dispatcher))

    async with WorkProgress(ls, "NCA: fixing the workspace") as progress:
        files, done = await workspace_files(ls, progress, fix)
        changes: dict[str, tuple[int | None, str, str]] = {}
        fixes = 0
        for uri, _rel, version, text, report in done:
            if _verified_change(text, report):
                changes[uri] = (version, text, report.text)
                fixes += len(report.fixes)
        out: dict[str, Any] = {"files": len(files), "changed": len(changes), "fixes": fixes,
                               "skipped": len(files) - len(done)}
        out.update(await apply_changes(ls, changes, "nca fix workspace"))
    return out


async def run_tests(ls: NcaServer, *args: Any) -> dict[str, Any]:
    root = ls.main_root()
    command = ls.test_command(root)
    async with WorkProgress(ls, "NCA: running the tests") as progress:
        progress.report(command)
        # on first use: keeps startup to what initialize needs (it loads the core types)
        from nca.workers.core.processes import run_shell

        returncode, output, timed_out = await run_shell(command, root,
                                                         ls.settings.check_timeout)
        progress.report("mapping failures to files")
        out = await _publish_findings(ls, "tests", output, root)
    return {"command": command, "returncode": returncode, "timedOut": timed_out, **out}


async def debug_log(ls: NcaServer, *args: Any) -> dict[str, Any]:
    given = arg(args, 0, "log")
    assert given is not None
    root = ls.main_root()
    text = given
    if "\n" not in given and len(given) < 4096 and _names_a_file(given, root):
        # a log file: read only from inside the workspace
        candidate = ls.inside(given, root)
        text = await ls.in_thread(_read_log, candidate)
    return await _publish_findings(ls, "log", text, root)


def _names_a_file(given: str, root: Path) -> bool:
    """Return True when a one-line argument of nca.debugLog names an existing file."""
    try:
        raw = to_fs_path(given) if given.startswith("file:") else given
        if not raw or "\0" in raw:
            return False
        candidate = Path(raw)
        return (candidate if candidate.is_absolute() else root / candidate).is_file()
    except (OSError, ValueError):
        return False


def _read_log(path: Path) -> str:
    """Return the end of a log file (its last 4 MiB), decoded leniently."""
    try:
        with path.open("rb") as handle:
            handle.seek(max(path.stat().st_size - LOG_LIMIT, 0))
            return handle.read(LOG_LIMIT).decode("utf-8", "replace")
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None


async def _publish_findings(ls: NcaServer, origin: str, output: str, root: Path) -> dict[str, Any]:
    """Publish the problems the Debugger finds in ``output`` on the workspace files they name."""
    dispatcher = ls.dispatcher_at(root)
    summary, grouped = await ls.in_thread(dispatcher.debug_files, output, ls.roots() or [root],
                                          root)
    touched = [uri for uri, by_origin in ls.extra.items() if by_origin.pop(origin, None)]
    for path, problems in grouped.items():
        uri = from_fs_path(str(path)) or str(path)
        ls.extra.setdefault(uri, {})[origin] = await _diagnostics_for(ls, uri, path, problems)
        touched.append(uri)
    for uri in dict.fromkeys(touched):
        ls.publish(uri)
    return {"headline": summary.headline, "problems": sum(map(len, grouped.values())),
            "files": sorted(from_fs_path(str(p)) for p in grouped)}


async def _diagnostics_for(ls: NcaServer, uri: str, path: Path,
                           problems: list[Problem]) -> list[t.Diagnostic]:
    doc = ls.open_document(uri)
    if doc is not None:
        lines, codec = doc.lines, doc.position_codec
    else:
        try:
            lines, codec = (await ls.in_thread(read_source, path)).splitlines(True), None
        except NcaError:
            lines, codec = [], None
    return [to_diagnostic(p, lines, codec) for p in problems]


async def list_backups(ls: NcaServer, *args: Any) -> list[dict[str, Any]]:
    out = []
    for root in ls.workspace_roots():
        dispatcher = ls.dispatcher_at(root)
        for r in await ls.in_thread(dispatcher.backups):
            out.append({"id": r.id, "created": r.created, "message": r.message,
                        "files": list(r.files), "workspace": str(dispatcher.workspace)})
    return out


async def restore_backup(ls: NcaServer, *args: Any) -> dict[str, Any]:
    backup_id = arg(args, 0, "id")
    assert backup_id is not None
    path = arg(args, 1, "path", required=False)
    root = ls.main_root()
    target = ls.inside(path, root) if path else None
    dispatcher = ls.dispatcher_for(from_fs_path(str(target)) or "")[0] if target else \
        ls.dispatcher_at(root)
    restored = await ls.in_thread(dispatcher.restore, backup_id, str(target) if target else None)
    # open buffers would write the old text back on the next save: bring them along
    changes = {}
    for rel in restored:
        uri = from_fs_path(str(dispatcher.workspace / rel)) or rel
        doc = ls.open_document(uri)
        if doc is None:
            continue
        new = await ls.in_thread(read_source, dispatcher.workspace / rel)
        if new != doc.source:
            changes[uri] = (doc.version, doc.source, new)
    out: dict[str, Any] = {"restored": restored}
    if changes:
        out.update(await apply_changes(ls, changes, f"nca restore {backup_id[:12]}"))
    return out


async def record_backup(ls: NcaServer, *args: Any) -> dict[str, Any]:
    """Back up the text a resolved code action's edit was made from (its command)."""
    token = arg(args, 0, "token")
    assert token is not None
    return {"backup": await ls.in_thread(ls.pending_backups.record, token)}


COMMANDS: dict[str, Command] = {
    "nca.fixFile": fix_file,
    "nca.fixWorkspace": fix_workspace,
    "nca.runTests": run_tests,
    "nca.debugLog": debug_log,
    "nca.listBackups": list_backups,
    "nca.restoreBackup": restore_backup,
    RECORD_BACKUP: record_backup,
}
