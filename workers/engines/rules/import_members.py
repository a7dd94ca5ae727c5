"""The order of the names in a ``from`` import that a lost name joins: the file's, else the
workspace's (files copy their import lines from each other)."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from nca.workers.facts.import_order import member_key

__all__ = ["ordered_members"]


#: how a file may sort the members of its ``from`` imports: by type, without case, as is
_MEMBER_ORDERS: tuple[Callable[[str], Any], ...] = (member_key, str.lower, str)


def _member_order(lists: Sequence[Sequence[str]]) -> Callable[[str], Any] | None:
    """Return the key the file's ``from`` imports sort their members by, or None when one
    of them follows none (the author lists names in an order of their own)."""
    for key in _MEMBER_ORDERS:
        if all(list(map(key, names)) == sorted(map(key, names)) for names in lists):
            return key
    return None


def ordered_members(names: list[ast.alias], tree: ast.Module, into: ast.ImportFrom,
             orders: Sequence[Sequence[str]]) -> list[ast.alias]:
    """Return ``names`` (a new one last) in the order the file's author would list them.

    A file whose other ``from`` imports sort their members keeps them sorted. Where they show
    an order of the author's own, the workspace's other lists of the same names decide (files
    copy their import lines from each other): the most common list that holds them all, or
    where most lists put the new name among the others; with none of that, the new name goes
    last. A file with no other list to go by takes a list that holds them all, else sorts.
    """
    lists = [[a.name for a in node.names] for node in ast.walk(tree)
             if isinstance(node, ast.ImportFrom) and len(node.names) > 1 and node is not into]
    # the statement's own order counts only against sorting: it may be this file's guess
    key = _member_order([*lists, [a.name for a in into.names]])
    if key is not None and lists:
        return sorted(names, key=lambda a: key(a.name))
    wanted = {a.name for a in names}
    seen = Counter(tuple(n for n in order if n in wanted) for order in orders
                   if wanted <= set(order))
    if seen:
        best = seen.most_common(1)[0][0]
        return sorted(names, key=lambda a: best.index(a.name))
    if key is not None:
        return sorted(names, key=lambda a: key(a.name))
    return _placed(names, orders) or names


def _placed(names: list[ast.alias], orders: Sequence[Sequence[str]]) -> list[ast.alias] | None:
    """Return ``names`` with the last one moved where most of the workspace's lists put it
    among the others, or None when no list holds it beside one of them."""
    *old, new = names
    before: Counter[str] = Counter()  # name -> how many lists put it before the new one
    after: Counter[str] = Counter()
    for order in orders:
        if new.name in order:
            at = order.index(new.name)
            before.update(n for n in order[:at])
            after.update(n for n in order[at + 1:])
    if not any(before[a.name] + after[a.name] for a in old):
        return None
    agree = [sum(before[a.name] for a in old[:at]) + sum(after[a.name] for a in old[at:])
             for at in range(len(old) + 1)]
    at = agree.index(max(agree))
    return [*old[:at], new, *old[at:]]
