"""nca.server.lsp_convert: LSP diagnostics, edits and ranges to ours and back, in client units."""

from __future__ import annotations

import pytest
from lsprotocol import types as t
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import PositionCodec

from nca.server.lsp_convert import (
    from_lsp_edits,
    text_change,
    to_diagnostic,
    to_lsp_edits,
    to_problem,
    workspace_edit,
)
from nca.workers.core.errors import InputError
from nca.workers.core.text_edits import apply_edits
from nca.workers.core.types import Problem, TextEdit

# "😋" is one code point, two UTF-16 code units: every column after it differs by one
TEXT = 's = "😋"; print(cuont)\nx = 1\n'


def doc(text: str = TEXT) -> TextDocument:
    return TextDocument("file:///w/m.py", text, version=3,
                        position_codec=PositionCodec(t.PositionEncodingKind.Utf16))


def raw(line: int, start: int, end: int, **extra: object) -> dict[str, object]:
    return {"range": {"start": {"line": line, "character": start},
                      "end": {"line": line, "character": end}},
            "message": "undefined name 'cuont'", "code": "F821", "source": "ruff", **extra}


def test_a_client_diagnostic_becomes_a_problem_in_code_points():
    problem = to_problem(raw(0, 16, 21), doc())  # UTF-16 columns of `cuont`
    assert (problem.line, problem.col, problem.end_line, problem.end_col) == (1, 16, 1, 21)
    assert (problem.code, problem.source, problem.symbol) == ("F821", "ruff", "cuont")


def test_without_a_document_or_in_ascii_the_numbers_stay():
    assert to_problem(raw(1, 0, 1)).col == 1
    assert to_problem(raw(1, 0, 1), doc()).end_col == 2


@pytest.mark.parametrize("bad", [[], "F821", None, 3])
def test_what_is_not_a_diagnostic_is_an_input_error(bad: object):
    with pytest.raises(InputError):
        to_problem(bad, doc())  # type: ignore[arg-type]


def test_a_problem_becomes_a_diagnostic_in_client_units():
    problem = Problem(code="F821", message="undefined name", line=1, col=15, end_line=1,
                      end_col=20)
    d = doc()
    diagnostic = to_diagnostic(problem, d.lines, d.position_codec)
    assert diagnostic.range == t.Range(t.Position(0, 15), t.Position(0, 20))
    assert (diagnostic.code, diagnostic.source) == ("F821", "nca")
    # the way back gives the same problem's position
    back = to_problem({"range": {"start": {"line": 0, "character": 15},
                                 "end": {"line": 0, "character": 20}}, "message": "m"}, d)
    assert (back.col, back.end_col) == (15, 20)


def test_a_position_only_problem_marks_the_rest_of_its_line():
    diagnostic = to_diagnostic(Problem(code="E999", message="bad", line=2, col=1), ["x = 1\n"] * 2)
    assert diagnostic.range == t.Range(t.Position(1, 0), t.Position(1, 5))


def test_edits_go_to_client_units_and_back():
    edits = [TextEdit(0, 15, 0, 20, "count")]
    lsp = to_lsp_edits(edits, doc())
    assert lsp == [t.TextEdit(range=t.Range(t.Position(0, 16), t.Position(0, 21)),
                              new_text="count")]
    assert from_lsp_edits(lsp, doc()) == edits
    assert to_lsp_edits(edits, None)[0].range.start.character == 15


def test_text_change_is_the_minimal_edit_in_client_units():
    new = TEXT.replace("cuont", "count")
    (change,) = text_change(TEXT, new, doc())
    assert change.range.start.character >= 16  # after the emoji, counted in UTF-16
    assert apply_edits(TEXT, from_lsp_edits([change], doc())) == new


def test_workspace_edit_is_versioned_when_the_client_takes_document_changes():
    edits = {"file:///w/m.py": (3, [t.TextEdit(range=t.Range(t.Position(0, 0),
                                                             t.Position(0, 1)), new_text="y")])}
    plain = workspace_edit(t.ClientCapabilities(), edits)
    assert plain.changes and not plain.document_changes
    versioned = workspace_edit(t.ClientCapabilities(workspace=t.WorkspaceClientCapabilities(
        workspace_edit=t.WorkspaceEditClientCapabilities(document_changes=True))), edits)
    (change,) = versioned.document_changes or ()
    assert isinstance(change, t.TextDocumentEdit) and change.text_document.version == 3
