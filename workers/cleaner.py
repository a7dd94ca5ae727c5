"""The Cleaner: finds code nothing uses in one file and removes what is safe to remove.

Detection is vulture's, run on the text alone; what vulture cannot know about a file (names a
framework, pytest or another module reaches without a visible reference) is added from the
file's own syntax tree. Removal is libcst's (:mod:`nca.workers.cleaning_removal`), repeated
until nothing removable is left, because removing a function can leave its imports unused.
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass, field, replace

import vulture

from nca.workers.cleaning_removal import Removal, remove
from nca.workers.errors import InputError
from nca.workers.types import CleanFinding, CleanReport, CleanRequest, worker

__all__ = ["clean"]

#: how many detect-and-remove rounds one request may take; each round only removes code
MAX_ROUNDS = 8

_CATEGORIES = {"unreachable_code": "unreachable"}
_TERMINATORS = {"return", "raise", "continue", "break"}
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}
#: decorators that neither register nor expose the function they wrap
_INERT_DECORATORS = {
    "staticmethod",
    "classmethod",
    "cache",
    "functools.cache",
    "lru_cache",
    "functools.lru_cache",
}
_NOQA = re.compile(r"#\s*noqa\b", re.IGNORECASE)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

_Key = tuple[str, str, int]  # category, name, line in the text the request holds


class _QuietVulture(vulture.Vulture):
    """Vulture that never prints: stdout is the language server's channel."""

    def _log(self, *args: object, file: object = None, force: bool = False) -> None:
        return None


@dataclass(frozen=True)
class _Definition:
    """What the syntax tree says about one ``def`` or ``class``."""

    top: bool  # at module level, or a method of a class at module level
    decorators: tuple[str, ...]
    in_subclass: bool = False  # a method of a class with bases: it may override one


@dataclass
class _FileFacts:
    """What vulture does not see: how names are reached and which code is off limits."""

    definitions: dict[tuple[int, str], _Definition] = field(default_factory=dict)
    kept_import_lines: set[int] = field(default_factory=set)  # marked no-qa, or optional imports
    main_block: set[int] = field(default_factory=set)  # lines of `if __name__ == "__main__":`
    exported: set[str] = field(default_factory=set)  # __all__ and string annotations
    strings: set[str] = field(default_factory=set)  # identifier-like string constants


@worker("clean")
def clean(request: CleanRequest) -> CleanReport:
    """Return the unused code of ``request.text`` and the text with the safe removals made.

    Findings below ``request.min_confidence`` are not reported. Text that does not compile is
    returned unchanged with no findings: it needs fixing before it can be cleaned.
    """
    if not 0 <= request.min_confidence <= 100:
        raise InputError(f"min_confidence must be between 0 and 100, not {request.min_confidence}")
    original = request.text
    if not original.strip() or not _compiles(original, request.path):
        return CleanReport(text=original)

    gone: dict[_Key, CleanFinding] = {}  # removed findings, by where they were in the input
    refused: dict[_Key, str] = {}
    removed: list[str] = []
    text = original
    for round_number in range(MAX_ROUNDS + 1):
        lines = _line_map(original, text)
        present: dict[_Key, CleanFinding] = {}
        targets: dict[Removal, _Key] = {}
        for finding, removal in _detect(text, request):
            key = (finding.category, finding.name, lines.get(finding.line, finding.line))
            present.setdefault(key, replace(finding, line=key[2]))
            if removal is not None and key not in refused:
                targets[removal] = key
        if not targets:
            break
        if round_number == MAX_ROUNDS:
            for key in targets.values():
                refused[key] = f"not removed: cleaning stops after {MAX_ROUNDS} rounds"
            break
        text, done = _remove_compiling(text, request.path, targets, refused)
        for removal in done:
            gone.setdefault(targets[removal], present[targets[removal]])
            removed.append(removal.name)

    report = [*gone.values()]
    for key, finding in present.items():
        if key in refused:
            finding = replace(finding, removable=False, reason=refused[key])
        report.append(finding)
    report.sort(key=lambda f: (f.line, f.category, f.name))
    return CleanReport(findings=tuple(report), text=text, removed=tuple(removed))


def _remove_compiling(
    text: str, path: str, targets: dict[Removal, _Key], refused: dict[_Key, str]
) -> tuple[str, list[Removal]]:
    """Return ``text`` with the removals that leave compiling code, and those removals.

    The ones that cannot be made are noted in ``refused``. All are tried at once first; only
    when the result does not compile is each tried alone, to find the ones to give up.
    """
    new_text, applied = remove(text, targets)
    for missed in targets.keys() - applied:
        refused[targets[missed]] = "could not be located for removal"
    done = sorted(applied, key=lambda r: (r.line, r.name))
    if _compiles(new_text, path):
        return new_text, done
    good = []
    for removal in done:
        attempt, found = remove(text, [removal])
        if found and _compiles(attempt, path):
            good.append(removal)
        else:
            refused[targets[removal]] = "removing it leaves code that does not compile"
    new_text, _ = remove(text, good)
    if good and _compiles(new_text, path):
        return new_text, good
    for removal in good:
        refused[targets[removal]] = "removing it with the others leaves code that does not compile"
    return text, []


def _compiles(text: str, path: str) -> bool:
    try:
        compile(text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):  # ValueError: null bytes
        return False
    return True


def _line_map(original: str, current: str) -> dict[int, int]:
    """Return 1-based lines of ``current`` mapped to the lines of ``original`` they came from.

    Cleaning only deletes and shortens lines, so a finding of a later round is reported at the
    place the user sees in the text they sent.
    """
    if original == current:
        return {}
    old, new = original.splitlines(), current.splitlines()
    mapping: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            offset = j - j1 if tag == "equal" else min(j - j1, max(i2 - i1 - 1, 0))
            mapping[j + 1] = i1 + offset + 1
    return mapping


# ---------------------------------------------------------------------------- detection


def _detect(text: str, request: CleanRequest) -> list[tuple[CleanFinding, Removal | None]]:
    """Return the findings in ``text`` that pass the filters, each with its removal if safe."""
    facts = _facts(text)
    scanner = _QuietVulture(ignore_names=list(request.whitelist))
    scanner.scan(text, filename=request.path)
    if scanner.exit_code != vulture.utils.ExitCode.NoDeadCode:
        # a scan that stopped part way (a bad type comment) has not seen every use of a name
        return []
    orphans = set(request.orphans)
    out = []
    for item in scanner.get_unused_code():
        category = _CATEGORIES.get(item.typ, item.typ)
        name = item.message if category == "unreachable" else item.name
        if _never_reported(category, item, facts):
            continue
        confidence = item.confidence
        if item.name in orphans and category != "unreachable":
            confidence = 100
        if confidence < request.min_confidence:
            continue
        reason = _why_kept(category, item, facts)
        finding = CleanFinding(
            name=name,
            category=category,
            line=item.first_lineno,
            confidence=confidence,
            removable=not reason,
            size=item.size,
            reason=reason,
        )
        removal = None
        if not reason:
            kind = {"import": "import", "unreachable": "unreachable"}.get(category, "definition")
            removal = Removal(kind=kind, name=name, line=item.first_lineno)
        out.append((finding, removal))
    return out


def _never_reported(category: str, item: vulture.core.Item, facts: _FileFacts) -> bool:
    """Return whether a vulture finding is a false positive this file's own tree explains."""
    name, line = item.name, item.first_lineno
    if category == "unreachable":
        return False
    if line in facts.main_block:
        return True
    if name in facts.exported or (name.startswith("__") and name.endswith("__")):
        return True
    if category == "import":
        return line in facts.kept_import_lines
    if category in {"function", "method", "class"}:
        if name.startswith(("test_", "pytest_")) or (
            category == "class" and name.startswith("Test")
        ):
            return True
        definition = facts.definitions.get((line, name))
        if definition and any(d.rpartition(".")[2] == "fixture" for d in definition.decorators):
            return True
    return False


def _why_kept(category: str, item: vulture.core.Item, facts: _FileFacts) -> str:
    """Return why a reported finding must not be removed, or "" when removing it is safe."""
    if category in {"variable", "attribute", "property"}:
        return f"reported only: removing a {category} can change behaviour"
    if category == "unreachable":
        return "" if item.name in _TERMINATORS else f"reported only: {item.message}"
    if category == "import":
        return ""
    definition = facts.definitions.get((item.first_lineno, item.name))
    if definition is None or not definition.top:
        return "defined inside a function or a block"
    decorators = [d for d in definition.decorators if d not in _INERT_DECORATORS]
    if decorators:
        return f"decorated with @{decorators[0]}, which may register it"
    if definition.in_subclass:
        return "a method of a subclass, which may override one its base class calls"
    if item.name in facts.strings:
        return "its name appears in a string, so it may be looked up dynamically"
    return ""


def _facts(text: str) -> _FileFacts:
    """Return what the syntax tree tells about names vulture would wrongly call unused."""
    tree = ast.parse(text)
    lines = text.splitlines()
    facts = _FileFacts()
    top: set[int] = set()
    in_subclass: set[int] = set()
    for statement in tree.body:
        top.add(id(statement))
        if isinstance(statement, ast.ClassDef):
            top.update(id(member) for member in statement.body)
            if statement.keywords or any(_dotted(b) != "object" for b in statement.bases):
                in_subclass.update(id(member) for member in statement.body)
        elif isinstance(statement, ast.If) and _is_main_check(statement.test):
            facts.main_block.update(range(statement.lineno, (statement.end_lineno or 0) + 1))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            decorators = tuple(_dotted(d) for d in node.decorator_list)
            facts.definitions[(first, node.name)] = _Definition(
                id(node) in top, decorators, id(node) in in_subclass
            )
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
        facts.exported.update(_exported_names(node))
    return facts


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
            parsed = ast.parse(annotation.value, mode="eval")
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


def _dotted(decorator: ast.expr) -> str:
    """Return a decorator's dotted name, without the call (``@app.route("/")`` -> app.route)."""
    if isinstance(decorator, ast.Call):
        decorator = decorator.func
    try:
        return ast.unparse(decorator)
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
            if kind is not None and _dotted(kind).rpartition(".")[2] in _IMPORT_ERRORS:
                return True
    return False
