"""Near-miss names: CPython's suggestion distance and the ranked candidates for a misspelt name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

__all__ = ["levenshtein_distance", "max_distance", "other_case", "suggestions"]

# CPython's suggestion costs (Lib/traceback.py): a move (insert, delete, substitute) costs 2,
# a change of case only 1. Swapping two adjacent letters is the commonest typo (``pritn``,
# ``jion``); counting it as one move lets ``os.path.jion`` find ``join`` where CPython does not.
_MOVE_COST = 2
_CASE_COST = 1
_MAX_STRING_SIZE = 40


def _substitution_cost(a: str, b: str) -> int:
    if a == b:
        return 0
    return _CASE_COST if a.lower() == b.lower() else _MOVE_COST


def levenshtein_distance(a: str, b: str, max_cost: int) -> int:
    """Return the edit cost from ``a`` to ``b``, or ``max_cost + 1`` once it is exceeded."""
    if a == b:
        return 0
    pre = 0
    while pre < min(len(a), len(b)) and a[pre] == b[pre]:
        pre += 1
    a, b = a[pre:], b[pre:]
    post = 0
    while post < min(len(a), len(b)) and a[-1 - post] == b[-1 - post]:
        post += 1
    a, b = a[: len(a) - post], b[: len(b) - post]
    if not a or not b:
        return _MOVE_COST * (len(a) + len(b))
    if max(len(a), len(b)) > _MAX_STRING_SIZE or abs(len(a) - len(b)) * _MOVE_COST > max_cost:
        return max_cost + 1
    before: list[int] = []
    previous = list(range(0, _MOVE_COST * (len(b) + 1), _MOVE_COST))
    for i in range(1, len(a) + 1):
        row = [i * _MOVE_COST] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = min(
                previous[j] + _MOVE_COST,
                row[j - 1] + _MOVE_COST,
                previous[j - 1] + _substitution_cost(a[i - 1], b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cost = min(cost, before[j - 2] + _MOVE_COST)
            row[j] = cost
        if min(row) > max_cost:
            return max_cost + 1
        before, previous = previous, row
    return previous[-1]


def max_distance(name: str) -> int:
    """Return the largest distance at which a candidate still counts as a misspelling."""
    return (len(name) + 1) * _MOVE_COST // 3


def suggestions(
    wrong: str, candidates: Iterable[tuple[str, int]], usage: Counter[str] | None = None
) -> list[tuple[str, int]]:
    """Return ``(candidate, distance)`` close enough to ``wrong``, best first.

    ``candidates`` are ``(name, nearness)`` pairs; ties in distance go to the nearer scope,
    then to the name the file uses more.
    """
    limit = max_distance(wrong)
    usage = usage or Counter()
    best: dict[str, tuple[int, int]] = {}
    for name, nearness in candidates:
        if name == wrong or (name in best and best[name][1] <= nearness):
            continue
        distance = levenshtein_distance(wrong, name, limit)
        if distance <= limit:
            best[name] = (distance, nearness)
    ranked = sorted(best.items(), key=lambda kv: (kv[1][0], kv[1][1], -usage[kv[0]], kv[0]))
    return [(name, distance) for name, (distance, _) in ranked]


def other_case(wrong: str, names: Iterable[str]) -> str | None:
    """Return the one name of ``names`` that is ``wrong`` in other letter case (`utc` for
    `timezone.UTC`, `pi` for `math.PI`): one slip however many letters it recased; None when
    there is no such name or several."""
    same = [n for n in dict.fromkeys(names) if n != wrong and n.lower() == wrong.lower()]
    return same[0] if len(same) == 1 else None

