"""What the dispatcher's requests report, as the CLI shows them: a repair run per file (the
shape behind ``nca fix --format json``), a clean run per file (``nca clean --format json``),
the facts of ``nca doctor``, the courier's check (``nca courier``), and the memory's summary
and roadmap (``nca memory show``, ``nca memory roadmap list --format json``)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, TypedDict

from nca.workers.core.types import Problem
from nca.workers.facts.splice import changed_span


@dataclass(frozen=True)
class AppliedFix:
    engine: str
    kind: str
    title: str
    problem: Problem
    verified: bool
    verification: str  # what was checked, in words
    diff: str = ""  # for a suggestion: the change it would make

    def to_dict(self) -> dict[str, Any]:
        out = {
            "engine": self.engine,
            "kind": self.kind,
            "title": self.title,
            "problem": _problem(self.problem),
            "verified": self.verified,
            "verification": self.verification,
        }
        if self.diff:
            out["diff"] = self.diff
        return out


@dataclass(frozen=True)
class FileReport:
    """The outcome for one file. ``text`` is the fixed text (equal to ``original`` if none).

    ``verified``: fixes were applied, each verified (and the check passed), and no error is
    left. ``fixes_verified``: the same without the last condition: a partial repair.
    """

    path: str
    status: str  # fixed, unchanged, unfixable, skipped
    verified: bool
    original: str
    text: str
    errors_before: tuple[Problem, ...] = ()
    errors_after: tuple[Problem, ...] = ()
    fixes: tuple[AppliedFix, ...] = ()
    diff: str = ""
    elapsed_ms: int = 0
    reason: str = ""  # why skipped or unfixable, one line
    suggestions: tuple[AppliedFix, ...] = ()  # fixes that change behaviour: shown, never applied
    backup_id: str | None = None
    written: bool = False
    # every applied fix verified (and the check passed), though errors may be left
    fixes_verified: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "status": self.status,
            "verified": self.verified,
            "fixes_verified": self.fixes_verified,
            "errors_before": [_problem(p) for p in self.errors_before],
            "errors_after": [_problem(p) for p in self.errors_after],
            "fixes": [f.to_dict() for f in self.fixes],
            "suggestions": [f.to_dict() for f in self.suggestions],
            "diff": self.diff,
            "elapsed_ms": self.elapsed_ms,
            "written": self.written,
        }
        if self.reason:
            out["reason"] = self.reason
        if self.backup_id:
            out["backup"] = self.backup_id
        return out


class CleanedFinding(TypedDict):
    """One finding of the Cleaner in a file's CleanResult."""

    name: str
    category: str
    line: int
    confidence: int
    removable: bool
    removed: bool
    size: NotRequired[int]  # an unreachable block's lines
    reason: NotRequired[str]  # why it is kept


class CleanResult(TypedDict):
    """What cleaning one file did. ``status``: clean, found, cleaned, not written, syntax
    error, skipped; ``reason`` where something was not done."""

    path: str
    status: str
    written: bool
    findings: list[CleanedFinding]
    removed: NotRequired[list[str]]  # written
    removable: NotRequired[list[str]]  # found, not written
    reason: NotRequired[str]
    backup: NotRequired[str]


class EngineRow(TypedDict):
    """One engine as ``nca doctor`` shows it."""

    id: str
    kind: str
    healthy: bool
    capabilities: list[str]
    context_length: int
    reason: str


class ProjectFacts(TypedDict, total=False):
    """The project model's ground facts: its root and interpreter, and how they were found."""

    root: str
    interpreter: str | None
    found_by: str
    python: str
    fallback: bool
    error: str
    describe: str


class DoctorFacts(TypedDict):
    """What ``nca doctor`` reports (its JSON, in this order)."""

    engines: list[EngineRow]
    routing: dict[str, list[str]]
    source: str
    project: ProjectFacts
    workers: dict[str, str]  # each Wolfram-capable role: where it runs, in words
    type_checker: str  # which runs, or what is unavailable without one


@dataclass(frozen=True)
class CourierCheck:
    """How the workers agree with Function_Courier.md: what disagrees (none: all agree)."""

    problems: tuple[str, ...]
    workers: int  # the workers the file declares
    file: str  # its name


class MemorySummary(TypedDict):
    """What the AgentMemory of a workspace holds, counted (``nca memory show``)."""

    workspace: str
    modules: int
    packages: int
    classes: int
    functions: int
    diagram_nodes: int
    diagram_edges: int
    entry_points: int
    ui_components: int
    build_tips: int
    goals: int
    open_roadblocks: int
    indexed_files: int
    index_entries: int


Status = Literal["open", "done"]


class RoadmapPhase(TypedDict):
    id: str  # "g1.p2"
    title: str
    status: Status


class RoadmapGoal(TypedDict):
    id: str  # "g1"
    title: str
    status: Status
    phases: list[RoadmapPhase]
    created: NotRequired[str]  # ISO time


class ErrorSignature(TypedDict):
    """The error a roadblock is about."""

    code: str
    message: str
    symbol: NotRequired[str | None]


class Roadblock(TypedDict):
    """A fix that failed, or an error that came back, often enough to be logged."""

    id: str  # "r1"
    kind: Literal["failing_fix", "recurring_error"]
    signature: ErrorSignature
    count: int
    status: Status
    file: NotRequired[str]
    first: NotRequired[str]  # ISO times
    last: NotRequired[str]
    detail: NotRequired[str]


class RoadmapDoc(TypedDict):
    """Roadmap.json: the user's goals made of phases, and the roadblocks the loop logged."""

    schema_version: int
    goals: list[RoadmapGoal]
    roadblocks: list[Roadblock]
    counters: NotRequired[dict[str, int]]  # occurrences by roadblock key, below the threshold


def unified_diff(old: str, new: str, path: str) -> str:
    """Return the unified diff from ``old`` to ``new`` with ``a/``/``b/`` paths (empty if equal)."""
    if old == new:
        return ""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    # difflib reads only the changed span and its context (a long module, a one-line fix):
    # the hunks' line numbers are moved back to the whole file's
    first, last_a, last_b = changed_span(a, b)
    start = max(first - 1 - _CONTEXT, 0)
    lines = list(difflib.unified_diff(a[start:last_a + _CONTEXT], b[start:last_b + _CONTEXT],
                                      f"a/{path}", f"b/{path}", n=_CONTEXT))
    return "".join(_HUNK.sub(lambda m: _moved(m, start), line) if line.startswith("@@") else line
                   for line in lines)


_CONTEXT = 3  # lines of context around a change, as diff -u
_HUNK = re.compile(r"^@@ -(\d+)((?:,\d+)?) \+(\d+)((?:,\d+)?) @@")


def _moved(match: re.Match[str], by: int) -> str:
    # an empty side's start is the line before it: moved by the same number of lines
    old_start, old_len, new_start, new_len = match.groups()
    return f"@@ -{int(old_start) + by}{old_len} +{int(new_start) + by}{new_len} @@"


def _problem(p: Problem) -> dict[str, Any]:
    return {"code": p.code, "message": p.message, "line": p.line, "col": p.col}
