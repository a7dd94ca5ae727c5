"""The facts of one document text: its tree, compile result, nodes, guarded and marked lines,
names, imports and symbol table, each computed on first need under the document's lock and
shared by every caller (nca.workers.facts.document keeps them per text)."""

from __future__ import annotations

import ast
import builtins
import io
import re
import symtable
import threading
import tokenize
import warnings
import weakref
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from nca.workers.core.parsing import compile_source, parse
from nca.workers.facts.guards import (
    ANY_ATTRIBUTE,
    MARK,
    guard_subjects,
    marked_lines,
    probed_objects,
)
from nca.workers.facts.runtime_tests import constants_of
from nca.workers.facts.scopes import index_symbols
from nca.workers.facts.statements import inside, statement_start, statement_walk

__all__ = ["MISSING", "ODD_BREAKS", "PARSE_ERRORS", "DocumentFacts", "compile_error"]

T = TypeVar("T")


MISSING = object()
#: line breaks other than ``\n`` (``str.splitlines``, tokenize and the parser disagree on them)
ODD_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError)


class DocumentFacts:
    """What is true of one text, each fact computed once on first need.

    ``tree`` is None when the text does not parse (``parse_error`` says why). Facts that need
    a tree are empty then.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._lock = threading.RLock()
        self._memo: dict[Any, Any] = {}
        # set when the tree was built from another document's (see facts_of)
        self.spliced = False

    def __repr__(self) -> str:
        return f"<DocumentFacts {len(self.text)} chars, {len(self.lines)} lines>"

    def memo(self, key: Any, make: Callable[[], T]) -> T:
        """Return the fact named ``key``, made by ``make()`` on first need (once per text).

        Other layers keep their own derived facts here (the linter's NCA102 problems, say),
        under keys of their own: ``make`` must depend on the text only.
        """
        found = self._memo.get(key, MISSING)
        if found is not MISSING:
            return found  # type: ignore[no-any-return]
        with self._lock:
            found = self._memo.get(key, MISSING)
            if found is MISSING:
                found = make()
                self._memo[key] = found
            return found  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ text

    @property
    def lines(self) -> list[str]:
        """``text.splitlines()`` (read it, do not change it)."""
        return self.memo("lines", self.text.splitlines)

    # ------------------------------------------------------------------ parse and compile

    def _parsed(self) -> tuple[ast.Module | None, BaseException | None]:
        try:
            return parse(self.text), None
        except PARSE_ERRORS as err:
            return None, err

    @property
    def tree(self) -> ast.Module | None:
        """The module's tree (shared: never change it), or None when the text does not parse."""
        return self.memo("parsed", self._parsed)[0]

    @property
    def parse_error(self) -> BaseException | None:
        return self.memo("parsed", self._parsed)[1]

    @property
    def compile_error(self) -> BaseException | None:
        """The error ``compile(text, ..., "exec")`` raises (SyntaxError and its kinds, ValueError,
        RecursionError, MemoryError), or None when the text compiles to bytecode."""
        return self.memo("compiled", lambda: compile_error(self.text))

    # ------------------------------------------------------------------ nodes

    @property
    def statement_nodes(self) -> list[list[ast.AST]]:
        """Per top-level statement, its nodes (the statement first, a node before the nodes
        inside it)."""
        def make() -> list[list[ast.AST]]:
            tree = self.tree
            return [statement_walk(stmt) for stmt in tree.body] if tree is not None else []
        return self.memo("statement_nodes", make)

    @property
    def nodes(self) -> list[ast.AST]:
        """Every node of the tree: the module, then each top-level statement's nodes in order (a
        node always comes before the nodes inside it; see ``statements.statement_walk``).
        Empty without a tree."""
        def make() -> list[ast.AST]:
            tree = self.tree
            if tree is None:
                return []
            out: list[ast.AST] = [tree]
            for part in self.statement_nodes:
                out.extend(part)
            return out
        return self.memo("nodes", make)

    @property
    def parts(self) -> list[tuple[ast.AST | None, list[ast.AST]]]:
        """The nodes in parts that texts built from one another share: each top-level statement,
        and for a class its own parts (the class node, decorators, bases, keywords: no key) and
        each member; ``(the part's node, its nodes)``. Together: :attr:`nodes` less the module."""
        def make() -> list[tuple[ast.AST | None, list[ast.AST]]]:
            tree = self.tree
            out: list[tuple[ast.AST | None, list[ast.AST]]] = []
            for stmt, walked in zip(tree.body if tree else (), self.statement_nodes, strict=True):
                if not isinstance(stmt, ast.ClassDef):
                    out.append((stmt, walked))
                    continue
                members = {id(m) for m in stmt.body}
                cut = next((i for i, n in enumerate(walked) if id(n) in members), len(walked))
                out.append((None, walked[:cut]))
                out.extend((m, [m, *inside(m)]) for m in stmt.body)
            return out
        return self.memo("parts", make)

    def per_part(self, key: Any, compute: Callable[[list[ast.AST]], T]) -> list[T]:
        """Return ``compute(nodes)`` for each of :attr:`parts`, each made once per part: a part
        shared with the text this one was built from is not computed again. ``compute`` must
        depend on the part's nodes only, and its answer must not hold the part's own node."""
        def make() -> list[T]:
            out = []
            for node, nodes in self.parts:
                if node is None:
                    out.append(compute(nodes))
                    continue
                with _PART_LOCK:
                    memo = _PART_MEMO.get(node)
                    if memo is None:
                        memo = _PART_MEMO[node] = {}
                found = memo.get(key, MISSING)
                if found is MISSING:
                    found = memo[key] = compute(nodes)
                out.append(found)
            return out
        return self.memo(("per_part", key), make)

    def of_type(self, kind: type[T] | tuple[type, ...]) -> list[T]:
        """Return the nodes of the given AST type(s), in :attr:`nodes` order."""
        key = ("of_type", kind)
        return self.memo(key, lambda: [n for n in self.nodes if isinstance(n, kind)])  # type: ignore[misc]

    @property
    def functions(self) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
        """The ``def`` and ``async def`` nodes, in :attr:`nodes` order (what
        ``scopes.function_at`` searches: a few hundred nodes, not every node of the file)."""
        return self.of_type((ast.FunctionDef, ast.AsyncFunctionDef))

    # ------------------------------------------------------------------ guards and marks

    @property
    def guard_subjects(self) -> Mapping[int, frozenset[str] | None]:
        """What guards each guarded line: None for everything, else the names a ``hasattr``
        test asks about (see facts.guards.guard_subjects)."""
        def make() -> dict[int, frozenset[str] | None]:
            merged: dict[int, frozenset[str] | None] = {}
            if self.tree is None:
                return merged
            with constants_of(self.tree):  # `if WIN:` where `from ._compat import WIN`
                parts = self.per_part(guard_subjects, lambda nodes: guard_subjects(
                    nodes[0], nodes))
            for part in parts:
                for line, subjects in part.items():
                    before = merged.get(line, frozenset())
                    merged[line] = None if before is None or subjects is None else (
                        before | subjects)
            return merged
        return self.memo("guard_subjects", make)

    @property
    def guarded_lines(self) -> frozenset[int]:
        """Lines behind a version/platform/capability guard (see facts.guards)."""
        return self.memo("guarded", lambda: frozenset(self.guard_subjects))

    def attribute_root(self, line: int, attr: str) -> str | None:
        """Return the name the attribute chain ending in ``.attr`` on ``line`` starts at
        (``t`` for ``t.cast``); None when there is none, or two chains there disagree."""
        def make() -> dict[tuple[int, str], str | None]:
            out: dict[tuple[int, str], str | None] = {}
            for node in self.of_type(ast.Attribute):
                root = node.value
                while isinstance(root, ast.Attribute):
                    root = root.value
                name = root.id if isinstance(root, ast.Name) else None
                key = (node.end_lineno or node.lineno, node.attr)
                out[key] = name if out.get(key, name) == name else None
            return out
        return self.memo("attribute_roots", make).get((line, attr))

    def left_alone_for(self, line: int, name: str | None) -> bool:
        """Return True when a finding about ``name``'s attribute on ``line`` is not a typo:
        the line is marked, or behind a guard about everything or about ``name``."""
        if line in self.marked_lines or line not in self.guard_subjects:
            return line in self.marked_lines
        subjects = self.guard_subjects[line]
        return subjects is None or name is None or bool({name, ANY_ATTRIBUTE} & subjects)

    @property
    def probed_objects(self) -> frozenset[tuple[int, str]]:
        """``(line, attr)`` of each ``x.attr`` a ``getattr``/``hasattr`` test asks another
        attribute of (see facts.guards.probed_objects)."""
        return self.memo("probed_objects", lambda: probed_objects(self.of_type(ast.Call)))

    @property
    def marked_lines(self) -> frozenset[int]:
        """Lines whose comment says to leave them alone (``# noqa``, ``# type: ignore``...)."""
        return self.memo("marked", lambda: frozenset(_marked_lines(self)))

    @property
    def left_alone(self) -> frozenset[int]:
        """Guarded or marked lines: a finding there is not a typo."""
        return self.memo("left_alone", lambda: self.guarded_lines | self.marked_lines)

    # ------------------------------------------------------------------ names

    @property
    def name_usage(self) -> Counter[str]:
        """How often each identifier is read or written: names and attribute names."""
        def make() -> Counter[str]:
            usage: Counter[str] = Counter()
            for node in self.nodes:
                if isinstance(node, ast.Name):
                    usage[node.id] += 1
                elif isinstance(node, ast.Attribute):
                    usage[node.attr] += 1
            return usage
        return self.memo("name_usage", make)

    @property
    def symtable(self) -> symtable.SymbolTable | None:
        """The module's symbol table, or None when the text does not compile that far."""
        def make() -> symtable.SymbolTable | None:
            if self.tree is None:
                return None
            try:
                table = symtable.symtable(self.text, "<analyzed>", "exec")
            except PARSE_ERRORS:
                return None
            index_symbols(table)
            return table
        return self.memo("symtable", make)

    @property
    def unbound_globals(self) -> frozenset[str]:
        """The global names the code reads that nothing binds, builtins aside: the names a
        lost import statement took with it."""
        def make() -> frozenset[str]:
            table = self.symtable
            if table is None:
                return frozenset()
            module = {s.get_name(): s for s in table.get_symbols()}
            read: set[str] = set()
            bound = {n for n, s in module.items() if s.is_assigned() or s.is_imported()
                     or s.is_namespace()}
            tables = [table]
            while tables:
                current = tables.pop()
                tables.extend(current.get_children())
                for symbol in current.get_symbols():
                    if symbol.is_referenced() and (current is table or symbol.is_global()):
                        read.add(symbol.get_name())
                    if symbol.is_declared_global() and symbol.is_assigned():
                        bound.add(symbol.get_name())  # `global G` then `G = 1`
            return frozenset(n for n in read - bound if not hasattr(builtins, n)
                             and n not in ("__file__", "__name__", "__doc__", "__spec__",
                                           "__path__", "__loader__", "__package__",
                                           "__builtins__", "__annotations__"))
        return self.memo("unbound_globals", make)

    @property
    def top_imports(self) -> frozenset[str] | None:
        """The top-level packages imported unconditionally at module level (``import a.b`` and
        ``from a.b import c`` give ``a``), or None when the text does not parse."""
        def make() -> frozenset[str] | None:
            tree = self.tree
            if tree is None:
                return None
            tops: set[str] = set()
            for node in tree.body:
                if isinstance(node, ast.Import):
                    tops.update(a.name.partition(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    tops.add(node.module.partition(".")[0])
            return frozenset(tops)
        return self.memo("top_imports", make)


# --------------------------------------------------------------------------- helpers


#: part node -> {key: what per_part computed for it}
_PART_MEMO: weakref.WeakKeyDictionary[ast.AST, dict[Any, Any]] = weakref.WeakKeyDictionary()
_PART_LOCK = threading.Lock()


def compile_error(text: str, flags: int = 0) -> BaseException | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings would otherwise reach stderr
            compile_source(text, "<unknown>", flags)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as err:
        return err.with_traceback(None)  # kept with the facts: not the frames that raised it
    return None


def _marked_lines(facts: DocumentFacts) -> set[int]:
    """:func:`nca.workers.facts.guards.marked_lines`, tokenizing only the statements that hold
    a mark (the whole text when that is not exact)."""
    text = facts.text
    hits = {text.count("\n", 0, m.start()) + 1 for m in MARK.finditer(text)}
    if not hits:
        return set()  # no comment can hold a mark the text does not contain at all
    edited = facts._memo.get("edited")
    if edited is not None:
        # built from another text: its marks stand outside the lines parsed again, which start
        # outside any string or bracket (at a statement or a class member)
        base_ref, begin, end = edited
        base = base_ref()
        chunk = "\n".join(text.split("\n")[begin - 1:end]) + "\n"
        inside = _chunk_marks(chunk, begin) if base is not None else None
        if base is not None and inside is not None:
            return {n for n in base.marked_lines if not begin <= n <= end} | inside
    tree = facts.tree
    if tree is None or not tree.body or ODD_BREAKS.search(text):
        return marked_lines(text)
    # a top-level statement that starts a line of its own at column 0 starts outside any
    # string or bracket: the text can be tokenized from there
    rows = text.split("\n")
    cuts = [1]
    previous_end = 0
    for stmt in tree.body:
        start = statement_start(stmt)
        if start > previous_end and stmt.col_offset == 0 and start > cuts[-1]:
            cuts.append(start)
        previous_end = stmt.end_lineno or stmt.lineno
    bounds = [*cuts, len(rows) + 1]
    out: set[int] = set()
    for first, after in zip(bounds, bounds[1:], strict=False):
        if not any(first <= h < after for h in hits):
            continue
        found = _chunk_marks("\n".join(rows[first - 1:after - 1]) + "\n", first)
        if found is None:
            return marked_lines(text)  # as the whole text would be read
        out |= found
    return out


def _chunk_marks(chunk: str, first: int) -> set[int] | None:
    """Return the marked lines of a chunk of text starting at line ``first`` outside any string
    or bracket, or None when it does not tokenize on its own."""
    out = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(chunk).readline):
            if tok.type == tokenize.COMMENT and MARK.search(tok.string):
                out.add(first - 1 + tok.start[0])
    except (tokenize.TokenError, SyntaxError):
        return None
    return out

