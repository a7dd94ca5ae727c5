"""Another language's string method on a value the type checker cannot type.

``line.trim()`` where ``line`` comes from an unannotated parameter: the checker knows nothing
of ``line`` and says nothing, yet no Python value has ``trim`` unless code of the project gives
it one. For the string methods only str and bytes have under their Python names
(``trim`` -> ``strip``, ``toLowerCase`` -> ``lower``), such a call is an NCA103 problem like the
checker's own, with the Python name: the repair is right for a string and the call fails as
written for anything else.

Only where it is a slip beyond doubt: the value is a local name of the function (a parameter,
a loop variable, an assignment; not an import or a module global, which a bridge to Java or
JavaScript could bind), the file calls that method once, no class or code of the workspace
defines or sets it, the line is not guarded or marked, and the checker confirms it knows no
member of the value.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from nca.workers.core.types import Problem
from nca.workers.debugging.semantic import TYPE_ATTRIBUTE_CODE, Checker
from nca.workers.facts.document import DocumentFacts, facts_of
from nca.workers.facts.method_habits import char_col
from nca.workers.facts.scopes import function_at

__all__ = ["STRING_HABITS", "untyped_habit_problems"]

#: methods of other languages' strings and their Python names, which only str and bytes have
STRING_HABITS = {
    "toLowerCase": "lower", "toUpperCase": "upper", "toLower": "lower", "toUpper": "upper",
    "trim": "strip", "trimStart": "lstrip", "trimEnd": "rstrip", "trimLeft": "lstrip",
    "trimRight": "rstrip", "startsWith": "startswith", "endsWith": "endswith",
    "padStart": "rjust", "padEnd": "ljust",
}


def untyped_habit_problems(checker: Checker, text: str, path: str,
                           defined: Callable[[str], bool] | None = None) -> list[Problem]:
    """Return an NCA103 problem for each string method of another language called on a local
    name the checker cannot type (``defined`` says whether workspace code has the member)."""
    facts = facts_of(text)
    if facts.tree is None:
        return []
    calls = [n for n in facts.of_type(ast.Attribute) if n.attr in STRING_HABITS]
    if not calls:
        return []
    times = _attribute_counts(facts)
    found = None
    out = []
    for node in calls:
        word, line = node.attr, node.end_lineno or node.lineno
        if (times[word] != 1 or not isinstance(node.value, ast.Name)
                or facts.left_alone_for(line, node.value.id)
                or (defined is not None and defined(word))
                or not _local(node.value.id, line, facts)):
            continue
        if found is None:
            found = {(f.end_line, f.rule) for f in checker.findings(path, text)}
        if any(at == line and rule for at, rule in found if rule.endswith("attribute")):
            continue  # the checker reports it itself, with the members it knows
        row = facts.lines[line - 1]
        col = char_col(row, node.end_col_offset or 0) - len(word) + 1
        if row[col - 1:col - 1 + len(word)] != word or any(
                not m.startswith("__") for m in checker.members(path, text, line, col, word)):
            continue  # the checker knows the value's type: its silence is its answer
        right = STRING_HABITS[word]
        out.append(Problem(TYPE_ATTRIBUTE_CODE,
                           f"`{node.value.id}` has no type the checker knows, and `{word}` is "
                           f"another language's string method; did you mean `{right}`?",
                           line=line, col=col, end_line=line, end_col=col + len(word),
                           source="ty", symbol=word))
    return out


def _attribute_counts(facts: DocumentFacts) -> dict[str, int]:
    counts: dict[str, int] = {}
    for attribute in facts.of_type(ast.Attribute):
        counts[attribute.attr] = counts.get(attribute.attr, 0) + 1
    for function in facts.functions:
        counts[function.name] = counts.get(function.name, 0) + 1  # a method of that name
    return counts


def _local(name: str, line: int, facts: DocumentFacts) -> bool:
    """Return True when ``name`` at ``line`` is a parameter or a name the function binds
    itself (not one declared global or nonlocal)."""
    function = function_at(facts.functions, line)
    if function is None:
        return False
    arguments = function.args
    if name in {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                arguments.vararg, arguments.kwarg) if a is not None}:
        return True
    for node in ast.walk(function):
        if isinstance(node, ast.Global | ast.Nonlocal) and name in node.names:
            return False
    return any(isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store)
               for node in ast.walk(function))
