"""What an editor integration needs, free of any protocol: which of our problems a client's
diagnostic is about, repair and cleaning results as verified edits, backups of texts.

Clients show diagnostics from many tools (Pylance, ruff, mypy, our own). A diagnostic is worth
a "Fix with NCA" action when it lies on one of our own lint problems of the same text and is
about the same thing: the same code, the same symbol, or the same syntax error.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nca.admin.workspace import MAX_BYTES
from nca.workers.core.errors import InputError
from nca.workers.core.parsing import compile_source, parse
from nca.workers.core.text_edits import minimal_edits
from nca.workers.core.types import (
    BackupRequest,
    CleanFinding,
    CleanReport,
    Problem,
    TextEdit,
)
from nca.workers.debugging.diagnostics import symbol_in

if TYPE_CHECKING:
    from nca.admin.cleaning_knowledge import CleanKnowledge
    from nca.admin.reports import FileReport
    from nca.admin.workbench import Workbench

__all__ = [
    "CleanOutcome",
    "backup_text",
    "clean_text",
    "describe",
    "edits_between",
    "fix_edits",
    "match_problem",
    "not_lintable",
    "problems_by_file",
    "removal_title",
    "remove_finding",
    "removable_findings",
    "same_problem",
]

#: codes other tools use for what our linter reports as these
_EQUIVALENT = {
    "reportUndefinedVariable": "F821", "undefined-variable": "F821", "name-defined": "F821",
    "E0602": "F821", "reportUnusedImport": "F401", "unused-import": "F401",
    "reportAttributeAccessIssue": "NCA101", "attr-defined": "NCA101", "E1101": "NCA101",
    "missing-attribute": "NCA103", "unresolved-attribute": "NCA103",
}


def describe(problem: Problem) -> str:
    """Return a short phrase naming a problem, for an action's title."""
    message = problem.message.strip().splitlines()[0] if problem.message.strip() else problem.code
    if len(message) > 80:
        message = message[:77] + "..."
    return message if message.startswith(problem.code) else f"{problem.code} {message}"


def match_problem(theirs: Problem, problems: Sequence[Problem],
                  text: str | None = None) -> Problem | None:
    """Return the one of ``problems`` (ours, of the same text) the client's diagnostic is about.

    ``theirs`` is the client's diagnostic as a Problem in code points (the language server
    converts it: ``nca.server.lsp_convert.to_problem``). A match lies on an overlapping line
    range and has the same code, the same symbol, or is a syntax error where ours is one;
    among several, the nearest column wins.
    """
    code = _EQUIVALENT.get(theirs.code, theirs.code)
    symbol = theirs.symbol or symbol_in(theirs.message, theirs.code) or _text_at(text, theirs)
    syntax = theirs.is_syntax or theirs.message.startswith(("SyntaxError", "IndentationError"))
    best: tuple[int, int] | None = None
    found: Problem | None = None
    for ours in problems:
        if not _lines_overlap(ours, theirs, slack=1 if ours.is_syntax else 0):
            continue
        if ours.is_syntax:
            # a syntax error hides every other problem: whatever another tool says about
            # those lines, the fix starts there
            score = 0 if syntax else 1
        elif ours.code == code:
            score = 0
        elif symbol is not None and ours.symbol == symbol:
            score = 1
        else:
            continue
        rank = (score, abs(ours.col - theirs.col) if ours.line == theirs.line else 1000)
        if best is None or rank < best:
            best, found = rank, ours
    return found


def same_problem(target: Problem) -> Callable[[Problem], bool]:
    """Return a predicate true for ``target`` as the repair loop re-finds it in the same text."""
    def predicate(p: Problem) -> bool:
        return p.signature == target.signature and p.line == target.line

    return predicate


def _lines_overlap(a: Problem, b: Problem, slack: int = 0) -> bool:
    a_end = max(a.end_line or a.line, a.line)
    b_end = max(b.end_line or b.line, b.line)
    return a.line - slack <= b_end and b.line <= a_end + slack


def _text_at(text: str | None, problem: Problem) -> str | None:
    """Return the identifier a one-line range covers, if it covers exactly one."""
    if text is None or problem.end_line not in (None, problem.line) or problem.end_col is None:
        return None
    lines = text.split("\n")
    if not 1 <= problem.line <= len(lines):
        return None
    word = lines[problem.line - 1][problem.col - 1: problem.end_col - 1].strip()
    return word if word.isidentifier() else None


def not_lintable(text: str) -> str | None:
    """Return why a text is not linted (too large, binary), or None when it can be."""
    if len(text) > MAX_BYTES:
        return f"{len(text) / 1e6:.1f} MB is larger than the {MAX_BYTES // 2**20} MiB limit"
    if "\0" in text:
        return "binary content (NUL characters), not Python source"
    return None


# --------------------------------------------------------------------------- results as edits


def edits_between(old: str, new: str) -> list[TextEdit]:
    """Return the minimal edits that turn ``old`` into ``new`` (0-based lines, code points)."""
    return minimal_edits(old, new)


def fix_edits(original: str, report: FileReport) -> list[TextEdit]:
    """Return the minimal edits from ``original`` to a report's text; none unless it verified."""
    if not report.fixes_verified or report.text == original:
        return []
    return edits_between(original, report.text)


def backup_text(dispatcher: Workbench, files: Iterable[tuple[str, str]], message: str) -> str:
    """Return the id of a new backup of ``(workspace-relative path, text)`` pairs."""
    record = dispatcher.courier.call("backup", BackupRequest(
        workspace=str(dispatcher.workspace),
        files=tuple((rel, text.encode("utf-8")) for rel, text in files), message=message))
    return str(record.id)


@dataclass(frozen=True)
class CleanOutcome:
    """The Cleaner's result for one text and whether the removal verified."""

    report: CleanReport
    text: str  # the cleaned text, or the original when nothing verified
    verified: bool
    reason: str = ""


def clean_text(dispatcher: Workbench, text: str, rel: str, min_confidence: int = 80, *,
               knowledge: CleanKnowledge | None = None) -> CleanOutcome:
    """Return the dead-code removal of ``text``, kept only if it adds no lint problem.

    Names other workspace files or entry points use are kept (``knowledge``, loaded from the
    workspace when not given).
    """
    # loads libcst and vulture (~0.3 s): only the dead-code requests wait for them
    from nca.admin.cleaning import clean_text as clean

    report = clean(dispatcher, text, rel, min_confidence=min_confidence, knowledge=knowledge)
    if report.text == text or not report.removed:
        return CleanOutcome(report, text, False, "no removable dead code found")
    return _verified(dispatcher, report, text, report.text, rel)


def removable_findings(dispatcher: Workbench, text: str, rel: str, min_confidence: int = 60, *,
                       knowledge: CleanKnowledge | None = None) -> tuple[CleanFinding, ...]:
    """Return the Cleaner's findings in ``text`` that can be removed one by one, by line.

    Only what the text holds now counts: an import that becomes unused once a function is
    gone is found again after that removal. A text that does not compile has none.
    """
    # loads libcst and vulture (~0.3 s): only the dead-code requests wait for them
    from nca.admin.cleaning import clean_text as clean
    from nca.admin.cleaning import skip_reason

    if skip_reason(text, rel):
        return ()
    report = clean(dispatcher, text, rel, min_confidence=min_confidence, knowledge=knowledge)
    return tuple(f for f in report.findings if f.removable)


def removal_title(category: str, name: str) -> str:
    """Return an action's title for removing one finding: "Remove unused function `f`"."""
    if category == "unreachable":
        return f"Remove unreachable code ({name})" if name else "Remove unreachable code"
    return f"Remove unused {category} `{name}`"


def remove_finding(dispatcher: Workbench, text: str, rel: str, category: str, name: str,
                   line: int) -> CleanOutcome:
    """Return ``text`` without one finding, kept only if it compiles and adds no lint problem."""
    # the removal loads libcst (~0.2 s): only the dead-code requests wait for it
    from nca.workers.cleaning.removal import Removal, remove

    kind = {"import": "import", "unreachable": "unreachable"}.get(category, "definition")
    try:
        new, applied = remove(text, [Removal(kind=kind, name=name, line=line)])
    except Exception as err:  # libcst refuses text it cannot parse  # noqa: BLE001
        raise InputError(f"{rel} cannot be parsed for removal: {err}") from None
    finding = CleanFinding(name=name, category=category, line=line, confidence=100,
                           removable=True)
    report = CleanReport(findings=(finding,), text=new, removed=(name,) if applied else ())
    if not applied or new == text:
        return CleanOutcome(report, text, False, f"{name} is no longer at line {line}")
    try:
        compile_source(new, rel, 0)
    except (SyntaxError, ValueError) as err:
        return CleanOutcome(report, text, False, f"the removal leaves code that does not "
                            f"compile ({err})")
    if kind != "import":
        new = _without_orphaned_imports(dispatcher, text, new, rel)
    return _verified(dispatcher, report, text, new, rel)


def _without_orphaned_imports(dispatcher: Workbench, before: str, after: str, rel: str) -> str:
    """Return ``after`` without the imports only the removed code used (as the Cleaner's
    next round would); unchanged when they cannot all be located."""
    # the removal loads libcst (~0.2 s): only the dead-code requests wait for it
    from nca.workers.cleaning.removal import Removal, remove

    old = Counter(p.signature for p in dispatcher.linter.lint(before, rel) if p.code == "F401")
    lines = set()
    for p in dispatcher.linter.lint(after, rel):
        if p.code == "F401":
            if old[p.signature] > 0:
                old[p.signature] -= 1
            else:
                lines.add(p.line)
    if not lines:
        return after
    names = Counter(tok.string for tok in tokenize.generate_tokens(io.StringIO(after).readline)
                    if tok.type == tokenize.NAME)
    removals = []
    for node in ast.walk(parse(after)):
        if isinstance(node, ast.Import | ast.ImportFrom) and node.lineno in lines:
            for alias in node.names:
                bound = alias.asname or (alias.name.split(".")[0]
                                         if isinstance(node, ast.Import) else alias.name)
                if names[bound] <= 1:  # the binding is its only mention
                    removals.append(Removal(kind="import", name=bound, line=node.lineno))
    cleaned, applied = remove(after, removals)
    return cleaned if removals and len(applied) == len(removals) else after


def _verified(dispatcher: Workbench, report: CleanReport, text: str, new: str,
              rel: str) -> CleanOutcome:
    """Return the outcome of a removal: verified when the linter finds nothing new in it."""
    before = Counter(p.signature for p in dispatcher.linter.lint(text, rel))
    for p in dispatcher.linter.lint(new, rel):
        if before[p.signature] <= 0:
            return CleanOutcome(report, text, False, f"removal would add {describe(p)}")
        before[p.signature] -= 1
    return CleanOutcome(report, new, True)


def problems_by_file(problems: Iterable[Problem], roots: Sequence[Path],
                     base: Path | None = None) -> dict[Path, list[Problem]]:
    """Return problems grouped by the existing file they point at inside one of ``roots``.

    Relative paths are taken from ``base`` (where the output was produced), then each root;
    problems outside every root (the stdlib, site-packages) or without a path are dropped.
    """
    out: dict[Path, list[Problem]] = {}
    resolved = [r.resolve() for r in roots]
    for p in problems:
        if not p.path:
            continue
        found = _inside(Path(p.path), [base.resolve()] if base else [], resolved)
        if found is not None:
            out.setdefault(found, []).append(p)
    return out


def _inside(path: Path, bases: Sequence[Path], roots: Sequence[Path]) -> Path | None:
    candidates = [path] if path.is_absolute() else [b / path for b in (*bases, *roots)]
    for c in candidates:
        try:
            full = c.resolve()
        except (OSError, RuntimeError):
            continue
        if full.is_file() and any(full == r or r in full.parents for r in roots):
            return full
    return None
