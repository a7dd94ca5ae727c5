"""Another language's method call written as Python's expression (facts.method_habits)."""

from __future__ import annotations

import pytest

from nca.workers.facts.method_habits import expression_habit, method_habit


def _at(text: str, word: str) -> tuple[int, int]:
    for n, line in enumerate(text.splitlines(), 1):
        if f".{word}" in line:
            return n, line.index(f".{word}") + 2
    raise AssertionError(word)


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("if xs.size() == 2:\n    pass\n", "size", "if len(xs) == 2:\n    pass\n"),
    ("n = self.items.length()\n", "length", "n = len(self.items)\n"),
    ("if d.containsKey(k):\n    pass\n", "containsKey", "if k in d:\n    pass\n"),
    ("ok = a and xs.isEmpty()\n", "isEmpty", "ok = a and not xs\n"),
    ("same = p.equals(q)\n", "equals", "same = p == q\n"),
    ("s = n.toString() + 'x'\n", "toString", "s = str(n) + 'x'\n"),
    # the new expression keeps its place among the operators around it
    ("flag = d.containsKey(k) == True\n", "containsKey", "flag = (k in d) == True\n"),
    ("f(xs.isEmpty(), k=d.has(1))\n", "isEmpty", "f(not xs, k=d.has(1))\n"),
    ("y = -xs.size()\n", "size", "y = -len(xs)\n"),
    ("y = not d.equals(e)\n", "equals", "y = not (d == e)\n"),
    ("if (a or b).contains(x):\n    pass\n", "contains", "if x in (a or b):\n    pass\n"),
    ("if xs.contains(a or b):\n    pass\n", "contains", "if (a or b) in xs:\n    pass\n"),
    # JavaScript's array ends
    ("item = parts.shift()\n", "shift", "item = parts.pop(0)\n"),
    ("queue.unshift(item)\n", "unshift", "queue.insert(0, item)\n"),
    ("x = (a + b).shift()\n", "shift", "x = (a + b).pop(0)\n"),
    ("t = 'é' + s.size()\n", "size", "t = 'é' + len(s)\n"),
    ("n = segs.length + 1\n", "length", "n = len(segs) + 1\n"),  # JavaScript's property
    ("text = lines.join('\\n')\n", "join", "text = '\\n'.join(lines)\n"),
    ("path = dirs.first\n", "first", "path = dirs[0]\n"),  # Ruby's, Kotlin's ends
    ("tail = (a + b).last()\n", "last", "tail = (a + b)[-1]\n"),
    # Java's and JavaScript's substring and charAt: a slice and an index
    ("rest = name.substring(1)\n", "substring", "rest = name[1:]\n"),
    ("mid = s.substring(i, i + 2)\n", "substring", "mid = s[i:i + 2]\n"),
    ("if s.charAt(0) == '#':\n    pass\n", "charAt", "if s[0] == '#':\n    pass\n"),
])
def test_a_call_is_written_as_python_writes_it(text, word, expected):
    line, col = _at(text, word)
    found = expression_habit(text, line, col, word)
    assert found is not None and found[2] == expected


@pytest.mark.parametrize(("text", "word"), [
    ("xs.size(2)\n", "size"),  # len takes no argument
    ("d.containsKey()\n", "containsKey"),  # `in` needs the key
    ("d.containsKey(key=k)\n", "containsKey"),
    ("d.containsKey\n", "containsKey"),  # not a call: only a length is read so
    ("xs.append(1)\n", "append"),  # no habit
    ("s.substring()\n", "substring"),  # a slice needs its start
    ("s.charAt(1, 2)\n", "charAt"),
])
def test_a_call_of_another_shape_is_left_alone(text, word):
    line = 1
    col = text.index(word) + 1
    assert expression_habit(text, line, col, word) is None


@pytest.mark.parametrize(("text", "python"), [
    ("xs.add(x)\n", "append"),
    ("xs.add(i + 1, x)\n", "insert"),  # Java's List.add(index, element)
    ("xs.push(0, x)\n", "insert"),
    ("s.trim()\n", "strip"),
    ("d.entrySet()\n", "items"),  # Java's Map
    ("d.putAll(e)\n", "update"),
    ("kw.clone()\n", "copy"),
])
def test_another_languages_method_is_named_by_its_arguments(text, python):
    assert method_habit(text, 1, text.index(".") + 2, text.split(".")[1].split("(")[0]) == python
