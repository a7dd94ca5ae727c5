"""What one file's syntax tree says about names vulture would wrongly call unused.

Vulture sees names and their uses; it does not see how a framework, pytest, a metaclass or a
dynamic lookup reaches a definition. :func:`file_facts` collects those facts once per text,
and the Cleaner (:mod:`nca.workers.cleaning.cleaner`) consults them to drop a finding or to keep it
reported but not removed.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass, field

from nca.workers.core.parsing import parse

__all__ = ["Definition", "FileFacts", "dotted", "file_facts"]

_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}
_NOQA = re.compile(r"#\s*noqa\b", re.IGNORECASE)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ATTRIBUTE_LOOKUPS = {"getattr", "hasattr", "setattr", "delattr", "attrgetter",
                      "operator.attrgetter", "methodcaller", "operator.methodcaller"}
_NAMESPACES = {"globals", "vars"}
_PARENT = "_nca_parent"

#: bases whose subclasses nothing registers: no metaclass, no ``__init_subclass__`` hook
_PLAIN_BASES = frozenset(
    {name for name, value in vars(builtins).items() if isinstance(value, type)}
    | {"ABC", "abc.ABC", "Protocol", "typing.Protocol", "Generic", "typing.Generic",
       "NamedTuple", "typing.NamedTuple", "TypedDict", "typing.TypedDict",
       "Enum", "enum.Enum", "IntEnum", "enum.IntEnum", "StrEnum", "enum.StrEnum",
       "Flag", "enum.Flag", "IntFlag", "enum.IntFlag"}
)


@dataclass(frozen=True)
class Definition:
    """What the syntax tree says about one ``def`` or ``class``."""

    top: bool  # at module level, or a member of a class at module level
    decorators: tuple[str, ...]
    in_subclass: bool = False  # a member of a class with bases: it may override one
    registered_by: str = ""  # for a class: the base or metaclass that may register it


@dataclass
class FileFacts:
    """How names are reached without a visible reference, and which code is off limits."""

    definitions: dict[tuple[int, str], Definition] = field(default_factory=dict)
    kept_import_lines: set[int] = field(default_factory=set)  # marked no-qa, or optional imports
    main_block: set[int] = field(default_factory=set)  # lines of `if __name__ == "__main__":`
    exported: set[str] = field(default_factory=set)  # __all__ and string annotations
    strings: set[str] = field(default_factory=set)  # identifier-like string constants
    dynamic_prefixes: set[str] = field(default_factory=set)  # getattr(o, f"on_{x}") -> "on_"
    dynamic_line: int = 0  # first line of a lookup by a name nothing in the file spells out
    overloaded: set[str] = field(default_factory=set)  # names with @overload signatures
    #: (line, name) of arguments a signature must keep: callbacks, hooks, overrides, stubs
    signature_args: set[tuple[int, str]] = field(default_factory=set)


def file_facts(text: str) -> FileFacts:
    """Return the facts of ``text``, which must compile."""
    tree = parse(text)
    lines = text.splitlines()
    facts = FileFacts()
    top: set[int] = set()
    in_subclass: set[int] = set()
    classes = {s.name: s for s in tree.body if isinstance(s, ast.ClassDef)}
    for statement in tree.body:
        top.add(id(statement))
        if isinstance(statement, ast.ClassDef):
            top.update(id(member) for member in statement.body)
            if statement.keywords or any(dotted(b) != "object" for b in statement.bases):
                in_subclass.update(id(member) for member in statement.body)
        elif isinstance(statement, ast.If) and _is_main_check(statement.test):
            facts.main_block.update(range(statement.lineno, (statement.end_lineno or 0) + 1))
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            setattr(child, _PARENT, node)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            decorators = tuple(dotted(d) for d in node.decorator_list)
            registrar = _registrar(node, classes, set()) if isinstance(node, ast.ClassDef) else ""
            facts.definitions[(first, node.name)] = Definition(
                id(node) in top, decorators, id(node) in in_subclass, registrar
            )
            if any(d.rpartition(".")[2] == "overload" for d in decorators):
                facts.overloaded.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            span = lines[node.lineno - 1 : node.end_lineno or node.lineno]
            if any(_NOQA.search(line) for line in span):
                facts.kept_import_lines.add(node.lineno)
        elif isinstance(node, ast.Try) and _catches_import_error(node):
            for part in (node.body, node.orelse, *(h.body for h in node.handlers)):
                for child in part:
                    if isinstance(child, ast.Import | ast.ImportFrom):
                        facts.kept_import_lines.add(child.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _IDENTIFIER.match(node.value):
                facts.strings.add(node.value)
        _note_dynamic_lookup(node, facts)
        facts.exported.update(_exported_names(node))
    _note_signature_args(tree, facts, in_subclass)
    return facts


def _note_signature_args(tree: ast.Module, facts: FileFacts, in_subclass: set[int]) -> None:
    """Note the arguments whose function's signature is fixed by whoever calls it.

    A decorated function, an override, a stub, or a function passed on as a value
    (``atexit.register(f)``) is called by code that decides the arguments; an argument it does
    not use is part of that contract, not dead code.
    """
    passed = {
        n.id for n in ast.walk(tree)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        and not (isinstance(parent := getattr(n, _PARENT, None), ast.Call) and parent.func is n)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        fixed = isinstance(node, ast.Lambda) or (
            bool(node.decorator_list) or id(node) in in_subclass or node.name in passed
            or _is_stub(node.body))
        if fixed:
            arguments = node.args
            for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                        arguments.vararg, arguments.kwarg):
                if arg is not None:
                    facts.signature_args.add((arg.lineno, arg.arg))


def _is_stub(body: list[ast.stmt]) -> bool:
    """Return whether a function body only documents, passes or raises NotImplementedError."""
    for statement in body:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # a docstring or ``...``
        if isinstance(statement, ast.Raise) and statement.exc is not None and \
                dotted(statement.exc) == "NotImplementedError":
            continue
        return False
    return True


# ---------------------------------------------------------------------------- dynamic access


def _note_dynamic_lookup(node: ast.AST, facts: FileFacts) -> None:
    """Note in ``facts`` a lookup of a computed name: ``getattr(o, x)``, ``globals()[x]``."""
    if not isinstance(node, ast.Call):
        return
    name = dotted(node.func)
    if name in _ATTRIBUTE_LOOKUPS:
        wanted = 1 if name.endswith(("getattr", "hasattr", "setattr", "delattr")) else 0
        if len(node.args) <= wanted:
            return
        key: ast.expr = node.args[wanted]
    elif name in _NAMESPACES:
        key = _namespace_key(node)
    else:
        return
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return  # a literal name: it is in ``facts.strings``
    prefix = _constant_prefix(key)
    if prefix:
        facts.dynamic_prefixes.add(prefix)
    elif not facts.dynamic_line:
        facts.dynamic_line = node.lineno


def _namespace_key(call: ast.Call) -> ast.expr:
    """Return what a ``globals()``-like namespace is indexed with, or the call itself.

    ``globals()[x]`` and ``globals().get(x)`` look up ``x``; the namespace read as a whole
    (iterated, copied, passed on) reaches every name, which the call itself stands for.
    """
    parent = getattr(call, _PARENT, None)
    if isinstance(parent, ast.Subscript) and parent.value is call:
        return parent.slice
    if isinstance(parent, ast.Attribute) and parent.attr in {"get", "pop", "__getitem__"}:
        caller = getattr(parent, _PARENT, None)
        if isinstance(caller, ast.Call) and caller.func is parent and caller.args:
            return caller.args[0]
    return call


def _constant_prefix(key: ast.expr) -> str:
    """Return the identifier a computed name starts with (``f"on_{x}"``, ``"on_" + x``)."""
    first: ast.expr | None = None
    if isinstance(key, ast.JoinedStr) and key.values:
        first = key.values[0]
    elif isinstance(key, ast.BinOp) and isinstance(key.op, ast.Add):
        first = key.left
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        match = _PREFIX.match(first.value)
        return match.group(0) if match else ""
    return ""


# ---------------------------------------------------------------------------- classes


def _registrar(node: ast.ClassDef, classes: dict[str, ast.ClassDef], seen: set[str]) -> str:
    """Return the base or metaclass through which defining ``node`` may register it, or ""."""
    for keyword in node.keywords:
        return f"{keyword.arg}={dotted(keyword.value)}"
    if any(_is_hook(member) for member in node.body):
        return f"{node.name}.__init_subclass__"
    for base in node.bases:
        name = dotted(base.value if isinstance(base, ast.Subscript) else base)
        if name in _PLAIN_BASES:
            continue
        local = classes.get(name)
        if local is None or name in seen:
            return name
        inherited = _registrar(local, classes, seen | {name})
        if inherited:
            return inherited
    return ""


def _is_hook(member: ast.stmt) -> bool:
    return isinstance(member, ast.FunctionDef) and member.name == "__init_subclass__"


# ---------------------------------------------------------------------------- names


def _exported_names(node: ast.AST) -> set[str]:
    """Return names ``node`` exports through ``__all__`` or mentions in a string annotation."""
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return _strings_in(node.value)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"append", "extend"}
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "__all__"
    ):
        return set().union(*(_strings_in(arg) for arg in node.args))
    annotation = getattr(node, "annotation", None) or getattr(node, "returns", None)
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            parsed = parse(annotation.value, mode="eval")
        except SyntaxError:
            return set()
        return {n.id for n in ast.walk(parsed) if isinstance(n, ast.Name)}
    return set()


def _strings_in(node: ast.AST | None) -> set[str]:
    if node is None:
        return set()
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def dotted(node: ast.expr) -> str:
    """Return an expression's dotted name, without the call (``@app.route("/")`` -> app.route)."""
    if isinstance(node, ast.Call):
        node = node.func
    try:
        return ast.unparse(node)
    except (ValueError, TypeError):  # pragma: no cover - unparse handles every parsed node
        return "?"


def _is_main_check(test: ast.expr) -> bool:
    """Return whether ``test`` is ``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    if not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, *test.comparators]
    names = {s.id for s in sides if isinstance(s, ast.Name)}
    values = {s.value for s in sides if isinstance(s, ast.Constant)}
    return names == {"__name__"} and values == {"__main__"}


def _catches_import_error(node: ast.Try) -> bool:
    """Return whether a ``try`` has a handler for ImportError (an optional import)."""
    for handler in node.handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in kinds:
            if kind is not None and dotted(kind).rpartition(".")[2] in _IMPORT_ERRORS:
                return True
    return False
