"""One analysis per document text: the tree, the compile result and the facts every check reads.

The checks of one text (ruff's companions in the linter, the analyzer, verify, the type
checker's filters) used to parse and walk it again each: a resolve in the editor parsed the
same 1,000 lines eleven times. :func:`facts_of` returns the :class:`DocumentFacts` of a text,
made once and kept in a small LRU keyed by the text itself (its hash, then equality: no two
texts share facts); each fact is computed on first need, under the document's lock, and then
shared by every caller and thread.

The tree is shared: callers read it and never change it (no ``NodeTransformer``, no
``fix_missing_locations``, no attributes set on nodes).

A candidate fix differs from its original in a few lines, and so does the next version of a
document being edited. :func:`facts_of` given the facts (or text) the new text was edited from
(``base``) builds the new tree from the base's: when the edit keeps the number of lines and lies
inside whole top-level statements that start at column 0, only those statements are parsed
again (with the base's ``from __future__`` flags; inside one class, only the members the edit
touches, in a stand-in class of the same name) and the others are the base's own nodes, whose
positions are still right. Anything else (lines added or removed, an edit that reaches a
statement boundary, a slice that does not parse and compile on its own, ``from __future__`` or
``global`` in play) parses the whole text, so the facts are always those of a full parse.
Facts worked out per part (a statement, a class member: :meth:`DocumentFacts.per_part`) are
then computed only for the parts the edit touched.
"""

from __future__ import annotations

import ast
import copy
import importlib
import io
import re
import symtable
import threading
import tokenize
import warnings
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from nca.workers.core.parsing import compile_source, parse
from nca.workers.facts.guards import MARK, guarded_lines, marked_lines

__all__ = ["DocumentFacts", "changed_span", "facts_of", "nearest_base"]

T = TypeVar("T")

#: documents whose facts are kept (an editor's open file, its candidates, the previous version)
CACHE_SIZE = 24
#: characters of text whose facts are kept at most (facts take about 40 bytes per character:
#: a 1,000-line file's about 1.5 MB)
CACHE_CHARS = 2_000_000
#: the most recently analysed texts a new text without a named base may be built from
RECENT_BASES = 8
#: a text above this size is analysed but its facts are not kept
MAX_CACHED_CHARS = 1_000_000

_MISSING = object()
#: line breaks other than ``\n`` (``str.splitlines``, tokenize and the parser disagree on them)
_ODD_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError)


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
        found = self._memo.get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[no-any-return]
        with self._lock:
            found = self._memo.get(key, _MISSING)
            if found is _MISSING:
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
        except _PARSE_ERRORS as err:
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
        return self.memo("compiled", lambda: _compile_error(self.text))

    # ------------------------------------------------------------------ nodes

    @property
    def statement_nodes(self) -> list[list[ast.AST]]:
        """Per top-level statement, its nodes (the statement first, a node before the nodes
        inside it)."""
        def make() -> list[list[ast.AST]]:
            tree = self.tree
            return [_statement_walk(stmt) for stmt in tree.body] if tree is not None else []
        return self.memo("statement_nodes", make)

    @property
    def nodes(self) -> list[ast.AST]:
        """Every node of the tree: the module, then each top-level statement's nodes in order (a
        node always comes before the nodes inside it; see ``_statement_walk``). Empty without a
        tree."""
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
                out.extend((m, [m, *_inside(m)]) for m in stmt.body)
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
                with _INSIDE_LOCK:
                    memo = _PART_MEMO.get(node)
                    if memo is None:
                        memo = _PART_MEMO[node] = {}
                found = memo.get(key, _MISSING)
                if found is _MISSING:
                    found = memo[key] = compute(nodes)
                out.append(found)
            return out
        return self.memo(("per_part", key), make)

    def of_type(self, kind: type[T] | tuple[type, ...]) -> list[T]:
        """Return the nodes of the given AST type(s), in :attr:`nodes` order."""
        key = ("of_type", kind)
        return self.memo(key, lambda: [n for n in self.nodes if isinstance(n, kind)])  # type: ignore[misc]

    # ------------------------------------------------------------------ guards and marks

    @property
    def guarded_lines(self) -> frozenset[int]:
        """Lines behind a version/platform/capability guard (see facts.guards)."""
        def make() -> frozenset[int]:
            if self.tree is None:
                return frozenset()
            parts = self.per_part(guarded_lines, lambda nodes: frozenset(guarded_lines(
                nodes[0], nodes)))
            return frozenset().union(*parts)
        return self.memo("guarded", make)

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
                return symtable.symtable(self.text, "<analyzed>", "exec")
            except _PARSE_ERRORS:
                return None
        return self.memo("symtable", make)

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


#: node -> every node inside it (breadth first, itself left out: a cached list must not keep its
#: key alive), for the top-level statements and class members that texts built from one
#: another share
_INSIDE: weakref.WeakKeyDictionary[ast.AST, list[ast.AST]] = weakref.WeakKeyDictionary()
_INSIDE_LOCK = threading.Lock()
#: part node -> {key: what per_part computed for it}
_PART_MEMO: weakref.WeakKeyDictionary[ast.AST, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _inside(node: ast.AST) -> list[ast.AST]:
    with _INSIDE_LOCK:
        found = _INSIDE.get(node)
    if found is None:
        found = _walk(node)[1:]
        with _INSIDE_LOCK:
            _INSIDE[node] = found
    return found


def _statement_walk(stmt: ast.stmt) -> list[ast.AST]:
    """Return a top-level statement's nodes, the statement first and every node before the
    nodes inside it; a class's come as its own parts (decorators, bases, keywords) and then
    each member with everything inside it, so that a class edited in one member shares the
    other members' nodes with the text it was built from."""
    if not isinstance(stmt, ast.ClassDef):
        return [stmt, *_inside(stmt)]
    out: list[ast.AST] = [stmt]
    for name, value in ast.iter_fields(stmt):
        if name == "body":
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, ast.AST):
                out.append(item)
                out.extend(_inside(item))
    for member in stmt.body:
        out.append(member)
        out.extend(_inside(member))
    return out


def _walk(node: ast.AST) -> list[ast.AST]:
    """Return ``node`` and everything inside it, breadth first (as :func:`ast.walk`)."""
    out = [node]
    i = 0
    iter_fields = ast.iter_fields
    AST = ast.AST
    while i < len(out):
        for _name, value in iter_fields(out[i]):
            if isinstance(value, AST):
                out.append(value)
            elif isinstance(value, list):
                out.extend(v for v in value if isinstance(v, AST))
        i += 1
    return out


def _compile_error(text: str, flags: int = 0) -> BaseException | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings would otherwise reach stderr
            compile_source(text, "<unknown>", flags)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as err:
        return err.with_traceback(None)  # kept with the facts: not the frames that raised it
    return None


def _statement_start(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", None) or ()
    return min([node.lineno, *(d.lineno for d in decorators)])


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
    if tree is None or not tree.body or _ODD_BREAKS.search(text):
        return marked_lines(text)
    # a top-level statement that starts a line of its own at column 0 starts outside any
    # string or bracket: the text can be tokenized from there
    rows = text.split("\n")
    cuts = [1]
    previous_end = 0
    for stmt in tree.body:
        start = _statement_start(stmt)
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


# --------------------------------------------------------------------------- edits


def changed_span(before: list[str], after: list[str]) -> tuple[int, int, int]:
    """Return ``(first, last_before, last_after)``: the 1-based lines an edit changed, as the
    common prefix and suffix of the two texts' lines leave them (``last_*`` may be
    ``first - 1`` for an insertion or deletion)."""
    n = min(len(before), len(after))
    prefix = 0
    while prefix < n and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < n - prefix
           and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]):
        suffix += 1
    return prefix + 1, len(before) - suffix, len(after) - suffix


#: the ``__future__`` module (its features carry the compiler flags a slice is compiled with)
_FUTURE = importlib.import_module("__future__")
_FUTURE_WORDS = re.compile(r"\b(?:__future__|global)\b")


def _future_flags(tree: ast.Module) -> int:
    flags = 0
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            for alias in node.names:
                feature = getattr(_FUTURE, alias.name, None)
                flags |= getattr(feature, "compiler_flag", 0)
    return flags


def _spliced(base: DocumentFacts, text: str) -> DocumentFacts | None:
    """Return the facts of ``text`` built from ``base``'s tree, or None when that is not exact."""
    tree = base.tree
    if tree is None or not tree.body or base.compile_error is not None:
        return None
    if _ODD_BREAKS.search(text) or _ODD_BREAKS.search(base.text) or "barry_as_FLUFL" in text:
        return None
    old, new = base.text.split("\n"), text.split("\n")
    if len(old) != len(new):
        return None  # the lines after the edit would move: parse it all
    first, last, _ = changed_span(old, new)
    if first > last:
        return None
    body = tree.body
    starts = [_statement_start(s) for s in body]
    # the run of top-level statements the changed lines touch
    lo = max((i for i, s in enumerate(starts) if s <= first), default=0)
    hi = min((i for i, s in enumerate(starts) if s > last), default=len(body))
    for i in (lo, hi):
        # each end of the run is a statement that starts a line of its own, at column 0
        if i < len(body) and (body[i].col_offset != 0
                              or (i and (body[i - 1].end_lineno or 0) >= starts[i])):
            return None
    flags = _future_flags(tree)
    statements: list[ast.stmt] | None = None
    region: tuple[int, int] | None = None
    if hi - lo == 1 and isinstance(body[lo], ast.ClassDef) and first >= starts[lo]:
        # inside one class: only the members the edit touches are parsed again
        found = _class_spliced(body[lo], starts[lo], old, new, first, last, flags)
        if found is not None:
            changed, region = found
            statements = [changed]
    if statements is None:
        found_statements = _statements_spliced(body, starts, lo, hi, old, new, first, flags)
        if found_statements is None:
            return None
        statements, region = found_statements
    facts = DocumentFacts(text)
    facts._memo["parsed"] = (ast.Module(body=[*body[:lo], *statements, *body[hi:]],
                                        type_ignores=[]), None)
    facts._memo["compiled"] = None
    base_parts = base.statement_nodes
    facts._memo["statement_nodes"] = [*base_parts[:lo], *map(_statement_walk, statements),
                                      *base_parts[hi:]]
    # the lines parsed again, and the text built from (weakly: facts never keep a chain of
    # older versions alive)
    facts._memo["edited"] = (weakref.ref(base), *region)
    facts.spliced = True
    return facts


def _statements_spliced(body: list[ast.stmt], starts: list[int], lo: int, hi: int,
                        old: list[str], new: list[str], first: int, flags: int
                        ) -> tuple[list[ast.stmt], tuple[int, int]] | None:
    """Return the top-level statements ``lo`` to ``hi`` of the edited text, parsed on their own,
    and the lines they span; None when that would not give what parsing the whole text gives."""
    begin = starts[lo] if lo or first >= starts[0] else 1
    end = starts[hi] - 1 if hi < len(body) else len(new)
    old_slice = "\n".join(old[begin - 1:end])
    new_slice = "\n".join(new[begin - 1:end])
    if _FUTURE_WORDS.search(old_slice) or _FUTURE_WORDS.search(new_slice):
        return None  # `from __future__` must come first; module-level `global` spans statements
    if new_slice.rstrip().endswith("\\"):
        return None
    padded = "\n" * (begin - 1) + new_slice + "\n"
    try:
        part = parse(padded)
    except _PARSE_ERRORS:
        return None
    if _compile_error(padded, flags) is not None:
        return None  # the exact error comes from compiling the whole text
    if any(n.lineno < begin or (n.end_lineno or n.lineno) > end for n in part.body):
        return None
    return part.body, (begin, end)


def _class_spliced(cls: ast.ClassDef, start: int, old: list[str], new: list[str], first: int,
                   last: int, flags: int) -> tuple[ast.ClassDef, tuple[int, int]] | None:
    """Return the top-level class ``cls`` as the edited text has it, its touched members parsed
    on their own (in a stand-in class), the others its own, and the lines parsed again; None
    when that is not exact."""
    members = cls.body
    header = [cls.lineno, *(getattr(n, "end_lineno", None) or cls.lineno
                            for n in (*cls.decorator_list, *cls.bases, *cls.keywords))]
    starts = [_statement_start(m) for m in members]
    if starts[0] <= max(header) or first < starts[0]:
        return None  # `class A: x = 1`, or the edit touches the class's own line
    indent = members[0].col_offset
    lo = max(i for i, s in enumerate(starts) if s <= first)
    hi = min((i for i, s in enumerate(starts) if s > last), default=len(members))
    for i in (lo, hi):
        if i < len(members) and (members[i].col_offset != indent
                                 or (i and (members[i - 1].end_lineno or 0) >= starts[i])):
            return None  # members sharing a line
    begin = starts[lo]
    end = starts[hi] - 1 if hi < len(members) else (cls.end_lineno or 0)
    if last > end:
        return None  # past the class's last member: the module's statements decide
    new_slice = "\n".join(new[begin - 1:end])
    # a class-level `global` spans its members (it must come before any use)
    if (_FUTURE_WORDS.search("\n".join(old[start - 1:cls.end_lineno]))
            or _FUTURE_WORDS.search(new_slice) or new_slice.rstrip().endswith("\\")):
        return None
    # the stand-in has the class's name: private names (`__x`) are mangled the same way
    padded = "\n" * (begin - 2) + f"class {cls.name}:\n" + new_slice + "\n"
    try:
        part = parse(padded)
    except _PARSE_ERRORS:
        return None
    if _compile_error(padded, flags) is not None:
        return None
    stand_in = part.body[0] if len(part.body) == 1 else None
    if not isinstance(stand_in, ast.ClassDef) or any(
            _statement_start(m) < begin or (m.end_lineno or m.lineno) > end
            or m.col_offset != indent for m in stand_in.body):
        return None
    changed = copy.copy(cls)  # the class's own parts are shared, its body is a new list
    changed.body = [*members[:lo], *stand_in.body, *members[hi:]]
    changed.end_lineno = changed.body[-1].end_lineno
    changed.end_col_offset = changed.body[-1].end_col_offset
    return changed, (begin, end)


# --------------------------------------------------------------------------- the cache


_CACHE: OrderedDict[str, DocumentFacts] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHED_CHARS = 0


def facts_of(text: str, base: DocumentFacts | str | None = None) -> DocumentFacts:
    """Return the facts of ``text`` (shared: made once per text while it stays in the LRU).

    ``base``, the facts (or text) of a document ``text`` was edited from, lets the tree be
    built from that document's where that is exact (see the module's doc), also for facts of
    ``text`` already cached but not parsed yet. Without ``base``, the nearest of the texts
    analysed last (:func:`nearest_base`) is the base.
    """
    global _CACHED_CHARS
    with _CACHE_LOCK:
        found = _CACHE.get(text)
        if found is not None:
            _CACHE.move_to_end(text)
    if found is not None:
        if base is not None and "parsed" not in found._memo:
            _adopt(found, base)
        return found
    facts = DocumentFacts(text)
    if base is None:
        # no base named: the text is most likely an edit of one analysed a moment ago (the
        # previous version, a candidate's original)
        with _CACHE_LOCK:
            recent = list(_CACHE)[-RECENT_BASES:]
        base = nearest_base(text, reversed(recent))
    if base is not None:
        _adopt(facts, base)
    if len(text) > MAX_CACHED_CHARS:
        return facts
    with _CACHE_LOCK:
        found = _CACHE.get(text)
        if found is not None:  # another thread made them meanwhile: one set of facts per text
            _CACHE.move_to_end(text)
            return found
        _CACHE[text] = facts
        _CACHED_CHARS += len(text)
        while len(_CACHE) > CACHE_SIZE or (_CACHED_CHARS > CACHE_CHARS and len(_CACHE) > 1):
            old, _ = _CACHE.popitem(last=False)
            _CACHED_CHARS -= len(old)
    return facts


def _adopt(facts: DocumentFacts, base: DocumentFacts | str) -> None:
    """Give ``facts`` (not parsed yet) the tree built from ``base``'s, where that is exact."""
    if isinstance(base, str):
        base = facts_of(base)
    try:
        spliced = _spliced(base, facts.text)
    except (RecursionError, MemoryError, ValueError):  # pragma: no cover - parse it all
        spliced = None
    if spliced is None:
        return
    with facts._lock:
        if "parsed" not in facts._memo:
            facts._memo.update(spliced._memo)
            facts.spliced = True


def nearest_base(text: str, bases: Iterable[str]) -> str | None:
    """Return the text among ``bases`` whose facts give ``text``'s the most cheaply: one that
    compiles, with as many lines, and the fewest lines changed; None when none fits."""
    lines = text.count("\n")
    best: tuple[int, str] | None = None
    new: list[str] | None = None
    for base in bases:
        if base == text or base.count("\n") != lines:
            continue
        with _CACHE_LOCK:
            known = _CACHE.get(base)
        if known is None or known._memo.get("compiled", _MISSING) is not None:
            continue  # only a text already known to compile can lend its tree
        new = new if new is not None else text.split("\n")
        rows = known.memo("rows", lambda known=known: known.text.split("\n"))
        first, last, _ = changed_span(rows, new)
        if best is None or last - first < best[0]:
            best = (last - first, base)
    return best[1] if best else None


def forget_all() -> None:
    """Drop every cached document (tests; memory pressure)."""
    global _CACHED_CHARS
    with _CACHE_LOCK:
        _CACHE.clear()
        _CACHED_CHARS = 0
