"""Failing tests read from pytest's terminal output (``-q``, default, ``-rA``, any ``--tb``).

Two parts of the output name a failure: the ``____ test_y ____`` sections under ``FAILURES``
and ``ERRORS`` (where it failed, the ``E`` lines) and the short summary lines
(``FAILED tests/test_x.py::test_y - msg``: the node id). A section's title is the node id
without its file, so the two are joined on that; either alone is still reported.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from nca.workers.core.types import TestFailure
from nca.workers.debugging.tracebacks import FRAME_RE, MAX_LINE, is_user_path

__all__ = ["FailedTest", "parse_pytest"]

MAX_TESTS = 1_000
MAX_E_LINES = 30

# ``tests/test_x.py:12: AssertionError``, ``app/models.py:2: in load``, ``tests/test_x.py:14: ``
_LOCATION_RE = re.compile(
    r"(?P<path>(?:[A-Za-z]:)?[^:\s][^:]{0,1000}?\.py):(?P<line>\d{1,9}):(?: (?P<rest>.*))?$"
)
_TYPE_RE = re.compile(r"(?P<type>[A-Za-z_][\w.]{0,300})(?::|$)")
# ``tests/test_x.py::test_y FAILED   [ 50%]`` from ``-v``
_VERBOSE_RE = re.compile(r"(?P<id>\S{1,1000}::\S{1,1000}) (?P<outcome>FAILED|ERROR)\b")
_SECTION_PREFIXES = ("ERROR collecting ", "ERROR at setup of ", "ERROR at teardown of ")


@dataclass(frozen=True)
class FailedTest:
    """One failing test, with the exception type it failed with ("" when pytest never said)."""

    test: TestFailure
    error: str = ""
    outcome: str = "failed"  # failed, or error (collection, setup, teardown)


@dataclass
class _Section:
    title: str
    outcome: str
    e_lines: list[str] = field(default_factory=list)
    locations: list[tuple[str, int, str]] = field(default_factory=list)
    captured: bool = False
    tail: list[str] | None = None  # --tb=native: the lines after the last frame

    @property
    def error_lines(self) -> list[str]:
        """Return the ``E`` lines, or the exception lines of a native traceback."""
        return self.e_lines or self.tail or []

    def add(self, line: str) -> None:
        if self.captured:
            return
        if line.startswith("---") and " Captured " in line:
            self.captured = True  # what the test printed is not where it failed
        elif line.startswith("E ") or line == "E":
            if len(self.e_lines) < MAX_E_LINES:
                self.e_lines.append(line[1:])
        elif ".py:" in line and (m := _LOCATION_RE.match(line)):
            self.locations.append((m["path"], int(m["line"]), m["rest"] or ""))
        elif 'File "' in line and (m := FRAME_RE.match(line)):  # --tb=native
            self.locations.append((m["path"], int(m["line"]), ""))
            self.tail = []
        elif self.tail is not None and not line.startswith("  ") and len(self.tail) < MAX_E_LINES:
            self.tail.append(line)  # frames and their code are indented, the exception is not


def _is_nodeid(text: str) -> bool:
    return "::" in text or text.endswith(".py")


def _key(nodeid: str) -> str:
    """Return the title pytest gives the section of ``nodeid``."""
    if "::" not in nodeid:
        return nodeid  # a module that failed to collect
    return nodeid.split("::", 1)[1].replace("::", ".")


def _summary_entry(line: str) -> tuple[str, str, str] | None:
    """Return ``(nodeid, outcome, message)`` of a short summary or ``-v`` progress line."""
    for word, outcome in (("FAILED ", "failed"), ("ERROR ", "error")):
        if line.startswith(word):
            nodeid, _, message = line[len(word):].partition(" - ")
            nodeid = nodeid.strip()
            return (nodeid, outcome, message.strip()) if _is_nodeid(nodeid) else None
    if "::" in line and (m := _VERBOSE_RE.match(line)):
        return m["id"], m["outcome"].lower(), ""
    return None


def _error_type(section: _Section | None, message: str, assertion: str) -> str:
    """Return the exception type a failure names, or ""."""
    if section:
        for text in section.error_lines:
            m = _TYPE_RE.match(text.strip())
            if m:
                return m["type"]
        for _, _, rest in reversed(section.locations):
            m = _TYPE_RE.match(rest)
            if m and rest.strip() == m["type"]:
                return m["type"]
    m = _TYPE_RE.match(message)
    if m and message.startswith(m["type"] + ":"):
        return m["type"]
    if message.startswith("assert ") or assertion.startswith("assert "):
        return "AssertionError"
    return ""


def _build(
    nodeid: str, outcome: str, message: str, section: _Section | None, workspace: str | None
) -> FailedTest:
    assertion = textwrap.dedent("\n".join(section.error_lines)).strip() if section else ""
    first = assertion.split("\n", 1)[0]
    if not message or (message.endswith("...") and first.startswith(message[:-3])):
        message = first  # pytest cuts summary lines to the terminal's width
    path, line = (nodeid.split("::", 1)[0] or None), None
    if section and section.locations:
        user = [loc for loc in section.locations if is_user_path(loc[0], workspace)]
        path, line, _ = (user or section.locations)[-1]
    error = _error_type(section, message, assertion)
    if not message:
        message = error
    test = TestFailure(nodeid=nodeid, path=path, line=line, message=message, assertion=assertion)
    return FailedTest(test=test, error=error, outcome=outcome)


def parse_pytest(lines: Sequence[str], workspace: str | None = None) -> tuple[FailedTest, ...]:
    """Return the failing and erroring tests of pytest output, in the order first reported."""
    block = ""
    sections: list[_Section] = []
    current: _Section | None = None
    summary: dict[str, tuple[str, str]] = {}
    for raw in lines:
        line = raw[:MAX_LINE].rstrip()
        if line.startswith("==") and line.endswith("==") and len(line) > 6:
            block, current = line.strip("= ").lower(), None
            continue
        entry = _summary_entry(line) if line.startswith(("FAILED ", "ERROR ")) or "::" in line else None
        if entry:
            nodeid, outcome, message = entry
            if nodeid not in summary or (message and not summary[nodeid][1]):
                summary[nodeid] = (outcome, message)
            continue
        if block not in ("failures", "errors"):
            continue
        if line.startswith("___") and line.endswith("___") and len(sections) < MAX_TESTS:
            current = _Section(line.strip("_ "), "error" if block == "errors" else "failed")
            sections.append(current)
        elif current is not None:
            current.add(line)

    by_key: dict[str, list[str]] = {}
    for nodeid in summary:
        by_key.setdefault(_key(nodeid), []).append(nodeid)
    found: dict[str, FailedTest] = {}
    for section in sections:
        title = section.title
        for prefix in _SECTION_PREFIXES:
            if title.startswith(prefix):
                title = title[len(prefix):]
                break
        candidates = by_key.get(title) or []
        nodeid = candidates.pop(0) if candidates else title
        outcome, message = summary.get(nodeid, (section.outcome, ""))
        found.setdefault(nodeid, _build(nodeid, outcome, message, section, workspace))
    for nodeid, (outcome, message) in summary.items():
        if nodeid not in found and len(found) < MAX_TESTS:
            found[nodeid] = _build(nodeid, outcome, message, None, workspace)
    return tuple(found.values())
