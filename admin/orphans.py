"""Definitions a change orphaned: what the Cleaner offers for removal after a fix.

Kept apart from :mod:`nca.admin.cleaning` so that reporting a fix does not load the
Cleaner's libcst and vulture.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from nca.workers.facts.document import facts_of

__all__ = ["orphans_of"]

_TOP_DEFINITION = re.compile(r"^(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)


def orphans_of(before_text: str, after_text: str) -> tuple[str, ...]:
    """Return the top-level definitions of ``before_text`` a change orphaned.

    An orphan is a ``def`` or ``class`` the change renamed or removed, or one it left
    defined but took every use of away (a replacement was written next to it). Text that does
    not parse (the error a fix repaired) is read line by line.
    """
    before, after = _top_definitions(before_text), _top_definitions(after_text)
    used_before, used_after = _mentions(before_text), _mentions(after_text)
    orphans = []
    for name in before:
        if name not in after:
            orphans.append(name)
        elif used_before[name] > 0 and used_after[name] == 0:
            orphans.append(name)
    return tuple(orphans)


def _top_definitions(text: str) -> list[str]:
    tree = facts_of(text).tree  # the tree the linter already made of this text
    if tree is None:
        return list(dict.fromkeys(_TOP_DEFINITION.findall(text)))
    nodes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return list(dict.fromkeys(n.name for n in tree.body if isinstance(n, nodes)))


def _mentions(text: str) -> Counter[str]:
    """Return how often each name occurs in ``text`` besides its definitions (one pass)."""
    words = Counter(re.findall(r"\b[^\W\d]\w*\b", text))
    words.subtract(re.findall(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)", text,
                              re.MULTILINE))
    return words
