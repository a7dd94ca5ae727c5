import pytest

from nca.workers.core.errors import MergeError
from nca.workers.core.text_edits import apply_edits, apply_unified_diff, minimal_edits
from nca.workers.core.types import Candidate, MergeRequest, Problem, TextEdit
from nca.workers.fixing.fixer_helper import merge

P = Problem("F821", "Undefined name `json`")
BASE = "import os\n\n\ndef load(path):\n    return json.loads(open(path).read())\n"
FIXED = "import json\nimport os\n\n\ndef load(path):\n    return json.loads(open(path).read())\n"


def cand(**kw):
    return Candidate(engine="rules", kind="test", title="t", problem=P, **kw)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a = 1\n", "a = 2\n", [TextEdit(0, 4, 0, 5, "2")]),
        ("def f(x)\n    pass\n", "def f(x):\n    pass\n", [TextEdit(0, 8, 0, 8, ":")]),
        ("a\nb\n", "a\nz\nb\n", [TextEdit(1, 0, 1, 0, "z\n")]),
        ("a\nb\nc\n", "a\nc\n", [TextEdit(1, 0, 2, 0, "")]),
        ("same\n", "same\n", []),
        ("a\nb", "a\nb\n", [TextEdit(1, 1, 1, 1, "\n")]),  # the last line gains its newline
        ("x\n" * 500 + "def f()\n" + "x\n" * 500, "x\n" * 500 + "def f():\n" + "x\n" * 500,
         [TextEdit(500, 7, 500, 7, ":")]),  # a long file of repeated lines: one edit, in place
        ("", "a\n", [TextEdit(0, 0, 0, 0, "a\n")]),
    ],
)
def test_minimal_edits_are_minimal_and_round_trip(old, new, expected):
    edits = minimal_edits(old, new)
    assert edits == expected
    assert apply_edits(old, edits) == new


def test_merge_whole_text_when_current_is_base():
    merged = merge(MergeRequest(BASE, BASE, cand(text=FIXED)))
    assert merged.ok and merged.text == FIXED
    assert merged.edits == (TextEdit(0, 0, 0, 0, "import json\n"),)


def test_merge_into_a_text_that_moved_on():
    # the user added a function at the end and edited a line far from the fix
    current = BASE.replace("import os\n", "import os  # files\n") + "\n\ndef save():\n    pass\n"
    fixed = BASE.replace("open(path).read()", "open(path, encoding='utf-8').read()")
    merged = merge(MergeRequest(BASE, current, cand(text=fixed)))
    assert merged.ok, merged.reason
    assert "import os  # files\n" in merged.text
    assert "open(path, encoding='utf-8').read()" in merged.text
    assert merged.text.endswith("def save():\n    pass\n")


def test_merge_fails_when_the_fixed_lines_are_gone():
    current = "import os\n\n\ndef load(path):\n    return {}\n"
    fixed = BASE.replace("json.loads", "json.load")
    merged = merge(MergeRequest(BASE, current, cand(text=fixed)))
    assert not merged.ok
    assert "changed" in merged.reason


def test_merge_unified_diff_with_offset():
    diff = (
        "--- a/m.py\n+++ b/m.py\n@@ -1,2 +1,3 @@\n+import json\n import os\n \n"
    )
    shifted = "# header\n" + BASE
    merged = merge(MergeRequest(shifted, shifted, cand(diff=diff)))
    assert merged.ok, merged.reason
    assert merged.text == "# header\nimport json\n" + BASE


def test_merge_edits_candidate():
    merged = merge(MergeRequest(BASE, BASE, cand(edits=(TextEdit(0, 0, 0, 0, "import json\n"),))))
    assert merged.text == FIXED


def test_bad_diff_and_empty_candidate_fail_cleanly():
    assert not merge(MergeRequest(BASE, BASE, cand(diff="not a diff"))).ok
    assert not merge(MergeRequest(BASE, BASE, cand())).ok
    with pytest.raises(MergeError):
        apply_unified_diff(BASE, "@@ -1,1 +1,1 @@\n-nothing like this\n+x\n")


def test_overlapping_edits_are_refused():
    with pytest.raises(MergeError):
        apply_edits("abcdef\n", [TextEdit(0, 0, 0, 3, "x"), TextEdit(0, 2, 0, 4, "y")])
