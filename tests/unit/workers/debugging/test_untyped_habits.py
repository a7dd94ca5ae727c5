"""Another language's string method on a value the type checker cannot type (real ty)."""

from __future__ import annotations

import pytest

from nca.workers.debugging.untyped_habits import untyped_habit_problems
from tests.unit.workers.debugging.conftest import fix_module, needs_ty

pytestmark = needs_ty


@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("def f(path):\n    for line in path:\n        line = line.trim()\n", "trim", "strip"),
    ("def f(options):\n    s = options.get('a')\n    return s.toLowerCase()\n",
     "toLowerCase", "lower"),
    ("def f(name):\n    return name.startsWith('_')\n", "startsWith", "startswith"),
    ("def f(code):\n    return code.padEnd(8)\n", "padEnd", "ljust"),
])
def test_a_string_method_of_another_language_on_an_untyped_local_is_found(
        checker, text, wrong, right):
    (problem,) = untyped_habit_problems(checker, text, "pkg/mod.py")
    assert problem.code == "NCA103" and problem.symbol == wrong
    assert problem.message.endswith(f"did you mean `{right}`?")
    row = text.splitlines()[problem.line - 1]
    assert row[problem.col - 1:problem.col - 1 + len(wrong)] == wrong


@pytest.mark.parametrize("text", [
    # a module-level name: a bridge to Java (JPype) gives its strings trim()
    "from java.lang import String as s\n\n\ndef f():\n    return s.trim()\n",
    # called twice: what the author means, the value has it
    "def f(a, b):\n    return a.trim(), b.trim()\n",
    # a class of the file defines it
    "class Box:\n    def trim(self):\n        return self\n\n\ndef f(b):\n    return b.trim()\n",
    # the checker knows the type (a class without it): its own finding covers that
    "class Box:\n    pass\n\n\ndef f(b: Box):\n    return b.trim()\n",
    # marked by the author
    "def f(s):\n    return s.trim()  # noqa\n",
])
def test_values_that_may_have_it_are_left_alone(checker, text):
    assert untyped_habit_problems(checker, text, "pkg/mod.py") == []


def test_a_member_the_workspace_defines_is_left_alone(checker):
    text = "def f(s):\n    return s.trim()\n"
    assert untyped_habit_problems(checker, text, "pkg/mod.py", lambda name: name == "trim") == []


def test_nca_fix_writes_the_python_name(project):
    report = fix_module(
        project, "def first(path):\n    for line in path:\n        line = line.trim()\n        return line\n")
    assert "line = line.strip()" in report.text and report.verified
    assert [f.title for f in report.fixes] == ["Change `trim` to `strip`"]
