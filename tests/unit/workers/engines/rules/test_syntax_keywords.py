"""Syntax slips around words: a keyword used as a name, a sentence without quotes, a keyword
argument typed with `:=`, a lost operator in a call, tabs read at the width that keeps the
block, a lost `async` (each comes back as its author meant it)."""

from __future__ import annotations

import pytest

from nca.workers.engines.rules.syntax import repair


@pytest.mark.parametrize(("broken", "meant"), [
    # a keyword assigned to, and read back in a dict and a call
    ("name = input()\nclass = input()\nrow = {'name': name, 'class': class}\nprint(class)\n",
     "name = input()\nclass_ = input()\nrow = {'name': name, 'class': class_}\nprint(class_)\n"),
    ("from = 'a@b.c'\nsend(from, 'hi')\n", "from_ = 'a@b.c'\nsend(from_, 'hi')\n"),
    # a sentence as a call's only argument
    ("age = int(input(How old are you? ))\n", "age = int(input(\"How old are you? \"))\n"),
    ("print(Thanks for playing the game)\n", "print(\"Thanks for playing the game\")\n"),
    # a keyword argument written with the walrus
    ("top = df.sort_values(by='p', ascending:=False)\n",
     "top = df.sort_values(by='p', ascending=False)\n"),
    # the operator of a recursive call's argument: a comma would pass one argument too many
    ("def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n 1)\n",
     "def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\n"),
    ("def walk(xs, i):\n    if i >= len(xs):\n        return 0\n    return xs[i] + walk(xs, i 1)\n",
     "def walk(xs, i):\n    if i >= len(xs):\n        return 0\n    return xs[i] + walk(xs, i + 1)\n"),
    # a tab under an 8-space line belongs to that block; under a 4-space body, to that one
    ("def f(c):\n    for i in c:\n        p = i\n\tq = i\n        t = p * q\n    return t\n",
     "def f(c):\n    for i in c:\n        p = i\n        q = i\n        t = p * q\n    return t\n"),
    ("def f(x):\n    y = x\n\treturn y\n", "def f(x):\n    y = x\n    return y\n"),
    # the `async` of a def whose body awaits (the innermost def, a method too)
    ("def f():\n    x = 1\n    await g(x)\n", "async def f():\n    x = 1\n    await g(x)\n"),
    ("class A:\n    def f(self):\n        if self.x:\n            async with a as b:\n"
     "                pass\n",
     "class A:\n    async def f(self):\n        if self.x:\n            async with a as b:\n"
     "                pass\n"),
])
def test_the_first_repair_is_what_the_author_meant(broken: str, meant: str):
    fixes = repair(broken)
    assert fixes and fixes[0].text == meant


@pytest.mark.parametrize("broken", [
    "print(hello world)\n",  # two bare words: a lost comma as likely as lost quotes
    "def add(a, b):\n    return a + b\n\nprint(add(x 1))\n",  # a comma fits `add`'s two
])
def test_what_is_not_surely_prose_or_an_operator_is_not_made_so(broken: str):
    texts = [f.text for f in repair(broken)]
    assert not any('"' in t and '"' not in broken for t in texts[:1])
    assert not any(" - 1" in t or " + 1" in t for t in texts[:1])
