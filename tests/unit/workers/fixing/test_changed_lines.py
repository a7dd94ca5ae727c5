"""Which lines a fix changed: only lines inside the span the edit really touched."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nca.workers.facts.splice import changed_span
from nca.workers.fixing.verify import ChangedLines

LINES = st.lists(st.sampled_from(["a", "b", "x = 1", "    pass", ""]), max_size=12)


def _text(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def test_one_line_changed_among_repeated_lines():
    body = "def f(value):\n    total = value\n    return total * 2\n\n"
    before = body * 50 + "def g(value):\n    total = value\n    return totl * 2\n" + body * 50
    after = before.replace("totl", "total")
    assert set(ChangedLines(before, after)) == {203}
    assert set(ChangedLines(before, before)) == set()


def test_an_insertion_and_a_deletion():
    assert set(ChangedLines("a\nb\n", "a\nnew\nb\n")) == {2}
    assert set(ChangedLines("a\nold\nb\n", "a\nb\n")) == {2}  # where the deletion happened


@given(LINES, LINES)
def test_never_a_line_outside_the_changed_span(before, after):
    old, new = _text(before), _text(after)
    first, _, last = changed_span(before, after)
    changed = set(ChangedLines(old, new))
    # a deletion marks the line after it: at most the one after the span
    assert all(first <= line <= max(last, first) + 1 for line in changed)
    assert bool(changed) == (old != new)
