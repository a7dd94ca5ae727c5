"""The names other languages give the methods Python spells its own way (``push`` -> ``append``),
and the methods Python spells as an expression (``xs.size()`` -> ``len(xs)``)."""

from __future__ import annotations

import ast

from nca.workers.facts.document import facts_of

__all__ = ["EXPRESSION_HABITS", "METHOD_HABITS", "expression_habit"]

#: the names other languages use for a Python method, offered when the value has the latter
METHOD_HABITS = {
    "push": "append", "add": "append", "addAll": "extend", "toUpperCase": "upper",
    "toLowerCase": "lower", "toUpper": "upper", "toLower": "lower", "startsWith": "startswith",
    "endsWith": "endswith", "trim": "strip", "trimStart": "lstrip", "trimEnd": "rstrip",
    "indexOf": "index", "lastIndexOf": "rindex", "replaceAll": "replace", "keySet": "keys",
    "getOrDefault": "get", "putIfAbsent": "setdefault", "forEach": "map",
}

#: methods of other languages that Python writes as an expression: the form, and the special
#: method the value must have for it (None: any value)
EXPRESSION_HABITS: dict[str, tuple[str, str | None]] = {
    "size": ("len", "__len__"), "length": ("len", "__len__"), "len": ("len", "__len__"),
    "getLength": ("len", "__len__"), "count": ("len", "__len__"),
    "contains": ("in", "__contains__"), "includes": ("in", "__contains__"),
    "containsKey": ("in", "__contains__"), "has": ("in", "__contains__"),
    "hasKey": ("in", "__contains__"), "has_key": ("in", "__contains__"),
    "isEmpty": ("not", "__len__"), "equals": ("==", None), "toString": ("str", None),
}
#: how many positional arguments the call takes in each form
_ARITY = {"len": 0, "not": 0, "str": 0, "in": 1, "==": 1}
#: where an expression needs no parentheses of its own: a condition, an operand of and/or, a
#: statement's value, an argument or an element
_BARE = (ast.BoolOp, ast.If, ast.While, ast.IfExp, ast.Assert, ast.Expr, ast.Return,
         ast.Assign, ast.AnnAssign, ast.comprehension, ast.Call, ast.keyword, ast.List,
         ast.Tuple, ast.Set, ast.Dict)
#: the nodes that bind tighter than any binary operator (the value of `.size()` is one)
_PRIMARY = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant, ast.List, ast.Tuple,
            ast.Dict, ast.Set, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
            ast.JoinedStr)


def expression_habit(text: str, line: int, col: int, word: str) -> tuple[str, str, str] | None:
    """Return ``(call, expression, text)`` for the call of method ``word`` whose name starts at
    ``line``/``col`` (1-based) written as Python writes it (``xs.size()`` -> ``len(xs)``,
    ``d.containsKey(k)`` -> ``k in d``), with the new ``text``; None where ``word`` is no such
    habit or the call does not have the form's arguments."""
    habit = EXPRESSION_HABITS.get(word)
    facts = facts_of(text)
    if habit is None or facts.tree is None:
        return None
    form = habit[0]
    for node, parent in _calls(facts.tree):
        func = node.func
        assert isinstance(func, ast.Attribute)
        if (func.attr != word or func.end_lineno != line or func.end_col_offset is None
                or _char_col(facts.lines[line - 1], func.end_col_offset) - len(word) != col - 1):
            continue
        if node.keywords or len(node.args) != _ARITY[form] or any(
                isinstance(a, ast.Starred) for a in node.args):
            return None
        call = ast.get_source_segment(text, node)
        value = _operand(text, func.value)
        if call is None or value is None:
            return None
        if form in ("len", "str"):
            expr = f"{form}({ast.get_source_segment(text, func.value)})"
        elif form == "not":
            expr = f"not {value}"
        else:
            arg = _operand(text, node.args[0])
            if arg is None:
                return None
            expr = f"{arg} in {value}" if form == "in" else f"{value} == {arg}"
        if form != "len" and form != "str" and not isinstance(parent, _BARE):
            expr = f"({expr})"
        return call, expr, _replace(text, node, expr)
    return None


def _calls(tree: ast.AST):
    """Yield ``(call, parent)`` for each method call of ``tree`` (``x.name(...)``)."""
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                yield child, parent


def _operand(text: str, node: ast.expr) -> str | None:
    """Return the source of ``node``, parenthesized unless it binds tighter than ``in``."""
    source = ast.get_source_segment(text, node)
    if source is None:
        return None
    tight = isinstance(node, _PRIMARY) or isinstance(node, ast.BinOp)
    return source if tight and "\n" not in source else f"({source})"


def _replace(text: str, node: ast.expr, new: str) -> str:
    lines = text.splitlines(keepends=True)
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    start = _char_col(lines[first], node.col_offset)
    end = _char_col(lines[last], node.end_col_offset or 0)
    return "".join([*lines[:first], lines[first][:start] + new + lines[last][end:],
                    *lines[last + 1:]])


def _char_col(line: str, byte_col: int) -> int:
    """Return the character offset of the UTF-8 byte offset ``byte_col`` of ``line``."""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", "replace"))
