"""Results per document version: the language server's caches (lint problems, resolved code
actions, dead-code findings) forget a document's older versions once a newer one is in; an
older version's problems are carried to a newer text where the edit left their lines alone
(``carried_problems``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from nca.workers.core.types import Problem

__all__ = ["ResultCache", "carried_problems"]

V = TypeVar("V")


class ResultCache(Generic[V]):
    """A bounded, thread-safe LRU of results per ``(uri, version, key)``.

    Putting a result for a newer version of a document drops the older versions' results:
    they can never be asked for again once the editor moved on.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int | None, str], V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, uri: str, version: int | None, key: str = "") -> V | None:
        with self._lock:
            found = self._items.get((uri, version, key))
            if found is not None:
                self._items.move_to_end((uri, version, key))
            return found

    def put(self, uri: str, version: int | None, key: str, value: V) -> None:
        with self._lock:
            for old in [k for k in self._items if k[0] == uri and k[1] != version]:
                del self._items[old]
            self._items[(uri, version, key)] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def forget(self, uri: str) -> None:
        with self._lock:
            for old in [k for k in self._items if k[0] == uri]:
                del self._items[old]

    def __len__(self) -> int:
        return len(self._items)


def carried_problems(problems: Iterable[Problem], before: str, after: str) -> list[Problem]:
    """Return the problems found in ``before`` that still stand where they were in ``after``:
    those above the lines the edit changed as they are, those below moved by the lines it
    added or removed; those on changed lines are dropped (a new check will tell)."""
    problems = list(problems)
    if not problems or before == after:
        return problems
    old, new = before.splitlines(), after.splitlines()
    n = min(len(old), len(new))
    first = 0
    while first < n and old[first] == new[first]:
        first += 1
    same = 0
    while same < n - first and old[len(old) - 1 - same] == new[len(new) - 1 - same]:
        same += 1
    last_before, shift = len(old) - same, len(new) - len(old)  # changed: first+1..last_before
    out = []
    for p in problems:
        if (p.end_line or p.line) <= first:
            out.append(p)
        elif p.line > last_before:
            out.append(replace(p, line=p.line + shift,
                               end_line=None if p.end_line is None else p.end_line + shift))
    return out
