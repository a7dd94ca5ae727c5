"""Code actions: a quick fix only where a verified fix exists, titled with the fix itself.

A quick fix for a diagnostic is computed when it is first listed (the repair loop, in a worker
thread, for just that problem) and cached per document version: a diagnostic without a
verified fix gets no lightbulb, and one with a fix is listed as what it does ("Change `cuont`
to `count`"); resolving it returns the cached edit. Whole-file actions (fix all, remove dead code) and removals of the
Cleaner's findings (found while the document was idle) are listed from caches and resolved
lazily; an outcome without a verified edit is a title that says why.

A resolved edit carries the command ``nca.recordBackup``: the client runs it after applying
the edit (LSP runs a code action's command after its edit), and it backs up the text the fix
was made from. Resolving does not wait for git, and an edit never applied leaves no backup.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from lsprotocol import types as t
from pygls.workspace import TextDocument

from nca.server.lsp_backups import RECORD_BACKUP
from nca.server.lsp_convert import to_lsp_edits, to_problem, workspace_edit
from nca.workers.core.errors import InputError, NcaError

if TYPE_CHECKING:
    from nca.admin.dispatcher import Dispatcher
    from nca.server.lsp_server import NcaServer
    from nca.workers.core.types import Problem, TextEdit

__all__ = ["ACTION_KINDS", "FIX_ALL", "RECORD_BACKUP", "REMOVE_DEAD_CODE", "REMOVE_UNUSED",
           "STALE", "diagnostic_key", "list_actions", "resolve_action", "wants"]

log = logging.getLogger(__name__)

FIX_ALL = "source.fixAll.nca"
REMOVE_DEAD_CODE = "source.removeDeadCode.nca"
#: one finding of the Cleaner, offered where it is: "Remove unused function `name`". A source
#: action (the editor's Source Action menu), never a quick fix: deleting code is no fix for
#: the diagnostic under the cursor, and must not sit beside one in the Quick Fix menu
REMOVE_UNUSED = "source.removeUnused.nca"
ACTION_KINDS = [t.CodeActionKind.QuickFix, FIX_ALL, REMOVE_DEAD_CODE, REMOVE_UNUSED]
STALE = "NCA: the document changed since this fix was offered; ask for it again"
#: the actions that are not a quick fix for one diagnostic (``data["action"]``)
WHOLE_FILE = ("fixAll", "clean", "remove")
#: quick fixes computed for one code-action request (the diagnostics under the cursor)
MAX_FIXES_LISTED = 5


def diagnostic_key(diagnostic: Mapping[str, Any]) -> str:
    """Return a stable text naming a diagnostic: its range, code, source and message."""
    picked = {k: diagnostic.get(k) for k in ("range", "code", "source", "message")}
    return json.dumps(picked, sort_keys=True, default=str, separators=(",", ":"))


def wants(kind: str, only: Any) -> bool:
    """Return True when ``kind`` is asked for: no filter, or a filter naming it or a parent."""
    if not only:
        return True
    return any(kind == k or kind.startswith(f"{k}.") for k in only)


async def list_actions(ls: NcaServer, params: t.CodeActionParams) -> list[t.CodeAction]:
    """Return the actions for a range, without running the repair loop (lint is cached)."""
    uri = params.text_document.uri
    doc = ls.open_document(uri)
    if doc is None:
        return []
    problems = await ls.lint(doc)
    dispatcher, _ = ls.dispatcher_for(uri)
    if ls.is_outside(dispatcher):
        return []  # a file outside every workspace root is linted, never changed
    only = params.context.only
    base = {"uri": uri, "version": doc.version}
    actions: list[t.CodeAction] = []
    if wants(t.CodeActionKind.QuickFix, only):
        converter = ls.protocol._converter
        by_problem: dict[Problem, t.CodeAction] = {}
        for diagnostic in params.context.diagnostics:
            raw = converter.unstructure(diagnostic)
            try:
                theirs = to_problem(raw, doc)
            except InputError:
                continue
            ours = dispatcher.quick_fix_target(theirs, problems, doc.source)
            if ours is None:
                continue
            if ours in by_problem:  # two tools reporting the same thing: one action
                by_problem[ours].diagnostics.append(diagnostic)  # type: ignore[union-attr]
                continue
            if len(by_problem) >= MAX_FIXES_LISTED:
                break
            # a lightbulb only where a verified fix exists, titled with the fix itself: the
            # fix is computed now (once per document version, in a thread) and cached, so
            # resolving it later is a lookup
            title, edit, _command = await _computed(ls, uri, doc.version, doc, None, theirs,
                                                    diagnostic_key(raw))
            if edit is None:
                continue
            # the edit and its backup command come with resolve (a lookup by now): a client
            # asks for them only for the action the user picks
            by_problem[ours] = t.CodeAction(
                title=title, kind=t.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                is_preferred=False, data={**base, "diagnostic": raw})
        actions.extend(by_problem.values())
    if wants(REMOVE_UNUSED, only):
        actions.extend(_removals(ls, dispatcher, doc, params.range, base))
    if wants(FIX_ALL, only) and any(dispatcher.fixable(p) for p in problems):
        actions.append(t.CodeAction(title="Fix all with NCA (verified fixes only)", kind=FIX_ALL,
                                    data={**base, "action": "fixAll"}))
    if wants(REMOVE_DEAD_CODE, only) and dispatcher.not_lintable(doc.source) is None:
        actions.append(t.CodeAction(title="Remove dead code with NCA (verified)",
                                    kind=REMOVE_DEAD_CODE, data={**base, "action": "clean"}))
    return actions


def _removals(ls: NcaServer, dispatcher: Dispatcher, doc: TextDocument, rng: t.Range,
              base: dict[str, Any]) -> list[t.CodeAction]:
    """Return one removal per finding of this version whose lines meet ``rng``."""
    findings = ls.findings.get(doc.uri, doc.version)
    if not findings:
        return []
    first, last = rng.start.line + 1, max(rng.end.line, rng.start.line) + 1
    actions = []
    for f in findings:
        if f.line <= last and first <= f.line + max(f.size, 1) - 1:
            actions.append(t.CodeAction(
                title=f"{dispatcher.removal_title(f.category, f.name)} with NCA",
                kind=REMOVE_UNUSED,
                data={**base, "action": "remove", "finding": {
                    "category": f.category, "name": f.name, "line": f.line}}))
    return actions


async def _computed(ls: NcaServer, uri: str, version: int | None, doc: TextDocument,
                    kind: str | None, target: Any, key: Any) -> tuple[str, Any, Any]:
    """Return ``(title, edit, command)`` for one action of this document version, computed
    in a worker thread on first need and cached (listing and resolving share it)."""
    cached = ls.resolved.get(uri, version, key)
    if cached is not None:
        return cached
    text = doc.source
    try:
        if kind not in WHOLE_FILE and isinstance(target, Mapping):
            target = to_problem(target, doc)  # the client's diagnostic, in code points
        title, edits = await ls.in_thread(_resolve, ls, uri, version, text, kind, target)
    except NcaError as err:
        title, edits = f"NCA: no verified fix: {err}", []
    except Exception:  # one failing fix must not take the server down
        log.exception("computing a code action for %s failed", uri)
        title, edits = "NCA: no verified fix: internal error (see the server log)", []
    edit = command = None
    if edits:
        edit = workspace_edit(ls.client_capabilities, {uri: (version, to_lsp_edits(edits, doc))})
        command = _backup_command(ls, uri, text, title)
    cached = (title, edit, command)
    ls.resolved.put(uri, version, key, cached)
    return cached


async def resolve_action(ls: NcaServer, action: t.CodeAction) -> t.CodeAction:
    """Return ``action`` with a verified edit, or with a title that says why there is none."""
    data = action.data if isinstance(action.data, dict) else {}
    uri, version = data.get("uri"), data.get("version")
    doc = ls.open_document(uri)
    if doc is None or not isinstance(uri, str):
        action.title = "NCA: no verified fix: the document is not open"
        return action
    if doc.version != version:
        action.title = STALE
        return action
    diagnostic = data.get("diagnostic")
    kind = data.get("action")
    finding = data.get("finding")
    if kind == "remove" and not _finding_ok(finding):
        action.title = "NCA: no verified removal: the action names no finding"
        return action
    if kind not in WHOLE_FILE and not isinstance(diagnostic, dict):
        action.title = "NCA: no verified fix: the action names no diagnostic"
        return action
    # checked above: a removal's finding is a dict, and so is the diagnostic when no kind is
    key = (diagnostic_key(cast("dict[str, Any]", finding)) if kind == "remove"
           else kind or diagnostic_key(cast("dict[str, Any]", diagnostic)))
    cached = await _computed(ls, uri, version, doc, kind,
                             finding if kind == "remove" else diagnostic, key)
    if doc.version != version:  # typed on while the loop ran
        action.title = STALE
        return action
    action.title, action.edit, command = cached
    if command is not None:
        action.command = command
    return action


def _finding_ok(finding: Any) -> bool:
    return (isinstance(finding, dict) and isinstance(finding.get("category"), str)
            and isinstance(finding.get("name"), str) and isinstance(finding.get("line"), int))


def _backup_command(ls: NcaServer, uri: str, text: str, title: str) -> t.Command | None:
    """Return the command that backs up ``text`` once the client applied the edit."""
    if not uri.startswith("file:"):
        return None  # an untitled buffer has no file to restore
    dispatcher, rel = ls.dispatcher_for(uri)
    token = ls.pending_backups.put(dispatcher, rel, text, f"nca lsp: before {title}")
    return t.Command(title="NCA: back up the text before this edit", command=RECORD_BACKUP,
                     arguments=[token])


def _resolve(ls: NcaServer, uri: str, version: int | None, text: str, kind: str | None,
             target: Any) -> tuple[str, list[TextEdit]]:
    """Return a title and the verified edits for one action; runs in a worker thread.

    One call of the dispatcher does it; what it is given (the check command, our lint of this
    version for a quick fix) is the server's.
    """
    dispatcher, rel = ls.dispatcher_for(uri)
    if ls.is_outside(dispatcher):
        return "NCA: no verified fix: the file is outside the workspace folders", []
    check = ls.check_command(dispatcher)
    problems = ls.lint_now(uri, version, text) if kind not in WHOLE_FILE else ()
    return dispatcher.resolve_action(text, rel, kind, target, problems=problems, check=check,
                                     min_confidence=ls.settings.min_confidence)
