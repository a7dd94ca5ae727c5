"""Text edits, the one implementation every layer uses: LSP-style edits applied and computed
(minimal edits between two texts), ruff's edits, and unified diffs applied with fuzz the way
``patch`` does (a hunk is placed by its context when the text has moved on).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from nca.workers.core.errors import MergeError
from nca.workers.core.types import Candidate, TextEdit

__all__ = ["RuffEdit", "apply_edits", "apply_ruff_edits", "apply_unified_diff", "candidate_text",
           "minimal_edits", "rebase"]

#: how far (in lines) from its expected place a hunk is looked for in a moved text
SEARCH_WINDOW = 2000


@dataclass(frozen=True)
class RuffEdit:
    """One edit of a ruff fix: 1-based rows, 1-based character columns, end exclusive."""

    row: int
    col: int
    end_row: int
    end_col: int
    content: str


def apply_ruff_edits(text: str, edits: Iterable[RuffEdit]) -> str:
    """Return ``text`` with ruff's edits applied, last first."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(row: int, col: int) -> int:
        if row - 1 >= len(lines):
            return len(text)
        return starts[row - 1] + col - 1

    for e in sorted(edits, key=lambda e: (e.row, e.col), reverse=True):
        text = text[: offset(e.row, e.col)] + e.content + text[offset(e.end_row, e.end_col):]
    return text


# --------------------------------------------------------------------------- edits


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for m in re.finditer("\n", text):
        offsets.append(m.end())
    return offsets


def apply_edits(text: str, edits: tuple[TextEdit, ...] | list[TextEdit]) -> str:
    """Return ``text`` with non-overlapping edits applied (0-based lines and characters)."""
    offsets = _line_offsets(text)

    def pos(line: int, char: int) -> int:
        if line >= len(offsets):
            return len(text)
        start = offsets[line]
        end = offsets[line + 1] - 1 if line + 1 < len(offsets) else len(text)
        return min(start + char, end)

    spans = sorted(((pos(e.start_line, e.start_char), pos(e.end_line, e.end_char), e.new_text)
                    for e in edits), reverse=True)
    previous_start = len(text) + 1
    for start, end, new in spans:
        if end > previous_start or start > end:
            raise MergeError("the candidate's edits overlap")
        text = text[:start] + new + text[end:]
        previous_start = start
    return text


def minimal_edits(old: str, new: str) -> list[TextEdit]:
    """Return the smallest line-level edits, trimmed to characters, that turn ``old`` into ``new``."""
    if old == new:
        return []
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    # lines both share at the start and the end are set aside before the line diff: a fix
    # touches a few lines, and a diff of a whole 1,000-line file costs milliseconds
    head = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    edits: list[TextEdit] = []
    matcher = difflib.SequenceMatcher(None, a[head:len(a) - tail], b[head:len(b) - tail],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        old_chunk, new_chunk = "".join(a[i1:i2]), "".join(b[j1:j2])
        # trim the common prefix and suffix so a one-character fix is a one-character edit
        prefix = len(_common_prefix(old_chunk, new_chunk))
        suffix = len(_common_prefix(old_chunk[prefix:][::-1], new_chunk[prefix:][::-1]))
        start = _advance((i1, 0), old_chunk[:prefix])
        end = _advance((i1, 0), old_chunk[: len(old_chunk) - suffix])
        edits.append(TextEdit(start[0], start[1], end[0], end[1],
                              new_chunk[prefix: len(new_chunk) - suffix]))
    return edits


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


def _advance(start: tuple[int, int], chunk: str) -> tuple[int, int]:
    line, char = start
    newlines = chunk.count("\n")
    if newlines:
        return line + newlines, len(chunk) - chunk.rfind("\n") - 1
    return line, char + len(chunk)


# --------------------------------------------------------------------------- hunks


@dataclass(frozen=True)
class _Hunk:
    start: int  # 0-based line in the old text
    old: list[str]
    new: list[str]
    before: list[str]  # context lines just above
    after: list[str]  # context lines just below


_HUNK_HEADER = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def apply_unified_diff(base: str, diff: str) -> str:
    """Return ``base`` with a unified diff applied, hunks placed by their context."""
    hunks: list[_Hunk] = []
    lines = diff.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        m = _HUNK_HEADER.match(lines[i])
        i += 1
        if not m:
            continue
        old: list[str] = []
        new: list[str] = []
        while i < len(lines) and not lines[i].startswith("@@"):
            line = lines[i]
            if line.startswith("\\"):  # "\ No newline at end of file"
                for side in (old, new):
                    if side and side[-1].endswith("\n"):
                        side[-1] = side[-1][:-1]
            elif line.startswith((" ", "-", "+")) and not line.startswith(("---", "+++")):
                body = line[1:]
                if line[0] in " -":
                    old.append(body)
                if line[0] in " +":
                    new.append(body)
            elif line.strip() == "":  # some tools drop the space of empty context lines
                old.append("\n")
                new.append("\n")
            else:
                break
            i += 1
        hunks.append(_Hunk(max(int(m.group(1)) - 1, 0), old, new, [], []))
    if not hunks:
        raise MergeError("the diff holds no hunks")
    text = base.splitlines(keepends=True)
    shift = 0
    for hunk in hunks:
        at = _find(text, hunk.old, hunk.start + shift)
        if at is None:
            raise MergeError(f"hunk at line {hunk.start + 1} does not match the text")
        text[at: at + len(hunk.old)] = hunk.new
        shift += len(hunk.new) - len(hunk.old) + (at - hunk.start - shift)
    return "".join(text)


def rebase(base: str, wanted: str, current: str) -> str:
    """Return ``current`` with the change ``base -> wanted`` applied, hunk by hunk."""
    a = base.splitlines(keepends=True)
    b = wanted.splitlines(keepends=True)
    text = current.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    hunks = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            hunks.append(_Hunk(i1, a[i1:i2], b[j1:j2], a[max(0, i1 - 3): i1], a[i2: i2 + 3]))
    # apply bottom-up so earlier positions stay valid
    anchor_map = difflib.SequenceMatcher(None, a, text, autojunk=False)
    for hunk in reversed(hunks):
        expected = _map_line(anchor_map, hunk.start)
        at = _find_with_context(text, hunk, expected)
        if at is None:
            raise MergeError(f"the text changed where the fix applies (line {hunk.start + 1})")
        text[at: at + len(hunk.old)] = hunk.new
    return "".join(text)


def _map_line(matcher: difflib.SequenceMatcher[str], line: int) -> int:
    # where a line of the base text is now, from the nearest matching block above it
    best = line
    for i, j, size in matcher.get_matching_blocks():
        if i <= line:
            best = j + (line - i) if line < i + size else j + size + (line - i - size)
        else:
            break
    return best


def _find_with_context(text: list[str], hunk: _Hunk, expected: int) -> int | None:
    if not hunk.old:  # a pure insertion is placed after its context lines above
        if hunk.before:
            at = _find(text, hunk.before, expected - len(hunk.before))
            return None if at is None else at + len(hunk.before)
        if hunk.after:
            return _find(text, hunk.after, expected)
        return min(expected, len(text))
    full = hunk.before + hunk.old + hunk.after
    at = _find(text, full, expected - len(hunk.before))
    if at is not None:
        return at + len(hunk.before)
    return _find(text, hunk.old, expected)


def _find(text: list[str], needle: list[str], expected: int) -> int | None:
    """Return the start of ``needle`` in ``text`` nearest to ``expected``, or None."""
    if not needle:
        return max(0, min(expected, len(text)))
    n = len(needle)
    for delta in range(SEARCH_WINDOW):
        for at in (expected - delta, expected + delta) if delta else (expected,):
            if 0 <= at <= len(text) - n and text[at: at + n] == needle:
                return at
    return None


def candidate_text(base: str, candidate: Candidate) -> str:
    """Return the whole text the candidate means, applied to ``base``."""
    if candidate.text is not None:
        return candidate.text
    if candidate.diff is not None:
        return apply_unified_diff(base, candidate.diff)
    if candidate.edits:
        return apply_edits(base, candidate.edits)
    raise MergeError("the candidate holds no text, diff or edits")
