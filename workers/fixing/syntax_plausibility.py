"""Whether a syntax fix only made the text parse, not make sense: what gives it away on the
lines it changed (a bare annotation, a misspelt keyword left as a name, a tuple statement, a
line put after a ``return``)."""

from __future__ import annotations

import ast
import functools
import keyword
import re
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet

from nca.workers.core.types import Problem
from nca.workers.facts.document import DocumentFacts, facts_of
from nca.workers.facts.near_miss import levenshtein_distance
from nca.workers.facts.statements import statement_start
from nca.workers.fixing.changed_lines import ChangedLines

__all__ = ["implausible_syntax_fix"]

#: what a syntax fix may not leave on the lines it changed: a local that is only annotated
#: (``retrun :x``) or a name that is not defined (``retrun(x)``) where a keyword was misspelt
_NONSENSE_CODES = frozenset({"F842", "F821"})


def _near_keyword(name: str | None) -> bool:
    if not name or len(name) < 3:
        return False
    limit = 2 if len(name) <= 3 else 4  # the analyzer's costs: a move costs 2
    return any(levenshtein_distance(name, kw, limit) <= limit
               for kw in keyword.kwlist if len(kw) > 2)


_ENDS_BLOCK = (ast.Return, ast.Raise, ast.Break, ast.Continue)


def _unreachable(nodes: Iterable[ast.AST], changed: AbstractSet[int]) -> Iterator[Problem]:
    """Yield a problem for each statement on a changed line that follows a return, raise, break
    or continue of its own block: an indentation fix that puts a line there made it dead."""
    for node in nodes:
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if not isinstance(block, list):
                continue
            end = next((i for i, stmt in enumerate(block) if isinstance(stmt, _ENDS_BLOCK)), None)
            if end is None:
                continue
            for stmt in block[end + 1:]:
                if stmt.lineno in changed:
                    yield Problem("NCA203", f"the fix puts line {stmt.lineno} after a "
                                            f"`{type(block[end]).__name__.lower()}`: it would "
                                            "never run", line=stmt.lineno,
                                  col=stmt.col_offset + 1, source="nca")


def implausible_syntax_fix(original: str, candidate: str,
                           problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """Return the problems that show a syntax fix only made the text parse, not make sense.

    A fix that turns ``retrun x`` into the annotation ``retrun :x`` or ``lass X(Y):`` into
    ``lass :X(Y)`` parses; what gives it away is on the lines it changed: a bare annotation
    where the author wrote none, a local that is only annotated, or an undefined name that is
    a near miss of a keyword (the misspelt keyword itself), a word the original does not hold
    (two joined into one), the bound of a slice (parameters turned into slices) or a name
    bound in another scope (a line moved out of the function that defines it).
    """
    changed = set(ChangedLines(original, candidate))
    facts = facts_of(candidate)
    lines = facts.lines
    # only the top-level statements the fix changed hold what gives it away (and the blocks
    # around its lines): a 1,000-line module is not walked for a one-line fix
    near = _nodes_near(facts, changed)

    def opens_statement(p: Problem) -> bool:
        # the misspelt keyword stands where a statement starts (`retrun x`), not in a call
        row = lines[p.line - 1] if 0 < p.line <= len(lines) else ""
        return p.col - 1 == len(row) - len(row.lstrip())

    # an undefined name the lower bound of a slice in a subscript the fix changed:
    # `d: Mapping[str, Any, key: str` closed after `str` turns the parameters into slices
    touched = [sub for sub in near if isinstance(sub, ast.Subscript)
               and any(line in changed for line in range(sub.lineno, (sub.end_lineno or 0) + 1))]
    slice_bounds = {(n.lower.lineno, n.lower.id) for sub in touched for n in ast.walk(sub.slice)
                    if isinstance(n, ast.Slice) and isinstance(n.lower, ast.Name)}

    @functools.cache
    def bound() -> set[tuple[str, int]]:
        # names the candidate binds somewhere: undefined where the fix moved a line, the line
        # left the scope that binds them (an indentation fix that takes `return f(*a)` out of
        # `wrapper`) (`total += i` reads before it binds: no binding of its own); asked only
        # of an undefined name on a changed line, so the whole tree is walked only then
        augmented = {id(n.target) for n in facts.of_type(ast.AugAssign)}
        found = {(n.id, n.lineno) for n in facts.nodes if isinstance(n, ast.Name)
                 and not isinstance(n.ctx, ast.Load) and id(n) not in augmented}
        found.update((n.arg, n.lineno) for n in facts.nodes if isinstance(n, ast.arg))
        found.update((n.name, n.lineno) for n in facts.nodes
                     if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef))
        return found

    def bound_elsewhere(p: Problem) -> bool:
        return any(name == p.symbol and line != p.line for name, line in bound())

    # a comprehension's variable read on its own line outside it: the fix moved the read out
    # (`split(".")[0 for m in ms]` closed as `split("."),[0 for m in ms]` leaves `m.split`)
    comprehended = {(n.id, n.lineno) for c in near if isinstance(c, ast.comprehension)
                    for n in ast.walk(c.target) if isinstance(n, ast.Name)}

    def nonsense(p: Problem) -> bool:
        if p.code == "F842":
            return True
        # (a name the author already called, `plot(x, y color=c)`, is no misspelt keyword)
        return ((_near_keyword(p.symbol) and opens_statement(p)
                 and not re.search(rf"(?<![\w.]){re.escape(p.symbol or '')}\s*\(", original))
                or bound_elsewhere(p) or (p.symbol, p.line) in comprehended
                # a name the fix made by joining words (`outstreams[1.x` -> `outstreams1.x`)
                or bool(p.symbol and not re.search(rf"\b{re.escape(p.symbol)}\b", original)))

    def beside(p: Problem) -> bool:
        # the line a moved line left behind sits next to it (`return f(*a)` that lost its
        # indentation, above the line dedented to match it)
        return p.code == "F821" and (p.line - 1 in changed or p.line + 1 in changed) and (
            bound_elsewhere(p))

    out = [p for p in problems if p.code in _NONSENSE_CODES
           and (p.line in changed and nonsense(p) or (p.line, p.symbol) in slice_bounds
                or beside(p))]
    out.extend(_unreachable(near, changed))
    for stmt in near:
        # `throw UnknownDialect(x)` made `throw ,UnknownDialect(x)`, `price float` made
        # `price ,float`: a statement of a tuple that does nothing, not code anyone wrote
        if (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Tuple)
                and stmt.lineno in changed):
            out.append(Problem("NCA202", "the fix makes a statement of a tuple that does nothing",
                               line=stmt.lineno, col=stmt.col_offset + 1, source="nca"))
    for node in near:
        if (isinstance(node, ast.AnnAssign) and node.value is None and node.lineno in changed
                and isinstance(node.target, ast.Name)):
            name = node.target.id
            # the author's own `x: int` survives a fix elsewhere; a colon the fix put between
            # two words (`retrun :x`) is not in the original
            if not re.search(rf"(?<![\w.]){re.escape(name)}[ \t]*:(?!=)", original):
                out.append(Problem("NCA202", f"the fix makes `{name}` a bare annotation",
                                   line=node.lineno, col=node.col_offset + 1, source="nca",
                                   symbol=name))
    return tuple(out)


def _nodes_near(facts: DocumentFacts, changed: AbstractSet[int]) -> list[ast.AST]:
    """Return the module and the nodes of its top-level statements that span a changed line
    (each statement, then the nodes inside it, as :attr:`DocumentFacts.nodes` orders them)."""
    tree = facts.tree
    if tree is None or not changed:
        return []
    lo, hi = min(changed), max(changed)
    out: list[ast.AST] = [tree]
    for stmt, walked in zip(tree.body, facts.statement_nodes, strict=True):
        if statement_start(stmt) <= hi and (stmt.end_lineno or stmt.lineno) >= lo:
            out.extend(walked)
    return out
