"""What the language server's commands share: work-done progress, the wrapper that makes a
command cancellable and answers its errors in JSON-RPC terms, arguments, the text of a
document, edits applied after a backup, and a walk over the workspace's Python files.

Everything slow runs in the server's worker pool; commands report work-done progress when
the client supports it, stop on ``$/cancelRequest`` and ``window/workDoneProgress/cancel``,
and change documents only through ``workspace/applyEdit`` after a backup.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types as t
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.uris import from_fs_path

from nca.admin.workspace import iter_python_files, read_source, resolve_path
from nca.server.lsp_convert import text_change, workspace_edit
from nca.workers.core.errors import InputError, NcaError

if TYPE_CHECKING:
    from nca.server.lsp_server import NcaServer

__all__ = ["Command", "WorkProgress", "apply_changes", "arg", "as_command", "uri_text",
           "workspace_files"]

log = logging.getLogger(__name__)


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


def as_command(func: Command) -> Command:
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


def arg(args: Sequence[Any], index: int, name: str, required: bool = True) -> str | None:
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


def uri_text(ls: NcaServer, uri: str) -> tuple[int | None, str]:
    """Return the version and text of a document: the editor's when open, else the file's.

    The file must lie inside a workspace root (OutsideWorkspace otherwise).
    """
    path = ls.inside(uri)
    doc = ls.open_document(uri)
    if doc is not None:
        return doc.version, doc.source
    return None, read_source(path)


async def apply_changes(ls: NcaServer, changes: dict[str, tuple[int | None, str, str]],
                 label: str) -> dict[str, Any]:
    """Back up, then apply ``uri -> (version, old, new)`` through workspace/applyEdit."""
    backups = []
    edits: dict[str, tuple[int | None, list[t.TextEdit]]] = {}
    for uri, (version, old, new) in changes.items():
        dispatcher, rel = ls.dispatcher_for(uri)
        if ls.is_outside(dispatcher):  # never reached through the commands; never written
            log.warning("not changing %s: outside the workspace folders", uri)
            continue
        backups.append(await ls.in_thread(dispatcher.backup_texts, [(rel, old)], label))
        edits[uri] = (version, text_change(old, new, ls.open_document(uri)))
    if not edits:
        return {"applied": False, "backups": []}
    result = await ls.workspace_apply_edit_async(t.ApplyWorkspaceEditParams(
        edit=workspace_edit(ls.client_capabilities, edits), label=label))
    return {"applied": bool(result and result.applied), "backups": backups,
            "reason": getattr(result, "failure_reason", None)}


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
            version, text = uri_text(ls, uri)
            dispatcher, rel = ls.dispatcher_for(uri)
            result = await ls.in_thread(job, dispatcher, text, rel)
        except NcaError as err:
            log.info("skipping %s: %s", file, err)
            continue
        done.append((uri, rel, version, text, result))
    return files, done
