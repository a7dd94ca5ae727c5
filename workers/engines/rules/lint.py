"""Rules that take ruff's own fixes (unused imports, unused variables, ...) as candidates."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Mapping

from nca.workers.core.parsing import parse
from nca.workers.core.text_edits import RuffEdit, apply_ruff_edits
from nca.workers.core.types import Candidate, Problem
from nca.workers.engines.rules.base import RuleContext, candidate

__all__ = ["RULES", "RuffFix"]

#: codes whose ruff fix is offered (and then verified like any other candidate)
FIXABLE = frozenset({"B006", "F401", "F541", "F632", "F811", "F841", "F901"})
#: fixes that change what the code does (`x is 1` -> `x == 1`, a `[]` default -> `None` and a
#: check in the body): suggested, never applied
SEMANTIC = frozenset({"B006", "F632"})


class RuffFix:
    """Apply the fix ruff itself attaches to a finding (the ruff binary decides, we verify)."""

    id = "ruff-fix"

    def __init__(self, fixes: Mapping[tuple[str, int, int], tuple[str, tuple[RuffEdit, ...]]] | None = None):
        self.fixes = fixes

    def applies(self, problem: Problem) -> bool:
        return problem.code in FIXABLE and problem.source == "ruff"

    def propose(self, ctx: RuleContext) -> Iterable[Candidate]:
        fixes = ctx.ruff_fixes if self.fixes is None else self.fixes
        p = ctx.problem
        found = fixes.get((p.code, p.line, p.col))
        if not found and p.code == "F401" and (ctx.path or "").endswith("__init__.py"):
            found = _one_name_removal(ctx.text, p.line, p.symbol)  # ruff offers none there
        if not found:
            return
        title, edits = found[0], found[1]
        safe = (found[2] if len(found) > 2 else "safe") == "safe"
        fixed = apply_ruff_edits(ctx.text, edits)
        if p.code == "F401" and _type_comment_reads_removed(ctx.text, fixed):
            # `List` read by a `# type: List[int]` comment, which ruff does not read: only
            # the name the finding is about goes
            one = _one_name_removal(ctx.text, p.line, p.symbol, froms=True)
            fixed = apply_ruff_edits(ctx.text, one[1]) if one is not None else ctx.text
            if one is None or _type_comment_reads_removed(ctx.text, fixed):
                return
        if p.code == "F401" and (ctx.path or "").endswith("__init__.py"):
            # an unused import in a package's __init__ is usually a re-export: removed only
            # where the package's `__all__` leaves out a module it imports whole
            safe = safe_in_init(ctx.text, p.line, p.symbol)
        elif p.code == "F401" and safe:
            safe = not kept_import(ctx.text, p.line, ctx.path)
        elif p.code == "F841" and not safe:
            # ruff calls removing `x = <value>` unsafe only because a frame's locals can be
            # read; where nothing reads them and no comment explains the line, it is safe
            safe = not kept_assignment(ctx.text, p.line)
        # ruff's unsafe fixes may change behaviour (a demo's deliberately unused local): shown
        # as suggestions, never applied
        yield candidate(self.id, ctx, title, fixed, rank=1.0,
                        semantic=p.code in SEMANTIC, sure=safe)


_TYPE_COMMENT = re.compile(r"#\s*type:(?!\s*ignore\b)(.*)$", re.MULTILINE)


def _type_comment_reads_removed(text: str, fixed: str) -> bool:
    """Return True when ``fixed`` no longer imports a name a ``# type:`` comment of ``text``
    reads (ruff removes every unused name of a statement at once)."""
    if "type:" not in text:
        return False
    words = {w for comment in _TYPE_COMMENT.findall(text) for w in re.findall(r"\w+", comment)}
    return bool(words and (_imported(text) - _imported(fixed)) & words)


def _imported(text: str) -> set[str]:
    try:
        tree = parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return set()
    return {a.asname or a.name.partition(".")[0] for n in ast.walk(tree)
            if isinstance(n, ast.Import | ast.ImportFrom) for a in n.names}


_COMPAT_FILE = re.compile(r"(^|/)_?(compat|compatibility|py3?compat|backports?)\w*(\.py$|/)")


def kept_import(text: str, line: int, path: str | None) -> bool:
    """Return True when the unused import at ``line`` is likely there on purpose.

    A compatibility module's imports are its API; an import in an ``if``/``try``/``with``
    block is a version branch, a fallback or the very thing a test checks; a dunder
    (``from _datetime import __doc__``) sets the module's own attribute; a comment on the
    line is the author explaining why it stays. Removing such an import is a suggestion.
    """
    if path and _COMPAT_FILE.search(path.replace("\\", "/")):
        return True
    try:
        tree = parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return True
    rows = text.splitlines()
    for node, nested in _imports(tree.body, False):
        if node.lineno <= line <= (node.end_lineno or node.lineno):
            if nested or any(a.name.startswith("__") for a in node.names):
                return True
            span = rows[node.lineno - 1:node.end_lineno or node.lineno]
            return any("#" in row for row in span)
    return False


def _one_name_removal(text: str, line: int, symbol: str | None, *, froms: bool = False
                      ) -> tuple[str, tuple[RuffEdit, ...], str] | None:
    """Return ruff's shape of a fix that drops one unused name of the one-line import at
    ``line`` (ruff offers none in a package's ``__init__``, and drops every unused name of
    a statement at once), or None."""
    try:
        tree = parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    kinds = ast.Import | ast.ImportFrom if froms else ast.Import
    node = next((n for n in (ast.walk(tree) if froms else tree.body)
                 if isinstance(n, kinds) and n.lineno == line), None)
    if node is None or node.end_lineno != line or not symbol:
        return None
    # ruff names `from typing import Set` `typing.Set`
    names = {symbol, symbol.rpartition(".")[2]} if isinstance(node, ast.ImportFrom) else {symbol}
    rest = [a for a in node.names if not names & {a.asname or a.name, a.name}]
    if len(rest) == len(node.names):
        return None
    row = text.splitlines(keepends=True)[line - 1]
    if "#" in row or ";" in row:
        return None
    ending = row[len(row.rstrip("\r\n")):]
    statement = (ast.Import(names=rest) if isinstance(node, ast.Import)
                 else ast.ImportFrom(module=node.module, names=rest, level=node.level))
    kept = f"{' ' * node.col_offset}{ast.unparse(statement)}{ending}" if rest else ""
    edit = RuffEdit(line, 1, line + 1, 1, kept)
    return f"Remove unused import: `{symbol}`", (edit,), "unsafe"


#: standard-library modules imported for what importing them does
_SIDE_EFFECT_MODULES = frozenset({"readline", "rlcompleter", "encodings", "antigravity", "this",
                                  "sitecustomize", "usercustomize", "site", "faulthandler",
                                  "tracemalloc", "cgitb", "__hello__", "__phello__"})


def safe_in_init(text: str, line: int, name: str | None) -> bool:
    """Return True when the unused import at ``line`` of a package's ``__init__`` is no
    re-export: a plain ``import module`` at the top level of a package whose ``__all__`` (a
    literal list or tuple) does not name it, or of a standard-library module where there is
    no ``__all__``. A from-import there is the usual way to re-export a name, listed or not,
    so removing one is only ever suggested."""
    try:
        tree = parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return False
    listed: set[str] | None = None
    for node in tree.body:
        if (isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.List | ast.Tuple)
                and any(isinstance(t, ast.Name) and t.id == "__all__"
                        for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))):
            listed = {e.value for e in node.value.elts
                      if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    grown = any(isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)
                and n.target.id == "__all__" or isinstance(n, ast.Attribute)
                and isinstance(n.value, ast.Name) and n.value.id == "__all__"
                for n in ast.walk(tree))  # `__all__ += ...`, `__all__.extend(...)`
    if grown:
        return False
    for node in tree.body:
        if isinstance(node, ast.Import) and node.lineno <= line <= (node.end_lineno or node.lineno):
            # ruff names `import os.path` by its dotted name, and an alias by the alias
            alias = next((a for a in node.names if name in (a.asname or a.name, a.name)), None)
            if alias is None or kept_import(text, line, None):
                return False
            if listed is not None:
                return (alias.asname or alias.name.partition(".")[0]) not in listed
            # no __all__: a standard-library module is no package's API (`pkg.time`), unless
            # importing it is what it is for (`import readline` changes input())
            top = alias.name.partition(".")[0]
            return top in sys.stdlib_module_names and top not in _SIDE_EFFECT_MODULES
    return False


_INTROSPECTION = frozenset({"eval", "exec", "_getframe", "currentframe", "stack", "trace",
                            "getouterframes", "getinnerframes", "breakpoint"})


# a keep-alive (`keep a reference`, `ref counts`), not a link (`# Reference: https://...`)
_WHY_KEPT = re.compile(r"\b(ref(erence)?s?\b(?!\s*:)|ref ?counts?|alive|keep|kept|retain|__del__|"
                       r"garbage|gc|locals|unused|on purpose|deliberate)")


def _assigned_name(row: str) -> str | None:
    match = re.match(r"\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)", row)
    return match.group(1) if match else None


def kept_assignment(text: str, line: int) -> bool:
    """Return True when an unused local at ``line`` may be there on purpose: its function
    reads its frame (``locals()``, ``eval``, ``sys._getframe``...), a comment on the line or
    in the comment paragraph above it names it or speaks of references, keeping or ``__del__``
    (a keep-alive), or it is demo code under ``__main__``."""
    try:
        tree = parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return True
    rows = text.splitlines()
    name = _assigned_name(rows[line - 1] if 0 < line <= len(rows) else "")
    if "#" in (rows[line - 1] if 0 < line <= len(rows) else ""):
        return True  # a comment on the line itself
    for row in reversed(rows[max(line - 9, 0):line - 1]):
        if not row.strip():
            break  # the comments of this paragraph only
        comment = row.partition("#")[2].lower()
        if comment and (_WHY_KEPT.search(comment) or (name and name.lower() in comment)):
            return True  # a comment above explains it (a keep-alive reference...)
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_main_guard(node.test) and \
                node.lineno <= line <= (node.end_lineno or node.lineno):
            return True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and \
                node.lineno <= line <= (node.end_lineno or node.lineno):
            if any(_reads_frame(inner) for inner in ast.walk(node)):
                return True
    return False


def _reads_frame(node: ast.AST) -> bool:
    """Return True for an expression that reads a frame's locals: ``locals()``, ``vars()``,
    ``eval``/``exec``, ``sys._getframe()``, ``inspect.stack()``, ``frame.f_locals`` (but not
    ``ctx.stack = []``, nor ``vars(obj)``)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "f_locals"
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else None)
    if name in ("locals", "vars"):
        return not node.args
    return name in _INTROSPECTION


def _is_main_guard(test: ast.expr) -> bool:
    return isinstance(test, ast.Compare) and any(
        isinstance(n, ast.Constant) and n.value == "__main__" for n in ast.walk(test))


def _imports(body: list[ast.stmt],
             nested: bool) -> Iterable[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Yield every import statement with whether it sits inside an if/try/with/loop block."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, nested
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield from _imports(node.body, False)
        else:
            for field in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(node, field, None) or []:
                    inner = child.body if isinstance(child, ast.ExceptHandler) else [child]
                    yield from _imports(inner, True)


RULES = (RuffFix(),)
