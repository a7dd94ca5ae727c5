import pytest

from nca.workers.core.types import Analysis, Problem, Solution
from nca.workers.engines.rules.base import RuleContext
from nca.workers.engines.rules.names import RULES, Misspelling, replace_token


@pytest.mark.parametrize(
    ("text", "line", "col", "old", "new", "expected"),
    [
        ("pritn(1)\n", 1, 1, "pritn", "print", "print(1)\n"),
        # only the reported use changes; the other is a problem of its own
        ("a = pritn(pritn)\n", 1, 11, "pritn", "print", "a = pritn(print)\n"),
        ("os.path.jion('a')\n", 1, 9, "jion", "join", "os.path.join('a')\n"),
        # a position that misses falls back to the only such token on the line
        ("os.path.jion('a')\n", 1, 1, "jion", "join", "os.path.join('a')\n"),
        ("x = 1\ny = vaule + 1\n", 2, 5, "vaule", "value", "x = 1\ny = value + 1\n"),
        ("s = 'é'; y = vaule\n", 1, 14, "vaule", "value", "s = 'é'; y = value\n"),
        # a forward reference inside a string annotation
        ("def f(x: 'Lsit'): pass\n", 1, 11, "Lsit", "List", "def f(x: 'List'): pass\n"),
        ("x = 1\r\ny = vaule\r\n", 2, 5, "vaule", "value", "x = 1\r\ny = value\r\n"),
    ],
)
def test_replace_token(text, line, col, old, new, expected):
    assert replace_token(text, line, col, old, new) == expected


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("pritner(1)\n", 1, 1),  # only part of a longer name
        ("x = 1\n", 1, 1),  # not there at all
        ("pritn\n", 5, 1),  # no such line
    ],
)
def test_replace_token_refuses(text, line, col):
    assert replace_token(text, line, col, "pritn", "print") is None


def _rename(old, new, score=0.7):
    detail = {"original": old, "replacement": new, "distance": 2, "scope": "builtin"}
    return Solution("rename", f"Change `{old}` to `{new}`", "builtins", score, detail)


def test_rule_proposes_each_rename_at_the_problem_only():
    text = "pritn(1)\npritn(2)\n"
    problem = Problem("F821", "Undefined name `pritn`", 2, 1, symbol="pritn")
    analysis = Analysis(problem, (_rename("pritn", "print"), _rename("pritn", "pprint", 0.5)))
    found = list(Misspelling().propose(RuleContext(text, problem, analysis=analysis)))
    assert [c.text for c in found] == ["pritn(1)\nprint(2)\n", "pritn(1)\npprint(2)\n"]
    assert [c.rank for c in found] == [0.7, 0.5]
    assert {(c.engine, c.kind) for c in found} == {("rules", "misspelled-name")}


def test_rule_fixes_module_attributes():
    text = "import os\nos.path.jion('a')\n"
    problem = Problem("NCA101", "module 'os.path' has no attribute 'jion'", 2, 9, symbol="jion")
    analysis = Analysis(problem, (_rename("jion", "join"),))
    (found,) = Misspelling().propose(RuleContext(text, problem, analysis=analysis))
    assert found.text == "import os\nos.path.join('a')\n"


def test_rule_ignores_other_solutions_and_problems():
    rule = Misspelling()
    assert RULES[0].id == rule.id == "misspelled-name"
    problem = Problem("F821", "Undefined name `json`", 1, 1, symbol="json")
    imports = Solution("import", "Add", "stdlib", 0.8, {"statement": "import json"})
    ctx = RuleContext("json\n", problem, analysis=Analysis(problem, (imports,)))
    assert list(rule.propose(ctx)) == []
    assert list(rule.propose(RuleContext("json\n", problem))) == []
    assert rule.applies(problem) and rule.applies(Problem("AttributeError", "m"))
    assert not rule.applies(Problem("F841", "m"))
