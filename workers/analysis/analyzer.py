"""The Analyzer: ranked solutions for one problem, found in local knowledge.

For an undefined name it looks at what is really in scope at the use site (as CPython's own
"Did you mean" does), at modules and public names of the workspace, the stdlib and installed
packages, and at fixes that worked before. For an attribute a module lacks it looks at the
module's real attributes. It only proposes; the rules engine turns solutions into patches.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from nca.workers.analysis.import_solutions import import_solutions
from nca.workers.analysis.self_solutions import checker_self, missing_self
from nca.workers.core.errors import InputError
from nca.workers.core.registry import worker
from nca.workers.core.types import Analysis, AnalyzeRequest, Problem, Solution
from nca.workers.debugging.self_attributes import (
    SELF_ATTRIBUTE_CODE,
    class_attributes,
)
from nca.workers.facts.document import DocumentFacts, facts_of
from nca.workers.facts.import_homes import WELL_KNOWN_ALIASES
from nca.workers.facts.method_habits import EXPRESSION_HABITS, PYTHON2_NAMES, method_habit
from nca.workers.facts.modulefacts import absolute_module
from nca.workers.facts.near_miss import levenshtein_distance, other_case, suggestions
from nca.workers.facts.scopes import function_at, visible_names

__all__ = [
    "WELL_KNOWN_ALIASES",
    "analyze",
]

UNDEFINED_CODES = frozenset({"F821", "NameError"})
#: ruff's "`X` may be undefined, or defined from star imports"
STAR_CODE = "F405"
ATTRIBUTE_CODES = frozenset({"NCA101", "AttributeError"})


_UNDEFINED = re.compile(r"(?:[Uu]ndefined name|name) [`'\"](?P<name>[\w.]+)[`'\"]")
_NO_ATTRIBUTE = re.compile(r"module '(?P<module>[\w.]+)' has no attribute '(?P<name>\w+)'")

def _name_usage(facts: DocumentFacts) -> Counter[str]:
    return facts.name_usage


def _slip(wrong: str, right: str) -> bool:
    """Return True when ``wrong`` -> ``right`` reads as a slip of the keyboard, not another
    word: `Button` -> `buttons` turns a class into a list (recased), `helper` -> `help` is
    two letters more or less at an end (clipped; `_tnrange` -> `range` too). A letter typed before or lost at the start,
    `nNumber` -> `Number`, is no recasing."""
    recased = (wrong[:1] != right[:1] and wrong[:1].lower() == right[:1].lower()
               and wrong[1:] != right and right[1:] != wrong)
    clipped = abs(len(wrong) - len(right)) > 1 and (
        wrong.startswith(right) or right.startswith(wrong)
        or wrong.endswith(right) or right.endswith(wrong))
    return not recased and not clipped


def _rename(wrong: str, right: str, distance: int, position: int, scope: str, source: str):
    # a two-letter name has too many neighbours: such renames are suggestions, never applied,
    # unless the namespace shows a single near miss (see the callers)
    sure = len(wrong) > 2 and _slip(wrong, right)
    return Solution(
        kind="rename",
        title=f"Change `{wrong}` to `{right}`",
        source=source,
        score=round(max(0.1, 0.9 - 0.1 * distance - 0.01 * position), 3),
        detail={"original": wrong, "replacement": right, "distance": distance, "scope": scope,
                "sure": sure},
    )


def _undefined_name(request: AnalyzeRequest, facts: DocumentFacts) -> list[Solution]:
    problem = request.problem
    match = _UNDEFINED.search(problem.message)
    name = problem.symbol or (match.group("name") if match else None)
    if not name or not name.isidentifier():
        return []
    usage = _name_usage(facts)
    visible = visible_names(request.text, problem.line, problem.col, tree=facts.tree,
                            table=facts.symtable)
    scopes = {n: (nearness, scope) for n, nearness, scope in reversed(visible)}
    found = missing_self(name, problem.line, facts) or checker_self(name, problem, facts)
    # `pd` means pandas: when it is not installed, no look-alike (`id`) is what was meant
    close = [] if name in WELL_KNOWN_ALIASES else suggestions(
        name, [(n, near) for n, near, _ in visible], usage)
    for position, (right, distance) in enumerate(close[:3]):
        scope = scopes[right][1]
        source = "builtins" if scope == "builtin" else "scope"
        solution = _rename(name, right, distance, position, scope, source)
        unique = position == 0 and all(d > distance for _, d in close[1:])
        if len(name) <= 2 and unique and (
                _orphaned_binding(right, problem.line, facts)
                or _parameter_slip(name, right, problem.line, facts, request)):
            solution.detail["sure"] = True  # `ys` beside an unread `import sys`, `rr` `as err`
        if unique and scope == "local" and len(name) >= 4 and right.startswith(name) and (
                len(right) - len(name) <= 3):
            solution.detail["sure"] = True  # `hdr_val` for the function's own `hdr_value`
        if _recursion(right, problem.line, facts):
            solution.detail["sure"] = False  # `_tnrange` in `def tnrange` would call itself
        found.append(solution)
    if request.index is not None:
        found.extend(import_solutions(name, request, facts, request.index))
    if _passed_on_as_itself(name, facts):
        for solution in found:
            solution.detail["sure"] = False
    return found


def _passed_on_as_itself(name: str, facts: DocumentFacts) -> bool:
    """Return True when every read of ``name`` stores it under its own name (``self.count =
    count``, ``f(count=count)``): the value of a parameter or local the code lost, seldom
    what a module of that name offers (``itertools.count``) or a look-alike (``round``)."""
    stored = 0
    node: ast.AST
    for node in facts.of_type((ast.Assign, ast.keyword)):
        if isinstance(node, ast.keyword):
            stored += node.arg == name and isinstance(node.value, ast.Name) and (
                node.value.id == name)
        elif isinstance(node.value, ast.Name) and node.value.id == name:
            stored += all(isinstance(t, ast.Attribute) and t.attr == name for t in node.targets)
    reads = sum(1 for n in facts.of_type(ast.Name) if n.id == name and isinstance(n.ctx, ast.Load))
    return 0 < reads == stored


def _recursion(name: str, line: int, facts: DocumentFacts) -> bool:
    """Return True when ``name`` is the function around ``line`` and nothing else in it calls
    itself: renaming a read there to ``name`` would make a function that never recursed do so."""
    function = function_at(facts.functions, line)
    if function is None or function.name != name:
        return False
    return not any(isinstance(n, ast.Name) and n.id == name and n.lineno != line
                   for n in ast.walk(function))


def _parameter_slip(wrong: str, right: str, line: int, facts: DocumentFacts,
                    request: AnalyzeRequest) -> bool:
    """Return True when ``wrong`` is ``right``, a parameter of the function around ``line``,
    with one letter lost (`ky` for `key`) and no alias the workspace gives a module (a lost
    `import numpy as nu` beside a parameter `nut` is no slip)."""
    function = function_at(facts.functions, line)
    if function is None or not any(right[:i] + right[i + 1:] == wrong
                                   for i in range(len(right))):
        return False
    args = function.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    if not any(a is not None and a.arg == right for a in params):
        return False
    aliases = getattr(request.index, "alias_counts", None) if request.index else None
    return not (aliases and aliases(wrong))


def _orphaned_binding(name: str, line: int, facts: DocumentFacts) -> bool:
    """Return True when the code binds ``name`` (an import, ``except ... as err``, an
    assignment) and never reads it: the typo that left the binding unused is the likeliest
    reading of a short undefined name (`ys.modules` beside `import sys`). The binding is
    looked for in the function around ``line`` first, then in the module."""
    function = function_at(facts.functions, line)
    scopes = [list(ast.walk(function))] if function is not None else []
    # `except ... as err` binds err for its own body only
    handlers = [h for h in facts.of_type(ast.ExceptHandler)
                if h.name == name and h.lineno <= line <= (h.end_lineno or h.lineno)]
    if handlers:
        scopes.insert(0, list(ast.walk(max(handlers, key=lambda h: h.lineno))))
    for nodes in [*scopes, facts.nodes]:
        bound = read = False
        for node in nodes:
            if isinstance(node, ast.Name) and node.id == name:
                read |= isinstance(node.ctx, ast.Load)
                bound |= not isinstance(node.ctx, ast.Load)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                bound |= any((a.asname or a.name.partition(".")[0]) == name for a in node.names)
            elif isinstance(node, ast.ExceptHandler):
                bound |= node.name == name
        if bound:
            return not read
    return False


def _undefined_despite_stars(request: AnalyzeRequest, facts: DocumentFacts) -> bool:
    """Return True when no module the file star-imports defines the F405 problem's name: then
    it is plainly undefined (an import was lost). A star source the index does not know
    wholly may define it: then the name is left alone, as on working code."""
    name, index = request.problem.symbol, request.index
    if not name or index is None or facts.tree is None:
        return False
    finder = getattr(index, "module_for_path", None)
    own = request.module or (finder(request.path) if finder and request.path else None)
    is_init = bool(request.path and request.path.replace("\\", "/").endswith("__init__.py"))
    knows_all = getattr(index, "knows_all_attributes", None)
    # what a star import binds: `__all__` where the module has one (not what it imports)
    exports = getattr(index, "star_exports", index.module_attributes)
    stars = [n for n in facts.tree.body
             if isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)]
    if not stars or knows_all is None:
        return False
    if is_init and any(isinstance(n, ast.ImportFrom) and n.level == 1 and n.module
                       and n.module.partition(".")[0] == name for n in facts.tree.body):
        return False  # a package's `from .loader import *` binds `loader` there too
    if not any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
               for n in facts.nodes):
        return False  # named only in __all__'s strings: nothing the code reads is missing
    for node in stars:
        if node.level and not own:
            return False
        source = absolute_module(own or "", node.module or "", node.level, is_init)
        if not source or not knows_all(source) or name in exports(source):
            return False
    return True


def _missing_attribute(request: AnalyzeRequest, facts: DocumentFacts) -> list[Solution]:
    problem, index = request.problem, request.index
    match = _NO_ATTRIBUTE.search(problem.message)
    if match is None or index is None:
        return []
    module, name = match.group("module"), problem.symbol or match.group("name")
    source = getattr(index, "source_of", lambda _: None)(module) or "index"
    attributes = [(attr, 0) for attr in index.module_attributes(module)]
    renamed = PYTHON2_NAMES.get(name)
    if renamed is not None and (renamed, 0) in attributes:
        # Python 2's name of what the module now calls otherwise (`string.lowercase`)
        solution = _rename(name, renamed, 0, 0, "attribute", source)
        solution.detail["sure"] = True
        return [solution]
    recased = other_case(name, (attr for attr, _ in attributes))
    if recased is not None:
        # the attribute itself in other letter case (`math.PI` for `pi`): one slip
        solution = _rename(name, recased, 1, 0, "attribute", source)
        solution.detail["sure"] = True
        return [solution]
    close = suggestions(name, attributes, _name_usage(facts))
    found = [_rename(name, right, distance, position, "attribute", source)
             for position, (right, distance) in enumerate(close[:3])]
    knows_all = getattr(index, "knows_all_attributes", lambda _: False)(module)
    if len(found) > 1 and knows_all and len(name) <= 2:
        # a name the module merely imports for itself (`os.st`, its `import stat as st`) is
        # no rival of one it offers (`os.sep`), where its `__all__` tells them apart
        offered = set(getattr(index, "star_exports", lambda _: [])(module))
        kept = [c for c in close[:3] if c[0] in offered]
        if len(kept) == 1 and kept[0][1] == close[0][1] and len(offered) < len(attributes):
            found = [f for f, c in zip(found, close, strict=False) if c in kept]
            close = kept
    if len(found) == 1 and knows_all and len(name) <= 2:
        found[0].detail["sure"] = _slip(name, close[0][0])  # `re.su`: `sub`, its one near miss
    return found


_NO_SELF_ATTRIBUTE = re.compile(r"'(?P<cls>\w+)' object has no attribute '(?P<name>\w+)'")


def _missing_self_attribute(request: AnalyzeRequest, facts: DocumentFacts) -> list[Solution]:
    match = _NO_SELF_ATTRIBUTE.search(request.problem.message)
    if match is None:
        return []
    tree = facts.tree
    assert tree is not None  # the caller asks only of a text that parses
    for node in ast.walk(tree):  # the first class of that name in ast.walk's order
        if isinstance(node, ast.ClassDef) and node.name == match.group("cls"):
            known = class_attributes(node) or set()
            close = suggestions(match.group("name"), [(a, 0) for a in sorted(known)],
                                _name_usage(facts))
            return [_rename(match.group("name"), right, distance, position, "attribute", "scope")
                    for position, (right, distance) in enumerate(close[:3])]
    return []


#: the members a type-checker finding names (NCA103: "...; did you mean `count`, `counter`?")
TYPE_CODES = frozenset({"NCA103", "NCA104"})  # an attribute, a keyword argument
_DID_YOU_MEAN = re.compile(r"did you mean (?P<names>`\w+`(?:, `\w+`)*)\?$")


def _checker_members(problem: Problem, text: str) -> list[Solution]:
    match = _DID_YOU_MEAN.search(problem.message)
    if match is None and problem.symbol in EXPRESSION_HABITS:
        # another language's method that Python writes as an expression (`len(xs)`)
        written = re.search(r"did you mean `([^`]+)`\?$", problem.message)
        if written:
            return [Solution(kind="expression", title=f"Write `{written[1]}`", source="habit",
                             score=0.9, detail={"original": problem.symbol, "sure": True})]
    if match is None or not problem.symbol:
        return []
    names = re.findall(r"`(\w+)`", match.group("names"))
    habit = method_habit(text, problem.line, problem.col, problem.symbol)
    distance = {right: levenshtein_distance(problem.symbol, right, 99) for right in names}
    # members the same distance off are told apart by a habit, then by the file's own use of
    # them (`urlparse.parse_qls` where the file calls `parse_qsl` twice, `parse_qs` never);
    # the checker's order is its own measure, not evidence
    usage = facts_of(text).name_usage
    evidence = {right: (distance[right], right != habit, -usage[right]) for right in names}
    names.sort(key=lambda right: evidence[right])
    tied = len(names) > 1 and evidence[names[0]] == evidence[names[1]]
    out = []
    for position, right in enumerate(names):
        solution = _rename(problem.symbol, right, distance[right], position, "attribute",
                           "type checker" if problem.source == "ty" else "callee's body")
        if right in (habit, other_case(problem.symbol, names)):
            # replaceAll -> replace, Java's add(i, x) -> insert: a habit, sure; so is the
            # member itself in other letter case (`timezone.UTC` -> `utc`)
            solution.detail["sure"] = True
        elif tied and distance[right] == distance[names[0]]:
            solution.detail["sure"] = False  # a coin toss between near misses: a suggestion
        out.append(solution)
    if len(out) == 1 and len(problem.symbol) <= 2 and names[0][:1] == problem.symbol[:1]:
        # the checker completed every member that starts with that letter: `t.Ay` has `Any`
        # as its only near miss there, so the two letters are not ambiguous
        out[0].detail["sure"] = _slip(problem.symbol, names[0])
    word = problem.symbol
    if problem.code == "NCA104" and len(out) == 1 and (
            names[0].startswith(word) or names[0].endswith("_" + word)
            or word.endswith("_" + names[0]) or word.startswith(names[0])):
        # a keyword cut short to the start of the one parameter it begins (`op=` for
        # `operator=`), written out longer (`tzinfo=` for `tz=`), or a word off it
        # (`plugin_name=` for `name=`): the call fails as written, and no other parameter was
        # meant
        out[0].detail["sure"] = True
    if problem.code == "NCA103" and len(out) == 1 and len(word) >= 4 and (
            names[0].startswith(word) and names[0][len(word):].isalpha()):
        # an attribute cut short to the one member it begins (`parsed.user` for `username`):
        # the checker knows the type's members whole, and no other one starts so
        out[0].detail["sure"] = True
    return out


@worker("analyze")
def analyze(request: AnalyzeRequest) -> Analysis:
    """Return the solutions local knowledge offers for ``request.problem``, best first."""
    if not isinstance(request, AnalyzeRequest) or not isinstance(request.text, str):
        raise InputError("analyze needs an AnalyzeRequest with the file's text")
    problem: Problem = request.problem
    learned = list(request.tips.lookup(problem)) if request.tips is not None else []
    # the text's facts (tree, names, scopes, imports) are those the linter already made
    facts = facts_of(request.text)
    found: list[Solution] = []
    if problem.code in UNDEFINED_CODES or (
            problem.code == STAR_CODE and _undefined_despite_stars(request, facts)):
        found = _undefined_name(request, facts)
    elif problem.code in ATTRIBUTE_CODES:
        found = _missing_attribute(request, facts)
    elif problem.code == SELF_ATTRIBUTE_CODE and facts.tree is not None:
        found = _missing_self_attribute(request, facts)
    elif problem.code in TYPE_CODES:
        found = _checker_members(problem, request.text)
    unique: dict[tuple, Solution] = {}
    for solution in sorted(found, key=lambda s: -s.score):
        key = (solution.kind, solution.detail.get("statement"), solution.detail.get("replacement"))
        unique.setdefault(key, solution)
    return Analysis(problem=problem, solutions=(*learned, *unique.values()))
