"""Scoring repairs: exact, plausible or fail, wrong verifications, and the totals."""

from __future__ import annotations

import pytest

from benchmarks.repair.__main__ import markdown
from benchmarks.repair.corpus import LINT_PATH, Mutant, new_problems
from benchmarks.repair.score import Outcome, StdlibIndex, lint, repair, score, summarize
from nca.admin.reports import FileReport

ORIGINAL = '''import os


def join(base, name):
    """Return the path of name under base."""
    return os.path.join(base, name)
'''


def _mutant(kind: str, text: str, **extra: str) -> Mutant:
    injected = new_problems(lint(ORIGINAL, LINT_PATH), lint(text, LINT_PATH))
    return Mutant(kind, "sample", "sample.py", 1, "hand-made", ORIGINAL, text, injected, **extra)


DELETED_IMPORT = _mutant("delete_import", ORIGINAL.replace("import os\n", ""))
MISSPELT_NAME = _mutant("misspell_name", ORIGINAL.replace("(base, name)\n", "(base, nmae)\n"))
MISSING_COLON = _mutant("delete_colon", ORIGINAL.replace("name):", "name)"))
MISSPELT_ATTRIBUTE = _mutant(
    "misspell_attribute", ORIGINAL.replace("os.path.", "os.pth."), module="os", attribute="pth"
)


@pytest.mark.parametrize(
    ("mutant", "fixed", "expected"),
    [
        # the original back, whatever the layout or comments
        (DELETED_IMPORT, ORIGINAL, "exact"),
        (MISSPELT_NAME, ORIGINAL.replace('"""Return', "# why\n    \"\"\"Return"), "exact"),
        (MISSING_COLON, ORIGINAL.replace("(base, name)", "(\n    base, name\n)"), "exact"),
        # a different repair that leaves no new problem
        (DELETED_IMPORT, ORIGINAL.replace("import os\n", "import os.path\n"), "plausible"),
        (MISSPELT_NAME, ORIGINAL.replace("(base, name)\n", "(base, str(name))\n"), "plausible"),
        (MISSPELT_ATTRIBUTE, ORIGINAL.replace("os.path.join", "os.sep.join"), "plausible"),
        # the error is still there
        (DELETED_IMPORT, DELETED_IMPORT.text, "fail"),
        (MISSPELT_NAME, MISSPELT_NAME.text, "fail"),
        (MISSING_COLON, MISSING_COLON.text, "fail"),
        (MISSPELT_ATTRIBUTE, MISSPELT_ATTRIBUTE.text, "fail"),
        # fixed, but a new problem came with it
        (MISSPELT_NAME, "import sys\n" + ORIGINAL, "fail"),
        (MISSPELT_NAME, ORIGINAL.replace("(base, name)\n", "(base, name)\n    x = 1\n"), "fail"),
        # the error is gone by deleting what used the name: still a new F401
        (DELETED_IMPORT, "import os\n\n\ndef join(base, name):\n    return base\n", "fail"),
        # does not parse
        (MISSPELT_NAME, ORIGINAL.replace("def ", "def def "), "fail"),
    ],
)
def test_score(mutant: Mutant, fixed: str, expected: str) -> None:
    assert score(mutant, fixed) == expected


def test_the_hand_made_mutants_really_show_their_error() -> None:
    assert {p.code for p in DELETED_IMPORT.injected} == {"F821"}
    assert {p.code for p in MISSPELT_NAME.injected} == {"F821"}
    assert {p.code for p in MISSING_COLON.injected} == {"E999"}


def _report(text: str, verified: bool, status: str = "fixed") -> FileReport:
    return FileReport(LINT_PATH, status, verified, original="", text=text)


def test_repair_scores_each_mutant_and_counts_wrong_verifications() -> None:
    answers = {
        DELETED_IMPORT.text: _report(ORIGINAL, verified=True),
        MISSPELT_NAME.text: _report(MISSPELT_NAME.text, verified=True),  # claims a fix it lacks
        MISSING_COLON.text: _report(MISSING_COLON.text, verified=False, status="unfixable"),
    }
    seen: list[Outcome] = []
    outcomes = repair([DELETED_IMPORT, MISSPELT_NAME, MISSING_COLON],
                      lambda mutant: answers[mutant.text], progress=seen.append)
    assert seen == outcomes
    assert [o.score for o in outcomes] == ["exact", "fail", "fail"]
    assert [o.wrong_verified for o in outcomes] == [False, True, False]
    assert [o.status for o in outcomes] == ["fixed", "fixed", "unfixable"]
    assert all(o.ms >= 0 for o in outcomes)


def test_a_repair_that_raises_is_a_failure_and_the_run_goes_on() -> None:
    def fix(mutant: Mutant) -> FileReport:
        if mutant.text == MISSPELT_NAME.text:
            raise RuntimeError("engine crashed")
        return _report(ORIGINAL, verified=True)

    outcomes = repair([MISSPELT_NAME, DELETED_IMPORT], fix)
    assert [(o.score, o.status) for o in outcomes] == [("fail", "error"), ("exact", "fixed")]
    assert "engine crashed" in outcomes[0].error and not outcomes[0].wrong_verified


def _outcome(mutant: Mutant, verdict: str, ms: float, verified: bool = False) -> Outcome:
    return Outcome(mutant, verdict, "fixed", verified, ms)


def test_summarize_gives_a_row_per_kind_and_an_overall_row() -> None:
    outcomes = [
        _outcome(MISSPELT_NAME, "exact", 10),
        _outcome(MISSPELT_NAME, "plausible", 30),
        _outcome(MISSPELT_NAME, "fail", 20, verified=True),
        _outcome(MISSPELT_ATTRIBUTE, "exact", 50),
    ]
    rows = summarize(outcomes, ["misspell_name", "misspell_attribute", "delete_colon"])
    by_kind = {r.kind: r for r in rows}
    name = by_kind["misspell_name"]
    assert (name.mutants, name.exact, name.plausible, name.fail) == (3, 1, 1, 1)
    assert name.wrong_verified == 1 and name.median_ms == 20
    assert by_kind["misspell_attribute"].undetected == (not MISSPELT_ATTRIBUTE.detected)
    assert by_kind["delete_colon"].mutants == 0 and by_kind["delete_colon"].pct(0) == 0.0
    overall = rows[-1]
    assert overall.kind == "overall" and overall.mutants == 4 and overall.exact == 2
    assert overall.to_dict()["exact_pct"] == 50.0
    table = markdown(rows)
    assert table.splitlines()[0].startswith("| kind | mutants | exact %")
    assert "| **overall** | **4** | **50.0** |" in table


def test_the_stdlib_index_knows_safe_modules_only() -> None:
    index = StdlibIndex()
    assert "path" in index.module_attributes("os")
    assert index.module_attributes("antigravity") == ()
    assert index.modules_named("json") == (("json", "stdlib"),)
