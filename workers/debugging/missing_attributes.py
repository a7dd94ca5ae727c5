"""Attribute loads on imported modules that the module does not define (NCA101)."""

from __future__ import annotations

import ast
from collections import Counter

from nca.workers.core.parsing import parse
from nca.workers.core.types import Problem, SymbolIndex
from nca.workers.facts.guards import guarded_lines, marked_lines
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


def _module_bindings(tree: ast.Module) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """Return the names bound only by ``import`` (name -> module) and the (name, attr) pairs
    the file sets or tests itself."""
    modules: dict[str, str] = {}
    rebound: set[str] = set()
    touched: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.partition(".")[0]
                target = alias.name if alias.asname else name
                if modules.setdefault(name, target) != target:
                    rebound.add(name)
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
        elif isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
            if (chain := _dotted(node.value)) is not None:
                touched.add((".".join(chain), node.attr))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) > 1:
            chain, attr = _dotted(node.args[0]), node.args[1]
            if node.func.id in ("hasattr", "setattr", "delattr") and chain is not None:
                if isinstance(attr, ast.Constant) and isinstance(attr.value, str):
                    touched.add((".".join(chain), attr.value))
    return {n: m for n, m in modules.items() if n not in rebound}, touched


def find_missing_module_attributes(text: str, index: SymbolIndex) -> list[Problem]:
    """Return an NCA101 problem for each ``module.attr`` the imported module does not define."""
    try:
        tree = parse(text)
    except (SyntaxError, ValueError):
        return []
    bindings, touched = _module_bindings(tree)
    knows_all = getattr(index, "knows_all_attributes", None)
    has_module = getattr(index, "has_module", None)
    lines = text.splitlines()
    # behind a guard or marked by the author: platform-only or version-only attributes
    leave = guarded_lines(tree) | marked_lines(text)
    loads = [n for n in ast.walk(tree)
             if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load)]
    # an attribute read the same way in several places is what the author means, not a slip
    seen = Counter((ast.unparse(n.value), n.attr) for n in loads)
    problems: list[Problem] = []
    for node in loads:
        chain = _dotted(node.value)
        if not chain or chain[0] not in bindings or not is_public(node.attr):
            continue
        if (".".join(chain), node.attr) in touched or seen[(".".join(chain), node.attr)] > 1:
            continue
        if node.lineno in leave or (node.end_lineno or node.lineno) in leave:
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
