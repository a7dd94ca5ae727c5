"""``self.attr`` loads that the class never defines and that look like a typo (NCA102).

Python only finds these at run time. To stay free of false alarms the check is narrow: a
class with no base classes (so nothing is inherited), no decorators, no metaclass, no dynamic
attribute hooks, and an attribute name that is close to one the class really has — the
"did you mean" CPython would print.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from nca.workers.core.types import Problem
from nca.workers.facts.document import DocumentFacts, facts_of
from nca.workers.facts.near_miss import suggestions

__all__ = ["SELF_ATTRIBUTE_CODE", "class_attributes", "find_missing_self_attributes",
           "known_attributes"]

SELF_ATTRIBUTE_CODE = "NCA102"
_DYNAMIC = frozenset({"__getattr__", "__getattribute__", "__setattr__", "__dict__"})


def _plain_classes(classes: Iterable[ast.ClassDef]) -> Iterator[ast.ClassDef]:
    for node in classes:
        if (not node.decorator_list and not node.keywords
                and all(isinstance(b, ast.Name) and b.id == "object" for b in node.bases)):
            yield node


def _methods(cls: ast.ClassDef) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]]:
    for item in cls.body:
        if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) or not item.args.args:
            continue
        if any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in item.decorator_list):
            continue
        yield item, item.args.args[0].arg


def _walk_own(node: ast.AST) -> Iterator[ast.AST]:
    """Yield the nodes of a method, not descending into nested classes (their own self)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef):
            continue
        yield child
        yield from _walk_own(child)


def _class_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Yield a class body's statements, and those inside its ``if``/``try``/``with`` blocks
    (``if sys.version_info >= (3, 11): def request(...)`` defines ``request`` too)."""
    for item in body:
        yield item
        if isinstance(item, ast.If | ast.Try | ast.With):
            for field in ("body", "orelse", "finalbody"):
                yield from _class_level(getattr(item, field, None) or [])
            for handler in getattr(item, "handlers", None) or []:
                yield from _class_level(handler.body)


def _class_level_names(cls: ast.ClassDef) -> set[str]:
    names: set[str] = set()
    for item in _class_level(cls.body):
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            names.update(n.id for t in item.targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(item, ast.AnnAssign | ast.AugAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    return names


def _assigned(cls: ast.ClassDef) -> set[str]:
    """Return the attributes the class's methods assign on their ``self``."""
    return {node.attr for method, me in _methods(cls) for node in _walk_own(method)
            if isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load)
            and isinstance(node.value, ast.Name) and node.value.id == me}


def class_attributes(cls: ast.ClassDef) -> set[str] | None:
    """Return every attribute the class defines or assigns, or None when it is dynamic."""
    names = _class_level_names(cls)
    if names & _DYNAMIC or "__slots__" in names:
        return None
    for method, me in _methods(cls):
        for node in _walk_own(method):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in ("setattr", "getattr", "hasattr", "delattr", "vars"):
                    first = node.args[0] if node.args else None
                    if isinstance(first, ast.Name) and first.id == me:
                        return None  # attributes by name at run time: nothing can be said
    return names | _assigned(cls)


def known_attributes(cls: ast.ClassDef) -> set[str]:
    """Return the attributes the class certainly has, dynamic or not: what it defines, what its
    methods assign on ``self`` and what its literal ``__slots__`` names (attrs' builder sets
    ``self._add_method_dunders`` in ``__init__``)."""
    names = _class_level_names(cls) | _assigned(cls)
    for item in cls.body:
        if isinstance(item, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__slots__" for t in item.targets):
            names.update(n.value for n in ast.walk(item.value)
                         if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return names


def find_missing_self_attributes(text: str) -> list[Problem]:
    """Return an NCA102 problem for each ``self.x`` load whose name is a near miss of a real one.

    The answer depends on the text only: it is made once per text (DocumentFacts) and shared.
    """
    facts = facts_of(text)
    return list(facts.memo(find_missing_self_attributes, lambda: tuple(_find(facts))))


def _find(facts: DocumentFacts) -> list[Problem]:
    if facts.tree is None:
        return []
    classes = list(_plain_classes(facts.of_type(ast.ClassDef)))
    if not classes:
        return []
    # attributes set on any object anywhere in the module may be set on ours from outside
    assigned_anywhere = {n.attr for n in facts.of_type(ast.Attribute)
                         if not isinstance(n.ctx, ast.Load)}
    # behind a guard (about everything, or a hasattr about this object) or marked by the
    # author: not a typo (see nca.workers.facts.guards)
    leave = facts.left_alone_for
    problems = []
    for cls in classes:
        known = class_attributes(cls)
        if not known:
            continue
        pool = [(name, 0) for name in sorted(known)]
        unknown: dict[str, list[ast.Attribute]] = {}
        for method, me in _methods(cls):
            for node in _walk_own(method):
                if not (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)
                        and isinstance(node.value, ast.Name) and node.value.id == me):
                    continue
                attr = node.attr
                if attr in known or attr in assigned_anywhere or attr.startswith("__"):
                    continue
                unknown.setdefault(attr, []).append(node)
        if len(unknown) > 1:
            # several attributes the class never defines: a mixin whose partners define them
            # (PyYAML's Parser reads the Scanner's methods), not a class full of typos
            continue
        for attr, nodes in unknown.items():
            if len(nodes) > 1 or not suggestions(attr, pool):
                continue  # read the same way in several places: what the author means
            node = nodes[0]
            line = node.end_lineno or node.lineno
            me = node.value.id  # type: ignore[attr-defined]  # a Name: self, cls...
            if leave(line, me) or leave(node.lineno, me):
                continue
            col = (node.end_col_offset or 0) - len(attr) + 1
            problems.append(Problem(
                code=SELF_ATTRIBUTE_CODE,
                message=f"'{cls.name}' object has no attribute '{attr}'",
                line=line, col=col, end_line=line, end_col=col + len(attr),
                source="nca", symbol=attr))
    return sorted(problems, key=lambda p: (p.line, p.col))
