"""Add a missing import where isort (and ruff's ``I`` rules) would put it.

The statement goes into the file's leading import block: in its section (``__future__``,
stdlib, third-party, first-party, local), in sorted position within the section, straight
``import x`` lines before ``from x import y`` lines. A name from a module the file already
imports from joins that statement instead, its members kept sorted as the file sorts them
(by type then name, by default), or, where it sorts none, in the order of the workspace's other
lists of those names. A name
nothing reads at run time (only in postponed annotations or in strings) goes into the file's
``if TYPE_CHECKING:`` block when it has one, as the file's author does with such names.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nca.workers.core.parsing import parse
from nca.workers.core.types import Candidate, Problem
from nca.workers.engines.rules.base import RuleContext, candidate
from nca.workers.engines.rules.import_members import ordered_members
from nca.workers.engines.rules.type_checking_block import type_checking_block, typing_only
from nca.workers.facts.import_order import (
    ORDERS,
    SECTIONS,
    docstring,
    followed_orders,
    leading_block,
    section_of,
    statement_key,
)

__all__ = ["RULES", "MissingImport", "add_import"]

# F405: a name a star import may define; the Analyzer offers imports only when none does
UNDEFINED_CODES = frozenset({"F821", "NameError", "F405"})
_BLOCK_START = re.compile(r"(async\s+def|def|class)\b|@")


@dataclass(frozen=True)
class _Import:
    section: int
    key: tuple
    first: int  # 0-based first line, comments directly above included
    last: int  # 0-based last line
    module: str  # the module it imports from (or the first it imports), dots for its level


def _module_of(node: ast.Import | ast.ImportFrom) -> str:
    if isinstance(node, ast.Import):
        return node.names[0].name
    return "." * node.level + (node.module or "")


def _neighbours(block: list[_Import], module: str) -> list[_Import]:
    """Return the imports of ``block`` from the modules nearest ``module`` (the longest common
    dotted prefix), where that tells some apart from the rest."""
    def shared(other: str) -> int:
        a, b = module.split("."), other.split(".")
        n = 0
        while n < min(len(a), len(b)) and a[n] == b[n]:
            n += 1
        return n
    best = max((shared(b.module) for b in block), default=0)
    near = [b for b in block if shared(b.module) == best]
    return near if best and len(near) < len(block) else []


def _alias_text(alias: ast.alias) -> str:
    return f"{alias.name} as {alias.asname}" if alias.asname else alias.name


def _line_limit(lines: Sequence[str]) -> int:
    # ruff's default is 88; a file already past it is formatted to a longer limit
    return 100 if any(len(line) > 88 for line in lines) else 88


def _merge(lines: list[str], node: ast.ImportFrom, new: ast.alias, tree: ast.Module,
           orders: Sequence[Sequence[str]] = ()) -> list[str] | None:
    """Return ``lines`` with ``new`` added to the existing ``from`` statement ``node``."""
    first, last = node.lineno - 1, node.end_lineno - 1  # type: ignore[operator]
    tail = lines[last][node.end_col_offset :]
    statement = "\n".join([*lines[first:last], lines[last][: node.end_col_offset]])
    indent = lines[first][: node.col_offset]
    if indent.strip() or "#" in statement or tail.strip()[:1] not in ("", "#"):
        return None  # shares its line with code, or holds comments: leave it alone
    aliases = ordered_members([*node.names, new], tree, node, orders)
    module = "." * node.level + (node.module or "")
    single = f"{indent}from {module} import {', '.join(map(_alias_text, aliases))}{tail}"
    if first == last and len(single) <= _line_limit(lines):
        return [*lines[:first], single, *lines[last + 1 :]]
    wrapped = [f"{indent}from {module} import (",
               *(f"{indent}    {_alias_text(a)}," for a in aliases), f"{indent}){tail}"]
    return [*lines[:first], *wrapped, *lines[last + 1 :]]


def _last_line(node: ast.stmt) -> int:
    """Return the 0-based last line of ``node`` (a parsed statement: its end is set)."""
    assert node.end_lineno is not None
    return node.end_lineno - 1


def _first_line(lines: Sequence[str], node: ast.stmt) -> int:
    index = node.lineno - 1
    while index > 0 and lines[index - 1].lstrip().startswith("#"):
        index -= 1  # a comment above an import travels with it
    return index


def _blank_lines_after(lines: list[str], index: int) -> list[str]:
    """Return ``lines`` with the blank lines isort wants after the import at ``index``."""
    following = index + 1
    while following < len(lines) and not lines[following].strip():
        following += 1
    if following >= len(lines):
        return lines
    text = lines[following].lstrip()
    wanted = 2 if _BLOCK_START.match(text) and not lines[following].startswith(" ") else 1
    missing = wanted - (following - index - 1)
    return [*lines[: index + 1], *[""] * max(missing, 0), *lines[index + 1 :]]


def _first_module_read(tree: ast.Module, bound: str) -> int | None:
    """Return the first line that reads ``bound`` while the module runs (a function's body
    runs later), or None."""
    lines = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and node.id == bound and isinstance(node.ctx, ast.Load):
            lines.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                stack.append(child)
    return min(lines, default=None)


def _section_order(sections: Sequence[Sequence[ast.Import | ast.ImportFrom]],
                   votes: Mapping[str, int]) -> Callable[[ast.Import | ast.ImportFrom], Any] | None:
    """Return the key the file sorts its sections by, or None when they follow none; where
    they follow several, the one most of the workspace's files follow (``votes``)."""
    followed = followed_orders(sections)
    if not followed:
        return None
    return ORDERS[max(followed, key=lambda name: votes.get(name, 0))]


def _insert(lines: list[str], tree: ast.Module, new: ast.Import | ast.ImportFrom, section: int,
            first_party: set[str], bound: str, votes: Mapping[str, int]) -> list[str]:
    statement = ast.unparse(new)
    nodes = leading_block(tree)
    read = _first_module_read(tree, bound)
    if read is not None:  # imports below code that already reads the name are too late
        nodes = [n for n in nodes if _last_line(n) + 1 < read]
    by_section: dict[int, list[ast.Import | ast.ImportFrom]] = {}
    for node in nodes:
        by_section.setdefault(section_of(node, first_party), []).append(node)
    # the order the file keeps (isort's default, from-first, by module), or the section's own
    order = _section_order(list(by_section.values()), votes) or _section_order(
        [by_section.get(section, [])], votes)
    block = [_Import(section_of(n, first_party), (order or statement_key)(n),
                     _first_line(lines, n), _last_line(n), _module_of(n)) for n in nodes]
    key = (order or statement_key)(new)
    same = [b for b in block if b.section == section]
    if same and order is None:
        # a section in no order of its own: beside the imports of the nearest modules, in
        # their order where they keep one (`chardet.pipeline.postprocess` among the other
        # `chardet.pipeline` ones), else at its end
        near = _neighbours(same, _module_of(new))
        if near and all(a.key <= b.key for a, b in zip(near, near[1:], strict=False)):
            later = [b for b in near if b.key > key]
            at = later[0].first if later else near[-1].last + 1
            return [*lines[:at], statement, *lines[at:]]
    if same:
        later = [b for b in same if b.key > key] if order is not None else []
        if later:
            at = later[0].first
            return [*lines[:at], statement, *lines[at:]]
        at = same[-1].last + 1
        return [*lines[:at], statement, *lines[at:]]
    before = [b for b in block if b.section < section]
    if before:
        at = before[-1].last + 1
        return [*lines[:at], "", statement, *lines[at:]]
    if block:
        at = block[0].first
        return [*lines[:at], statement, "", *lines[at:]]
    doc = docstring(tree)
    if doc is not None:
        at = doc.end_lineno  # type: ignore[assignment]
        new_lines = [*lines[:at], "", statement, *lines[at:]]
        return _blank_lines_after(new_lines, at + 1)  # type: ignore[operator]
    at = 0
    while at < len(lines) and lines[at].lstrip().startswith("#"):
        at += 1
    gap = [""] if at else []
    return _blank_lines_after([*lines[:at], *gap, statement, *lines[at:]], at + len(gap))


def _into_type_checking(lines: list[str], block: ast.If, new: ast.Import | ast.ImportFrom,
                        first_party: set[str]) -> list[str]:
    """Return ``lines`` with ``new`` in ``block``, sorted among its imports."""
    indent = lines[block.body[0].lineno - 1][: block.body[0].col_offset]
    key = (section_of(new, first_party), statement_key(new))
    later = [n for n in block.body  # type: ignore[union-attr]
             if (section_of(n, first_party), statement_key(n)) > key]  # type: ignore[arg-type]
    at = _first_line(lines, later[0]) if later else block.body[-1].end_lineno  # type: ignore[assignment]
    return [*lines[:at], indent + ast.unparse(new), *lines[at:]]  # type: ignore[index]


def _suites(node: ast.AST):
    """Yield every statement list under ``node`` but the module's own and class bodies."""
    for child in ast.iter_child_nodes(node):
        yield from _suites(child)
    if isinstance(node, ast.Module | ast.ClassDef):
        return
    for _field, value in ast.iter_fields(node):
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            yield value


def _into_local_block(lines: list[str], tree: ast.Module, new: ast.Import | ast.ImportFrom,
                      bound: str) -> list[str] | None:
    """Return ``lines`` with ``new`` among the imports of the innermost block (a function,
    an ``if __name__ == "__main__":``) that imports for itself and holds every use of
    ``bound``, or None when there is no such block: the author imports there lazily."""
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == bound]
    if not uses:
        return None
    best: list[ast.stmt] | None = None
    for suite in _suites(tree):
        imports = [s for s in suite if isinstance(s, ast.Import | ast.ImportFrom)]
        if not imports:
            continue
        start, end = imports[0].lineno, _last_line(suite[-1]) + 1
        if all(start < u.lineno <= end for u in uses) and (
                best is None or best[0].lineno <= suite[0].lineno):
            best = suite
    if best is None:
        return None
    imports = [s for s in best if isinstance(s, ast.Import | ast.ImportFrom)]
    group = [imports[0]]
    for node in imports[1:]:
        if best.index(node) != best.index(group[-1]) + 1:
            break
        group.append(node)
    keys = [statement_key(n) for n in group]
    later = [n for n, k in zip(group, keys, strict=True) if k > statement_key(new)]
    at = (_first_line(lines, later[0]) if later and keys == sorted(keys)
          else _last_line(group[-1]) + 1)
    indent = lines[group[0].lineno - 1][: group[0].col_offset]
    return [*lines[:at], indent + ast.unparse(new), *lines[at:]]


def _binds(tree: ast.Module, new: ast.Import | ast.ImportFrom) -> bool:
    """Return True when the file already has ``new`` at module level."""
    wanted = {(a.name, a.asname) for a in new.names}
    for node in tree.body:
        if type(node) is type(new) and getattr(node, "module", None) == getattr(
            new, "module", None
        ):
            if getattr(node, "level", 0) == getattr(new, "level", 0):
                if wanted <= {(a.name, a.asname) for a in node.names}:
                    return True
    return False


def _single_line_style(tree: ast.Module) -> bool:
    """Return True when the file imports one name per ``from`` line (isort force_single_line):
    some module on two lines, and no line with two names."""
    seen: set[tuple[str | None, int]] = set()
    repeated = False
    for node in leading_block(tree):
        if isinstance(node, ast.ImportFrom) and not any(a.asname for a in node.names):
            if len(node.names) > 1:
                return False  # `from x import a` twice, but `from y import b, c` too
            key = (node.module, node.level)  # ``as`` imports stand alone in any style
            repeated |= key in seen
            seen.add(key)
    return repeated


def add_import(
    text: str, statement: str, *, section: str | None = None, first_party: Iterable[str] = (),
    orders: Sequence[Sequence[str]] = (), votes: Mapping[str, int] | None = None,
) -> str | None:
    """Return ``text`` with ``statement`` added where isort puts it, or None if it cannot be.

    ``orders``: the workspace's lists of names imported from the same module, which a
    ``from`` import that joins one of the file's own follows where the file sorts nothing.
    ``votes``: how many of the workspace's files follow each order of
    :data:`~nca.workers.facts.import_order.ORDERS`, for a file whose sections agree with
    several (it has no plain import beside a ``from`` one).
    """
    try:
        tree = parse(text)
        parsed = parse(statement).body
    except (SyntaxError, ValueError):
        return None
    if len(parsed) != 1 or not isinstance(parsed[0], ast.Import | ast.ImportFrom):
        return None
    new = parsed[0]
    if _binds(tree, new) or any(a.name == "*" for a in new.names):
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    parties = set(first_party)
    rank = SECTIONS.index(section) if section in SECTIONS else section_of(new, parties)
    result = None
    bound = new.names[0].asname or new.names[0].name.partition(".")[0]
    block = type_checking_block(tree) if len(new.names) == 1 else None
    annotations_only = block is not None and typing_only(tree, bound)
    if (isinstance(new, ast.ImportFrom) and len(new.names) == 1 and not new.names[0].asname
            and not _single_line_style(tree)):
        # isort keeps ``as`` imports apart (combine-as-imports off); a name only annotations
        # read joins a statement of its ``if TYPE_CHECKING:`` block first
        statements = [*(block.body if annotations_only and block else []), *tree.body]
        for node in statements:
            if not isinstance(node, ast.ImportFrom):
                continue
            same = (node.module, node.level) == (new.module, new.level)
            if same and all(a.name != "*" and not a.asname for a in node.names):
                result = _merge(lines, node, new.names[0], tree, orders)
                break
    # a block that imports for itself takes the name only where the module's own import
    # block has nothing of its kind (a module that imports `errno` at the top imports `os`
    # there too, though a function imports `pyarrow` lazily)
    if result is None and len(new.names) == 1 and not any(
            section_of(node, parties) == rank for node in leading_block(tree)):
        result = _into_local_block(lines, tree, new, bound)
    if result is None and block is not None and annotations_only:
        result = _into_type_checking(lines, block, new, parties)
    if result is None:
        result = _insert(lines, tree, new, rank, parties, bound, votes or {})
    updated = newline.join(result)
    try:
        parse(updated)
    except SyntaxError:
        return None
    return updated


class MissingImport:
    """Import an undefined name from where the Analyzer found it."""

    id = "missing-import"

    def applies(self, problem: Problem) -> bool:
        return problem.code in UNDEFINED_CODES

    def propose(self, ctx: RuleContext) -> Iterable[Candidate]:
        solutions = ctx.analysis.solutions if ctx.analysis else ()
        seen: set[str] = set()
        for solution in solutions:
            statement = solution.detail.get("statement")
            if solution.kind not in ("import", "learned") or not isinstance(statement, str):
                continue
            text = add_import(
                ctx.text,
                statement,
                section=solution.detail.get("section"),
                first_party=solution.detail.get("first_party") or (),
                orders=solution.detail.get("orders") or (),
                votes=solution.detail.get("order_votes") or {},
            )
            if text is not None and text != ctx.text and text not in seen:
                seen.add(text)
                yield candidate(self.id, ctx, solution.title, text, rank=solution.score,
                                sure=solution.detail.get("sure", True) is not False)


RULES = (MissingImport(),)
