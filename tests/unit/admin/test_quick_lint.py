"""nca.admin.quick_lint: the cheap checks published right after a change."""

from __future__ import annotations

import pytest

from nca.admin.dispatcher import Dispatcher
from nca.admin.quick_lint import quick_problems, undefined_names


def names(text: str) -> list[tuple[str | None, int, int, int | None]]:
    return [(p.symbol, p.line, p.col, p.end_col) for p in undefined_names(text)]


def test_a_syntax_error_stands_alone():
    (problem,) = quick_problems("def f(x)\n    return totl\n")
    assert problem.is_syntax and problem.line == 1


def test_undefined_names_as_ruff_reports_them():
    (problem,) = quick_problems("def f(x):\n    total = x\n    return totl * 2\n", "m.py")
    assert (problem.code, problem.message, problem.line, problem.col, problem.end_col,
            problem.source, problem.path) == ("F821", "Undefined name `totl`", 3, 12, 16,
                                              "ruff", "m.py")
    # columns count code points, not the parser's UTF-8 bytes
    assert names("s = 'é'; print(s, valeur)\n") == [("valeur", 1, 19, 25)]


@pytest.mark.parametrize("text", [
    "print(len([]), __file__, __name__)\n",                       # builtins, module dunders
    "def f():\n    return later\n\nlater = 1\n",                   # bound at module level
    "def f(a, *args, **kw):\n    return a, args, kw, [y for y in args]\n",
    "def f():\n    global g\n    g = 1\n\ndef h():\n    return g\n",  # bound by a global
    "from os import *\nprint(getcwd())\n",                          # a star import
    "try:\n    x = maybe\nexcept NameError:\n    x = 0\n",          # ruff leaves these alone
    "value = missing  # noqa: F821\n",
    "# ruff: noqa\nvalue = missing\n",
    "class C:\n    __x = 1\n\n    def m(self):\n        return __x\n",  # mangled: left to ruff
    "def f():\n    x = 1\n\n    def g():\n        return x\n    return g\n",
    "import os.path as p, sys\nprint(p, sys)\n",
])
def test_no_name_ruff_would_not_report(text: str):
    assert undefined_names(text) == ()


def test_the_dispatcher_offers_them():
    assert Dispatcher.quick_lint("print(nope)\n")[0].symbol == "nope"
