"""Attribute loads on imported modules that the module does not define (NCA101)."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from nca.workers.core.types import Problem, SymbolIndex
from nca.workers.facts.document import DocumentFacts, facts_of
from nca.workers.facts.modulefacts import is_public

__all__ = ["find_missing_module_attributes"]


def _source_of(index: SymbolIndex, module: str) -> str | None:
    finder = getattr(index, "source_of", None)
    if finder:
        return finder(module)
    return next((src for mod, src in index.modules_named(module) if mod == module), None)


def _dotted(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    return [node.id, *parts] if isinstance(node, ast.Name) else None


class _Part(NamedTuple):
    """What one part of a module (a statement, a class member) holds for the check."""

    imports: tuple[tuple[str, str], ...]  # (name, module) bound by `import`
    rebound: frozenset[str]  # names bound otherwise
    touched: frozenset[tuple[str, str]]  # (dotted name, attr) set or tested
    loads: tuple[tuple[ast.Attribute, list[str]], ...]  # attribute loads of dotted names


def _part(nodes: Iterable[ast.AST]) -> _Part:
    imports: list[tuple[str, str]] = []
    rebound: set[str] = set()
    touched: set[tuple[str, str]] = set()
    loads: list[tuple[ast.Attribute, list[str]]] = []
    for node in nodes:
        if isinstance(node, ast.Attribute):
            if isinstance(node.ctx, ast.Load):
                if (chain := _dotted(node.value)) is not None:
                    loads.append((node, chain))
            elif (chain := _dotted(node.value)) is not None:
                touched.add((".".join(chain), node.attr))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.partition(".")[0]
                imports.append((name, alias.name if alias.asname else name))
        elif isinstance(node, ast.ImportFrom):
            rebound.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            rebound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            rebound.add(node.name)
        elif isinstance(node, ast.arg):
            rebound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            rebound.add(node.name)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) > 1:
            chain, attr = _dotted(node.args[0]), node.args[1]
            if node.func.id in ("hasattr", "setattr", "delattr") and chain is not None:
                if isinstance(attr, ast.Constant) and isinstance(attr.value, str):
                    touched.add((".".join(chain), attr.value))
    return _Part(tuple(imports), frozenset(rebound), frozenset(touched), tuple(loads))


class _Reads:
    """What the check needs of a text, whatever the index: made once per text, from parts made
    once per statement or class member (DocumentFacts.per_part: an edited text recomputes only
    the parts the edit touched)."""

    def __init__(self, facts: DocumentFacts) -> None:
        parts = facts.per_part(_part, _part)
        # the names bound only by `import` (name -> module), the (name, attr) pairs the file
        # sets or tests itself
        modules: dict[str, str] = {}
        rebound: set[str] = set()
        for part in parts:
            rebound |= part.rebound
            for name, target in part.imports:
                if modules.setdefault(name, target) != target:
                    rebound.add(name)  # imported as two different modules
        self.bindings = {n: m for n, m in modules.items() if n not in rebound}
        self.touched: set[tuple[str, str]] = set().union(*(p.touched for p in parts))
        # module.attr loads whose chain starts at a name bound only by `import`
        self.loads = [(node, chain) for part in parts for node, chain in part.loads
                      if chain[0] in self.bindings]
        # an attribute read the same way in several places is what the author means, not a
        # slip (counted by the dotted text of the value, as ast.unparse spells a dotted chain;
        # every load of one such text starts at the same name, so these loads count them all)
        self.seen: Counter[tuple[str, str]] = Counter(
            (".".join(chain), node.attr) for node, chain in self.loads)


def find_missing_module_attributes(text: str, index: SymbolIndex) -> list[Problem]:
    """Return an NCA101 problem for each ``module.attr`` the imported module does not define."""
    facts = facts_of(text)
    if facts.tree is None:
        return []
    reads: _Reads = facts.memo(_Reads, lambda: _Reads(facts))
    # asked first, as always: a lazy index is built here, in the linter, not later in the
    # analyzer's time limit
    knows_all = getattr(index, "knows_all_attributes", None)
    has_module = getattr(index, "has_module", None)
    if not reads.loads:
        return []
    bindings, touched, seen = reads.bindings, reads.touched, reads.seen
    lines = facts.lines
    # behind a guard or marked by the author: platform-only or version-only attributes
    leave = facts.left_alone_for
    problems: list[Problem] = []
    for node, chain in reads.loads:
        if not is_public(node.attr):
            continue
        if (".".join(chain), node.attr) in touched or seen[(".".join(chain), node.attr)] > 1:
            continue
        if (node.end_lineno or node.lineno, node.attr) not in facts.probed_objects and (
                leave(node.lineno, chain[0]) or leave(node.end_lineno or node.lineno, chain[0])):
            continue
        module = ".".join([bindings[chain[0]], *chain[1:]])
        if _source_of(index, module.partition(".")[0]) not in ("stdlib", "installed"):
            continue
        attributes = index.module_attributes(module)
        if not attributes or node.attr in attributes or (knows_all and not knows_all(module)):
            continue
        submodule = f"{module}.{node.attr}"
        if has_module(submodule) if has_module else index.modules_named(node.attr):
            continue
        end = node.end_col_offset or 0
        prefix = lines[node.end_lineno - 1].encode()[:end].decode(errors="ignore")  # type: ignore[operator]
        col = len(prefix) - len(node.attr) + 1
        problems.append(
            Problem(
                code="NCA101",
                message=f"module '{module}' has no attribute '{node.attr}'",
                line=node.end_lineno or node.lineno,
                col=col,
                end_line=node.end_lineno,
                end_col=col + len(node.attr),
                source="nca",
                symbol=node.attr,
            )
        )
    return sorted(problems, key=lambda p: (p.line, p.col))
