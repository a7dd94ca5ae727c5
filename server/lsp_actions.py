"""Code actions: listed fast from the lint cache, resolved lazily into verified edits.

Listing never runs the repair loop. Resolving runs it in a worker thread for just the problem
the action is about, and returns a versioned edit only for a verified fix, after a backup of
the document's text; every other outcome is a title that says why there is no edit.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types as t
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from nca.admin.editor import (
    backup_text,
    clean_text,
    describe,
    diagnostic_key,
    fix_edits,
    match_problem,
    not_lintable,
    same_problem,
)
from nca.workers.errors import InputError, NcaError
from nca.workers.fixer_helper import minimal_edits
from nca.workers.types import Problem, TextEdit

if TYPE_CHECKING:
    from nca.server.lsp import NcaServer

__all__ = ["ACTION_KINDS", "FIX_ALL", "REMOVE_DEAD_CODE", "STALE", "list_actions",
           "client_edits", "resolve_action", "wants", "workspace_edit"]

log = logging.getLogger(__name__)

FIX_ALL = "source.fixAll.nca"
REMOVE_DEAD_CODE = "source.removeDeadCode.nca"
ACTION_KINDS = [t.CodeActionKind.QuickFix, FIX_ALL, REMOVE_DEAD_CODE]
STALE = "NCA: the document changed since this fix was offered; ask for it again"


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
    only = params.context.only
    base = {"uri": uri, "version": doc.version}
    actions: list[t.CodeAction] = []
    if wants(t.CodeActionKind.QuickFix, only):
        converter = ls.protocol._converter
        by_problem: dict[Problem, t.CodeAction] = {}
        for diagnostic in params.context.diagnostics:
            raw = converter.unstructure(diagnostic)
            try:
                ours = match_problem(_in_code_points(raw, doc), problems, doc.source)
            except InputError:
                continue
            if ours is None or not dispatcher.council.fixable(ours):
                continue
            if ours in by_problem:  # two tools reporting the same thing: one action
                by_problem[ours].diagnostics.append(diagnostic)  # type: ignore[union-attr]
                continue
            by_problem[ours] = t.CodeAction(
                title=f"Fix with NCA: {describe(ours)}", kind=t.CodeActionKind.QuickFix,
                diagnostics=[diagnostic], is_preferred=False,
                data={**base, "diagnostic": raw})
        actions.extend(by_problem.values())
    if wants(FIX_ALL, only) and any(dispatcher.council.fixable(p) for p in problems):
        actions.append(t.CodeAction(title="Fix all with NCA (verified fixes only)", kind=FIX_ALL,
                                    data={**base, "action": "fixAll"}))
    if wants(REMOVE_DEAD_CODE, only) and not_lintable(doc.source) is None:
        actions.append(t.CodeAction(title="Remove dead code with NCA (verified)",
                                    kind=REMOVE_DEAD_CODE, data={**base, "action": "clean"}))
    return actions


def _in_code_points(raw: dict[str, Any], doc: TextDocument) -> dict[str, Any]:
    """Return a diagnostic dict with its range in code points; a range past the text is kept."""
    try:
        rng = t.Range(t.Position(**raw["range"]["start"]), t.Position(**raw["range"]["end"]))
        server_range = doc.range_from_client_units(rng)
    except (KeyError, TypeError, ValueError, IndexError):
        return raw
    start, end = server_range.start, server_range.end
    return {**raw, "range": {"start": {"line": start.line, "character": start.character},
                             "end": {"line": end.line, "character": end.character}}}


async def resolve_action(ls: NcaServer, action: t.CodeAction) -> t.CodeAction:
    """Return ``action`` with a verified edit, or with a title that says why there is none."""
    data = action.data if isinstance(action.data, dict) else {}
    uri, version = data.get("uri"), data.get("version")
    doc = ls.open_document(uri)
    if doc is None:
        action.title = "NCA: no verified fix: the document is not open"
        return action
    if doc.version != version:
        action.title = STALE
        return action
    diagnostic = data.get("diagnostic")
    kind = data.get("action")
    if kind not in ("fixAll", "clean") and not isinstance(diagnostic, dict):
        action.title = "NCA: no verified fix: the action names no diagnostic"
        return action
    key = kind or diagnostic_key(diagnostic)
    cached = ls.resolved.get(uri, version, key)
    if cached is None:
        text = doc.source
        target = _in_code_points(diagnostic, doc) if isinstance(diagnostic, dict) else None
        try:
            title, edits = await ls.in_thread(_resolve, ls, uri, version, text, kind, target)
        except NcaError as err:
            title, edits = f"NCA: no verified fix: {err}", []
        except Exception:  # one failing resolve must not take the server down
            log.exception("resolving a code action for %s failed", uri)
            title, edits = "NCA: no verified fix: internal error (see the server log)", []
        edit = workspace_edit(ls, {uri: (version, client_edits(doc, edits))}) if edits else None
        cached = (title, edit)
        ls.resolved.put(uri, version, key, cached)
    if doc.version != version:  # typed on while the loop ran
        action.title = STALE
        return action
    action.title, action.edit = cached
    return action


def _resolve(ls: NcaServer, uri: str, version: int | None, text: str, kind: str | None,
             diagnostic: dict[str, Any] | None) -> tuple[str, list[TextEdit]]:
    """Return a title and the verified edits for one action; runs in a worker thread."""
    dispatcher, rel = ls.dispatcher_for(uri)
    if kind == "clean":
        outcome = clean_text(dispatcher, text, rel, ls.settings.min_confidence)
        if not outcome.verified:
            return f"NCA: no verified removal: {outcome.reason}", []
        new, title = outcome.text, f"Remove dead code with NCA: {', '.join(outcome.report.removed[:4])}"
    elif kind == "fixAll":
        report = dispatcher.fix_text(text, rel, check=ls.settings.check_command)
        new = report.text if report.fixes_verified else text
        if new == text:
            return f"NCA: no verified fix: {report.reason or 'nothing fixable'}", []
        title = f"Fix all with NCA: {len(report.fixes)} verified fix(es)"
    else:
        problems = ls.lint_now(uri, version, text)
        target = match_problem(diagnostic or {}, problems, text)
        if target is None:
            return "NCA: no verified fix: the problem is no longer in the text", []
        report = dispatcher.fix_text(text, rel, only=same_problem(target),
                                     check=ls.settings.check_command)
        if not fix_edits(text, report):
            return f"NCA: no verified fix: {report.reason or 'no candidate verified'}", []
        new, title = report.text, f"Fix with NCA: {describe(target)}"
    if uri.startswith("file:"):
        backup_text(dispatcher, [(rel, text)], f"nca lsp: before {title}")
    return title, minimal_edits(text, new)


def client_edits(doc: TextDocument | None, edits: Sequence[TextEdit]) -> list[t.TextEdit]:
    out = []
    for e in edits:
        rng = ServerTextRange(ServerTextPosition(e.start_line, e.start_char),
                              ServerTextPosition(e.end_line, e.end_char))
        client = doc.range_to_client_units(rng) if doc is not None else t.Range(
            t.Position(e.start_line, e.start_char), t.Position(e.end_line, e.end_char))
        out.append(t.TextEdit(range=client, new_text=e.new_text))
    return out


def workspace_edit(ls: NcaServer,
                   edits: dict[str, tuple[int | None, list[t.TextEdit]]]) -> t.WorkspaceEdit:
    """Return a WorkspaceEdit: versioned document changes when the client takes them."""
    caps = ls.client_capabilities.workspace
    versioned = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)
    if versioned:
        return t.WorkspaceEdit(document_changes=[
            t.TextDocumentEdit(text_document=t.OptionalVersionedTextDocumentIdentifier(
                uri=uri, version=version), edits=list(items))
            for uri, (version, items) in edits.items()])
    return t.WorkspaceEdit(changes={uri: items for uri, (_, items) in edits.items()})
