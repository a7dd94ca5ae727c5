"""What one file uses, as the Cleaner needs it across files: the names it loads, the
``(module, name)`` pairs it imports, the modules it imports or names in a string, and whether
it does work when run."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from nca.workers.core.parsing import parse
from nca.workers.facts.modulefacts import absolute_module

__all__ = ["IDENTIFIERS", "NO_USES", "RUNS", "FileUses", "imported_names", "used_names"]

IDENTIFIERS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SHORT_STRING = 200  # longer strings are prose, not names looked up by string
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


@dataclass(frozen=True)
class FileUses:
    """What one file uses: names, and ``(module, name)`` pairs it imports from modules."""

    names: frozenset[str] = frozenset()
    imports: frozenset[tuple[str, str]] = frozenset()
    #: the dotted names of the modules it imports or names in a string (maybe not modules)
    modules: frozenset[str] = frozenset()
    #: whether it does work when run: a ``__main__`` guard or statements at the top level
    runs: bool = False


NO_USES = FileUses()
RUNS = FileUses(runs=True)  # a file not read: what it does is unknown


def used_names(text: str, module: str | None = None, *, package: bool = False) -> FileUses:
    """Return what ``text``, the module ``module``, uses: loads, attributes, names in strings.

    Text that does not parse uses every identifier in it: what it uses is unknown, and
    keeping too much is the safe mistake (every dotted word may name a module it imports, and
    it counts as a file that runs).
    """
    try:
        tree = parse(text)
    except (SyntaxError, ValueError):
        return FileUses(frozenset(IDENTIFIERS.findall(text)),
                        modules=frozenset(_DOTTED.findall(text)), runs=True)
    names: set[str] = set()
    imports: set[tuple[str, str]] = set()
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, module, package)
            if source:
                modules.add(source)
            for alias in node.names:
                names.add(alias.name)
                if source:
                    imports.add((source, alias.name))
                    modules.add(f"{source}.{alias.name}")  # `from pkg import mod`
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.keyword) and node.arg:
            names.add(node.arg)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if len(node.value) <= _SHORT_STRING:  # "app.views.index", "pkg.tasks:run"
                names.update(IDENTIFIERS.findall(node.value))
                modules.update(_module_paths(node.value))
    return FileUses(frozenset(names), frozenset(imports), frozenset(modules),
                    any(_runs(statement) for statement in tree.body))


def _module_paths(value: str) -> list[str]:
    """Return the dotted names a short string may load a module by: ``"pkg.mod"``,
    ``"pkg.mod:attr"`` and ``"pkg.mod.attr"`` name ``pkg.mod`` (and ``pkg``)."""
    match = _DOTTED.fullmatch(value.strip().partition(":")[0].strip())
    if match is None:
        return []
    parts = match.group(0).split(".")
    return [".".join(parts[:k]) for k in range(1, len(parts) + 1)]


def _runs(statement: ast.stmt) -> bool:
    """Return True for a top-level statement that does work when the file runs: a call, a
    loop, a ``with``, a ``__main__`` guard (not a definition, an import or an assignment)."""
    if isinstance(statement, ast.Expr):
        return not isinstance(statement.value, ast.Constant)  # a docstring does nothing
    if isinstance(statement, ast.If):
        test = statement.test
        return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
                and test.left.id == "__name__" and any(
                    isinstance(c, ast.Constant) and c.value == "__main__"
                    for c in test.comparators))
    return isinstance(statement, ast.For | ast.AsyncFor | ast.While | ast.With |
                      ast.AsyncWith | ast.Match)


def _absolute(node: ast.ImportFrom, module: str | None, package: bool) -> str:
    """Return the absolute module a ``from ... import`` reads, or "" when unknown."""
    if not node.level:
        return node.module or ""
    if module is None or node.level > len(module.split(".")) + (1 if package else 0):
        return ""
    return absolute_module(module, node.module or "", node.level, package)


def imported_names(text: str) -> set[str]:
    """Return the names the imports of ``text`` bind."""
    try:
        tree = parse(text)
    except (SyntaxError, ValueError):
        return set()
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                bound.add(alias.asname or alias.name.partition(".")[0])
    return bound
