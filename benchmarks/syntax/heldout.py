"""Held-out broken snippets: written after the rules, never used to change them.

Pieces shaped like the code people paste into questions about a syntax error: a script of a
few functions with a mistake or two, often far from where Python reports it. Each comes with
the fix its author meant. ``python -m benchmarks.syntax`` reports these apart from
``cases.CASES`` (the snippets the rules were written against). A held-out set used to change
the rules moves to ``cases.CASES`` and a new one is written.
"""

HELDOUT: list[tuple[str, str, str]] = [
    # (name, broken, intended)
    ("concat-unclosed-eof",
     "result = 3\nprint(\"Result: \" + str(result)\n",
     "result = 3\nprint(\"Result: \" + str(result))\n"),
    ("def-params-unclosed",
     "def f(a, b:\n    return a + b\n",
     "def f(a, b):\n    return a + b\n"),
    ("plot-call-unclosed",
     "import matplotlib.pyplot as plt\nplt.plot(xs, ys\nplt.show()\n",
     "import matplotlib.pyplot as plt\nplt.plot(xs, ys)\nplt.show()\n"),
    ("map-split-paren-short",
     "numbers = list(map(int, input().split())\nprint(sum(numbers))\n",
     "numbers = list(map(int, input().split()))\nprint(sum(numbers))\n"),
    ("for-else-colon",
     "for n in range(2, 10):\n    if n % 7 == 0:\n        break\nelse\n    n = None\n",
     "for n in range(2, 10):\n    if n % 7 == 0:\n        break\nelse:\n    n = None\n"),
    ("init-body-unindented",
     "class Node:\n    def __init__(self, val, next=None):\n    self.val = val\n",
     "class Node:\n    def __init__(self, val, next=None):\n        self.val = val\n"),
    ("dict-list-unclosed",
     "data = {\n    'a': [1, 2,\n    'b': 3,\n}\n",
     "data = {\n    'a': [1, 2],\n    'b': 3,\n}\n"),
    ("loop-print-extra-paren",
     "for w in ['x', 'y']:\n    print(w))\n",
     "for w in ['x', 'y']:\n    print(w)\n"),
    ("sum-comprehension-mismatch",
     "total = sum([x ** 2 for x in range(10))\nprint(total)\n",
     "total = sum([x ** 2 for x in range(10)])\nprint(total)\n"),
    ("except-body-unindented",
     "try:\n    x = int('a')\nexcept ValueError as e:\nprint(e)\n",
     "try:\n    x = int('a')\nexcept ValueError as e:\n    print(e)\n"),
    ("default-arg-def-colon",
     "def greet(name='World')\n    print('Hello', name)\n",
     "def greet(name='World'):\n    print('Hello', name)\n"),
    ("both-positive-habit",
     "a, b = 1, 2\nif a >= 0 && b >= 0:\n    print('ok')\n",
     "a, b = 1, 2\nif a >= 0 and b >= 0:\n    print('ok')\n"),
    ("string-unclosed-next-print",
     "s = \"abc\nprint(s)\n",
     "s = \"abc\"\nprint(s)\n"),
    ("async-def-url-colon",
     "async def fetch(url)\n    return url\n",
     "async def fetch(url):\n    return url\n"),
    ("items-loop-colon",
     "d = {'k': 1}\nfor key, value in d.items()\n    print(key, value)\n",
     "d = {'k': 1}\nfor key, value in d.items():\n    print(key, value)\n"),
    ("double-comma",
     "lst = [1, 2, 3,, 4]\nprint(lst)\n",
     "lst = [1, 2, 3, 4]\nprint(lst)\n"),
]
