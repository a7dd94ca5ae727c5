"""The lines a fix changed: what the checks of a candidate look at first."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from collections.abc import Set as AbstractSet

from nca.workers.facts.document import facts_of
from nca.workers.facts.splice import changed_span

__all__ = ["ChangedLines"]


class ChangedLines(AbstractSet[int]):
    """The lines of ``after`` that differ from ``before`` (:func:`_changed_lines`), worked out
    on first use: a check that finds nothing new never asks which lines changed."""

    def __init__(self, before: str, after: str) -> None:
        self._texts: tuple[str, str] | None = (before, after)
        self._lines: set[int] = set()

    def _get(self) -> set[int]:
        if self._texts is not None:
            self._lines = _changed_lines(*self._texts)
            self._texts = None
        return self._lines

    def __contains__(self, line: object) -> bool:
        return line in self._get()

    def __iter__(self) -> Iterator[int]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def _changed_lines(before: str, after: str) -> set[int]:
    """Return the 1-based lines of ``after`` that differ from ``before``.

    The lines the two texts share at the start and at the end are equal; difflib compares
    only what lies between (a fix changes a few lines: comparing the whole of a long module
    with many repeated lines costs milliseconds for nothing). A deletion marks the line of
    ``after`` where it happened.
    """
    old, new = facts_of(before).lines, facts_of(after).lines
    first, last_old, last_new = changed_span(old, new)
    if last_old < first and last_new < first:
        return set()
    out: set[int] = set()
    matcher = difflib.SequenceMatcher(None, old[first - 1:last_old], new[first - 1:last_new],
                                      autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out.update(range(first + j1, max(first + j2 - 1, first + j1) + 1))
    return out
