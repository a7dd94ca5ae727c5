"""``self.name`` for a name nothing defines in a method: a member of the class used without
``self.`` (or ``cls.``), from the class's own text or, for one it inherits from a base of
another module, from the type checker's word in the problem's message."""

from __future__ import annotations

import ast
import re

from nca.workers.core.types import Problem, Solution
from nca.workers.debugging.self_attributes import known_attributes
from nca.workers.facts.document import DocumentFacts
from nca.workers.facts.scopes import function_at

__all__ = ["checker_self", "missing_self"]


def missing_self(name: str, line: int, facts: DocumentFacts) -> list[Solution]:
    """Return ``self.name`` (or ``cls.name``) when ``line`` is in a method of a class that has
    ``name``: a method or attribute used without ``self.``."""
    for cls in facts.of_type(ast.ClassDef):
        for method in cls.body:
            if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef) or not (
                    method.lineno <= line <= (method.end_lineno or 0)) or not method.args.args:
                continue
            decorators = {d.id for d in method.decorator_list if isinstance(d, ast.Name)}
            if "staticmethod" in decorators:
                return []
            # a class with dynamic attributes still has what it defines and assigns
            if name not in known_attributes(cls):
                return []
            me = method.args.args[0].arg  # `self`, or `cls` in a classmethod
            if _sets_from_itself(method, me, name, line):
                return []  # `self.utils = utils`: the name is where the attribute comes from
            return [_on_owner(name, me, "scope")]
    return []


_CONSIDER = re.compile(r"the type checker: consider using `(?P<owner>\w+)\.(?P<name>\w+)`")


def checker_self(name: str, problem: Problem, facts: DocumentFacts) -> list[Solution]:
    """Return ``self.name`` where the type checker says the method's ``self`` (or ``cls``) has
    that attribute: one its class inherits from a base of another module, which the class's
    own text does not show."""
    match = _CONSIDER.search(problem.message)
    method = function_at(facts.functions, problem.line)
    if match is None or match["name"] != name or method is None or not method.args.args:
        return []
    me = method.args.args[0].arg
    if me != match["owner"] or _sets_from_itself(method, me, name, problem.line):
        return []
    return [_on_owner(name, me, "type checker")]


def _on_owner(name: str, me: str, source: str) -> Solution:
    """The sure rename of ``name`` to ``me.name`` (``self.name``, ``cls.name``)."""
    return Solution(kind="rename", title=f"Change `{name}` to `{me}.{name}`", source=source,
                    score=0.95, detail={"original": name, "replacement": f"{me}.{name}",
                                        "distance": 0, "scope": "class", "sure": True})


def _sets_from_itself(method: ast.FunctionDef | ast.AsyncFunctionDef, me: str, name: str,
                      line: int) -> bool:
    """Return True when ``line`` assigns ``me.name`` (``self.utils = utils``): reading the
    attribute there instead of the name would read what is being set."""
    for node in ast.walk(method):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and (
                node.lineno <= line <= (node.end_lineno or node.lineno)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == name and isinstance(t.value, ast.Name)
                   and t.value.id == me for target in targets for t in ast.walk(target)):
                return True
    return False
