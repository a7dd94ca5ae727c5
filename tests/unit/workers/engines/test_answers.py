"""Model answers parsed into candidates, then merged by fixer_helper like any candidate."""

from __future__ import annotations

import pytest

from nca.workers.core.text_edits import candidate_text
from nca.workers.core.types import FixRequest, Problem
from nca.workers.engines.answers import code_blocks, parse_answer, splice_snippet

TEXT = """import os


def total(items):
    result = 0
    for item in items:
        result += item.price
    return reslt


def name():
    return os.getcwd()
"""
FIXED = TEXT.replace("return reslt", "return result")
PROBLEM = Problem("F821", "Undefined name `reslt`", 8, 12, symbol="reslt")
REQUEST = FixRequest(text=TEXT, problem=PROBLEM, path="m.py")

DIFF = """--- a/m.py
+++ b/m.py
@@ -6,3 +6,3 @@
     for item in items:
         result += item.price
-    return reslt
+    return result
"""
SNIPPET = """def total(items):
    result = 0
    for item in items:
        result += item.price
    return result
"""


@pytest.mark.parametrize(("answer", "kind"), [
    (f"Here is the fix:\n```diff\n{DIFF}```\n", "model-diff"),
    (DIFF, "model-diff"),  # a bare diff, no fence
    (f"```python\n{FIXED}```", "model-code"),  # the whole file
    (f"```python\n{SNIPPET}```", "model-code"),  # just the function
    (f"```\n{SNIPPET}```", "model-code"),  # a fence without a language
    ("```py\n    return result\n```", "model-code"),  # one line, indented back in place
])
def test_each_answer_form_becomes_the_fixed_text(answer: str, kind: str) -> None:
    (cand,) = parse_answer(answer, REQUEST, engine="m")
    assert cand.kind == kind and cand.engine == "m" and cand.problem == PROBLEM
    assert candidate_text(TEXT, cand) == FIXED


@pytest.mark.parametrize("answer", [
    "",
    "I cannot help with that.",
    "```json\n{\"a\": 1}\n```",
    "```python\nprint('something unrelated to the file at all')\nx = 1\ny = 2\n```",
    f"```python\n{TEXT}```",  # unchanged
])
def test_answers_without_a_usable_change_give_nothing(answer: str) -> None:
    assert parse_answer(answer, REQUEST, engine="m") == []


def test_several_blocks_are_ranked_in_order() -> None:
    answer = f"```diff\n{DIFF}```\nor\n```python\n{FIXED}```"
    first, second = parse_answer(answer, REQUEST, engine="m")
    assert first.diff and second.text == FIXED and first.rank > second.rank


def test_code_blocks_keep_language_and_body() -> None:
    assert code_blocks("a\n~~~Python\nx = 1\n~~~\nb") == [("python", "x = 1\n")]


def test_a_snippet_far_from_anything_similar_is_refused() -> None:
    assert splice_snippet(TEXT, "while True:\n    launch_rockets()\n", 8) is None
