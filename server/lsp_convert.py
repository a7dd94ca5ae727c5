"""The one place LSP types meet ours: diagnostics and Problems, edits and ranges.

The client counts positions in its own units (UTF-16 code units unless it chose otherwise);
ours count code points: Problems are 1-based (lines and columns), TextEdits 0-based. Each
conversion goes through a document's position codec when the document is open, and keeps the
numbers as they are when it is not (or when they lie past its text).

- LSP Diagnostic -> Problem: ``to_problem`` (the mapping itself is the Debugger's,
  ``nca.workers.debugging.diagnostics.lsp_problems``);
- Problem -> LSP Diagnostic: ``to_diagnostic``;
- TextEdits <-> LSP TextEdits: ``to_lsp_edits``, ``from_lsp_edits``, and ``text_change`` (the
  minimal LSP edits from one text to another, ``nca.workers.core.text_edits.minimal_edits``);
- LSP TextEdits per document -> WorkspaceEdit: ``workspace_edit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types as t
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

if TYPE_CHECKING:
    from pygls.workspace import TextDocument

    from nca.workers.core.types import Problem, TextEdit

__all__ = ["client_range", "from_lsp_edits", "to_diagnostic", "to_lsp_edits", "to_problem",
           "text_change", "workspace_edit"]


def client_range(start: tuple[int, int], end: tuple[int, int], lines: Sequence[str],
                 codec: Any = None) -> t.Range:
    """Return the 0-based ``(line, code point)`` range ``start``-``end`` in the client's units.

    Without a codec (a document that is not open), or where the codec cannot say, the numbers
    are kept as they are.
    """
    if codec is not None:
        try:
            return codec.range_to_client_units(lines, ServerTextRange(
                ServerTextPosition(*start), ServerTextPosition(*end)))
        except (IndexError, ValueError):
            pass
    return t.Range(t.Position(*start), t.Position(*end))


def to_diagnostic(problem: Problem, lines: Sequence[str], codec: Any = None,
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
    rng = client_range((line, start), (end_line, end), lines, codec if lines else None)
    return t.Diagnostic(range=rng, message=problem.message, severity=t.DiagnosticSeverity.Error,
                        code=problem.code, source=source)


def to_problem(diagnostic: Mapping[str, Any], doc: TextDocument | None = None,
               path: str | None = None) -> Problem:
    """Return the Problem (1-based, code points) a client's diagnostic describes.

    ``diagnostic`` is the LSP Diagnostic as JSON (what a code action's data carries); its
    range is taken from the client's units to code points in ``doc`` (a range past the text is
    kept). InputError for something that is not a diagnostic.
    """
    # nca.workers beyond its errors loads on first use, after initialize: the server starts
    # without it
    from nca.workers.debugging.diagnostics import lsp_problems

    if doc is not None and isinstance(diagnostic, Mapping) and not doc.source.isascii():
        diagnostic = _in_code_points(diagnostic, doc)
    return lsp_problems([diagnostic], path)[0]


def _in_code_points(raw: Mapping[str, Any], doc: TextDocument) -> Mapping[str, Any]:
    """Return a diagnostic dict with its range in code points; a range past the text is kept."""
    try:
        rng = t.Range(t.Position(**raw["range"]["start"]), t.Position(**raw["range"]["end"]))
        server_range = doc.range_from_client_units(rng)
    except (KeyError, TypeError, ValueError, IndexError):
        return raw
    start, end = server_range.start, server_range.end
    return {**raw, "range": {"start": {"line": start.line, "character": start.character},
                             "end": {"line": end.line, "character": end.character}}}


def to_lsp_edits(edits: Sequence[TextEdit], doc: TextDocument | None) -> list[t.TextEdit]:
    """Return our TextEdits (0-based, code points) as LSP TextEdits in ``doc``'s client units."""
    lines, codec = (doc.lines, doc.position_codec) if doc is not None else ((), None)
    return [t.TextEdit(range=client_range((e.start_line, e.start_char), (e.end_line, e.end_char),
                                          lines, codec), new_text=e.new_text) for e in edits]


def from_lsp_edits(edits: Sequence[t.TextEdit], doc: TextDocument | None) -> list[TextEdit]:
    """Return LSP TextEdits (client units) as our TextEdits (0-based, code points)."""
    from nca.workers.core.types import TextEdit  # nca.workers: after initialize (see to_problem)

    out = []
    for e in edits:
        rng = doc.range_from_client_units(e.range) if doc is not None else e.range
        out.append(TextEdit(rng.start.line, rng.start.character, rng.end.line,
                            rng.end.character, e.new_text))
    return out


def text_change(old: str, new: str, doc: TextDocument | None) -> list[t.TextEdit]:
    """Return the minimal LSP edits that turn ``old`` (``doc``'s text, when open) into ``new``."""
    # nca.workers (and difflib) load with the first edit, after initialize (see to_problem)
    from nca.workers.core.text_edits import minimal_edits

    return to_lsp_edits(minimal_edits(old, new), doc)


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
