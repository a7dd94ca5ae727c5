"""Which way a version or platform test goes on the project's interpreter.

``if sys.platform != "win32":`` and ``if sys.version_info >= (3, 11):`` are guards: what is
missing behind them may exist where they let the code run. But a branch the project's own
interpreter takes runs here, and a finding in it is as real as one outside any guard; only the
branches it does not take stay guarded. :func:`decided` answers for the tests it can read
exactly (``sys.platform``, ``os.name``, ``sys.implementation.name``, ``platform.system()``,
``sys.version_info`` and its parts, ``TYPE_CHECKING``, ``not``, ``and``, ``or``) and says None
for anything else.

The interpreter is the process's own until :func:`set_runtime` names the project's; two
projects on different interpreters in one process make every test undecided again. A constant
the project binds to such a test (``WIN = sys.platform.startswith("win")``, click's, pipx's
``MACOS``) is decided as its test is, once :func:`set_constants` says where to find them.
"""

from __future__ import annotations

import ast
import functools
import operator
import sys
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

__all__ = ["Runtime", "constant_test", "constants_of", "decided", "deciding_for", "runtime",
           "set_constants", "set_runtime"]


class Runtime(NamedTuple):
    version: tuple[int, int]
    platform: str  # sys.platform
    implementation: str  # sys.implementation.name


_OWN = Runtime((sys.version_info[0], sys.version_info[1]), sys.platform, sys.implementation.name)
_state: dict[str, Any] = {"runtime": _OWN, "named": False, "constants": None}

_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
_SYSTEMS = {"linux": "Linux", "win32": "Windows", "cygwin": "CYGWIN_NT", "darwin": "Darwin"}


def runtime() -> Runtime | None:
    """Return the interpreter tests are decided for, or None when none is (see module doc)."""
    return _state["runtime"]


def set_runtime(found: Runtime) -> bool:
    """Name the project's interpreter; return True when that changed what tests decide."""
    before = _state["runtime"]
    if not _state["named"]:
        _state.update(runtime=found, named=True)
    elif before is not None and before != found:
        _state["runtime"] = None  # two projects, two interpreters: decide nothing
    return _state["runtime"] != before


@contextmanager
def deciding_for(here: Runtime | None) -> Iterator[None]:
    """Decide tests for ``here`` (None: decide nothing) inside the block, then as before."""
    saved = dict(_state)
    _state.update(runtime=here, named=True)
    try:
        yield
    finally:
        _state.clear()
        _state.update(saved)


def set_constants(lookup: weakref.WeakMethod | None) -> None:
    """Add where imported constants come from (None: forget them all): a weak reference to a
    method ``lookup(module, level, name)`` that returns the platform or version test the
    project's ``module`` (as a ``from`` import names it) binds ``name`` to, or None. A project
    that is gone drops out; where two answer differently, the constant is undecided."""
    lookups = _state.get("constants") or []
    _state["constants"] = [*lookups, lookup] if lookup is not None else None


_module_constants: ContextVar[dict[str, Callable[[], str | None]] | None] = ContextVar(
    "module_constants", default=None)


@contextmanager
def constants_of(tree: ast.AST | None) -> Iterator[None]:
    """Inside the block, decide the constants of the module ``tree``: those it binds once to
    a platform or version test itself (``WIN = sys.platform == "win32"``) and those it imports
    by name (``from ._compat import WIN``), asked of the project's modules when first read."""
    table: dict[str, Callable[[], str | None]] = {}
    body = tree.body if isinstance(tree, ast.Module) else []
    bound: dict[str, int] = {}
    for node in body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound[target.id] = bound.get(target.id, 0) + 1
                    table[target.id] = functools.cache(
                        lambda value=node.value: ast.unparse(value))
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if alias.name.isupper():
                    table[alias.asname or alias.name] = functools.cache(
                        lambda m=node.module, lv=node.level, n=alias.name: _imported(m, lv, n))
    for name, count in bound.items():
        if count > 1:
            table.pop(name, None)  # bound twice: no constant
    token = _module_constants.set(table)
    try:
        yield
    finally:
        _module_constants.reset(token)


def _imported(module: str, level: int, name: str) -> str | None:
    lookups = _state.get("constants") or []
    live = [(ref, method) for ref in lookups if (method := ref()) is not None]
    _state["constants"] = [ref for ref, _method in live]
    found = {source for _ref, method in live if (source := method(module, level, name))}
    return found.pop() if len(found) == 1 else None


def constant_test(name: str) -> ast.expr | None:
    """Return the platform or version test the module being read binds the constant ``name``
    to, parsed, or None (see :func:`constants_of`)."""
    table = _module_constants.get()
    source = table[name]() if table and name.isupper() and name in table else None
    test = _parsed(source) if source else None
    return test if test is not None and _reads_runtime(test) else None


def _reads_runtime(test: ast.expr) -> bool:
    """Return True when ``test`` reads the platform or the version (what :func:`decided`
    reads), not merely a value (`DEBUG = False`)."""
    return any(isinstance(n, ast.Attribute | ast.Call) and (_dotted(n) or _dotted(
        getattr(n, "func", n)) or "").startswith(("sys.", "os.name", "platform."))
        for n in ast.walk(test))


@functools.lru_cache(maxsize=256)
def _parsed(source: str) -> ast.expr | None:
    try:
        return ast.parse(source, mode="eval").body
    except SyntaxError:
        return None


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _value(node: ast.expr, here: Runtime) -> tuple[bool, Any]:
    """Return (known, value) of ``node`` on ``here``."""
    if isinstance(node, ast.Constant):
        return True, node.value
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        items = [_value(e, here) for e in node.elts]
        if all(known for known, _ in items):
            values = [v for _, v in items]
            return True, tuple(values) if isinstance(node, ast.Tuple) else values
        return False, None
    version = here.version  # (major, minor): the micro version is not known
    if isinstance(node, ast.Subscript) and _dotted(node.value) == "sys.version_info":
        part = node.slice
        if isinstance(part, ast.Slice) and part.lower is None and part.step is None and (
                isinstance(part.upper, ast.Constant)):
            upper = part.upper.value
            if isinstance(upper, int) and upper in (1, 2):
                return True, version[:upper]
        if isinstance(part, ast.Constant) and isinstance(part.value, int) and part.value in (0, 1):
            return True, version[part.value]
        return False, None
    if isinstance(node, ast.Call) and not node.args and not node.keywords:
        if _dotted(node.func) == "platform.system" and here.platform in _SYSTEMS:
            return True, _SYSTEMS[here.platform]
        return False, None
    known = {"sys.platform": here.platform, "sys.implementation.name": here.implementation,
             "os.name": "nt" if here.platform == "win32" else "posix",
             "sys.version_info.major": version[0], "sys.version_info.minor": version[1]}
    name = _dotted(node)
    if name in known:
        return True, known[name]
    if name == "sys.version_info":
        return True, version
    return False, None


def decided(test: ast.expr, here: Runtime | None = None) -> bool | None:
    """Return which way ``test`` goes on the project's interpreter, or None when it cannot
    be told from the test alone (a feature flag, ``hasattr``)."""
    here = here or runtime()
    if here is None:
        return None
    if _dotted(test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING", "t.TYPE_CHECKING"):
        return False  # only type checkers take its branch: `not TYPE_CHECKING and x` runs
    if isinstance(test, ast.Name) and (bound := constant_test(test.id)) is not None:
        return decided(bound, here)  # `if WIN:` where `WIN = sys.platform == "win32"`
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = decided(test.operand, here)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp):
        answers = [decided(v, here) for v in test.values]
        final = isinstance(test.op, ast.Or)  # the answer that settles it: True for `or`
        if final in answers:
            return final
        return None if None in answers else not final
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        compare = _COMPARE.get(type(test.ops[0]))
        (left_known, left), (right_known, right) = (
            _value(test.left, here), _value(test.comparators[0], here))
        if compare is None or not (left_known and right_known):
            return None
        whole = [_dotted(side) == "sys.version_info" for side in (test.left, test.comparators[0])]
        if any(whole):
            # the whole version_info holds the micro version, which is not known: it is past
            # (major, minor) and short of (major, minor + 1), so `> (3, 11)` holds on 3.11
            other = right if whole[0] else left
            if isinstance(test.ops[0], ast.Eq | ast.NotEq) or not isinstance(other, tuple) or (
                    len(other) > 2):
                return None
            left, right = (left + (0,), right) if whole[0] else (left, right + (0,))
        try:
            return bool(compare(left, right))
        except TypeError:
            return None
    if (isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute)
            and test.func.attr == "startswith" and len(test.args) == 1 and not test.keywords
            and _dotted(test.func.value) == "sys.platform"):
        known, prefix = _value(test.args[0], here)
        if known and isinstance(prefix, str | tuple):
            return here.platform.startswith(prefix)
    return None
