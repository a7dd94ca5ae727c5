"""The cleaning benchmark: its cases load, and the Cleaner meets its targets on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.cleaning.__main__ import (
    RECALL_TARGET,
    REMOVAL_PRECISION_TARGET,
    main,
    markdown,
    misses,
)
from benchmarks.cleaning.score import CATEGORIES, load_cases, run, summarize


@pytest.fixture(scope="module")
def scores():
    return run(load_cases())


def test_there_are_enough_cases_covering_every_category():
    cases = load_cases()
    assert len(cases) >= 40
    covered = {category for case in cases for category, _ in case.dead}
    assert covered == set(CATEGORIES.values())


def test_no_removal_breaks_code(scores):
    # a false removal deletes code the user needs: listed by name so a failure says which
    wrong = [line for line in misses(scores) if "WRONGLY REMOVED" in line or "COMPILE" in line]
    assert wrong == []
    assert summarize(scores)[-1].removal_precision >= REMOVAL_PRECISION_TARGET


def test_recall_target_is_met(scores):
    overall = summarize(scores)[-1]
    assert overall.category == "overall"
    assert overall.recall >= RECALL_TARGET
    assert overall.removed > 0  # the precision is not met by removing nothing


def test_markdown_table_has_a_row_per_category_and_overall(scores):
    rows = summarize(scores)
    lines = markdown(rows).splitlines()
    assert lines[0].startswith("| category | dead | found | precision | recall")
    assert len(lines) == 2 + len(rows)
    assert lines[-1].startswith("| **overall**")


def test_main_exits_zero_when_targets_are_met(capsys):
    assert main(["--markdown"]) == 0
    assert "| **overall**" in capsys.readouterr().out


@pytest.mark.parametrize(("text", "error"), [
    ("# expect gadgets: x\n", "unknown category"),
    ("# expect unreachable: 3\n", "mark unreachable code"),
    ("x = 1\n", "says nothing"),
])
def test_bad_case_headers_are_refused(tmp_path: Path, text: str, error: str):
    (tmp_path / "case.py").write_text(text)
    with pytest.raises(ValueError, match=error):
        load_cases(tmp_path)


def test_case_headers_are_read(tmp_path: Path):
    (tmp_path / "one.py").write_text("# path: pkg/mod.py\n# min-confidence: 70\n"
                                     "# expect imports: os, sys\nimport os\nimport sys\n"
                                     "def f():\n    return 1\n    f()  # <- unreachable\n")
    (case,) = load_cases(tmp_path)
    assert case.rel == "pkg/mod.py" and case.min_confidence == 70
    assert case.dead == (("import", "os"), ("import", "sys"), ("unreachable", "8"))
