"""The cheap checks of a text: what an editor is shown right after a change, before ruff's full
set, the type checker and the dead-code scan have run.

Both come from the text's facts (``nca.workers.facts.document``: one parse and one compile,
shared with the slow checks that follow): the first SyntaxError compile() finds, as the linter
reports it, and for a text that compiles its undefined names: names read that nothing in the
text binds, in any scope, and that are no builtins. Those are a subset of ruff's F821 and are
reported as ruff reports them (code, message, range), so the slow checks' result replaces them
without a change on screen. Left to ruff: a name bound only in another scope or only later,
names in string annotations, ``del`` of an unbound name. Left out, as ruff leaves them: a text
with a star import, reads inside a ``try`` whose handlers catch NameError (or more), lines
marked ``# noqa`` (or ``# type: ignore``...), files marked ``# ruff: noqa``.
"""

from __future__ import annotations

import ast
import builtins
import re
import symtable
from collections.abc import Iterator

from nca.workers.core.types import Problem, problems_from
from nca.workers.debugging.diagnostics import compile_problems
from nca.workers.facts.document import facts_of

__all__ = ["UNDEFINED_NAME", "quick_problems", "undefined_names"]

#: ruff's code for an undefined name
UNDEFINED_NAME = "F821"
#: names every module can read: this interpreter's builtins, and newer ones a project may target
_BUILTINS = frozenset(dir(builtins)) | {"WindowsError", "PythonFinalizationError"}
_FILE_NOQA = re.compile(r"#\s*(?:ruff|flake8)\s*:\s*noqa", re.I)
#: handlers that catch a NameError raised in their ``try`` body
_CATCHING = frozenset({"NameError", "Exception", "BaseException"})
_TRIES = (ast.Try, ast.TryStar)


def quick_problems(text: str, path: str | None = None) -> tuple[Problem, ...]:
    """Return the first syntax error of ``text``, else its undefined names (see the module)."""
    syntax = compile_problems(text, path)
    return syntax if syntax else undefined_names(text, path)


def undefined_names(text: str, path: str | None = None) -> tuple[Problem, ...]:
    """Return one F821 problem per read of a name ``text`` never binds (see the module)."""
    facts = facts_of(text)
    tree, table = facts.tree, facts.symtable
    if tree is None or table is None or _FILE_NOQA.search(text):
        return ()
    reads: dict[str, list[ast.Name]] = {}
    for node in facts.of_type(ast.Name):
        # dunders are the module's own (__file__); other names with two underscores are
        # mangled in a class body (``__x`` is ``_C__x`` in the symbol table)
        if isinstance(node.ctx, ast.Load) and node.id not in _BUILTINS \
                and not node.id.startswith("__"):
            reads.setdefault(node.id, []).append(node)
    if not reads or any(a.name == "*" for n in facts.of_type(ast.ImportFrom) for a in n.names):
        return ()
    unbound = set(reads)
    for scope in _tables(table):
        for name in unbound & set(scope.get_identifiers()):
            symbol = scope.lookup(name)
            if symbol.is_assigned() or symbol.is_imported() or symbol.is_parameter() \
                    or symbol.is_namespace():
                unbound.discard(name)
        if not unbound:
            return ()
    guarded = _name_error_guarded(facts.of_type(_TRIES))
    marked = facts.marked_lines
    lines = facts.lines
    out = []
    for name in unbound:
        for node in reads[name]:
            line = node.lineno
            if line in marked or any(first <= line <= last for first, last in guarded):
                continue
            row = lines[line - 1] if line <= len(lines) else ""
            col = _column(row, node.col_offset)
            out.append(Problem(UNDEFINED_NAME, f"Undefined name `{name}`", line, col,
                               line, col + len(name), source="ruff", symbol=name, path=path))
    return problems_from(out)


def _tables(table: symtable.SymbolTable) -> Iterator[symtable.SymbolTable]:
    stack = [table]
    while stack:
        scope = stack.pop()
        yield scope
        stack.extend(scope.get_children())


def _name_error_guarded(tries: list[ast.Try]) -> list[tuple[int, int]]:
    """Return the line spans of ``try`` bodies whose handlers catch a NameError."""
    spans = []
    for node in tries:
        if node.body and any(_catches(h.type) for h in node.handlers):
            spans.append((node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno))
    return spans


def _catches(kind: ast.expr | None) -> bool:
    if kind is None:  # a bare except
        return True
    names = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return any(isinstance(n, ast.Name | ast.Attribute)
               and (n.id if isinstance(n, ast.Name) else n.attr) in _CATCHING for n in names)


def _column(row: str, offset: int) -> int:
    """Return the 1-based column, in code points, of the UTF-8 byte ``offset`` in ``row``."""
    if row.isascii():
        return offset + 1
    return len(row.encode("utf-8")[:offset].decode("utf-8", "replace")) + 1
