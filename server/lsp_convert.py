"""Conversions between LSP types (lsprotocol, in the client's position units) and ours
(nca.workers.core.types: Problems 1-based in code points, TextEdits 0-based in code points).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types as t
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

if TYPE_CHECKING:
    from nca.workers.core.types import Problem, TextEdit

__all__ = ["client_edits", "in_code_points", "to_diagnostic", "workspace_edit"]


def to_diagnostic(problem: Problem, lines: Any, codec: Any = None,
                  source: str = "nca") -> t.Diagnostic:
    """Return a Problem (1-based, code points) as an LSP Diagnostic in client units."""
    last = max(len(lines) - 1, 0)
    line = min(max(problem.line - 1, 0), last)
    text = lines[line].rstrip("\r\n") if lines else ""
    start = min(max(problem.col - 1, 0), len(text))
    if problem.end_line is not None and problem.end_col is not None and problem.end_line >= problem.line:
        end_line = min(problem.end_line - 1, last)
        end_text = lines[end_line].rstrip("\r\n") if lines else ""
        end = min(max(problem.end_col - 1, 0), len(end_text))
    else:  # a position only (compile, tracebacks): mark the rest of the line
        end_line, end = line, len(text)
        if problem.col <= 1:
            start = len(text) - len(text.lstrip())
    if (end_line, end) <= (line, start):
        end_line, end = line, min(start + 1, max(len(text), start))
    server_range = ServerTextRange(ServerTextPosition(line, start), ServerTextPosition(end_line, end))
    try:
        rng = codec.range_to_client_units(lines, server_range) if codec and lines else None
    except (IndexError, ValueError):
        rng = None
    if not rng:
        rng = t.Range(t.Position(line, start), t.Position(end_line, end))
    return t.Diagnostic(range=rng, message=problem.message, severity=t.DiagnosticSeverity.Error,
                        code=problem.code, source=source)


def in_code_points(raw: dict[str, Any], doc: TextDocument) -> dict[str, Any]:
    """Return a diagnostic dict with its range in code points; a range past the text is kept."""
    if doc.source.isascii():
        return raw  # one code unit per code point in every encoding
    try:
        rng = t.Range(t.Position(**raw["range"]["start"]), t.Position(**raw["range"]["end"]))
        server_range = doc.range_from_client_units(rng)
    except (KeyError, TypeError, ValueError, IndexError):
        return raw
    start, end = server_range.start, server_range.end
    return {**raw, "range": {"start": {"line": start.line, "character": start.character},
                             "end": {"line": end.line, "character": end.character}}}


def client_edits(doc: TextDocument | None, edits: Sequence[TextEdit]) -> list[t.TextEdit]:
    out = []
    for e in edits:
        rng = ServerTextRange(ServerTextPosition(e.start_line, e.start_char),
                              ServerTextPosition(e.end_line, e.end_char))
        client = doc.range_to_client_units(rng) if doc is not None else t.Range(
            t.Position(e.start_line, e.start_char), t.Position(e.end_line, e.end_char))
        out.append(t.TextEdit(range=client, new_text=e.new_text))
    return out


def workspace_edit(capabilities: t.ClientCapabilities,
                   edits: dict[str, tuple[int | None, list[t.TextEdit]]]) -> t.WorkspaceEdit:
    """Return a WorkspaceEdit: versioned document changes when the client takes them."""
    caps = capabilities.workspace
    versioned = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)
    if versioned:
        return t.WorkspaceEdit(document_changes=[
            t.TextDocumentEdit(text_document=t.OptionalVersionedTextDocumentIdentifier(
                uri=uri, version=version), edits=list(items))
            for uri, (version, items) in edits.items()])
    return t.WorkspaceEdit(changes={uri: items for uri, (_, items) in edits.items()})
