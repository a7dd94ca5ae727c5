"""The names visible at a place in a file, nearest scope first, as Python resolves them.

``symtable`` knows what each scope binds (parameters, assignments, imports, walrus targets,
``global`` declarations); ``ast`` knows which scopes enclose a position.
"""

from __future__ import annotations

import ast
import builtins
import symtable
from collections.abc import Iterable

from nca.workers.core.parsing import parse

__all__ = ["BUILTIN_NAMES", "function_at", "index_symbols", "visible_names"]

#: names every module sees without binding them
BUILTIN_NAMES = tuple(
    sorted(
        {n for n in dir(builtins) if not n.startswith("_")} | {"__name__", "__file__", "__doc__"}
    )
)
_COMPREHENSIONS = {
    ast.ListComp: "listcomp",
    ast.SetComp: "setcomp",
    ast.DictComp: "dictcomp",
    ast.GeneratorExp: "genexpr",
}
_Scope = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
_Comprehension = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp


def _span(first: ast.AST, last: ast.AST) -> tuple[tuple[int, int], tuple[int, int]]:
    return (first.lineno, first.col_offset), (last.end_lineno, last.end_col_offset)  # type: ignore[attr-defined,return-value]


def _inside(span: tuple[tuple[int, int], tuple[int, int]], pos: tuple[int, int]) -> bool:
    return span[0] <= pos <= span[1]


def _own_region(node: ast.AST, pos: tuple[int, int]) -> bool:
    """Return True when ``pos`` is evaluated in the scope ``node`` opens (not around it)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return _inside(_span(node.body[0], node.body[-1]), pos)
    if isinstance(node, ast.Lambda):
        return _inside(_span(node.body, node.body), pos)
    if isinstance(node, _Comprehension):
        first_iter = node.generators[0].iter
        return _inside(_span(node, node), pos) and not _inside(_span(first_iter, first_iter), pos)
    return False


def _scope_chain(tree: ast.Module, pos: tuple[int, int]) -> list[ast.AST]:
    """Return the scope nodes around ``pos``, outermost first."""
    chain: list[ast.AST] = []
    node: ast.AST = tree
    while True:
        for child in ast.iter_child_nodes(node):
            if hasattr(child, "lineno") and _inside(_span(child, child), pos):
                if isinstance(child, _Scope | _Comprehension) and _own_region(child, pos):
                    chain.append(child)
                node = child
                break
        else:
            return chain


def _child_table(table: symtable.SymbolTable, node: ast.AST) -> symtable.SymbolTable | None:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        name = node.name
    else:
        name = "lambda" if isinstance(node, ast.Lambda) else _COMPREHENSIONS[type(node)]
    matches = [t for t in table.get_children() if t.get_name() == name]
    exact = [t for t in matches if t.get_lineno() == node.lineno]  # type: ignore[attr-defined]
    found = exact or matches
    return found[0] if found else None


def _bound(table: symtable.SymbolTable) -> tuple[set[str], set[str]]:
    """Return the names ``table`` binds itself, and those it assigns as module globals."""
    own: set[str] = set()
    module: set[str] = set()
    for sym in table.get_symbols():
        binds = sym.is_assigned() or sym.is_parameter() or sym.is_imported() or sym.is_namespace()
        if not binds:
            continue
        if sym.is_declared_global():
            module.add(sym.get_name())
        elif not sym.is_free():
            own.add(sym.get_name())
    return own, module


def _global_assignments(table: symtable.SymbolTable) -> set[str]:
    names = set()
    for child in table.get_children():
        names |= _bound(child)[1] | _global_assignments(child)
    return names


def _comprehension_targets(node: ast.AST) -> set[str]:
    return {
        n.id
        for gen in getattr(node, "generators", ())
        for n in ast.walk(gen.target)
        if isinstance(n, ast.Name)
    }


def visible_names(
    text: str, line: int, col: int, *, tree: ast.Module | None = None,
    table: symtable.SymbolTable | None = None,
) -> list[tuple[str, int, str]]:
    """Return ``(name, nearness, scope)`` for each name visible at 1-based ``line``/``col``.

    ``nearness`` is 0 for the innermost scope and grows outwards; ``scope`` is local,
    enclosing, class, global or builtin. Class bodies count only when the position is
    directly in them, as Python resolves names. ``tree`` and ``table`` (the text's module tree
    and symbol table, as DocumentFacts keeps them) save parsing the text again.
    """
    try:
        tree = tree or parse(text)
        module_table = table or symtable.symtable(text, "<analyzed>", "exec")
    except (SyntaxError, ValueError):
        return [(name, 0, "builtin") for name in BUILTIN_NAMES]
    lines = text.splitlines()
    prefix = lines[line - 1][: max(col - 1, 0)] if 0 < line <= len(lines) else ""
    chain = _scope_chain(tree, (line, len(prefix.encode())))
    scopes: list[tuple[str, set[str]]] = []  # outermost first
    current: symtable.SymbolTable | None = module_table
    for node in chain:
        child = _child_table(current, node) if current is not None else None
        if child is not None:
            current = child
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            scopes.append((kind, _bound(child)[0]))
        else:  # comprehensions inlined into their scope (PEP 709) have no table of their own
            scopes.append(("function", _comprehension_targets(node)))
    found: list[tuple[str, int, str]] = []
    for nearness, (kind, names) in enumerate(reversed(scopes)):
        if kind == "class" and nearness:
            continue
        scope = "class" if kind == "class" else "local" if not nearness else "enclosing"
        found.extend((name, nearness, scope) for name in sorted(names))
    module_names = _bound(module_table)[0]
    if "global" in text:  # without the word, no function declares a global of its own
        module_names |= _global_assignments(module_table)
    found.extend((name, len(scopes), "global") for name in sorted(module_names))
    found.extend((name, len(scopes) + 1, "builtin") for name in BUILTIN_NAMES)
    return found


Function = ast.FunctionDef | ast.AsyncFunctionDef


def function_at(nodes: Iterable[ast.AST], line: int) -> Function | None:
    """Return the innermost function of ``nodes`` (a tree's nodes) whose body holds ``line``."""
    inner: Function | None = None
    for node in nodes:
        if (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.lineno <= line <= (node.end_lineno or node.lineno)
                and (inner is None or node.lineno >= inner.lineno)):
            inner = node
    return inner


def index_symbols(table: symtable.SymbolTable) -> None:
    """Make every symbol of ``table`` at once, its child scopes grouped by name first.

    ``SymbolTable.lookup`` looks for a name's child scopes among all of them, for each name: a
    module of 250 functions made 250 x 250 comparisons per text (a fifth of the Analyzer's time
    on a new version). The symbols made here are those ``lookup`` makes, in its own cache."""
    raw, cache = getattr(table, "_table", None), getattr(table, "_symbols", None)
    if raw is None or not isinstance(cache, dict) or cache:
        return  # another Python's symtable: lookup makes them as it always does
    children: dict[str, list[symtable.SymbolTable]] = {}
    for child in table.get_children():
        children.setdefault(child.get_name(), []).append(child)
    module_scope = raw.name == "top"
    for name, flags in raw.symbols.items():
        cache[name] = symtable.Symbol(name, flags, children.get(name, []),
                                      module_scope=module_scope)
