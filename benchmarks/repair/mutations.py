"""Seeded single-error mutants of real library files: the repair benchmark's inputs.

Each injector takes a source text and a ``random.Random`` and returns one :class:`Injection`
(or ``None`` when the text offers no site for that kind). Sites are gathered in a fixed order
and drawn with the generator, so the same seed always yields the same mutants.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import io
import keyword
import random
import string
import tokenize
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["INJECTORS", "KINDS", "STDLIB_MODULES", "Injection", "inject", "misspell"]

#: stdlib modules whose attributes may be misspelt: importing them has no side effects.
STDLIB_MODULES = frozenset(
    "abc ast base64 binascii bisect calendar codecs collections contextlib copy csv dataclasses "
    "datetime decimal enum errno fnmatch fractions functools gc glob hashlib heapq hmac inspect "
    "io itertools json keyword linecache locale logging math mmap operator os platform posixpath "
    "pprint random re shlex shutil signal socket stat string struct subprocess sys tempfile "
    "textwrap threading time traceback types typing unicodedata uuid warnings weakref zlib".split()
)

#: modules added by ``unused_import``: common enough that an unused one looks like a leftover.
_UNUSED_MODULES = (
    "base64 bisect calendar copy csv fnmatch glob hashlib heapq json math pprint random shlex "
    "shutil socket tempfile textwrap time uuid zlib".split()
)

_VARIABLE_NAMES = (
    "count total result value tmp temp buffer index offset flag status retries cache pending "
    "seen limit width label marker chunk".split()
)

_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True)
class Injection:
    """One injected error: the mutated text and where and what it is."""

    kind: str
    text: str
    line: int  # 1-based line of the change in the mutated text
    detail: str  # what changed, in a few words ("os.path -> os.pahh")
    module: str | None = None  # misspell_attribute: the name the module is bound to
    attribute: str | None = None  # misspell_attribute: the misspelt attribute


# --------------------------------------------------------------------------- helpers


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _replace_span(text: str, line: int, start: int, end: int, new: str) -> str:
    """Return ``text`` with bytes [start, end) of 1-based ``line`` replaced by ``new``."""
    lines = _lines(text)
    raw = lines[line - 1].encode()
    lines[line - 1] = (raw[:start] + new.encode() + raw[end:]).decode()
    return "".join(lines)


def _starts_line(lines: list[str], node: ast.stmt) -> bool:
    """Return whether ``node`` is the first thing on its line (not after ``;`` or ``:``)."""
    head = lines[node.lineno - 1].encode()[: node.col_offset]
    return not head.strip()


def _alone_on_lines(lines: list[str], node: ast.stmt) -> bool:
    """Return whether ``node`` owns its lines: nothing before it, only a comment after."""
    if not _starts_line(lines, node) or node.end_lineno is None or node.end_col_offset is None:
        return False
    tail = lines[node.end_lineno - 1].encode()[node.end_col_offset :].strip()
    return not tail or tail.startswith(b"#")


def _identifiers(tree: ast.AST) -> set[str]:
    """Return every identifier spelt in the tree: names, attributes, arguments, imports."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            out.add(node.id)
        elif isinstance(node, ast.Attribute):
            out.add(node.attr)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.alias):
            out.update(part for part in (node.name.split(".")[0], node.asname) if part)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            out.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
    return out


def _bound_names(tree: ast.AST) -> set[str]:
    """Return the names the file itself defines (assigned, defined, imported, parameters)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            out.add(node.id)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.alias) and node.name != "*":
            out.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
    return out


def _bodies(tree: ast.AST) -> list[tuple[ast.AST, list[ast.stmt]]]:
    """Return every statement list in the tree with the node that owns it, in walk order."""
    out = []
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            body = getattr(node, name, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                out.append((node, body))
    return out


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def misspell(word: str, rng: random.Random, taken: Callable[[str], bool]) -> str | None:
    """Return ``word`` changed by one swap, deletion, insertion or replacement of a letter.

    The result is an identifier, not a keyword, differs from ``word`` and is not ``taken``;
    ``None`` when twenty draws found none.
    """
    letters = string.ascii_uppercase if word.isupper() else string.ascii_lowercase
    for _ in range(20):
        op = rng.choice(("swap", "delete", "insert", "replace"))
        i = rng.randrange(len(word))
        if op == "swap" and len(word) > 1:
            i = min(i, len(word) - 2)
            new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif op == "delete" and len(word) > 1:
            new = word[:i] + word[i + 1 :]
        elif op == "insert":
            new = word[:i] + rng.choice(letters) + word[i:]
        else:
            new = word[:i] + rng.choice(letters) + word[i + 1 :]
        if new != word and new.isidentifier() and not keyword.iskeyword(new) and not taken(new):
            return new
    return None


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(text).readline))


def _char_delete(text: str, row: int, col: int) -> str:
    lines = _lines(text)
    line = lines[row - 1]
    lines[row - 1] = line[:col] + line[col + 1 :]
    return "".join(lines)


# --------------------------------------------------------------------------- injectors


def _delete_import(text: str, tree: ast.Module, rng: random.Random) -> Injection | None:
    lines = _lines(text)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    sites = []
    for _, body in _bodies(tree):
        if len(body) < 2:  # deleting the only statement would empty the block
            continue
        for stmt in body:
            if not isinstance(stmt, ast.Import | ast.ImportFrom):
                continue
            if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
                continue
            names = {a.asname or a.name.split(".")[0] for a in stmt.names if a.name != "*"}
            if names & used and _alone_on_lines(lines, stmt):
                sites.append(stmt)
    if not sites:
        return None
    stmt = rng.choice(sites)
    assert stmt.end_lineno is not None
    removed = " ".join("".join(lines[stmt.lineno - 1 : stmt.end_lineno]).split())
    removed = removed if len(removed) <= 60 else removed[:57] + "..."
    new = "".join(lines[: stmt.lineno - 1] + lines[stmt.end_lineno :])
    return Injection("delete_import", new, stmt.lineno, f"removed `{removed}`")


def _misspell_name(text: str, tree: ast.Module, rng: random.Random) -> Injection | None:
    bound = _bound_names(tree)
    taken = _identifiers(tree) | _BUILTINS
    sites = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Name)
        and isinstance(n.ctx, ast.Load)
        and n.id in bound
        and len(n.id) >= 3
        and n.lineno == n.end_lineno
    ]
    if not sites:
        return None
    node = rng.choice(sites)
    new = misspell(node.id, rng, taken.__contains__)
    if new is None:
        return None
    assert node.end_col_offset is not None
    mutated = _replace_span(text, node.lineno, node.col_offset, node.end_col_offset, new)
    return Injection("misspell_name", mutated, node.lineno, f"{node.id} -> {new}")


def _misspell_attribute(text: str, tree: ast.Module, rng: random.Random) -> Injection | None:
    modules: dict[str, str] = {}  # bound name -> module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in STDLIB_MODULES:
                    modules[alias.asname or alias.name] = alias.name
    sites = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.lineno == node.end_lineno
            and hasattr(importlib.import_module(modules[node.value.id]), node.attr)
        ):
            sites.append(node)
    if not sites:
        return None
    node = rng.choice(sites)
    assert isinstance(node.value, ast.Name) and node.end_col_offset is not None
    bound = node.value.id
    module = importlib.import_module(modules[bound])
    new = misspell(node.attr, rng, lambda a: hasattr(module, a))
    if new is None:
        return None
    end = node.end_col_offset
    mutated = _replace_span(text, node.end_lineno or node.lineno, end - len(node.attr), end, new)
    return Injection(
        "misspell_attribute",
        mutated,
        node.lineno,
        f"{bound}.{node.attr} -> {bound}.{new}",
        module=bound,
        attribute=new,
    )


def _delete_colon(text: str, tree: ast.Module, rng: random.Random) -> Injection | None:
    tokens = [t for t in _tokens(text) if t.type not in (tokenize.COMMENT, tokenize.NL)]
    sites = [
        tok
        for tok, nxt in zip(tokens, tokens[1:], strict=False)
        if tok.type == tokenize.OP and tok.string == ":" and nxt.type == tokenize.NEWLINE
    ]
    if not sites:
        return None
    tok = rng.choice(sites)
    row, col = tok.start
    header = tok.line.strip()
    return Injection("delete_colon", _char_delete(text, row, col), row, f"`{header}` lost its ':'")


def _delete_bracket(text: str, tree: ast.Module, rng: random.Random) -> Injection | None:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[tokenize.TokenInfo] = []
    sites = []
    for tok in _tokens(text):
        if tok.type != tokenize.OP:
            continue
        if tok.string in "([{":
            stack.append(tok)
        elif tok.string in pairs and stack:
            opener = stack.pop()
            # a typo drops the bracket of a short expression, not one closing a 40-line literal
            if opener.start[0] == tok.start[0]:
                sites.append(tok)
    if not sites:
        return None
    tok = rng.choice(sites)
    row, col = tok.start
    return Injection("delete_bracket", _char_delete(text, row, col), row, f"removed '{tok.string}'")


def _bad_indent(text: str, tree: ast.Module, rng: random.Random) -> Injection | None:
    lines = _lines(text)
    sites = []
    for owner, body in _bodies(tree):
        if isinstance(owner, ast.Module) or len(body) < 2:
            # a block's only statement may move 2 or 4 columns and still compile
            continue
        for i, stmt in enumerate(body):
            simple = not hasattr(stmt, "body")
            if simple and _starts_line(lines, stmt) and stmt.col_offset >= 4:
                sites.append((stmt, i))
    if not sites:
        return None
    stmt, i = rng.choice(sites)
    # +4 on a block's first statement only deepens the block: dedent it instead
    how = rng.choice(("indent", "dedent")) if i else "dedent"
    line = lines[stmt.lineno - 1]
    if how == "indent":
        lines[stmt.lineno - 1] = "    " + line
        detail = "indented 4 more"
    else:
        lines[stmt.lineno - 1] = line[2:]
        detail = "dedented 2 (no matching level)"
    return Injection("bad_indent", "".join(lines), stmt.lineno, detail)


def _unused_import(text: str, tree: ast.Module, rng: random.Random) -> Injection | None:
    lines = _lines(text)
    sites = [
        s
        for s in tree.body
        if isinstance(s, ast.Import | ast.ImportFrom) and _alone_on_lines(lines, s)
    ]
    free = [m for m in _UNUSED_MODULES if m not in _identifiers(tree)]
    if not sites or not free:
        return None
    stmt = rng.choice(sites)
    module = rng.choice(free)
    assert stmt.end_lineno is not None
    lines.insert(stmt.end_lineno, f"import {module}\n")
    return Injection("unused_import", "".join(lines), stmt.end_lineno + 1, f"added `import {module}`")


def _unused_variable(text: str, tree: ast.Module, rng: random.Random) -> Injection | None:
    lines = _lines(text)
    sites = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        start = 1 if _is_docstring(func.body[0]) else 0
        sites.extend((func, s) for s in func.body[start:] if _starts_line(lines, s))
    taken = _identifiers(tree) | _BUILTINS
    free = [n for n in _VARIABLE_NAMES if n not in taken]
    if not sites or not free:
        return None
    func, stmt = rng.choice(sites)
    name = rng.choice(free)
    params = [a.arg for a in func.args.posonlyargs + func.args.args if a.arg not in ("self", "cls")]
    exprs = ["0", "None", "[]", "{}", "''", "True"] + [f"{p}" for p in params[:1]]
    expr = rng.choice(exprs)
    indent = lines[stmt.lineno - 1].encode()[: stmt.col_offset].decode()
    lines.insert(stmt.lineno - 1, f"{indent}{name} = {expr}\n")
    return Injection("unused_variable", "".join(lines), stmt.lineno, f"added `{name} = {expr}`")


Injector = Callable[[str, ast.Module, random.Random], Injection | None]

INJECTORS: dict[str, Injector] = {
    "delete_import": _delete_import,
    "misspell_name": _misspell_name,
    "misspell_attribute": _misspell_attribute,
    "delete_colon": _delete_colon,
    "delete_bracket": _delete_bracket,
    "bad_indent": _bad_indent,
    "unused_import": _unused_import,
    "unused_variable": _unused_variable,
}

KINDS: tuple[str, ...] = tuple(INJECTORS)


def inject(kind: str, text: str, rng: random.Random) -> Injection | None:
    """Return ``text`` with one error of ``kind`` injected, or ``None`` when it has no site.

    ``text`` must parse; the caller confirms the error shows (see :mod:`.corpus`).
    """
    if kind not in INJECTORS:
        raise ValueError(f"unknown mutation kind {kind!r}; choose from {', '.join(KINDS)}")
    return INJECTORS[kind](text, ast.parse(text), rng)
