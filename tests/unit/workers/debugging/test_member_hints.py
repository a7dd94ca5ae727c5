"""The checker's word on members (real ty): an inherited member used without `self.` (and
ty's note where `self` has no such member), a member in other letter case, an attribute cut
short, JavaScript's `shift()` on a list."""

from __future__ import annotations

import sys

import pytest

from nca.admin.dispatcher import Dispatcher
from nca.workers.core.types import Problem
from nca.workers.debugging.linting import RuffLinter
from nca.workers.debugging.semantic import attribute_problems, with_member_hints
from nca.workers.facts.typecheck import TypeFinding
from tests.unit.workers.debugging.conftest import fix_module, needs_ty


@needs_ty
def test_an_inherited_attribute_used_without_self_is_fixed_on_the_checkers_word(project):
    # the class's own text does not show `count`: the base class of another module sets it
    report = fix_module(
        project, "from pkg.base import Base\n\n\nclass C(Base):\n    def twice(self):\n"
        "        return count * 2\n")
    assert "return self.count * 2" in report.text and report.verified
    assert [f.title for f in report.fixes] == ["Change `count` to `self.count`"]


@needs_ty
def test_a_name_the_method_stores_on_self_is_not_read_from_self(project, checker):
    # `self.count = count`: the name is where the attribute comes from, not a slip of it
    text = ("from pkg.base import Base\n\n\nclass C(Base):\n    def reset(self):\n"
            "        self.count = count\n")
    linter = RuffLinter(root=project, types=lambda: checker)
    (problem,) = [p for p in linter.lint(text, "pkg/mod.py") if p.code == "F821"]
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(
        text, "pkg/mod.py")
    assert "consider using `self.count`" in problem.message  # the checker's word is there...
    assert "self.count = self.count" not in report.text  # ... and not taken
    assert "Change `count` to `self.count`" not in [f.title for f in report.fixes]


@needs_ty
def test_a_class_with_getattr_gets_its_lost_import_back_not_self(project):
    # ty notes `self.traceback` where `__getattr__` answers any name: no member backs it
    report = fix_module(
        project, "import sys\n\n\nclass Proxy:\n    def __getattr__(self, name):\n        return 1\n\n"
        "    def check(self):\n        try:\n            return 1 / 0\n        except ZeroDivisionError:\n"
        "            traceback.print_exc(file=sys.stdout)\n")
    assert "self.traceback" not in report.text
    assert "import traceback" in report.text


class _Noting:
    """A checker that notes `self.is_locked` and completes what ``declared`` lists."""

    def __init__(self, declared: list[str]) -> None:
        self.declared = declared
        self.asked: list[str] = []

    def findings(self, path, text):
        return [TypeFinding("unresolved-reference", "Name `is_locked` used when not defined\n\n"
                            "info: An attribute `is_locked` is available: consider using "
                            "`self.is_locked`", 2, 16, 2, 25)]

    def members(self, path, text, line, col, word, **kw):
        self.asked.append(text.splitlines()[line - 1][col - 1 - len("self."):])
        return self.declared


TEXT_IS_LOCKED = "def f(self):\n    return 1 if is_locked else x\n"


def test_the_checkers_word_on_an_undefined_name_reaches_the_problem():
    ruff = Problem("F821", "Undefined name `is_locked`", line=2, col=17, symbol="is_locked")
    other = Problem("F821", "Undefined name `x`", line=2, col=36, symbol="x")
    checker = _Noting(["is_locked", "is_set"])
    hinted, plain = with_member_hints([ruff, other], checker, TEXT_IS_LOCKED, "pkg/mod.py")
    assert hinted.message.endswith("consider using `self.is_locked`") and plain == other
    assert checker.asked == ["self.is_locked else x"]  # the member asked for after `self.`


def test_a_note_the_checker_cannot_back_with_a_member_is_dropped():
    # ty notes `self.traceback` in a method of a class it cannot resolve: the completion of
    # `self.` does not have it, so the name stays a plain undefined name (an import is missing)
    ruff = Problem("F821", "Undefined name `is_locked`", line=2, col=17, symbol="is_locked")
    (plain,) = with_member_hints([ruff], _Noting([]), TEXT_IS_LOCKED, "pkg/mod.py")
    assert plain == ruff


@needs_ty
def test_an_attribute_cut_short_to_the_one_member_it_begins_is_fixed(project):
    report = fix_module(
        project, "from urllib.parse import urlsplit\n\n\ndef who(url: str) -> str | None:\n"
        "    return urlsplit(url).user\n")
    assert "urlsplit(url).username" in report.text and report.verified


@needs_ty
def test_a_short_word_that_begins_several_members_is_left(checker):
    # three letters (`hos` of `hostname`) are too few, and a word that begins two members
    # (`isal`: `isalnum`, `isalpha`) names neither
    text = ("from urllib.parse import urlsplit\n\nu = urlsplit('x')\na = u.hos\n"
            "b = 'x'.isal()\n")
    assert attribute_problems(checker, text, "pkg/mod.py") == []


@needs_ty
@pytest.mark.parametrize(("text", "fixed"), [
    ("def f(parts: list[str]):\n    return parts.shift()\n", "return parts.pop(0)"),
    # a deque's pop takes no index: left for its author (it has popleft)
    ("from collections import deque\n\n\ndef f(parts: deque[str]):\n    return parts.shift()\n",
     None),
])
def test_javascripts_shift_is_pop_0_on_a_list(project, text, fixed):
    report = fix_module(project, text)
    if fixed is None:
        assert ".pop(0)" not in report.text
    else:
        assert fixed in report.text and report.verified


@needs_ty
def test_a_member_in_other_letter_case_is_fixed(project):
    report = fix_module(
        project, "from datetime import datetime, timezone\n\n\ndef epoch():\n"
        "    return datetime.fromtimestamp(0, timezone.UTC)\n")
    assert "timezone.utc)" in report.text and report.verified
