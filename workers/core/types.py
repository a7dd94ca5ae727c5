"""The dataclasses that workers take and return, and the interfaces passed into them.

Workers are pure functions of one frozen dataclass; anything that touches the outside world
(files, subprocesses, git, indexes) enters through one of the small protocols at the end of
this module, so a worker is testable with ``tmp_path`` alone.

Positions: ``line``/``col`` on a :class:`Problem` are 1-based, as compilers and linters print
them; a :class:`TextEdit` uses 0-based lines and characters, as LSP does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

_LINE_IN_MESSAGE = re.compile(r"\bline \d+")

__all__ = [
    "Analysis",
    "AnalyzeRequest",
    "BackupRecord",
    "BackupRequest",
    "Candidate",
    "CheckOutcome",
    "CleanFinding",
    "CleanReport",
    "CleanRequest",
    "DebugRequest",
    "Engine",
    "ExceptionInfo",
    "FixProposal",
    "FixRequest",
    "Frame",
    "Health",
    "Linter",
    "MergeRequest",
    "Merged",
    "Problem",
    "Solution",
    "SymbolIndex",
    "Summary",
    "TestFailure",
    "TextEdit",
    "TipStore",
    "VerifyRequest",
    "Verification",
]

# --------------------------------------------------------------------------- problems

SYNTAX_CODE = "E999"


@dataclass(frozen=True)
class Problem:
    """One error or warning at a place in a file."""

    code: str  # "E999" for syntax errors, ruff/pyflakes codes, exception class names, ...
    message: str
    line: int = 1  # 1-based
    col: int = 1  # 1-based
    end_line: int | None = None
    end_col: int | None = None
    source: str = "nca"  # compile, ruff, traceback, pytest, or the LSP server that reported it
    symbol: str | None = None  # the name the problem is about, when there is one
    path: str | None = None

    @property
    def signature(self) -> tuple[str, str]:
        """Return what identifies the problem independent of where lines moved (a line the
        message names, ruff's "redefinition of unused `x` from line 106", moves too)."""
        return (self.code, _LINE_IN_MESSAGE.sub("line N", self.message))

    @property
    def is_syntax(self) -> bool:
        return self.code == SYNTAX_CODE

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Frame:
    """One stack frame of a traceback."""

    path: str
    line: int
    function: str
    code: str = ""
    is_user: bool = True  # False for the stdlib and site-packages


@dataclass(frozen=True)
class ExceptionInfo:
    """One exception of a (possibly chained) traceback, outermost last as CPython prints."""

    type: str
    message: str
    frames: tuple[Frame, ...] = ()
    # how the *next* exception in Summary.exceptions relates to this one:
    # "cause" (raise ... from), "context" (during handling), or None
    chained_as: str | None = None

    @property
    def user_frame(self) -> Frame | None:
        """Return the innermost frame in the user's own code, if any."""
        for frame in reversed(self.frames):
            if frame.is_user:
                return frame
        return None


@dataclass(frozen=True)
class TestFailure:
    """One failing test from pytest output."""

    nodeid: str
    path: str | None = None
    line: int | None = None
    message: str = ""
    assertion: str = ""


@dataclass(frozen=True)
class DebugRequest:
    """Raw input for the Debugger: a log/traceback/pytest text, linter problems, LSP diagnostics."""

    text: str = ""
    kind: str = "auto"  # auto, traceback, pytest, syntax, ruff, lsp
    path: str | None = None  # the file the input is about, when known
    problems: tuple[Problem, ...] = ()
    diagnostics: tuple[dict[str, Any], ...] = ()  # LSP Diagnostic objects as plain dicts
    workspace: str | None = None  # frames under it are user frames


@dataclass(frozen=True)
class Summary:
    """Return value of the Debugger: what went wrong, structured."""

    headline: str
    problems: tuple[Problem, ...] = ()
    exceptions: tuple[ExceptionInfo, ...] = ()
    tests: tuple[TestFailure, ...] = ()
    kind: str = "none"  # which parser understood the input


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class Solution:
    """One idea for a fix, found in local knowledge."""

    kind: str  # import, rename, learned, ...
    title: str
    source: str  # scope, builtins, workspace, stdlib, installed, buildtips
    score: float = 0.0  # higher is better
    detail: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class SymbolIndex(Protocol):
    """Where a name can be imported from: the stdlib, installed packages, the workspace."""

    def modules_named(self, name: str) -> Sequence[tuple[str, str]]:
        """Return ``(module, source)`` pairs for importable modules called ``name``."""
        ...

    def providers_of(self, name: str) -> Sequence[tuple[str, str]]:
        """Return ``(module, source)`` pairs of modules that define a public ``name``."""
        ...

    def module_attributes(self, module: str) -> Sequence[str]:
        """Return the public attribute names of ``module`` (empty when unknown)."""
        ...


@runtime_checkable
class TipStore(Protocol):
    """Learned fixes (BuildTips): what worked before for an error signature."""

    def lookup(self, problem: Problem) -> Sequence[Solution]: ...


@dataclass(frozen=True)
class AnalyzeRequest:
    text: str
    problem: Problem
    path: str | None = None
    module: str | None = None  # dotted name of the file inside the workspace, when known
    index: SymbolIndex | None = None
    tips: TipStore | None = None


@dataclass(frozen=True)
class Analysis:
    """Return value of the Analyzer: ranked solutions for one problem."""

    problem: Problem
    solutions: tuple[Solution, ...] = ()


# --------------------------------------------------------------------------- fixing


@dataclass(frozen=True)
class TextEdit:
    """Replace the range [start, end) with ``new_text``; 0-based lines and characters."""

    start_line: int
    start_char: int
    end_line: int
    end_char: int
    new_text: str


@dataclass(frozen=True)
class Candidate:
    """A proposed patch for one problem: a whole new text, a unified diff, or edits."""

    engine: str
    kind: str  # the rule or strategy that produced it
    title: str
    problem: Problem
    text: str | None = None
    diff: str | None = None
    edits: tuple[TextEdit, ...] = ()
    # a change of behaviour (a suggestion to review): never offered as verified
    semantic: bool = False
    rank: float = 0.0  # the engine's own preference, higher first
    # False: plausible but unproven (an import from a module that merely exports the name):
    # verified like any other, shown as a suggestion, never applied
    sure: bool = True


@dataclass(frozen=True)
class Health:
    healthy: bool
    reason: str = ""


@runtime_checkable
class Engine(Protocol):
    """A backend that proposes candidates. ``capabilities`` holds chat, fix, fim, stream."""

    id: str
    kind: str
    capabilities: frozenset[str]

    def health(self) -> Health: ...

    def propose(self, request: FixRequest) -> Sequence[Candidate]: ...


@dataclass(frozen=True)
class FixRequest:
    text: str
    problem: Problem
    path: str | None = None
    analysis: Analysis | None = None
    summary: Summary | None = None
    problems: tuple[Problem, ...] = ()  # every problem in the file, for context
    engines: tuple[Engine, ...] = ()
    context: str = ""  # what the project's memory says about the problem, fitted to the window


@dataclass(frozen=True)
class FixProposal:
    """Return value of the Fixer: every engine's candidates, and engines that failed."""

    problem: Problem
    candidates: tuple[Candidate, ...] = ()
    failures: tuple[tuple[str, str], ...] = ()  # (engine id, reason)


@dataclass(frozen=True)
class MergeRequest:
    base: str  # the text the candidate was made against
    current: str  # the text as it is now (may have moved on)
    candidate: Candidate


@dataclass(frozen=True)
class Merged:
    """Return value of fixer_helper: the merged text and the minimal edits from ``current``."""

    ok: bool
    text: str = ""
    edits: tuple[TextEdit, ...] = ()
    reason: str = ""


# --------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class CheckOutcome:
    """Result of running a check command (``--check``) in a scratch tree."""

    ok: bool
    returncode: int | None
    output: str = ""  # tail of stdout+stderr, bounded
    timed_out: bool = False
    elapsed_ms: int = 0


@runtime_checkable
class Linter(Protocol):
    """compile() + ruff on a text, and the check command on a tree."""

    def lint(self, text: str, path: str | None = None) -> tuple[Problem, ...]: ...

    def run_check(
        self, command: str, text: str, path: str, workspace: str, timeout: float
    ) -> CheckOutcome: ...


@dataclass(frozen=True)
class VerifyRequest:
    candidate_text: str
    target: Problem
    baseline: tuple[Problem, ...]  # the problems of the text the candidate was made against
    linter: Linter
    path: str = "<stdin>.py"
    workspace: str | None = None
    check: str | None = None
    timeout: float = 60.0
    original: str | None = None  # the text the candidate changes: imports it adds are checked


@dataclass(frozen=True)
class Verification:
    verified: bool
    target_gone: bool
    problems: tuple[Problem, ...] = ()  # the candidate's problems
    new_problems: tuple[Problem, ...] = ()
    check: CheckOutcome | None = None
    detail: str = ""


# --------------------------------------------------------------------------- backups


@dataclass(frozen=True)
class BackupRequest:
    workspace: str
    files: tuple[tuple[str, bytes], ...]  # (path relative to workspace, content to save)
    message: str = "nca backup"


@dataclass(frozen=True)
class BackupRecord:
    id: str  # commit id
    created: str  # ISO 8601
    message: str
    files: tuple[str, ...]
    store: str  # the git directory holding it


# --------------------------------------------------------------------------- cleaning


@dataclass(frozen=True)
class CleanRequest:
    text: str
    path: str = "<stdin>.py"
    min_confidence: int = 80
    whitelist: tuple[str, ...] = ()  # names never reported
    orphans: tuple[str, ...] = ()  # definitions a fix replaced in this session


@dataclass(frozen=True)
class CleanFinding:
    name: str
    category: str  # import, function, class, method, variable, attribute, property, unreachable
    line: int
    confidence: int
    removable: bool
    size: int = 1  # lines
    reason: str = ""


@dataclass(frozen=True)
class CleanReport:
    findings: tuple[CleanFinding, ...] = ()
    text: str = ""  # the text with the removable findings removed
    removed: tuple[str, ...] = ()


def problems_from(items: Iterable[Problem]) -> tuple[Problem, ...]:
    """Return problems sorted by position, duplicates dropped."""
    seen: dict[tuple[Any, ...], Problem] = {}
    for p in items:
        seen.setdefault((p.line, p.col, p.code, p.message), p)
    return tuple(sorted(seen.values(), key=lambda p: (p.line, p.col, p.code)))
