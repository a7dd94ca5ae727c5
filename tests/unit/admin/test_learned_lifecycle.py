"""Learned fixes from start to end: stored only when written, offered and verified again next
time, forgotten when they bring a new problem, and never applied when they delete code."""

import json
from pathlib import Path

import pytest

from nca.admin.dispatcher import Dispatcher
from nca.admin.memory import BuildTips
from nca.admin.repair import FixStep
from nca.workers.core.types import Candidate, Problem
from nca.workers.debugging.linting import lint_text

PYPROJECT = "[project]\nname = 'p'\n"
TYPO = "value = pritn(1)\n"
TIPS_FILE = "AgentMemory/Architecture/BuildTips.json"


@pytest.fixture
def ws(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    return tmp_path


def tips_of(root: Path) -> list[dict]:
    path = root / TIPS_FILE
    return json.loads(path.read_text())["tips"] if path.exists() else []


def f821(text: str, name: str) -> Problem:
    return next(p for p in lint_text(text) if p.code == "F821" and p.symbol == name)


def tip(tip_id: str, symbol: str, diff: str, title: str = "a fix") -> dict:
    """Return one tip as BuildTips.json stores it (the schema of admin/memory/schemas.py)."""
    return {"id": tip_id, "signature": {"code": "F821", "message": "Undefined name `{name}`",
                                        "symbol": symbol},
            "fix": {"diff": diff, "title": title, "kind": "misspelled-name"},
            "engine": "rules", "verification": "compile + ruff F,E9,B006 passed",
            "file": "old.py", "date": "2024-01-01T00:00:00+00:00", "reused": 0, "seen": 1,
            "last_used": None}


def write_tips(root: Path, *tips: dict) -> None:
    path = root / TIPS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": 1, "tips": list(tips)}))


# --------------------------------------------------------------------------- stored when written


def test_a_written_fix_is_stored_in_buildtips(ws):
    (ws / "m.py").write_text(TYPO)
    report = Dispatcher(ws).fix_file(ws / "m.py", write=True)
    assert report.written and report.text == "value = print(1)\n"
    (stored,) = tips_of(ws)
    assert stored["signature"] == {"code": "F821", "message": "Undefined name `{name}`",
                                   "symbol": "pritn"}
    assert stored["fix"]["diff"] == (
        "--- a/m.py\n+++ b/m.py\n@@ -1 +1 @@\n-value = pritn(1)\n+value = print(1)\n")
    assert stored["file"] == "m.py" and stored["engine"] == "rules" and stored["reused"] == 0
    assert stored["fix"]["kind"] == report.fixes[0].kind != "learned"


def test_fixes_that_are_not_written_store_nothing(ws):
    (ws / "m.py").write_text(TYPO)
    dispatcher = Dispatcher(ws)
    preview = dispatcher.fix_text(TYPO, "m.py")
    assert preview.status == "fixed" and preview.fixes_verified and not preview.written
    dispatcher.learn(preview)  # what the language server calls: a report not written is no fix
    assert dispatcher.fix_file(ws / "m.py").status == "fixed"
    assert dispatcher.fix_paths([ws]) and (ws / "m.py").read_text() == TYPO
    assert not (ws / TIPS_FILE).exists()


def test_an_unrecorded_dispatcher_learns_nothing(ws):
    (ws / "m.py").write_text(TYPO)
    report = Dispatcher(ws, record=False).fix_file(ws / "m.py", write=True)
    assert report.written and not (ws / TIPS_FILE).exists()


def test_fix_paths_learns_once_the_writes_are_checked(ws):
    (ws / "m.py").write_text(TYPO)
    (report,) = Dispatcher(ws).fix_paths([ws / "m.py"], write=True)
    assert report.written and [t["file"] for t in tips_of(ws)] == ["m.py"]


# --------------------------------------------------------------------------- offered next time


def test_the_stored_tip_is_offered_next_time_and_verified_again(ws):
    (ws / "m.py").write_text(TYPO)
    Dispatcher(ws).fix_file(ws / "m.py", write=True)
    (stored,) = tips_of(ws)

    other = "import os\n\nvalue = pritn(1)\nprint(os.sep)\n"
    (ws / "other.py").write_text(other)
    (solution,) = BuildTips(ws).lookup(f821(other, "pritn"))
    assert solution.kind == "learned" and solution.detail["tip"] == stored["id"]
    # the signature holds the symbol: another misspelling is another tip
    assert BuildTips(ws).lookup(f821("value = prnt(1)\n", "prnt")) == []

    preview = Dispatcher(ws).fix_file(ws / "other.py")
    (fix,) = preview.fixes
    assert fix.kind == "learned" and fix.verified and fix.verification
    assert preview.text == other.replace("pritn", "print") and not preview.written
    assert tips_of(ws)[0]["reused"] == 0  # a preview is no reuse

    written = Dispatcher(ws).fix_file(ws / "other.py", write=True)
    assert written.written and [f.kind for f in written.fixes] == ["learned"]
    (again,) = tips_of(ws)
    assert again["id"] == stored["id"] and again["reused"] == 1 and again["last_used"]


# --------------------------------------------------------------------------- forgotten

NEEDS_JSON = "import json\nvalue = pritn(1)\nDATA = json.dumps(value)\n"
# learned where `json` was unused: the old fix took the import away with the typo
DROPS_IMPORT = ("--- a/old.py\n+++ b/old.py\n@@ -1,2 +1 @@\n-import json\n"
                "-value = pritn(1)\n+value = print(1)\n")
# learned in a file that had a helper this one lacks
NEW_NAME = ("--- a/old.py\n+++ b/old.py\n@@ -1,2 +1,2 @@\n import json\n"
            "-value = pritn(1)\n+value = print(helper(1))\n")
GOOD = "--- a/old.py\n+++ b/old.py\n@@ -1 +1 @@\n-value = pritn(1)\n+value = print(1)\n"


@pytest.mark.parametrize("bad_diff", [DROPS_IMPORT, NEW_NAME], ids=["drops-import", "new-name"])
def test_a_learned_fix_that_brings_a_new_problem_is_forgotten(ws, bad_diff):
    write_tips(ws, tip("tbad", "pritn", bad_diff, "bad"), tip("tgood", "pritn", GOOD, "good"))
    (ws / "new.py").write_text(NEEDS_JSON)
    report = Dispatcher(ws).fix_file(ws / "new.py")
    assert report.verified and report.text == NEEDS_JSON.replace("pritn", "print")
    assert [f.title for f in report.fixes] == ["learned: good"]
    # only the tip that broke something is gone, and nothing was written to learn from
    assert [t["id"] for t in tips_of(ws)] == ["tgood"]


def test_a_recorded_fix_step_that_breaks_a_new_text_is_forgotten(ws):
    before = "import json\nvalue = pritn(1)\n"
    problem = f821(before, "pritn")
    step = FixStep(problem, Candidate("rules", "misspelled-name", "Change `pritn` to `print`",
                                      problem), before, "value = print(1)\n", "passed")
    stored = BuildTips(ws).record(step, "old.py")
    assert stored["fix"]["diff"].count("\n-") == 2  # the step's diff deletes `import json`

    (ws / "new.py").write_text(NEEDS_JSON)
    report = Dispatcher(ws).fix_file(ws / "new.py", write=True)
    assert report.written and report.text == NEEDS_JSON.replace("pritn", "print")
    assert "learned" not in {f.kind for f in report.fixes}
    ids = [t["id"] for t in tips_of(ws)]
    assert stored["id"] not in ids and len(ids) == 1  # the fresh fix was learned instead


# --------------------------------------------------------------------------- deleting diffs

# the old fix of an undefined name: delete the line that used it
DELETES = "--- a/old.py\n+++ b/old.py\n@@ -1,3 +1,2 @@\n x = 0\n-print(zzqxw)\n x = 1\n"
DELETING_TEXT = "import sys\n\nx = 0\nprint(zzqxw)\nx = 1\nprint(sys.argv)\n"


def test_a_learned_diff_that_deletes_code_is_only_a_suggestion(ws):
    write_tips(ws, tip("tdel", "zzqxw", DELETES, "drop the print"))
    (ws / "new.py").write_text(DELETING_TEXT)
    report = Dispatcher(ws).fix_file(ws / "new.py", write=True)
    assert report.status == "unfixable" and report.fixes == () and not report.written
    assert (ws / "new.py").read_text() == DELETING_TEXT
    (suggestion,) = report.suggestions
    assert suggestion.kind == "learned" and not suggestion.verified
    assert "not applied" in suggestion.verification
    assert "-print(zzqxw)" in suggestion.diff
    # it verified: nothing new broke, so the tip stays, unused
    assert [(t["id"], t["reused"]) for t in tips_of(ws)] == [("tdel", 0)]


@pytest.mark.parametrize("replacement", ["# print(zzqxw)", ""], ids=["commented-out", "blanked"])
def test_a_learned_diff_that_blanks_code_out_is_only_a_suggestion(ws, replacement):
    diff = (f"--- a/old.py\n+++ b/old.py\n@@ -1,3 +1,3 @@\n x = 0\n-print(zzqxw)\n"
            f"+{replacement}\n x = 1\n")
    write_tips(ws, tip("tdel", "zzqxw", diff, "drop the print"))
    (ws / "new.py").write_text(DELETING_TEXT)
    report = Dispatcher(ws).fix_file(ws / "new.py", write=True)
    assert not report.written and (ws / "new.py").read_text() == DELETING_TEXT
