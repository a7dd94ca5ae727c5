"""Syntax errors written out of another language's habit: each comes back as Python meant it."""

from __future__ import annotations

import ast

import pytest

from nca.workers.engines.rules.syntax import repair
from nca.workers.engines.rules.syntax_habits import _early_quotes, habits


@pytest.mark.parametrize(("broken", "meant"), [
    ("if a:\n    x = 1\nelse if b:\n    x = 2\n", "if a:\n    x = 1\nelif b:\n    x = 2\n"),
    ("i = 0\nwhile i < 3:\n    i++\n", "i = 0\nwhile i < 3:\n    i += 1\n"),
    ("n = 3\nn--\n", "n = 3\nn -= 1\n"),
    ("if ready && !done || forced:\n    go()\n", "if ready and not done or forced:\n    go()\n"),
    ("for n range(10):\n    print(n)\n", "for n in range(10):\n    print(n)\n"),
    ("for k, v items.items():\n    pass\n", "for k, v in items.items():\n    pass\n"),
    ("user = {'name'= 'ann', 'age'= 31}\n", "user = {'name': 'ann', 'age': 31}\n"),
    ("print('it's done, isn't it')\n", "print(\"it's done, isn't it\")\n"),
    ("def check(x):\n    if x < 0:\n        raise ValueError, 'negative'\n    return x\n",
     "def check(x):\n    if x < 0:\n        raise ValueError('negative')\n    return x\n"),
    ("lengths = [len(w) for w words]\n", "lengths = [len(w) for w in words]\n"),
    ("pairs = {k: v for k, v d.items()}\n", "pairs = {k: v for k, v in d.items()}\n"),
    ("label = n % 2 == 0 ? 'even' : 'odd'\n", "label = 'even' if n % 2 == 0 else 'odd'\n"),
    ("def sign(n):\n    return n < 0 ? -1 : 1\n", "def sign(n):\n    return -1 if n < 0 else 1\n"),
    ("x = f(a, b ? 1 : 2, c)\n", "x = f(a, 1 if b else 2, c)\n"),
    ("ys = df.apply(lambda p => p * 1.2)\n", "ys = df.apply(lambda p: p * 1.2)\n"),
    ("ys = map((p, q) => p * q, xs)\n", "ys = map(lambda p, q: p * q, xs)\n"),
    ("f = () => 0\n", "f = lambda: 0\n"),
    ("total = price + \\  \n    tax\n", "total = price + \\\n    tax\n"),
    ("if a <> b:\n    pass\n", "if a != b:\n    pass\n"),
    ("def w(*args, *kwargs):\n    pass\n", "def w(*args, **kwargs):\n    pass\n"),
    ("r = post(URL, json=p, headers)\n", "r = post(URL, json=p, headers=headers)\n"),
    ("pen = Product(name: 'Pen', price: 1.5)\n", "pen = Product(name='Pen', price=1.5)\n"),
    ("x = 2\ny = 2 * x**2 + 3x - 5\n", "x = 2\ny = 2 * x**2 + 3 * x - 5\n"),
    ("const DEFAULTS = {'port': 80}\n", "DEFAULTS = {'port': 80}\n"),
    ("function ok(email):\n    return True\n", "def ok(email):\n    return True\n"),
    ("tick(60) // limit to 60 fps\n", "tick(60)  # limit to 60 fps\n"),
    ("if i % 3 == 0:\n    x = 1\nelsif i % 5 == 0:\n    x = 2\n",
     "if i % 3 == 0:\n    x = 1\nelif i % 5 == 0:\n    x = 2\n"),
    ("class Cart:\n    def total(self) {\n        return 1\n    }\n",
     "class Cart:\n    def total(self):\n        return 1\n"),
    ("try:\n    x = d['k']\n    except KeyError:\n        x = None\n",
     "try:\n    x = d['k']\nexcept KeyError:\n    x = None\n"),
    ("os.chmod(p, 0755)\n", "os.chmod(p, 0o755)\n"),
    ("x = [i for i in r if p[i] = True]\n", "x = [i for i in r if p[i] == True]\n"),
    ("s = new Stack()\n", "s = Stack()\n"),
    ("try:\n    x()\ncatch E:\n    pass\n", "try:\n    x()\nexcept E:\n    pass\n"),
    ("g = lambda(a, b): a\n", "g = lambda a, b: a\n"),
    ("p = w[0..4]\n", "p = w[0:4]\n"),
    ("@app.route('/'):\ndef f():\n    pass\n", "@app.route('/')\ndef f():\n    pass\n"),
    ("class T:\n    def a(self):\n        pass\n    test_b(self):\n        pass\n",
     "class T:\n    def a(self):\n        pass\n    def test_b(self):\n        pass\n"),
    ("for _, v of items:\n    pass\n", "for _, v in items:\n    pass\n"),
    ("def f(d):\n    throw Unknown(d)\n", "def f(d):\n    raise Unknown(d)\n"),
    ("import Counter from collections\n", "from collections import Counter\n"),
    ("if s == Status::DONE:\n    pass\n", "if s == Status.DONE:\n    pass\n"),
    ("if a === b or c !== d:\n    pass\n", "if a == b or c != d:\n    pass\n"),
])
def test_the_first_repair_is_what_the_author_meant(broken: str, meant: str):
    fixes = repair(broken)
    assert fixes, "no repair"
    assert ast.dump(ast.parse(fixes[0].text)) == ast.dump(ast.parse(meant))


def _habit_texts(text: str) -> list[str]:
    try:
        compile(text, "<t>", "exec")
    except SyntaxError as err:
        return [fix.text for fix in habits(text.splitlines(keepends=True), err)]
    raise AssertionError("the text compiles")


def test_what_strings_and_comparisons_hold_is_left_alone():
    # `!` and `&&` inside a string, `!=`: no habit there (the error is the missing colon)
    texts = _habit_texts("if x != 'a && !b'\n    pass\n")
    assert texts == []
    # a keyword argument's `=` inside a call inside the braces stays
    (fixed,) = _habit_texts("d = {'a'= f(x=1)}\n")
    assert fixed == "d = {'a': f(x=1)}\n"


def test_an_apostrophe_is_early_only_inside_a_single_quoted_string():
    assert _early_quotes("print('it's')\n") == [9]
    assert _early_quotes("print(\"it's\")\n") == []  # a double-quoted string holds it fine
    assert _early_quotes("x = 'a'  # it's a comment\n") == []
    assert _early_quotes("s = '''it's'''\n") == []
    assert _early_quotes("s = 'it\\'s'\n") == []  # escaped already


def test_the_keyword_that_opens_a_statement_is_never_deleted_to_make_it_parse():
    # `raise E, m` without `raise` parses (a tuple) and raises nothing
    fixes = repair("def f(x):\n    raise E, m, tb\n")
    assert all("raise" in fix.text for fix in fixes)


def test_a_floor_division_is_no_comment_and_an_exponent_no_product():
    assert repair("half = total // 2 +\n")[0].text != "half = total  # 2 +\n"
    assert all("1 * e5" not in fix.text for fix in repair("x = 1e5 +\n"))


def test_a_leading_zero_of_a_decimal_may_go_and_an_octal_gets_its_o():
    assert repair("d = date(2024, 09, 15)\n")[0].text == "d = date(2024, 9, 15)\n"
    assert repair("os.chmod(p, 0644)\n")[0].text == "os.chmod(p, 0o644)\n"


def test_a_clause_where_the_statement_it_continues_stands_is_not_dedented():
    # `elif` under its own `if`, inside a deeper block: the error is the `!==`, not the layout
    text = ("for n in ns:\n    if n:\n        if a is None:\n            a = n\n"
            "        elif a !== n:\n            raise E\n")
    assert all("Dedent" not in fix.title for fix in repair(text))
