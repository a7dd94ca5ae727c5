"""The names other languages give the methods Python spells its own way (``push`` -> ``append``),
and the methods Python spells as an expression (``xs.size()`` -> ``len(xs)``)."""

from __future__ import annotations

import ast

from nca.workers.facts.document import facts_of

__all__ = ["EXPRESSION_HABITS", "FIND_HABITS", "METHOD_HABITS", "PYTHON2_NAMES", "char_col",
           "expression_habit", "method_habit"]

#: the names other languages use for a Python method, offered when the value has the latter
METHOD_HABITS = {
    "push": "append", "add": "append", "addAll": "extend", "toUpperCase": "upper",
    "toLowerCase": "lower", "toUpper": "upper", "toLower": "lower", "startsWith": "startswith",
    "endsWith": "endswith", "trim": "strip", "trimStart": "lstrip", "trimEnd": "rstrip",
    "indexOf": "index", "lastIndexOf": "rindex", "replaceAll": "replace", "keySet": "keys",
    "entrySet": "items", "putAll": "update", "clone": "copy",
    "getOrDefault": "get", "putIfAbsent": "setdefault", "forEach": "map",
    "padStart": "rjust", "padEnd": "ljust", "toISOString": "isoformat",
}

#: Python 2's names of what Python 3 renamed, offered the same way: where the value (a module,
#: a dict) has the new name (`string.lowercase` -> `ascii_lowercase`, `d.iteritems()`)
PYTHON2_NAMES = {
    "lowercase": "ascii_lowercase", "uppercase": "ascii_uppercase", "letters": "ascii_letters",
    "maxint": "maxsize", "getcwdu": "getcwd", "iteritems": "items", "iterkeys": "keys",
    "itervalues": "values", "viewitems": "items", "viewkeys": "keys", "viewvalues": "values",
    "izip_longest": "zip_longest", "ifilterfalse": "filterfalse",
}

#: JavaScript's searches, which give -1 when nothing is found: str and bytes' find does so
#: (where the value has no find, a list's, METHOD_HABITS' index is the one)
FIND_HABITS = {"indexOf": "find", "lastIndexOf": "rfind"}

#: methods of other languages that Python writes as an expression: the form, and the special
#: method the value must have for it (None: any value)
EXPRESSION_HABITS: dict[str, tuple[str, str | None]] = {
    "size": ("len", "__len__"), "length": ("len", "__len__"), "len": ("len", "__len__"),
    "getLength": ("len", "__len__"), "count": ("len", "__len__"),
    "contains": ("in", "__contains__"), "includes": ("in", "__contains__"),
    "containsKey": ("in", "__contains__"), "has": ("in", "__contains__"),
    "hasKey": ("in", "__contains__"), "has_key": ("in", "__contains__"),
    "isEmpty": ("not", "__len__"), "equals": ("==", None), "toString": ("str", None),
    "join": ("join", "__iter__"), "first": ("first", "__getitem__"),
    "last": ("last", "__getitem__"),
    # Java's and JavaScript's substring(begin[, end]) and charAt(i): a slice and an index
    "substring": ("slice", "__getitem__"), "charAt": ("item", "__getitem__"),
    # JavaScript's array ends: `xs.shift()` is `xs.pop(0)`, `xs.unshift(x)` `xs.insert(0, x)`
    # (on a list: `sort` tells it from a deque, whose `pop` takes no index)
    "shift": ("pop0", "sort"), "unshift": ("insert0", "sort"),
}
#: how many positional arguments the call takes in each form
_ARITY: dict[str, tuple[int, ...]] = {
    "len": (0,), "not": (0,), "str": (0,), "in": (1,), "==": (1,), "join": (1,), "first": (0,),
    "last": (0,), "slice": (1, 2), "item": (1,), "pop0": (0,), "insert0": (1,)}
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
    """Return ``(code, expression, text)`` for the call of method ``word`` whose name starts at
    ``line``/``col`` (1-based) written as Python writes it (``xs.size()`` -> ``len(xs)``,
    ``d.containsKey(k)`` -> ``k in d``, ``parts.join(sep)`` -> ``sep.join(parts)``; a
    ``.length`` read without a call too), with the new ``text``; None where ``word`` is no such
    habit or the call does not have the form's arguments."""
    habit = EXPRESSION_HABITS.get(word)
    found = _attribute_at(text, line, col, word) if habit is not None else None
    if habit is None or found is None:
        return None
    form, (attr, call, parent) = habit[0], found
    node: ast.expr = call if call is not None else attr
    if call is None and form not in ("len", "first", "last"):
        return None  # only a length and an end are read as properties (`xs.length`)
    args = call.args if call is not None else []
    if call is not None and (call.keywords or len(args) not in _ARITY[form] or any(
            isinstance(a, ast.Starred) for a in args)):
        return None
    code, value = ast.get_source_segment(text, node), _operand(text, attr.value)
    arg = _operand(text, args[0]) if args else ""
    if code is None or value is None or arg is None:
        return None
    if form in ("len", "str"):
        expr = f"{form}({ast.get_source_segment(text, attr.value)})"
    elif form == "not":
        expr = f"not {value}"
    elif form in ("first", "last", "slice", "item"):
        source = ast.get_source_segment(text, attr.value)
        held = source if isinstance(attr.value, _PRIMARY) and source and "\n" not in source \
            else f"({source})"
        if form in ("first", "last"):
            expr = f"{held}[{0 if form == 'first' else -1}]"
        else:
            bounds = [ast.get_source_segment(text, a) or "\n" for a in args]
            if any("\n" in b for b in bounds):
                return None
            inside = ":".join(bounds) + (":" if form == "slice" and len(bounds) == 1 else "")
            expr = f"{held}[{inside}]"
    elif form == "join":
        expr = f"{arg}.join({ast.get_source_segment(text, attr.value)})"
    elif form in ("pop0", "insert0"):
        source = ast.get_source_segment(text, attr.value)
        if not source or "\n" in source:
            return None
        held = source if isinstance(attr.value, _PRIMARY) else f"({source})"
        first = ast.get_source_segment(text, args[0]) if args else ""
        expr = f"{held}.pop(0)" if form == "pop0" else f"{held}.insert(0, {first})"
    else:
        expr = f"{arg} in {value}" if form == "in" else f"{value} == {arg}"
    if form in ("not", "in", "==") and not isinstance(parent, _BARE):
        expr = f"({expr})"
    return code, expr, _replace(text, node, expr)


def method_habit(text: str, line: int, col: int, word: str) -> str | None:
    """Return the Python method another language's method ``word`` (at ``line``/``col``) stands
    for, by the arguments of its call: Java's ``xs.add(i, x)`` is ``insert``, ``xs.add(x)``
    ``append``."""
    if word in _BY_ARITY:
        found = _attribute_at(text, line, col, word)
        call = found[1] if found is not None else None
        if call is not None and not call.keywords:
            return _BY_ARITY[word].get(len(call.args), METHOD_HABITS.get(word))
    return METHOD_HABITS.get(word) or PYTHON2_NAMES.get(word)


#: methods whose Python name depends on how many arguments the call passes
_BY_ARITY = {"add": {2: "insert"}, "push": {2: "insert"}}


def _attribute_at(text: str, line: int, col: int, word: str
                  ) -> tuple[ast.Attribute, ast.Call | None, ast.AST] | None:
    """Return the attribute ``.word`` whose name starts at ``line``/``col``, the call it is the
    function of (or None), and the node around that call (or around the attribute)."""
    facts = facts_of(text)
    if facts.tree is None or not 0 < line <= len(facts.lines):
        return None
    parents = {id(c): p for p in ast.walk(facts.tree) for c in ast.iter_child_nodes(p)}
    for node in ast.walk(facts.tree):
        if not (isinstance(node, ast.Attribute) and node.attr == word
                and node.end_lineno == line and node.end_col_offset is not None
                and char_col(facts.lines[line - 1], node.end_col_offset) - len(word) == col - 1):
            continue
        parent = parents.get(id(node), facts.tree)
        if isinstance(parent, ast.Call) and parent.func is node:
            return node, parent, parents.get(id(parent), facts.tree)
        return node, None, parent
    return None


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
    start = char_col(lines[first], node.col_offset)
    end = char_col(lines[last], node.end_col_offset or 0)
    return "".join([*lines[:first], lines[first][:start] + new + lines[last][end:],
                    *lines[last + 1:]])


def char_col(line: str, byte_col: int) -> int:
    """Return the character offset of the UTF-8 byte offset ``byte_col`` of ``line``."""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", "replace"))
