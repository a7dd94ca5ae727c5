"""The language server's long work: resolving code actions and the ``nca.*`` commands.

Everything slow runs in the server's worker pool; commands report work-done progress when
the client supports it, stop on ``$/cancelRequest`` and ``window/workDoneProgress/cancel``,
and change documents only through ``workspace/applyEdit`` after a backup.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import uuid
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types as t
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.uris import from_fs_path, to_fs_path

from nca.admin.editor import (
    backup_text,
    edits_between,
    fix_edits,
    problems_by_file,
)
from nca.admin.workspace import iter_python_files, read_source, resolve_path
from nca.server.lsp_actions import RECORD_BACKUP, client_edits, workspace_edit
from nca.workers.core.errors import InputError, NcaError, OutsideWorkspace

if TYPE_CHECKING:
    from nca.server.lsp import NcaServer
    from nca.workers.core.types import Problem

__all__ = ["COMMANDS", "WorkProgress", "register"]

log = logging.getLogger(__name__)

OUTPUT_LIMIT = 256 * 1024
#: how much of a log file nca.debugLog reads (its end)
LOG_LIMIT = 4 * 1024 * 1024


# --------------------------------------------------------------------------- progress


class WorkProgress:
    """Work-done progress for one command when the client supports it, else nothing.

    A client's ``window/workDoneProgress/cancel`` cancels the command's task.
    """

    def __init__(self, ls: NcaServer, title: str) -> None:
        self.ls, self.title = ls, title
        self.token: str | None = None

    async def __aenter__(self) -> WorkProgress:
        window = self.ls.client_capabilities.window
        if not (window and window.work_done_progress):
            return self
        token = f"nca-{uuid.uuid4()}"
        try:
            await asyncio.wait_for(self.ls.work_done_progress.create_async(token), 5)
        except Exception as err:  # noqa: BLE001 - a client that will not show progress
            log.info("no progress for %s: %s", self.title, err)
            return self
        self.token = token
        self.ls.work_done_progress.begin(token, t.WorkDoneProgressBegin(
            title=self.title, cancellable=True, percentage=0))
        task, loop = asyncio.current_task(), asyncio.get_running_loop()
        future = self.ls.work_done_progress.tokens.get(token)
        if future is not None and task is not None:
            future.add_done_callback(
                lambda f: f.cancelled() and loop.call_soon_threadsafe(task.cancel))
        return self

    def report(self, message: str, done: int | None = None, total: int | None = None) -> None:
        if self.token is None:
            return
        percentage = int(100 * done / total) if done is not None and total else None
        self.ls.work_done_progress.report(self.token, t.WorkDoneProgressReport(
            message=message, percentage=percentage, cancellable=True))

    async def __aexit__(self, kind: Any, err: Any, tb: Any) -> None:
        if self.token is None:
            return
        cancelled = kind is not None and issubclass(kind, asyncio.CancelledError)
        self.ls.work_done_progress.end(self.token, t.WorkDoneProgressEnd(
            message="cancelled" if cancelled else ("failed" if kind else "done")))
        self.ls.work_done_progress.tokens.pop(self.token, None)


# --------------------------------------------------------------------------- commands

Command = Callable[..., Awaitable[Any]]


def _command(func: Command) -> Command:
    """Return ``func`` wrapped: registered for cancellation, errors turned into JSON-RPC ones."""

    async def run(ls: Any, *args: Any) -> Any:  # pygls evaluates these hints at call time
        msg_id = ls.protocol.msg_id
        task = asyncio.current_task()
        if msg_id is not None and task is not None:
            ls.running[msg_id] = task
        try:
            return await func(ls, *args)
        except asyncio.CancelledError:
            log.info("%s cancelled", func.__name__)
            return {"cancelled": True}
        except InputError as err:
            raise JsonRpcInvalidParams(message=str(err)) from None
        except NcaError as err:
            raise JsonRpcInvalidParams(message=f"{type(err).__name__}: {err}") from None
        except JsonRpcException:
            raise
        except Exception as err:  # the boundary: logged with its traceback, answered in words
            log.exception("%s failed", func.__name__)
            raise JsonRpcInternalError(
                message=f"{func.__name__} failed: {type(err).__name__} "
                        "(the traceback is in the server log)") from None
        finally:
            if msg_id is not None:
                ls.running.pop(msg_id, None)

    run.__name__ = func.__name__
    return run


def _arg(args: Sequence[Any], index: int, name: str, required: bool = True) -> str | None:
    """Return a string argument given by position or in an object as the first argument."""
    value: Any = None
    if args and isinstance(args[0], dict):
        value = args[0].get(name)
    elif len(args) > index:
        value = args[index]
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise InputError(f"argument {name!r} must be a non-empty string, not {value!r}")
    return value


def _uri_text(ls: NcaServer, uri: str) -> tuple[int | None, str]:
    """Return the version and text of a document: the editor's when open, else the file's.

    The file must lie inside a workspace root (OutsideWorkspace otherwise).
    """
    path = ls.inside(uri)
    doc = ls.open_document(uri)
    if doc is not None:
        return doc.version, doc.source
    return None, read_source(path)


async def _apply(ls: NcaServer, changes: dict[str, tuple[int | None, str, str]],
                 label: str) -> dict[str, Any]:
    """Back up, then apply ``uri -> (version, old, new)`` through workspace/applyEdit."""
    backups = []
    edits: dict[str, tuple[int | None, list[t.TextEdit]]] = {}
    for uri, (version, old, new) in changes.items():
        dispatcher, rel = ls.dispatcher_for(uri)
        if ls.is_outside(dispatcher):  # never reached through the commands; never written
            log.warning("not changing %s: outside the workspace folders", uri)
            continue
        backups.append(await ls.in_thread(backup_text, dispatcher, [(rel, old)], label))
        edits[uri] = (version, client_edits(ls.open_document(uri), edits_between(old, new)))
    if not edits:
        return {"applied": False, "backups": []}
    result = await ls.workspace_apply_edit_async(t.ApplyWorkspaceEditParams(
        edit=workspace_edit(ls, edits), label=label))
    return {"applied": bool(result and result.applied), "backups": backups,
            "reason": getattr(result, "failure_reason", None)}


async def fix_file(ls: NcaServer, *args: Any) -> dict[str, Any]:
    uri = _arg(args, 0, "uri")
    assert uri is not None
    try:
        path = ls.inside(uri)
    except OutsideWorkspace as err:  # nothing is read, sent or written
        return {"uri": uri, "status": "refused", "fixes": 0, "left": 0, "applied": False,
                "reason": str(err)}
    if not uri.startswith("file:"):
        uri = from_fs_path(str(path)) or uri
    version, text = _uri_text(ls, uri)
    dispatcher, rel = ls.dispatcher_for(uri)
    async with WorkProgress(ls, f"NCA: fixing {rel}"):
        report = await ls.in_thread(dispatcher.fix_text, text, rel,
                                    check=ls.check_command(dispatcher))
    out: dict[str, Any] = {"uri": uri, "status": report.status, "fixes": len(report.fixes),
                           "left": len(report.errors_after), "reason": report.reason}
    if fix_edits(text, report):
        out.update(await _apply(ls, {uri: (version, text, report.text)}, f"nca fix {rel}"))
    else:
        out["applied"] = False
    return out


async def workspace_files(ls: NcaServer, progress: WorkProgress, job: Callable[..., Any],
                          ) -> tuple[list[Path], list[tuple[str, str, int | None, str, Any]]]:
    """Return the workspace's Python files and, per file read, ``(uri, rel, version, text, result)``.

    ``job(dispatcher, text, rel)`` runs in a thread for each file (the editor's text when it is
    open); a file that cannot be read, or whose job raises an nca error, is logged and left out.
    """
    roots = ls.workspace_roots()

    def find() -> list[Path]:
        found = []
        for root in roots:
            for file in iter_python_files(root):
                try:
                    full = resolve_path(file)
                except NcaError as err:
                    log.info("skipping %s: %s", file, err)
                    continue
                if ls.root_of(full) is None:  # a symlink out of the workspace
                    log.info("skipping %s: it points outside the workspace folders", file)
                    continue
                found.append(full)
        return list(dict.fromkeys(found))

    files = await ls.in_thread(find)
    done = []
    for n, file in enumerate(files):
        uri = from_fs_path(str(file)) or str(file)
        progress.report(file.name, n, len(files))
        try:
            version, text = _uri_text(ls, uri)
            dispatcher, rel = ls.dispatcher_for(uri)
            result = await ls.in_thread(job, dispatcher, text, rel)
        except NcaError as err:
            log.info("skipping %s: %s", file, err)
            continue
        done.append((uri, rel, version, text, result))
    return files, done


async def fix_workspace(ls: NcaServer, *args: Any) -> dict[str, Any]:
    def fix(dispatcher: Any, text: str, rel: str) -> Any:
        return dispatcher.fix_text(text, rel, check=ls.check_command(dispatcher))

    async with WorkProgress(ls, "NCA: fixing the workspace") as progress:
        files, done = await workspace_files(ls, progress, fix)
        changes: dict[str, tuple[int | None, str, str]] = {}
        fixes = 0
        for uri, _rel, version, text, report in done:
            if fix_edits(text, report):
                changes[uri] = (version, text, report.text)
                fixes += len(report.fixes)
        out: dict[str, Any] = {"files": len(files), "changed": len(changes), "fixes": fixes,
                               "skipped": len(files) - len(done)}
        out.update(await _apply(ls, changes, "nca fix workspace"))
    return out


async def run_tests(ls: NcaServer, *args: Any) -> dict[str, Any]:
    root = ls.main_root()
    command = ls.test_command(root)
    async with WorkProgress(ls, "NCA: running the tests") as progress:
        progress.report(command)
        returncode, output, timed_out = await _run_shell(command, root,
                                                         ls.settings.check_timeout)
        progress.report("mapping failures to files")
        out = await _publish_findings(ls, "tests", output, root)
    return {"command": command, "returncode": returncode, "timedOut": timed_out, **out}


async def _run_shell(command: str, cwd: Path, timeout: float) -> tuple[int | None, str, bool]:
    """Return (returncode, output tail, timed out) of a shell command, killed when cancelled."""
    proc = await asyncio.create_subprocess_shell(
        command, cwd=cwd, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, start_new_session=True)
    try:
        data, _ = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        _kill_group(proc.pid)
        await proc.wait()
        return None, f"[nca] {command!r} killed after {timeout:g} s", True
    except BaseException:
        _kill_group(proc.pid)  # cancelled: the test run must stop with the command
        raise
    return proc.returncode, data[-OUTPUT_LIMIT:].decode("utf-8", "replace"), False


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


async def debug_log(ls: NcaServer, *args: Any) -> dict[str, Any]:
    given = _arg(args, 0, "log")
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
    summary = await ls.in_thread(dispatcher.debug, output)
    grouped = problems_by_file(summary.problems, ls.roots() or [root], base=root)
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
    from nca.server.lsp import to_diagnostic

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
    backup_id = _arg(args, 0, "id")
    assert backup_id is not None
    path = _arg(args, 1, "path", required=False)
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
        out.update(await _apply(ls, changes, f"nca restore {backup_id[:12]}"))
    return out


async def record_backup(ls: NcaServer, *args: Any) -> dict[str, Any]:
    """Back up the text a resolved code action's edit was made from (its command)."""
    token = _arg(args, 0, "token")
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


def register(server: NcaServer) -> None:
    """Register every ``nca.*`` command on ``server``."""
    from nca.server import lsp_workspace

    for name, func in {**COMMANDS, **lsp_workspace.COMMANDS}.items():
        server.command(name)(_command(func))
