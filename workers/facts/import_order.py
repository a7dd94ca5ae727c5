"""The orders isort (and ruff's ``I`` rules) may keep a file's import sections in.

A file's leading import block is split into sections (``__future__``, stdlib, third-party,
first-party, local); each section is sorted by one of a few keys, which the project's isort
settings choose: plain ``import x`` lines before ``from x import y`` lines (the default),
``from`` lines first (``from_first``), or both mixed by module (``force_sort_within_sections``),
each with members compared by type then name (``order_by_type``, the default) or without case.
:func:`followed_orders` names the keys a file's sections agree with; where a file agrees with
several (it has no plain import beside a ``from`` one), the workspace's other files decide.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["ORDERS", "SECTIONS", "docstring", "followed_orders", "leading_block", "member_key",
           "section_of", "statement_key", "workspace_orders"]

SECTIONS = ("future", "stdlib", "thirdparty", "firstparty", "local")

Statement = ast.Import | ast.ImportFrom


def member_key(name: str) -> tuple[int, str, str]:
    """Return isort's order-by-type key: CONSTANTS, then Classes, then everything else."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return (kind, name.lower(), name)


def natural(name: str) -> tuple:
    """Return a key that orders ``name`` without case, its numbers by value (``utf8`` before
    ``utf1632``, ``x2`` before ``x10``), as ruff's isort orders module names."""
    return tuple(int(part) if i % 2 else part
                 for i, part in enumerate(re.split(r"(\d+)", name.lower())))


def statement_key(node: Statement) -> tuple:
    """isort's default: plain imports first, then ``from`` imports, each by module."""
    if isinstance(node, ast.Import):
        return (0, 0, natural(node.names[0].name))
    # ``from ..`` before ``from .``; ``as`` imports stand alone, ordered by their first
    # member, after a statement that imports the same name plainly (isort)
    return (1, -node.level, natural(node.module or ""), member_key(node.names[0].name),
            bool(node.names[0].asname))


def _from_first_key(node: Statement) -> tuple:
    """isort's ``from_first``: every ``from`` import of a section before its plain imports."""
    kind, *rest = statement_key(node)
    return (1 - kind, *rest)


def _by_module_key(node: Statement) -> tuple:
    """isort's ``force_sort_within_sections``: by module, ``import`` and ``from`` mixed."""
    if isinstance(node, ast.Import):
        return (0, natural(node.names[0].name), 0)
    return (-node.level, natural(node.module or ""), 1, member_key(node.names[0].name),
            bool(node.names[0].asname))


def _plain_members(order: Callable[[Statement], tuple]) -> Callable[[Statement], tuple]:
    """The same order with members compared without case and type (``_default``, ``CYGWIN``,
    ``get_encoding``: isort's ``order_by_type = false``)."""
    def key(node: Statement) -> tuple:
        *head, last = order(node)
        if isinstance(node, ast.ImportFrom):  # (..., member_key, as) -> the member's name
            *head, member = head
            return (*head, member[1:], last)
        return (*head, last)
    return key


#: the orders a file's import sections may follow, the most common first
ORDERS: dict[str, Callable[[Statement], Any]] = {
    "default": statement_key, "from-first": _from_first_key, "by-module": _by_module_key,
    "default-nocase": _plain_members(statement_key),
    "from-first-nocase": _plain_members(_from_first_key),
    "by-module-nocase": _plain_members(_by_module_key),
}


def followed_orders(sections: Sequence[Sequence[Statement]]) -> list[str]:
    """Return the names of the orders every one of ``sections`` is sorted by."""
    return [name for name, order in ORDERS.items()
            if all(all(order(a) <= order(b) for a, b in zip(nodes, nodes[1:], strict=False))
                   for nodes in sections)]


def section_of(node: Statement, first_party: set[str]) -> int:
    """Return the index in :data:`SECTIONS` of the section ``node`` belongs to."""
    if isinstance(node, ast.ImportFrom) and node.level:
        return SECTIONS.index("local")
    module = node.names[0].name if isinstance(node, ast.Import) else node.module or ""
    top = module.partition(".")[0]
    if top == "__future__":
        return SECTIONS.index("future")
    if top in sys.stdlib_module_names:
        return SECTIONS.index("stdlib")
    return SECTIONS.index("firstparty" if top in first_party else "thirdparty")


def docstring(tree: ast.Module) -> ast.Expr | None:
    """Return the module's docstring statement, or None."""
    first = tree.body[0] if tree.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        return first if isinstance(first.value.value, str) else None
    return None


def leading_block(tree: ast.Module) -> list[Statement]:
    """Return the module-level imports above the first definition.

    Assignments may sit between them (``__all__``, ``__lazy_modules__``, a logger): the
    imports after such a line are still the file's import block.
    """
    body = tree.body[1:] if docstring(tree) else tree.body
    block = []
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            break
        if isinstance(node, ast.Import | ast.ImportFrom):
            block.append(node)
    return block


def workspace_orders(tree: ast.Module) -> list[str]:
    """Return the orders the file's import block follows, where that tells orders apart
    (it follows some, not all), else nothing: what the file votes for in its workspace.

    Without the file's package, sections are told apart by blank lines too: isort leaves one
    between first-party and third-party imports."""
    groups: dict[tuple[int, int], list[Statement]] = {}
    run, last = 0, None
    for node in leading_block(tree):
        if last is not None and node.lineno > (last.end_lineno or last.lineno) + 1:
            run += 1
        groups.setdefault((section_of(node, set()), run), []).append(node)
        last = node
    followed = followed_orders(list(groups.values()))
    return followed if 0 < len(followed) < len(ORDERS) else []
