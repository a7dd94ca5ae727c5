"""Semantic findings: what the type checker sees, kept only where it points at a likely slip.

A keyword argument no parameter has (``area(2, hieght=3)``) becomes NCA104 the same way, with
the parameters the checker completes there.

An attribute the checker says a value does not have (``self.cuont`` where a base class sets
``self.count``, ``os.path.jion``, ``items.push`` on a list) becomes an NCA103 problem when the
checker itself completes a near-miss member there (or a method another language uses for it:
``push`` -> ``append``). The problem's message names the members (``did you mean `count`?``),
which the Analyzer offers as renames. Lines behind version or platform guards, lines marked
``# type: ignore`` / ``# noqa``, and attributes read the same way in several places are left
alone: there the checker sees another platform's or version's truth, not a typo.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import Protocol

from nca.workers.core.newness import introduced
from nca.workers.core.types import Problem
from nca.workers.facts.document import facts_of
from nca.workers.facts.method_habits import (
    EXPRESSION_HABITS,
    FIND_HABITS,
    METHOD_HABITS,
    expression_habit,
    method_habit,
)
from nca.workers.facts.near_miss import other_case, suggestions
from nca.workers.facts.typecheck import TypeFinding

__all__ = ["METHOD_HABITS", "TYPE_ATTRIBUTE_CODE", "TYPE_KEYWORD_CODE", "attribute_problems",
           "new_type_findings", "with_member_hints"]

TYPE_ATTRIBUTE_CODE = "NCA103"
#: a keyword argument no parameter of the called function has (``area(2, hieght=3)``)
TYPE_KEYWORD_CODE = "NCA104"
_MISSING = re.compile(r"has no (?:attribute|member) `(?P<name>\w+)`"
                      r"|^Attribute `(?P<union>\w+)` is not defined on `[^`]+` in union "
                      r"`(?P<members>[^`]+)`")
_UNKNOWN_ARGUMENT = re.compile(r"^Argument `(?P<name>\w+)` does not match any known parameter")
# (a union's: only where its one known member lacks the attribute, `Unknown | type[Style]`)
_MISSING_RULES = frozenset({"missing-attribute", "unresolved-attribute",
                            "possibly-missing-attribute", "missing-union-attribute"})


#: ty's note on a name nothing defines that the method's `self` (or `cls`) has
_AVAILABLE = re.compile(r"An attribute `(?P<name>\w+)` is available: consider using "
                        r"`(?P<owner>self|cls)\.(?P=name)`")


class Checker(Protocol):
    def findings(self, path: str, text: str) -> list[TypeFinding]: ...

    def members(self, path: str, text: str, line: int, col: int, word: str, *,
                keywords: bool = False, probes: tuple[str, ...] = ()) -> list[str]: ...


def with_member_hints(problems: Iterable[Problem], checker: Checker, text: str, path: str
                      ) -> list[Problem]:
    """Return ``problems`` with the checker's word on their undefined names: where it says the
    method's ``self`` has an attribute of that name (inherited from a base class of another
    module too) and completes that very member after ``self.``, the message of the F821 there
    says ``consider using `self.name```.

    The note alone is no proof: ty also gives it where ``self`` has no such member (any name
    in a class with ``__getattr__``, pint's registry; ``traceback`` in a method of
    sortedcontainers' ``SortedList``).
    """
    problems = list(problems)
    if not any(p.code == "F821" for p in problems):
        return problems
    hints = {}
    for finding in checker.findings(path, text):
        match = _AVAILABLE.search(finding.message) if finding.rule == "unresolved-reference" else None
        if match is not None:
            hints[(finding.line, match["name"])] = match["owner"]
    return [replace(p, message=f"{p.message}; the type checker: consider using "
                               f"`{hints[(p.line, p.symbol)]}.{p.symbol}`")
            if p.code == "F821" and p.symbol and (p.line, p.symbol) in hints and _completes(
                checker, text, path, p.line, p.col, p.symbol, hints[(p.line, p.symbol)])
            else p for p in problems]


def _completes(checker: Checker, text: str, path: str, line: int, col: int, name: str,
               owner: str) -> bool:
    """Return True when the checker completes ``owner.name`` with ``name`` where ``name`` is
    read at ``line``/``col``: the member is declared, not merely not ruled out."""
    rows = text.splitlines(keepends=True)
    if not 0 < line <= len(rows) or rows[line - 1][col - 1:col - 1 + len(name)] != name:
        return False
    row = rows[line - 1]
    rows[line - 1] = f"{row[:col - 1]}{owner}.{row[col - 1:]}"
    return name in checker.members(path, "".join(rows), line, col + len(owner) + 1, name)


def _start_of(rows: list[str], finding: TypeFinding, word: str) -> int | None:
    """Return the 1-based column of ``word`` at the end of the finding's range."""
    if not 0 < finding.end_line <= len(rows):
        return None
    row = rows[finding.end_line - 1]
    end = finding.end_col - 1
    start = row.rfind(word, 0, end if end > 0 else len(row))
    return start + 1 if start >= 0 else None


def attribute_problems(checker: Checker, text: str, path: str,
                       defined: Callable[[str], bool] | None = None) -> list[Problem]:
    """Return NCA103 problems: missing attributes with a near-miss member the checker knows.

    ``defined`` says whether a class of the project has the attribute (or its code sets it):
    then the checker's type is narrower than the object (a subclass's method called on its
    base's declared type, `converter.gen_unstructure_mapping`), not the attribute a typo."""
    facts = facts_of(text)  # parsed once per text, shared with the other checks
    tree = facts.tree
    if tree is None:
        return []
    findings = checker.findings(path, text)
    found = [f for f in findings if f.rule in _MISSING_RULES or f.rule == "unknown-argument"]
    overloaded = [f for f in findings if f.rule == "no-matching-overload"]
    if not found and not overloaded:
        return []
    # a guard about attributes (hasattr, `except AttributeError`) says nothing of a call's
    # keywords: only one about everything (a version, ImportError) or a marked line does
    leave = frozenset(line for line in facts.left_alone if line in facts.marked_lines
                      or facts.guard_subjects.get(line, ()) is None)
    rows = facts.lines
    out = _overload_keywords(checker, tree, text, path, overloaded, leave)
    mixins = _mixin_classes(tree, found)
    for finding in found:
        keyword = finding.rule == "unknown-argument"
        match = (_UNKNOWN_ARGUMENT if keyword else _MISSING).search(finding.message)
        if match is None:
            continue
        groups = match.groupdict()
        word = groups.get("name") or groups["union"]
        if groups.get("members") and not _one_known(groups["members"]):
            continue  # another member of the union may well have it
        # a hasattr guard leaves alone only the attributes of what it asks about
        root = None if keyword else facts.attribute_root(finding.end_line, word)
        if keyword and finding.line in leave:
            continue
        if not keyword and (facts.left_alone_for(finding.line, root)
                            or facts.left_alone_for(finding.end_line, root)
                            or _read_again(text, rows, finding.end_line,
                                           _start_of(rows, finding, word) or 0, word)):
            continue
        if not keyword and _owner(tree, finding.line) in mixins and "Self@" in finding.message:
            continue  # a mixin reads what its partner classes define
        if not keyword and defined is not None and _may_be_subclassed(finding.message) and (
                defined(word)):
            continue  # a class of the project has it: the checker's type is too narrow
        col = finding.col if keyword else _start_of(rows, finding, word)
        if col is None:
            continue
        habit = method_habit(text, finding.end_line, col, word) or ""  # its first letter finds
        # it among the members
        finder = FIND_HABITS.get(word, "")
        members = [m for m in checker.members(path, text, finding.end_line if not keyword
                                              else finding.line, col, word, keywords=keyword,
                                              probes=tuple(dict.fromkeys(
                                                  p for p in (habit[:1], finder[:1]) if p)))
                   if m != word and not m.startswith("__")]
        if keyword and any(m.lstrip("_") == word for m in members):
            continue  # attrs strips the underscore of `_anchors` from its `__init__` parameter
        if finder in members:
            habit = finder  # JavaScript's indexOf gives -1 when absent: str.find does, not index
        names = [habit] if habit and habit in members else []
        if not habit:
            # another language's method is no typo of a Python one: `getOrDefault` is `get`
            # or nothing, never the `setdefault` it happens to look like
            # the member itself in other letter case (`timezone.UTC` for `utc`) is one slip,
            # however many letters the case changed
            recased = other_case(word, members)
            names += [recased] if recased else [
                n for n, _ in suggestions(word, [(m, 0) for m in members])[:3]]
        if not habit and not names and not keyword:
            # a name cut short to the start of the one member it begins (`parsed.user` for
            # `username`): no near miss, but no other member was meant
            names = [m for m in members if len(word) >= 4 and m.startswith(word)
                     and m[len(word):].isalpha()]
            names = names if len(names) == 1 else []
        if keyword and not names:
            # a parameter's name cut short (`op=` for `operator`): where exactly one starts so
            names = [m for m in members if len(word) >= 2 and m.startswith(word)][:2]
            # ... or a word too many or too few before it (`status_hint=` for
            # `error_status_hint=`, `plugin_name=` for `name=`)
            names = names or [m for m in members if len(min(m, word, key=len)) >= 4 and (
                m.endswith("_" + word) or word.endswith("_" + m))][:2]
            # ... or written out longer, as another function of the same kind names it
            # (`datetime.now(tzinfo=)` for `tz=`, `timeout_s=` for `timeout=`)
            names = names or [m for m in members if len(m) >= 2 and word.startswith(m)][:2]
            names = names if len(names) == 1 else []
        written = None if keyword or names else _as_expression(checker, text, path, finding,
                                                               col, word)
        if not names and written is None:
            continue
        what = finding.message.split("\n", 1)[0].rstrip(".")
        listed = ", ".join(f"`{n}`" for n in names) or f"`{written}`"
        line = finding.line if keyword else finding.end_line
        out.append(Problem(TYPE_KEYWORD_CODE if keyword else TYPE_ATTRIBUTE_CODE,
                           f"{what}; did you mean {listed}?", line=line, col=col,
                           end_line=line, end_col=col + len(word), source="ty", symbol=word))
    return out


_CHAIN = r"([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*\.\s*"


def _read_again(text: str, rows: list[str], line: int, col: int, word: str) -> bool:
    """Return True when the file reads ``word`` of the same object elsewhere (``sys.foo`` twice):
    an attribute the checker does not know of, not a typo, which is made once. The same name
    read of other objects (``self.add`` beside a list's ``.add``) says nothing of this one."""
    row = rows[line - 1] if 0 < line <= len(rows) else ""
    mine = next((m[1] for m in re.finditer(_CHAIN + re.escape(word) + r"\b", row)
                 if m.end() - len(word) == col - 1), None)
    if mine is None:  # read of a call's or a subscript's value: judged by the name alone
        return len(re.findall(r"\.\s*" + re.escape(word) + r"\b", text)) > 1
    same = re.sub(r"\s+", "", mine)
    return sum(re.sub(r"\s+", "", m[1]) == same
               for m in re.finditer(_CHAIN + re.escape(word) + r"\b", text)) > 1


def _as_expression(checker: Checker, text: str, path: str, finding: TypeFinding, col: int,
                   word: str) -> str | None:
    """Return how Python writes the call of another language's method ``word`` (``len(xs)``
    for ``xs.size()``) where the value has what that takes (``__len__``), else None."""
    habit = EXPRESSION_HABITS.get(word)
    written = expression_habit(text, finding.end_line, col, word) if habit else None
    if habit is None or written is None:
        return None
    needs = habit[1]
    if needs is not None and needs not in checker.members(
            path, text, finding.end_line, col, word, probes=(needs,)):
        return None
    return written[1]


def _overload_keywords(checker: Checker, tree: ast.Module, text: str, path: str,
                       overloaded: list[TypeFinding], leave: AbstractSet[int]) -> list[Problem]:
    """Return NCA104 problems for the keyword arguments of calls no overload matches
    (``subprocess.run(cmd, captur_output=True)``): the checker says only that no overload fits,
    so each keyword is looked up among the parameters it completes there."""
    rows = text.splitlines()
    out = []
    starts = {(f.line, f.col) for f in overloaded if f.line not in leave}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and (node.lineno, node.col_offset + 1) in starts):
            continue
        for kw in node.keywords:
            word = kw.arg
            if word is None or not 0 < kw.lineno <= len(rows):
                continue
            col = rows[kw.lineno - 1].find(word, kw.col_offset) + 1
            if col <= 0:
                continue
            members = checker.members(path, text, kw.lineno, col, word, keywords=True)
            if not members or word in members:
                continue  # no signature to judge by, or a parameter it has
            names = [n for n, _ in suggestions(word, [(m, 0) for m in members])[:3]]
            if not names:
                continue
            listed = ", ".join(f"`{n}`" for n in names)
            callee = ast.unparse(node.func)
            out.append(Problem(TYPE_KEYWORD_CODE,
                               f"Argument `{word}` does not match any parameter of `{callee}`; "
                               f"did you mean {listed}?", line=kw.lineno, col=col,
                               end_line=kw.lineno, end_col=col + len(word), source="ty",
                               symbol=word))
    return out


def _one_known(members: str) -> bool:
    """Return True for a union whose only known member lacks the attribute (`Unknown |
    type[Style]`, `(Unknown & ~AlwaysFalsy) | <class 'Style'>`)."""
    parts = members.split(" | ")
    return len(parts) > 1 and sum("Unknown" not in part for part in parts) == 1


_OBJECT_TYPE = re.compile(r"^Object of type `(?P<type>[\w.]+)")
#: values of these types are what they say: no class of the project makes them another
_BUILTIN_TYPES = frozenset({"list", "dict", "str", "bytes", "set", "frozenset", "tuple", "int",
                            "float", "complex", "bool", "bytearray", "memoryview", "range"})


def _may_be_subclassed(message: str) -> bool:
    """Return True when the finding is about an object of a class, not of a builtin type or a
    module: a subclass the project defines may be what really arrives there."""
    match = _OBJECT_TYPE.match(message)
    return match is not None and match.group("type") not in _BUILTIN_TYPES


def _owner(tree: ast.Module, line: int) -> str | None:
    """Return the name of the innermost class whose body holds ``line``."""
    owner = None
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.lineno <= line <= (node.end_lineno or 0):
            if owner is None or node.lineno >= owner[1]:
                owner = (node.name, node.lineno)
    return owner[0] if owner else None


def _mixin_classes(tree: ast.Module, found: list[TypeFinding]) -> set[str]:
    """Return the classes that read two or more attributes of ``self`` they never get:
    mixins (PyYAML's Parser reads its Scanner partner's methods), not classes full of typos."""
    missing: dict[str, set[str]] = {}
    for finding in found:
        match = _MISSING.search(finding.message)
        if match and "Self@" in finding.message:
            owner = _owner(tree, finding.line)
            if owner:
                missing.setdefault(owner, set()).add(match.group("name") or match.group("union"))
    return {owner for owner, names in missing.items() if len(names) > 1}


#: type-checker rules that advise on working code rather than report an error
ADVICE_RULES = frozenset({"deprecated", "redundant-cast", "unused-ignore-comment",
                          "unused-type-ignore-comment"})


def new_type_findings(before: Iterable[TypeFinding], after: Iterable[TypeFinding],
                      lines: set[int]) -> list[TypeFinding]:
    """Return the findings of ``after`` on ``lines`` that ``before`` did not have (by rule and
    message, counted): what a candidate made ill-typed where it changed the text.

    Advice about code that works (a deprecated overload, a redundant cast) is no sign of a
    wrong fix: a name the fix makes resolve brings its library's deprecations with it. Nor
    is a hint without a rule: "Code is unreachable" for the `"darwin"` branch of
    `sys.platform == "darwin"`, once `sys.pltaform` is `sys.platform`, on Linux. Nor is the
    same complaint at the same place, reworded by what the fix made known (`self.edges` "may
    not be iterable" either way, its type now spelt with the list the fixed line assigns)."""
    before = list(before)
    places = {(f.rule, f.line, f.col, f.end_line, f.end_col) for f in before}
    return [f for f in introduced(before, after, lambda f: (f.rule, f.message))
            if (f.line in lines or f.end_line in lines) and f.rule
            and f.rule not in ADVICE_RULES
            and (f.rule, f.line, f.col, f.end_line, f.end_col) not in places]
