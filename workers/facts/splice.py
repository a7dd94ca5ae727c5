"""A new text's facts built from those of the text it was edited from: when the edit keeps the
number of lines and lies inside whole top-level statements (or members of one class), only
those are parsed again; anything else is a full parse (see nca.workers.facts.document)."""

from __future__ import annotations

import ast
import copy
import importlib
import re
import weakref

from nca.workers.core.parsing import parse
from nca.workers.facts.document_facts import ODD_BREAKS, PARSE_ERRORS, DocumentFacts, compile_error
from nca.workers.facts.statements import statement_start, statement_walk

__all__ = ["changed_span", "spliced"]


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


def spliced(base: DocumentFacts, text: str) -> DocumentFacts | None:
    """Return the facts of ``text`` built from ``base``'s tree, or None when that is not exact."""
    tree = base.tree
    if tree is None or not tree.body or base.compile_error is not None:
        return None
    if ODD_BREAKS.search(text) or ODD_BREAKS.search(base.text) or "barry_as_FLUFL" in text:
        return None
    old, new = base.text.split("\n"), text.split("\n")
    if len(old) != len(new):
        return None  # the lines after the edit would move: parse it all
    first, last, _ = changed_span(old, new)
    if first > last:
        return None
    body = tree.body
    starts = [statement_start(s) for s in body]
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
    cls = body[lo] if hi - lo == 1 else None
    if isinstance(cls, ast.ClassDef) and first >= starts[lo]:
        # inside one class: only the members the edit touches are parsed again
        found = _class_spliced(cls, starts[lo], old, new, first, last, flags)
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
    facts._memo["statement_nodes"] = [*base_parts[:lo], *map(statement_walk, statements),
                                      *base_parts[hi:]]
    # the lines parsed again, and the text built from (weakly: facts never keep a chain of
    # older versions alive)
    assert region is not None  # set with ``statements`` by either splice
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
    except PARSE_ERRORS:
        return None
    if compile_error(padded, flags) is not None:
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
    starts = [statement_start(m) for m in members]
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
    except PARSE_ERRORS:
        return None
    if compile_error(padded, flags) is not None:
        return None
    stand_in = part.body[0] if len(part.body) == 1 else None
    if not isinstance(stand_in, ast.ClassDef) or any(
            statement_start(m) < begin or (m.end_lineno or m.lineno) > end
            or m.col_offset != indent for m in stand_in.body):
        return None
    changed = copy.copy(cls)  # the class's own parts are shared, its body is a new list
    changed.body = [*members[:lo], *stand_in.body, *members[hi:]]
    changed.end_lineno = changed.body[-1].end_lineno
    changed.end_col_offset = changed.body[-1].end_col_offset
    return changed, (begin, end)
