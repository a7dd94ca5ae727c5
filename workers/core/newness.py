"""What an edit introduced: the items after it that were not there before, counted by a key
(two identical findings before and three after means one is new). Problems, the type checker's
findings and ruff's view of syntax errors all go through here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

__all__ = ["introduced"]

T = TypeVar("T")


def introduced(before: Iterable[T], after: Iterable[T], key: Callable[[T], Hashable],
               *also: Callable[[T], Hashable]) -> list[T]:
    """Return the items of ``after`` that no item of ``before`` accounts for.

    ``before`` is counted by ``key``; each of its items accounts for one item of ``after``. An
    item of ``after`` is looked up by ``key`` and then by each of ``also`` in turn (ruff's view of
    syntax errors: the same line, or the line moved by the lines the edit added).
    """
    seen = Counter(key(item) for item in before)
    out = []
    for item in after:
        for fn in (key, *also):
            k = fn(item)
            if seen[k] > 0:
                seen[k] -= 1
                break
        else:
            out.append(item)
    return out
