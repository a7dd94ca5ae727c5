"""The real-mistakes benchmark: its data file, and its scoring on results whose verdict is known.

The scoring is checked with scripted results (the intended fix, a different name, nothing, an
import written elsewhere, a partial repair); nca itself runs on two cases, and only that the
verdict agrees with the text it returned is asserted, not how well it did.
"""

from __future__ import annotations

import ast
import difflib
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from benchmarks.mistakes import cases as cases_module
from benchmarks.mistakes.__main__ import main
from benchmarks.mistakes.cases import (
    KINDS,
    load,
    mutate,
    other_release,
    package_root,
    source,
    splits,
)
from benchmarks.mistakes.score import (
    INTENDED,
    LEFT,
    NOT_FOUND,
    OTHERWISE,
    OUTCOMES,
    WRONG,
    Workspace,
    apply_diff,
    fix,
    same_code,
    score,
)

CASES = load()
BY_ID = {c.id: c for c in CASES}
#: the extra that installs each project whose installed source the cases edit (rich is nca's own)
EXTRA_OF = {"gguf": "smollm2", "requests": "wolfram or smollm2"}


def needs(*projects: str) -> None:
    """Skip the test unless every one of ``projects`` is installed."""
    for project in projects:
        if project != "rich" and importlib.util.find_spec(project) is None:
            pytest.skip(f"{project} is not installed (the {EXTRA_OF.get(project, 'bench')} extra "
                        "has it): the cases edit its installed source")


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


def _diff(a: str, b: str, path: str = "x.py") -> str:
    return "".join(difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                        f"a/{path}", f"b/{path}"))


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# ------------------------------------------------------------------------------ the data

def test_enough_cases_projects_and_kinds():
    assert len(CASES) >= 60
    assert len({c.project for c in CASES}) >= 5
    assert {c.kind for c in CASES} == set(KINDS)
    assert len({c.id for c in CASES}) == len(CASES)


def test_splits_are_disjoint_and_cover_every_case():
    groups = splits()
    assert {"dev", "heldout"} <= set(groups)  # and the blind splits written later
    names = sorted(groups)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not set(groups[a]) & set(groups[b]), (a, b)
    assert all(c.split in groups and c.project in groups[c.split] for c in CASES)
    assert all(any(c.split == name for c in CASES) for name in groups)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_snippet_occurs_once_in_the_installed_file(case):
    needs(case.project)
    assert case.file.startswith(case.project + "/")
    assert (package_root(case.project) / case.file).is_file()
    text = source(case)
    for edit in case.edits:
        if text.count(edit.original) != 1 and other_release(case):
            pytest.skip(other_release(case))  # the project moved on since the case was written
        assert text.count(edit.original) == 1, edit.original
        assert edit.broken != edit.original
        assert edit.original.strip("\n").count("\n") <= 2  # 1 to 3 lines
    mutation = mutate(case)
    assert mutation.broken != mutation.original
    # a syntax case breaks the parse (with several mistakes, in the dev and held-out splits);
    # any other mistake still parses
    if case.kind == "syntax":
        assert not _parses(mutation.broken)
        assert len(case.edits) >= 2 or case.split.startswith("blind")
    else:
        assert _parses(mutation.broken)
    if case.kind == "missing-import":
        assert case.at and mutation.window_broken


# --------------------------------------------------------------------------- the scoring

def _report(mutation, fixed: str, *, lines=(), fix_lines=()) -> dict:
    return {"status": "fixed" if fixed != mutation.broken else "unfixable", "verified": True,
            "errors_before": [{"code": "X", "message": "m", "line": n, "col": 1} for n in lines],
            "fixes": [{"title": "t", "kind": "k", "verified": True,
                       "problem": {"code": "X", "message": "m", "line": n, "col": 1}}
                      for n in fix_lines],
            "suggestions": [], "diff": _diff(mutation.broken, fixed), "elapsed_ms": 5}


def test_apply_diff_round_trips():
    a = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n"
    for b in ("zero\n" + a, a + "eleven\n", a.replace("five\n", ""), a.replace("two", "2"),
              a.replace("one\n", "").replace("ten\n", "TEN\n"), ""):
        assert apply_diff(a, _diff(a, b)) == b
    assert apply_diff(a, "") == a


def test_the_intended_fix_scores_intended():
    m = mutate(BY_ID["rich-local-name"])
    line = _line_of(m.broken, "rigth_length")
    out = score(m, _report(m, m.intended, lines=[line], fix_lines=[line]))
    assert out.outcome == INTENDED and out.found


def test_another_name_at_the_mistake_scores_wrong():
    m = mutate(BY_ID["rich-local-name"])
    line = _line_of(m.broken, "rigth_length")
    other = m.broken.replace("right.truncate(rigth_length)", "right.truncate(right)")
    out = score(m, _report(m, other, lines=[line], fix_lines=[line]))
    assert out.outcome == WRONG and out.wrong_verified


def test_nothing_done_scores_left_or_not_found():
    m = mutate(BY_ID["rich-local-name"])
    line = _line_of(m.broken, "rigth_length")
    assert score(m, _report(m, m.broken, lines=[line])).outcome == LEFT
    assert score(m, _report(m, m.broken, lines=[1])).outcome == NOT_FOUND


def test_an_import_added_elsewhere_or_absolute_is_intended_from_another_module_otherwise():
    m = mutate(BY_ID["rich-import-workspace"])
    moved = m.broken.replace("from .text import Text\n",
                             "from .text import Text\nfrom rich.cells import set_cell_size, cell_len\n")
    assert moved != m.broken
    assert score(m, _report(m, moved)).outcome == INTENDED
    other = m.broken.replace("from .text import Text\n",
                             "from .text import Text\nfrom rich._loop import cell_len, set_cell_size\n")
    out = score(m, _report(m, other))
    assert out.outcome == OTHERWISE and out.note == "the imports differ"


def test_a_missing_import_left_missing_is_left():
    m = mutate(BY_ID["rich-import-workspace"])
    line = _line_of(m.broken, "cell_len(")
    out = score(m, _report(m, m.broken, lines=[line]))
    assert out.outcome == LEFT and not any(e["fixed"] for e in out.edits)


def test_a_change_away_from_the_mistake_is_otherwise():
    m = mutate(BY_ID["rich-local-name"])
    collateral = m.intended.replace("        self.title = title\n", "        self.title = title or ''\n")
    assert collateral != m.intended
    assert score(m, _report(m, collateral)).outcome == OTHERWISE


def test_a_partial_repair_of_several_syntax_errors_is_left():
    needs("click")
    m = mutate(BY_ID["click-syntax"])
    partial = m.broken.replace("    def getvalue(self) -> str\n", "    def getvalue(self) -> str:\n")
    line = _line_of(m.broken, "def getvalue")
    out = score(m, _report(m, partial, lines=[line]))
    assert out.outcome == LEFT and out.note == "1 of 3 mistakes fixed"
    assert [e["fixed"] for e in out.edits].count(True) == 1


def test_same_code_ignores_import_order_and_relative_form():
    a = "from .a import x\nimport os\n\nprint(x, os)\n"
    assert same_code(a, "import os\nfrom pkg.a import x\nprint(x, os)\n", "pkg")
    assert not same_code(a, "import os\nfrom pkg.b import x\nprint(x, os)\n", "pkg")
    assert not same_code(a, "from .a import x\nimport os\nprint(os, x)\n", "pkg")


def _applies(case) -> bool:
    try:
        mutate(case)
    except ValueError:
        return False  # written against another release of its project (skipped, reported)
    return True


def test_a_case_of_another_release_is_told_apart(monkeypatch):
    case = CASES[0]
    monkeypatch.setattr(cases_module, "_versions", lambda: {case.project: "0.0.1"})
    assert "was written against 0.0.1" in (other_release(case) or "")
    monkeypatch.setattr(cases_module, "_versions", lambda: {})
    assert other_release(case) is None


def test_list_runs_nothing(capsys):
    needs(*sorted({c.project for c in CASES if c.kind == "syntax"}))
    assert main(["--list", "--kinds", "syntax"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == sum(c.kind == "syntax" and _applies(c) for c in CASES)
    assert all(line.split()[2] == "syntax" for line in lines)


# ------------------------------------------------------------------------------ with nca

NCA = Path(sys.executable).parent / "nca"


@pytest.mark.skipif(shutil.which(str(NCA)) is None, reason="nca is not installed beside python")
@pytest.mark.parametrize("case_id", ["attr-syntax", "requests-self-attribute"])
def test_a_real_run_is_scored_by_the_text_nca_returned(tmp_path, case_id):
    needs(BY_ID[case_id].project)
    m = mutate(BY_ID[case_id])
    report, ms, err = fix(Workspace(tmp_path), m, nca=str(NCA), python=sys.executable, timeout=120)
    assert not err and report is not None and ms > 0
    # the scratch copy is the original again afterwards
    assert (tmp_path / m.case.project / m.case.file).read_text(encoding="utf-8") == m.original
    out = score(m, report)
    assert out.outcome in OUTCOMES
    fixed = apply_diff(m.broken, report.get("diff") or "")
    assert (out.outcome == INTENDED) == same_code(fixed, m.intended, m.case.module_package)
    if fixed == m.broken:
        assert out.outcome in (LEFT, NOT_FOUND)
    if m.case.kind == "syntax":  # compile() reports a syntax error where it is
        assert out.found
