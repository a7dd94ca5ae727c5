"""Keyword arguments a ``**kwargs`` function never reads, spelt like one it does (NCA104).

A type checker accepts any keyword a ``**options`` signature collects, so ``make("x",
colr="red")`` passes where ``make`` reads ``options.get("color")``: the argument is silently
ignored. The evidence is the callee's own body, in the same file: when every use of its
``**options`` is a read of a literal key (``options.get("k")``, ``options.pop("k")``,
``options["k"]``, ``"k" in options``), those keys and the named parameters are all the
keywords it takes. A callee that passes its ``**options`` on, iterates them, is decorated or
is defined more than once is not judged.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nca.workers.core.types import Problem
from nca.workers.facts.document import facts_of
from nca.workers.facts.near_miss import suggestions

__all__ = ["KEYWORD_CODE", "find_unread_keywords"]

#: a keyword argument no parameter of the called function takes (as the type checker's NCA104)
KEYWORD_CODE = "NCA104"
_KEY_METHODS = frozenset({"get", "pop", "setdefault"})
_PLAIN_DECORATORS = frozenset({"staticmethod", "classmethod"})

Function = ast.FunctionDef | ast.AsyncFunctionDef


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _read_keys(function: Function) -> frozenset[str] | None:
    """Return the keys ``function`` reads from its ``**kwargs``, or None when it uses them in
    any other way (passes them on, iterates them, reads a computed key...)."""
    kwarg = function.args.kwarg
    if kwarg is None:
        return None
    name = kwarg.arg
    keys: set[str] = set()
    judged: set[int] = set()  # ids of the Name nodes each key read accounts for
    for node in ast.walk(function):
        key = None
        target: ast.expr | None = None
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in _KEY_METHODS and node.args):
            target, key = node.func.value, _literal(node.args[0])
        elif isinstance(node, ast.Subscript):
            target, key = node.value, _literal(node.slice)
        elif (isinstance(node, ast.Compare) and len(node.ops) == 1
              and isinstance(node.ops[0], ast.In | ast.NotIn)):
            target, key = node.comparators[0], _literal(node.left)
        if isinstance(target, ast.Name) and target.id == name and key is not None:
            keys.add(key)
            judged.add(id(target))
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id == name and id(node) not in judged:
            return None
        if isinstance(node, ast.arg) and node.arg == name and node is not kwarg:
            return None  # a nested function's own parameter of the same name
    return frozenset(keys)


def _parameters(function: Function) -> set[str]:
    args = function.args
    return {a.arg for a in (*args.args, *args.kwonlyargs)}


def _plain(function: Function) -> bool:
    return all(isinstance(d, ast.Name) and d.id in _PLAIN_DECORATORS
               for d in function.decorator_list)


def _callees(tree: ast.Module) -> dict[str, Function]:
    """Return the module's functions and classes' ``__init__`` by the name a call uses, for
    names bound exactly once in the module."""
    bound: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, Function | ast.ClassDef):
            bound[node.name] = bound.get(node.name, 0) + 1
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound[node.id] = bound.get(node.id, 0) + 1
        elif isinstance(node, ast.alias):
            alias = node.asname or node.name.partition(".")[0]
            bound[alias] = bound.get(alias, 0) + 1
    out: dict[str, Function] = {}
    for node in tree.body:
        if bound.get(node.name if isinstance(node, Function | ast.ClassDef) else "", 0) != 1:
            continue
        if isinstance(node, Function):
            out[node.name] = node
        elif isinstance(node, ast.ClassDef) and not node.decorator_list and not node.keywords:
            init = next((m for m in node.body if isinstance(m, Function)
                         and m.name == "__init__"), None)
            if init is not None:
                out[node.name] = init
    return out


def _methods(tree: ast.Module) -> Iterator[tuple[ast.ClassDef, dict[str, Function]]]:
    for cls in ast.walk(tree):
        if isinstance(cls, ast.ClassDef):
            methods = [m for m in cls.body if isinstance(m, Function)]
            names = [m.name for m in methods]
            yield cls, {m.name: m for m in methods if names.count(m.name) == 1}


def _calls(tree: ast.Module) -> Iterator[tuple[ast.Call, Function]]:
    """Yield ``(call, callee)`` for calls of this module's own functions and classes by name,
    and of ``self.method(...)`` inside the class that defines the method."""
    callees = _callees(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id in callees):
            yield node, callees[node.func.id]
    for cls, methods in _methods(tree):
        for method in cls.body:
            if not isinstance(method, Function) or not method.args.args:
                continue
            me = method.args.args[0].arg
            for node in ast.walk(method):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == me
                        and node.func.attr in methods):
                    yield node, methods[node.func.attr]


def find_unread_keywords(text: str) -> list[Problem]:
    """Return NCA104 problems: keywords a same-file ``**kwargs`` callee never reads, each
    with the near-miss keys and parameters it does read."""
    facts = facts_of(text)
    tree = facts.tree
    if tree is None or "**" not in text:
        return []
    rows = facts.lines
    judged: dict[int, frozenset[str] | None] = {}
    out: list[Problem] = []
    for call, callee in _calls(tree):
        if id(callee) not in judged:
            judged[id(callee)] = _read_keys(callee) if _plain(callee) else None
        keys = judged[id(callee)]
        if keys is None or not call.keywords:
            continue
        taken = keys | _parameters(callee)
        for kw in call.keywords:
            word = kw.arg
            if word is None or word in taken or not 0 < kw.lineno <= len(rows):
                continue
            close = [n for n, _ in suggestions(word, [(k, 0) for k in sorted(taken)])[:3]]
            col = rows[kw.lineno - 1].find(word, kw.col_offset) + 1
            if not close or col <= 0:
                continue
            listed = ", ".join(f"`{n}`" for n in close)
            kwarg = callee.args.kwarg.arg if callee.args.kwarg else "kwargs"
            out.append(Problem(
                KEYWORD_CODE, f"Argument `{word}` is neither a parameter of `{ast.unparse(call.func)}` nor "
                f"a key it reads from `**{kwarg}`; did you mean {listed}?",
                line=kw.lineno, col=col, end_line=kw.lineno, end_col=col + len(word),
                source="nca", symbol=word))
    return out
