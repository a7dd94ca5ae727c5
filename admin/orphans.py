"""Definitions a change orphaned: what the Cleaner offers for removal after a fix.

Kept apart from :mod:`nca.admin.cleaning` so that reporting a fix does not load the
Cleaner's libcst and vulture.
"""

from __future__ import annotations

import ast
import re

from nca.workers.facts.document import facts_of
from nca.workers.facts.splice import changed_span

__all__ = ["orphans_of"]

_WORD = re.compile(r"\b[^\W\d]\w*\b")
_TOP_DEFINITION = re.compile(r"^(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)


def orphans_of(before_text: str, after_text: str) -> tuple[str, ...]:
    """Return the top-level definitions of ``before_text`` a change orphaned.

    An orphan is a ``def`` or ``class`` the change renamed or removed, or one it left
    defined but took every use of away (a replacement was written next to it). Text that does
    not parse (the error a fix repaired) is read line by line.
    """
    before, after = _top_definitions(before_text), _top_definitions(after_text)
    # a name's uses change only where the text did: the rest of a long module is not read
    old_rows, new_rows = before_text.split("\n"), after_text.split("\n")
    first, last_old, last_new = changed_span(old_rows, new_rows)
    touched = set(_WORD.findall("\n".join([*old_rows[first - 1:last_old],
                                           *new_rows[first - 1:last_new]])))
    orphans = []
    for name in before:
        if name not in after:
            orphans.append(name)
        elif name in touched and _uses(before_text, name) > 0 and _uses(after_text, name) == 0:
            orphans.append(name)
    return tuple(orphans)


def _top_definitions(text: str) -> list[str]:
    tree = facts_of(text).tree  # the tree the linter already made of this text
    if tree is None:
        return list(dict.fromkeys(_TOP_DEFINITION.findall(text)))
    nodes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return list(dict.fromkeys(n.name for n in tree.body if isinstance(n, nodes)))


def _uses(text: str, name: str) -> int:
    """Return how often ``name`` occurs in ``text`` besides its own definitions."""
    word = re.escape(name)
    return (len(re.findall(rf"\b{word}\b", text))
            - len(re.findall(rf"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+{word}\b", text,
                             re.MULTILINE)))
