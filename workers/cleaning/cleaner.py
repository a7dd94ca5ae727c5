"""The Cleaner: finds code nothing uses in one file and removes what is safe to remove.

Detection is vulture's, run on the text alone; what vulture cannot know about a file (names a
framework, pytest or another module reaches without a visible reference) is added from the
file's own syntax tree. Removal is libcst's (:mod:`nca.workers.cleaning.removal`), repeated
until nothing removable is left, because removing a function can leave its imports unused.
"""

from __future__ import annotations

import difflib
import functools
import pkgutil
from dataclasses import dataclass, replace
from pathlib import Path

import vulture

from nca.workers.cleaning.facts import FileFacts, file_facts
from nca.workers.cleaning.removal import Removal, remove
from nca.workers.core.errors import InputError
from nca.workers.core.parsing import compile_source
from nca.workers.core.registry import worker
from nca.workers.core.types import CleanFinding, CleanReport, CleanRequest

__all__ = ["CleanOptions", "clean"]

#: how many detect-and-remove rounds one request may take; each round only removes code
MAX_ROUNDS = 8

_CATEGORIES = {"unreachable_code": "unreachable"}
_TERMINATORS = {"return", "raise", "continue", "break"}
#: decorators that neither register nor expose the function or class they wrap
_INERT_DECORATORS = {
    "staticmethod",
    "classmethod",
    "cache",
    "functools.cache",
    "lru_cache",
    "functools.lru_cache",
    "dataclass",
    "dataclasses.dataclass",
    "total_ordering",
    "functools.total_ordering",
}

_Key = tuple[str, str, int]  # category, name, line in the text the request holds


class _QuietVulture(vulture.Vulture):
    """Vulture that never prints: stdout is the language server's channel."""

    def _log(self, *args: object, file: object = None, force: bool = False) -> None:
        return None


@dataclass(frozen=True)
class CleanOptions(CleanRequest):
    """A :class:`CleanRequest` with the vulture options a workspace may set beyond it."""

    ignore_decorators: tuple[str, ...] = ()  # glob patterns, e.g. "@app.route", "@*.command"
    whitelists: tuple[tuple[str, str], ...] = ()  # (name, code) of vulture whitelist files


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
        compile_source(text, path, 0)
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
    facts = file_facts(text)
    scanner = _scan(text, request)
    if scanner is None:
        return []
    orphans = set(request.orphans)
    here = Path(request.path)
    out = []
    for item in scanner.get_unused_code():
        if item.filename != here:
            continue  # defined in a whitelist file
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


def _scan(text: str, request: CleanRequest) -> vulture.Vulture | None:
    """Return vulture after scanning ``text`` and the whitelists, or None if it stopped early.

    Like vulture's own command line, the whitelists it ships for the modules the text imports
    (``unittest``, ``ast``, ``logging``...) count as uses.
    """
    scanner = _QuietVulture(
        ignore_names=list(request.whitelist),
        ignore_decorators=list(getattr(request, "ignore_decorators", ())),
    )
    scanner.scan(text, filename=request.path)
    if scanner.exit_code != vulture.utils.ExitCode.NoDeadCode:
        # a scan that stopped part way (a bad type comment) has not seen every use of a name
        return None
    bundled = _QuietVulture()
    for module in sorted({item.name for item in scanner.defined_imports}):
        code = _bundled_whitelist(module)
        if code:
            bundled.scan(code, filename=f"<vulture whitelist for {module}>")
    # a bundled whitelist imports the module it covers; that use is not the file's own
    bound = {item.name for item in bundled.defined_imports}
    scanner.used_names.update(name for name in bundled.used_names if name not in bound)
    for name, code in getattr(request, "whitelists", ()):
        scanner.scan(code, filename=name)
        if scanner.exit_code != vulture.utils.ExitCode.NoDeadCode:
            raise InputError(f"whitelist {name} is not valid Python")
    return scanner


@functools.cache
def _bundled_whitelist(module: str) -> str:
    """Return the whitelist vulture ships for ``module``, or "" (most modules have none)."""
    try:
        data = pkgutil.get_data("vulture", f"whitelists/{module}_whitelist.py")
    except (OSError, ValueError):
        return ""
    return data.decode("utf-8") if data else ""


def _never_reported(category: str, item: vulture.core.Item, facts: FileFacts) -> bool:
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
    if category == "variable" and (line, name) in facts.signature_args:
        return True
    if category in {"function", "method", "class"}:
        if name.startswith(("test_", "pytest_")) or (
            category == "class" and name.startswith("Test")
        ):
            return True
        definition = facts.definitions.get((line, name))
        if definition and any(d.rpartition(".")[2] == "fixture" for d in definition.decorators):
            return True
    return False


def _why_kept(category: str, item: vulture.core.Item, facts: FileFacts) -> str:
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
        what = "a method" if category == "method" else f"a {category} defined"
        return f"{what} in a subclass, which may override one its base class uses"
    if item.name in facts.overloaded:
        return "it implements an @overload signature"
    if definition.registered_by:
        return f"a subclass of {definition.registered_by}, which may register it when defined"
    if item.name in facts.strings:
        return "its name appears in a string, so it may be looked up dynamically"
    prefix = next((p for p in sorted(facts.dynamic_prefixes) if item.name.startswith(p)), None)
    if prefix is not None:
        return f"names starting with {prefix!r} are looked up dynamically"
    if facts.dynamic_line:
        return f"line {facts.dynamic_line} looks names up dynamically (getattr, globals())"
    return ""
