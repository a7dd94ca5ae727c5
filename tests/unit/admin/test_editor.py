"""nca.admin.editor: matching client diagnostics to our problems, edits, dead code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nca.admin.editor import (
    clean_text,
    describe,
    fix_edits,
    match_problem,
    not_lintable,
    problems_by_file,
    removable_findings,
    removal_title,
    remove_finding,
    same_problem,
)
from nca.admin.reports import FileReport
from nca.workers.core.text_edits import apply_edits
from nca.workers.core.types import Problem
from nca.workers.debugging.diagnostics import lsp_problems

TEXT = "import os\n\n\ndef load(path):\n    return json.load(open(path)) + amout\n"
OURS = (
    Problem("F401", "`os` imported but unused", 1, 8, 1, 10, source="ruff", symbol="os"),
    Problem("F821", "Undefined name `json`", 5, 12, 5, 16, source="ruff", symbol="json"),
    Problem("F821", "Undefined name `amout`", 5, 36, 5, 41, source="ruff", symbol="amout"),
)
SYNTAX = (Problem("E999", "SyntaxError: expected ':'", 4, 15, source="compile"),)


def lsp_diag(line: int, start: int, end: int, message: str, code: Any = None,
             source: str | None = None, end_line: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"range": {"start": {"line": line, "character": start},
                                     "end": {"line": end_line if end_line is not None else line,
                                             "character": end}},
                           "message": message}
    if code is not None:
        out["code"] = code
    if source is not None:
        out["source"] = source
    return out


def diag(*args: Any, **kwargs: Any) -> Problem:
    """Return an LSP diagnostic as the language server hands it over: a Problem."""
    return lsp_problems([lsp_diag(*args, **kwargs)])[0]


@pytest.mark.parametrize(("diagnostic", "expected"), [
    (diag(4, 11, 15, "Undefined name `json`", "F821", "Ruff"), OURS[1]),
    (diag(4, 11, 15, '"json" is not defined', "reportUndefinedVariable", "Pylance"), OURS[1]),
    (diag(4, 35, 40, '"amout" is not defined', "reportUndefinedVariable", "Pylance"), OURS[2]),
    (diag(4, 11, 15, 'Name "json" is not defined', "name-defined", "mypy"), OURS[1]),
    (diag(4, 35, 40, "whatever the tool says", {"value": "E0602"}, "pylint"), OURS[2]),
    (diag(0, 7, 9, 'Import "os" is not accessed', "reportUnusedImport", "Pylance"), OURS[0]),
    (diag(4, 11, 15, "some message", None, "x"), OURS[1]),  # the symbol under its range
    (diag(4, 0, 0, "Undefined name `json`", "F821", "Ruff", end_line=5), OURS[1]),
    (diag(0, 7, 9, "Undefined name `json`", "F821", "Ruff"), None),  # a different line
    (diag(4, 4, 10, '"return" is not accessed', "reportX", "Pylance"), None),
    (diag(9000, 0, 1, "Undefined name `json`", "F821"), None),  # past the end of the text
    (diag(-3, -1, 2, "Undefined name `json`", "F821"), None),
])
def test_match_problem(diagnostic: Problem, expected: Problem | None):
    assert match_problem(diagnostic, OURS, TEXT) == expected


@pytest.mark.parametrize("diagnostic", [
    diag(3, 14, 15, "Expected \":\"", None, "Pylance"),
    diag(3, 0, 20, "SyntaxError: expected ':'", "syntax-error", "Ruff"),
    diag(4, 4, 10, "Unexpected indentation", "reportGeneralTypeIssues", "Pylance"),  # next line
])
def test_any_diagnostic_near_our_syntax_error_is_about_it(diagnostic: Problem):
    assert match_problem(diagnostic, SYNTAX, TEXT) == SYNTAX[0]


def test_nearest_column_wins_among_equals():
    twins = (Problem("F821", "Undefined name `x`", 1, 1, 1, 2, symbol="x"),
             Problem("F821", "Undefined name `x`", 1, 9, 1, 10, symbol="x"))
    assert match_problem(diag(0, 8, 9, "Undefined name `x`", "F821"), twins) == twins[1]


def test_same_problem_keeps_only_the_target():
    predicate = same_problem(OURS[1])
    assert [predicate(p) for p in OURS] == [False, True, False]


def test_describe_shortens_and_names_the_code():
    assert describe(OURS[1]) == "F821 Undefined name `json`"
    assert describe(Problem("E999", "E999 " + "x" * 200)).endswith("...")


def test_fix_edits_only_for_verified_changes():
    fixed = TEXT.replace("import os\n", "import json\n")
    report = FileReport("m.py", "fixed", False, TEXT, fixed, fixes_verified=True)
    edits = fix_edits(TEXT, report)
    assert apply_edits(TEXT, edits) == fixed and len(edits) == 1
    assert fix_edits(TEXT, FileReport("m.py", "fixed", False, TEXT, fixed)) == []
    assert fix_edits(TEXT, FileReport("m.py", "unchanged", True, TEXT, TEXT,
                                      fixes_verified=True)) == []


@pytest.mark.parametrize(("text", "reason"), [
    ("x = 1\n", None),
    ("x = 1\n" * 400_000, "larger than"),
    ("\0\x01binary", "binary"),
])
def test_not_lintable(text: str, reason: str | None):
    found = not_lintable(text)
    assert (found is None) if reason is None else (reason in found)


def test_problems_by_file_keeps_existing_files_inside_the_roots(tmp_path: Path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text("x = 1\n")
    outside = tmp_path.parent / "elsewhere.py"
    problems = [Problem("NameError", "x", 2, path="pkg/mod.py"),
                Problem("NameError", "y", 3, path=str(tmp_path / "pkg" / "mod.py")),
                Problem("KeyError", "z", 1, path="/usr/lib/python3.11/json/__init__.py"),
                Problem("KeyError", "z", 1, path=str(outside)),
                Problem("KeyError", "z", 1, path="pkg/missing.py"),
                Problem("KeyError", "z", 1)]
    grouped = problems_by_file(problems, [tmp_path], base=tmp_path)
    assert list(grouped) == [(tmp_path / "pkg" / "mod.py").resolve()]
    assert [p.line for p in grouped[(tmp_path / "pkg" / "mod.py").resolve()]] == [2, 3]


# --------------------------------------------------------------------------- dead code

DEAD = ("import os\nimport sys\n\n\ndef helper():\n    return os.getcwd()\n\n\n"
        "def main():\n    print(sys.argv)\n\n\nmain()\n")


@pytest.fixture
def dispatcher(tmp_path: Path):
    from nca.admin.dispatcher import Dispatcher

    return Dispatcher(tmp_path, record=False)


@pytest.mark.parametrize(("category", "name", "title"), [
    ("function", "helper", "Remove unused function `helper`"),
    ("import", "os", "Remove unused import `os`"),
    ("unreachable", "unreachable code after 'return'",
     "Remove unreachable code (unreachable code after 'return')"),
])
def test_removal_title(category: str, name: str, title: str):
    assert removal_title(category, name) == title


def test_remove_finding_takes_the_imports_only_it_used(dispatcher: Any):
    outcome = remove_finding(dispatcher, DEAD, "tool.py", "function", "helper", 5)
    assert outcome.verified
    assert outcome.text == "import sys\n\n\ndef main():\n    print(sys.argv)\n\n\nmain()\n"


@pytest.mark.parametrize(("category", "name", "line", "reason"), [
    ("function", "helper", 9, "no longer at line 9"),  # the text moved on
    ("import", "sys", 2, "removal would add F821"),  # still used
])
def test_remove_finding_refuses_what_does_not_verify(dispatcher: Any, category: str, name: str,
                                                     line: int, reason: str):
    outcome = remove_finding(dispatcher, DEAD, "tool.py", category, name, line)
    assert not outcome.verified and outcome.text == DEAD and reason in outcome.reason


def test_findings_and_whole_file_cleaning_keep_what_other_files_use(dispatcher: Any,
                                                                   tmp_path: Path):
    (tmp_path / "tool.py").write_text(DEAD, encoding="utf-8")
    (tmp_path / "other.py").write_text("from tool import helper\n\nhelper()\n")
    assert "helper" not in {f.name for f in removable_findings(dispatcher, DEAD, "tool.py")}
    outcome = clean_text(dispatcher, DEAD, "tool.py", 60)
    assert "def helper" in outcome.text


def test_removable_findings_of_a_lone_file(dispatcher: Any):
    names = {(f.category, f.name) for f in removable_findings(dispatcher, DEAD, "tool.py")}
    assert ("function", "helper") in names and ("function", "main") not in names
