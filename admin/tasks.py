"""Tasks: what the dispatcher is asked to do, parsed from a path, a diagnostic, a log or a prompt."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nca.workers.core.errors import InputError
from nca.workers.core.types import Problem
from nca.workers.debugging.diagnostics import lsp_problems

__all__ = ["TASK_KINDS", "Task", "parse_task", "problem_from_diagnostic"]

TASK_KINDS = ("fix_file", "fix_text", "diagnostic", "debug_log", "chat")

_LOG_MARKERS = re.compile(
    r"Traceback \(most recent call last\):|^(FAILED|ERROR) \S+::|^E\s{3}|"
    r"^\S+\.py:\d+:\d+: [A-Z]+\d+ |^\s*File \".+\", line \d+", re.M)


@dataclass(frozen=True)
class Task:
    kind: str
    origin: str  # cli, lsp, http
    subject: str  # one line naming what the task is about
    text: str = ""
    path: str | None = None
    problems: tuple[Problem, ...] = ()
    check: str | None = None
    write: bool = False


def parse_task(payload: Any, *, origin: str = "cli", path: str | None = None,
               text: str | None = None, check: str | None = None, write: bool = False) -> Task:
    """Return the typed Task for a payload.

    A ``Path`` is a file to fix; a dict with ``range`` and ``message`` is an LSP diagnostic
    (``text``/``path`` are the document); a string is a log when it holds a traceback, test or
    linter output, source to fix when ``path`` names a Python file, and a prompt otherwise.
    """
    if isinstance(payload, Path):
        return Task("fix_file", origin, str(payload), path=str(payload), check=check, write=write)
    if isinstance(payload, dict):
        problem = problem_from_diagnostic(payload, path)
        return Task("diagnostic", origin, f"{problem.code} {problem.message}", text=text or "",
                    path=path, problems=(problem,), check=check)
    if isinstance(payload, str):
        first = payload.strip().splitlines()[0][:80] if payload.strip() else ""
        if _LOG_MARKERS.search(payload):
            return Task("debug_log", origin, first, text=payload, path=path)
        if path is not None and path.endswith(".py"):
            return Task("fix_text", origin, path, text=payload, path=path, check=check)
        return Task("chat", origin, first, text=payload)
    raise InputError(f"cannot make a task of {type(payload).__name__}")


def problem_from_diagnostic(diag: Mapping[str, Any], path: str | None = None) -> Problem:
    """Return the Problem an LSP Diagnostic (as a plain dict) describes.

    The mapping is the Debugger's (``lsp_problems``, the language server's too), for a dict
    with a range (its start and end) and a message; InputError for anything else.
    """
    missing = _missing_part(diag)
    if missing:
        raise InputError(f"not an LSP diagnostic: missing or bad {missing!r}")
    return lsp_problems([diag], path)[0]


def _missing_part(diag: Any) -> str:
    """Return the first part a diagnostic must have that ``diag`` lacks, or ""."""
    rng = diag.get("range") if isinstance(diag, Mapping) else None
    if not isinstance(rng, Mapping):
        return "range"
    for end in ("start", "end"):
        if not isinstance(rng.get(end), Mapping):
            return end
    return "" if "message" in diag else "message"
