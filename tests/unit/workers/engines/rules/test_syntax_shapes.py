"""Syntax errors of shape: a paste's backticks, expressions that need parentheses, strings and
f-string fields closed in the wrong place, an operand or operator lost. Each first repair is
what the author meant."""

from __future__ import annotations

import ast

import pytest

from nca.workers.engines.rules.syntax import repair

MEANT = [
    # a Markdown fence pasted with the code, both of its lines
    ("```python\nimport os\n\nprint(os.getcwd())\n```\n", "import os\n\nprint(os.getcwd())\n"),
    # Python 2's backticks, and a lone one left by an inline-code mark
    ("n = 3\nprint('row ' + `n`)\n", "n = 3\nprint('row ' + repr(n))\n"),
    ("def f(n):\n    return n + 1`\n", "def f(n):\n    return n + 1\n"),
    # a walrus in a comprehension's filter
    ("import re\np = re.compile('a')\nxs = [m[0] for s in 'ab' if m := p.match(s)]\n",
     "import re\np = re.compile('a')\nxs = [m[0] for s in 'ab' if (m := p.match(s))]\n"),
    # a condition and a method chain continued on deeper lines
    ("def f(u, cutoff):\n    if u['active'] and\n            u['seen'] < cutoff:\n        return 1\n",
     "def f(u, cutoff):\n    if (u['active'] and\n            u['seen'] < cutoff):\n        return 1\n"),
    ("def f(df):\n    out = df.groupby('k')\n        .sum()\n        .head()\n    return out\n",
     "def f(df):\n    out = (df.groupby('k')\n        .sum()\n        .head())\n    return out\n"),
    # a body left empty under a comment: `pass`, not the header moved out of its class
    ("class A:\n    def f(self):\n        # TODO later\n\n    def g(self):\n        return 1\n",
     "class A:\n    def f(self):\n        # TODO later\n        pass\n\n    def g(self):\n"
     "        return 1\n"),
    # a boolean mask's subscript closes after its comparison
    ("def f(df):\n    old = df[df['age'] > 40\n    return old\n",
     "def f(df):\n    old = df[df['age'] > 40]\n    return old\n"),
    # an f-string field left open before its format spec's end
    ("def f(cost):\n    return f'<p>{cost:.2f</p>'\n", "def f(cost):\n    return f'<p>{cost:.2f}</p>'\n"),
    # a field closed with `)`
    ("def f(r):\n    print(f'{r.url} -> {r.status)')\n", "def f(r):\n    print(f'{r.url} -> {r.status}')\n"),
    # a triple-quoted string closed with one quote
    ('q = """\n    SELECT 1\n"\nprint(q)\n', 'q = """\n    SELECT 1\n"""\nprint(q)\n'),
    # double quotes inside a double-quoted string
    ('cmd = "git commit -m "nightly backup""\n', "cmd = 'git commit -m \"nightly backup\"'\n"),
    # a comparison after `and` that lost its left operand
    ("x = 7\nif x > 5 and < 10:\n    print(1)\n", "x = 7\nif x > 5 and x < 10:\n    print(1)\n"),
    # terms side by side, as algebra multiplies
    ("import math\nr = 2\narea = math.pi r ** 2\n", "import math\nr = 2\narea = math.pi * r ** 2\n"),
    # an interactive session pasted with its prompts and what it printed
    (">>> xs = [1, 2]\n>>> for x in xs:\n...     print(x)\n...\n1\n2\n",
     "xs = [1, 2]\nfor x in xs:\n    print(x)\n"),
    # C's for loop
    ("n = 3\nfor (i = 0; i < n; i++):\n    print(i)\n", "n = 3\nfor i in range(n):\n    print(i)\n"),
    ("n = 3\nfor (int i = n; i >= 1; i--)\n    print(i)\n",
     "n = 3\nfor i in range(n, 1 - 1, -1):\n    print(i)\n"),
    # `elif:` with no condition
    ("def f(x):\n    if x:\n        return 1\n    elif:\n        return 2\n",
     "def f(x):\n    if x:\n        return 1\n    else:\n        return 2\n"),
    # a global declared under an `if`, after the function read the name
    ("best = 0\n\n\ndef f(s):\n    print(best)\n    if s > best:\n        global best\n"
     "        best = s\n",
     "best = 0\n\n\ndef f(s):\n    global best\n    print(best)\n    if s > best:\n"
     "        best = s\n"),
    # an assignment in a condition: a call's value bound there, a known name compared
    ("import re\np = re.compile('a')\nif m = p.match('a'):\n    print(m[0])\n",
     "import re\np = re.compile('a')\nif m := p.match('a'):\n    print(m[0])\n"),
    ("a = b = 1\nif a = b:\n    pass\n", "a = b = 1\nif a == b:\n    pass\n"),
    # Python 2's unicode raw string
    ("path = ur'C:\\tools'\n", "path = r'C:\\tools'\n"),
    # a parameter without a default after defaults
    ("def f(name, level=1, logfile):\n    return name\n",
     "def f(name, logfile, level=1):\n    return name\n"),
    # a keyword as a keyword argument: the callee's one parameter left unpassed
    ("def send(sender, to):\n    pass\n\n\nsend(from='me', to='you')\n",
     "def send(sender, to):\n    pass\n\n\nsend(sender='me', to='you')\n"),
    # ... and, where the file does not define the callee, the keyword with an underscore
    ("def f(soup):\n    return soup.find_all('span', class='title')\n",
     "def f(soup):\n    return soup.find_all('span', class_='title')\n"),
    # Java's generics in an annotation
    ("from typing import List\n\n\ndef f(words: List<str>) -> int:\n    return 1\n",
     "from typing import List\n\n\ndef f(words: List[str]) -> int:\n    return 1\n"),
    # a lambda's tuple read as more arguments
    ("xs = [(1, 2)]\nxs.sort(key=lambda b: b[1], b[0])\n",
     "xs = [(1, 2)]\nxs.sort(key=lambda b: (b[1], b[0]))\n"),
    # a conditional written after the comprehension's `for`
    ("ps = [1]\ncs = ['g' for p in ps if p >= 0 else 'r']\n",
     "ps = [1]\ncs = ['g' if p >= 0 else 'r' for p in ps]\n"),
    # a return dedented out of its function
    ("def f(ws):\n    best = ws[0]\nreturn best\n", "def f(ws):\n    best = ws[0]\n    return best\n"),
    # a multi-line display's item that lost the comma at its line's end
    ("c = {\n    'user': 'admin'\n    'password': 'x',\n}\n",
     "c = {\n    'user': 'admin',\n    'password': 'x',\n}\n"),
    # a positional argument among keyword arguments
    ("def f(plt, x):\n    plt.plot(x, color='red', '--', label='s')\n",
     "def f(plt, x):\n    plt.plot(x, '--', color='red', label='s')\n"),
    # a parameter without a default after a default that is a string with a comma in it
    ("def f(to, subject='a, b', body):\n    return to\n",
     "def f(to, body, subject='a, b'):\n    return to\n"),
    # a list left open before the call's next keyword argument
    ("def f(p):\n    p.add('--f', choices=['csv', 'xml', default='csv')\n",
     "def f(p):\n    p.add('--f', choices=['csv', 'xml'], default='csv')\n"),
    # an attribute compared with `=`, reported once a string further on is closed
    ("def f(r):\n    if r.method = 'POST':\n        return 'hi\n    return 1\n",
     "def f(r):\n    if r.method == 'POST':\n        return 'hi'\n    return 1\n"),
    # a loop's body typed at the loop's level runs on to the blank line
    ("total = 0\nfor f in [1]:\nsize = f\ntotal += size\n\nprint(total)\n",
     "total = 0\nfor f in [1]:\n    size = f\n    total += size\n\nprint(total)\n"),
]


@pytest.mark.parametrize(("broken", "meant"), MEANT)
def test_the_first_repair_is_what_the_author_meant(broken: str, meant: str):
    fixes = repair(broken)
    assert fixes, "no repair"
    assert ast.dump(ast.parse(fixes[0].text)) == ast.dump(ast.parse(meant))


def test_a_field_that_is_one_expression_closes_after_all_of_it():
    fixes = repair("def f(x, y):\n    return f'total {x + y'\n")
    assert fixes and "{x + y}" in fixes[0].text


def test_code_pasted_after_a_prompt_is_kept():
    # only what a session printed goes: a value's repr, a line that is no code
    text = ">>> import os\n>>> os.sep\n'/'\ndef f():\n    return os.getcwd()\n<built-in>\n"
    (best, *_) = repair(text)
    assert best.text == "import os\nos.sep\ndef f():\n    return os.getcwd()\n"
    # ... and a docstring's text, prompts and all, is text
    text = '>>> x = 1\nDOC = """\nReturns x.\n>>> f()\n1\n"""\n'
    (best, *_) = repair(text)
    assert best.text == 'x = 1\nDOC = """\nReturns x.\n>>> f()\n1\n"""\n'


def test_a_fence_inside_a_string_is_text():
    # only a line that is all fence goes; the one in a docstring stays
    text = 'DOC = """\n```\n"""\n```\nx = 1\n'
    (best, *_) = repair(text)
    assert best.text == 'DOC = """\n```\n"""\nx = 1\n'


@pytest.mark.parametrize(("broken", "never"), [
    # the search may not turn a keyword argument into a walrus or an argument of its name,
    # nor drop a comprehension's `for`: each parses, and none is what was meant
    ("xs = [(1, 2)]\nxs.sort(key=lambda b: b[1], b[0], reverse=True)\n", (":=", "key,")),
    ("ps = [1]\ncs = ['g' for p in ps if p >= 0 else 'r', 1]\n", (", p in", "'g' p in")),
    # ... nor drop the comma between two strings, which makes them one
    ("def f(plt):\n    plt.plot(1, color='red', '--', 2, label='s')\n", ("'red' '--'",)),
])
def test_no_repair_changes_the_shape_of_what_was_written(broken: str, never: tuple[str, ...]):
    fixes = repair(broken)
    assert all(bad not in fix.text for fix in fixes for bad in never)
