"""The learned rule: a stored diff from BuildTips becomes a candidate when it still applies."""

import pytest

from nca.workers.core.text_edits import candidate_text
from nca.workers.core.types import Analysis, Problem, Solution
from nca.workers.engines.rules.base import RuleContext
from nca.workers.engines.rules.engine import default_rules
from nca.workers.engines.rules.learned import LEARNED_RANK, LearnedDiff

DIFF = "--- a/m.py\n+++ b/m.py\n@@ -1,2 +1,2 @@\n-def f(x)\n+def f(x):\n     return x\n"
PROBLEM = Problem("E999", "SyntaxError: expected ':'", 1, 9)


def _ctx(text, *solutions):
    return RuleContext(text=text, problem=PROBLEM, analysis=Analysis(PROBLEM, solutions))


def _learned(diff=DIFF, score=2.0):
    return Solution("learned", "learned: insert ':'", "buildtips", score, {"diff": diff})


def test_a_stored_diff_becomes_a_candidate_fixer_helper_can_merge():
    text = "import os\n\n\ndef f(x)\n    return x\n"
    (cand,) = LearnedDiff().propose(_ctx(text, _learned()))
    assert cand.kind == "learned" and cand.diff == DIFF and cand.rank == LEARNED_RANK + 2.0
    assert candidate_text(text, cand) == "import os\n\n\ndef f(x):\n    return x\n"


@pytest.mark.parametrize("solution", [
    _learned(diff="--- a/m.py\n+++ b/m.py\n@@ -1 +1 @@\n-nothing here\n+x\n"),  # no match
    _learned(diff="not a diff"),
    Solution("rename", "rename", "scope", 1.0, {"diff": DIFF}),  # not learned
    Solution("learned", "no diff", "buildtips", 1.0, {"statement": "import os"}),
])
def test_solutions_it_cannot_use_give_no_candidate(solution):
    assert list(LearnedDiff().propose(_ctx("def f(x)\n    return x\n", solution))) == []


def test_it_claims_only_problems_other_rules_handle():
    rule = LearnedDiff()
    assert rule.applies(PROBLEM) and rule.applies(Problem("F821", "Undefined name `x`"))
    assert not rule.applies(Problem("E501", "Line too long", source="ruff"))
    assert isinstance(default_rules()[0], LearnedDiff)
