"""The diff a report shows: difflib's, read over the changed span of a long file only."""

from __future__ import annotations

import difflib

import pytest

from nca.admin.reports import unified_diff

BODY = "".join(f"def step_{n}(value):\n    total = value + {n}\n    return total\n\n"
               for n in range(200))


def _difflib(old: str, new: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True), "a/m.py", "b/m.py"))


@pytest.mark.parametrize("change", [
    ("def step_150(value):\n", "def step_150(value, extra):\n"),  # one line, deep inside
    ("def step_0(value):\n", "import os\n\n\ndef step_0(value):\n"),  # lines added at the top
    ("    return total\n\ndef step_199", "\ndef step_199"),  # lines removed
])
def test_the_diff_is_difflibs_with_the_files_line_numbers(change):
    new = BODY.replace(*change, 1) if change[0] in BODY else BODY
    assert new != BODY
    assert unified_diff(BODY, new, "m.py") == _difflib(BODY, new)


def test_an_insertion_among_blank_lines_is_shown_as_one():
    # difflib over the whole file pairs the blank lines differently (a blank line removed
    # and added back); over the changed span it is the one line added
    new = BODY.replace("value + 199\n    return total\n", "value + 199\n    return total\n# end\n")
    diff = unified_diff(BODY, new, "m.py").splitlines()
    assert diff[2] == "@@ -797,4 +797,5 @@"
    assert [line for line in diff[3:] if line[:1] in "+-"] == ["+# end"]


def test_no_change_no_diff():
    assert unified_diff(BODY, BODY, "m.py") == ""
