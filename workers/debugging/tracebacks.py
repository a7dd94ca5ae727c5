"""CPython tracebacks found anywhere in a text: chained exceptions, SyntaxErrors, groups.

The reader walks the text once, line by line, with a small state machine; every regex is
anchored and bounded so that a 10 MB log cannot make it backtrack for long. A traceback may
sit inside a log whose lines all carry a prefix (a timestamp, ``web_1  | ``): the text before
``Traceback (most recent call last):`` becomes the prefix expected on the lines that follow,
with its digits free to change.
"""

from __future__ import annotations

import os
import re
import sysconfig
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from nca.workers.core.types import ExceptionInfo, Frame

__all__ = ["FRAME_RE", "MAX_LINE", "is_user_path", "parse_tracebacks"]

MAX_LINE = 10_000  # characters of a line that are looked at; the rest cannot change a match
MAX_EXCEPTIONS = 1_000
MAX_FRAMES = 2_000  # per exception; a recursion prints ~3 before "[Previous line repeated]"
MAX_MESSAGE_LINES = 50
MAX_MESSAGE_CHARS = 4_000

HEADER = "Traceback (most recent call last):"
GROUP_HEADER = "Exception Group Traceback (most recent call last):"
CHAIN_MARKERS = {
    "The above exception was the direct cause of the following exception:": "cause",
    "During handling of the above exception, another exception occurred:": "context",
}

FRAME_RE = re.compile(
    r'\s*File "(?P<path>[^"]{1,4096})", line (?P<line>\d{1,9})(?:, in (?P<func>.{1,1000}))?$'
)
# ``ValueError: msg``, ``json.decoder.JSONDecodeError: msg``, ``KeyboardInterrupt``
_EXCEPTION_RE = re.compile(r"(?P<type>[A-Za-z_][\w.]{0,300})(?::(?: (?P<message>.*))?)?$")
# lines that begin something else: the message of the exception above has ended
_NOT_MESSAGE_RE = re.compile(
    r"\s*(?:\[?\d{1,4}[-/:]\d|={3}|_{3}|-{3}|>>> |\$ "
    r"|(?:\S{1,40}\s{1,5}){0,3}\[?(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\b)"
)
_STDLIB_RE = re.compile(r"(?i)[/\\]lib[/\\]python\d+(?:\.\d+)?t?[/\\]|[/\\]python3\d*[/\\]lib[/\\]")

_IDLE, _FRAMES, _MESSAGE = "idle", "frames", "message"


@cache
def _stdlib_roots() -> tuple[str, ...]:
    """Return this interpreter's standard library folders, each ending in a separator."""
    paths = sysconfig.get_paths()
    roots = {os.path.normpath(paths[k]) for k in ("stdlib", "platstdlib") if paths.get(k)}
    return tuple(root + os.sep for root in sorted(roots))


def is_user_path(path: str, workspace: str | None = None) -> bool:
    """Return whether ``path`` is the user's own code rather than the stdlib or a package."""
    if not path or path.startswith("<"):  # <frozen importlib._bootstrap>, <string>, <stdin>
        return False
    slashed = "/" + path.replace("\\", "/")
    if "/site-packages/" in slashed or "/dist-packages/" in slashed:
        return False
    if _STDLIB_RE.search(slashed) or path.startswith(_stdlib_roots()):
        return False
    if workspace:
        root = os.path.normpath(workspace)
        full = os.path.normpath(path if os.path.isabs(path) else os.path.join(root, path))
        return full == root or full.startswith(root.rstrip(os.sep) + os.sep)
    return True


def _prefix_pattern(prefix: str) -> re.Pattern[str] | None:
    """Return a pattern for a log prefix whose digits (timestamps, counters) may vary.

    Its trailing blanks are optional, since a log line that was blank has lost them.
    """
    if not prefix:
        return None
    head = prefix[:200].rstrip()
    blanks = len(prefix[:200]) - len(head)
    if not head:  # an indented traceback: exactly that indentation
        return re.compile(f"[ \\t]{{{blanks}}}")
    body = "".join(r"\d" if c.isdigit() else re.escape(c) for c in head)
    return re.compile(f"{body}[ \\t]{{0,{blanks}}}")


def _is_caret_line(stripped: str) -> bool:
    return bool(stripped) and not stripped.strip("^~ ") and stripped[0] in "^~"


class _Reader:
    """The state machine: feed it lines, then read ``exceptions``."""

    def __init__(self, workspace: str | None) -> None:
        self.workspace = workspace
        self.exceptions: list[ExceptionInfo] = []
        self.state = _IDLE
        self.prefix: re.Pattern[str] | None = None
        self.prefixed = False  # whether the current line carried the prefix
        self.grouped = False  # inside the box drawing of an exception group
        self.frames: list[list[str | int | bool]] = []  # path, line, function, code, is_user
        self.awaiting_code = False
        self.type = ""
        self.message: list[str] = []
        self.chainable = False  # a chain marker now refers to the last exception

    # ------------------------------------------------------------------ feeding

    def feed(self, raw: str) -> None:
        raw = raw[:MAX_LINE].rstrip()
        if not self.grouped:
            at = raw.find(GROUP_HEADER) if "Exception Group" in raw else -1
            if at < 0:
                at = raw.find(HEADER) if "Traceback" in raw else -1
            if at >= 0:
                head = raw[:at]
                if head.rstrip().endswith("+"):  # "  + Exception Group Traceback ..."
                    head = head.rstrip()[:-1]
                    self.grouped = True
                self.prefix = _prefix_pattern(head)
                self._start()
                return
        line = raw
        self.prefixed = False
        if self.prefix is not None:
            m = self.prefix.match(raw)
            if m:
                line, self.prefixed = raw[m.end():], True
        if self.grouped:
            content = self._unbox(line)
            if content is None:
                return
            line = content
        self._step(line)

    def _unbox(self, line: str) -> str | None:
        """Return ``line`` without an exception group's box drawing; None when it is used up."""
        s = line.lstrip()
        if s.startswith("+-"):  # a separator between sub-exceptions, or the group's end
            self._finish()
            return None
        if s.startswith(("| ", "+ ")) or s == "|":  # "+ " opens a nested group
            return s[2:]
        self._finish()
        self.grouped = False
        return line

    def _step(self, line: str) -> None:
        stripped = line.strip()
        if stripped in CHAIN_MARKERS:
            self._finish()
            if self.chainable and self.exceptions:
                self.exceptions[-1] = replace(self.exceptions[-1], chained_as=CHAIN_MARKERS[stripped])
            self.chainable = False
            return
        if self.grouped and stripped.endswith(HEADER):  # a sub-exception with its traceback
            self._start()
            return
        if self.state == _FRAMES:
            self._frames_line(line, stripped)
        elif self.state == _MESSAGE:
            self._message_line(line, stripped)
        else:
            self._idle_line(line, stripped)

    def _idle_line(self, line: str, stripped: str) -> None:
        if not stripped:
            return
        self.chainable = False
        if stripped.startswith('File "') and self._frame(line):
            # a SyntaxError printed without a header, or a traceback whose header was cut off
            self.state = _FRAMES
            self.type, self.message = "", []
        elif self.grouped:
            # a sub-exception of a group that was never raised has no traceback at all
            m = _EXCEPTION_RE.match(line)
            if m:
                self._begin_message(m)

    def _frames_line(self, line: str, stripped: str) -> None:
        if not stripped or _is_caret_line(stripped) or stripped.startswith("[Previous line"):
            return
        if stripped.startswith('File "') and self._frame(line):
            return
        if line[0].isspace():
            if self.awaiting_code and self.frames:
                self.frames[-1][3] = stripped
                self.awaiting_code = False
            return  # the rest of a multi-line statement (3.13) or a pytest-indented extra
        m = _EXCEPTION_RE.match(line)
        if m:
            self._begin_message(m)
            return
        self._abandon()
        self._idle_line(line, stripped)

    def _message_line(self, line: str, stripped: str) -> None:
        ends = (
            not stripped
            or len(self.message) >= MAX_MESSAGE_LINES
            or (self.prefix is not None and not self.prefixed and not self.grouped)
            or stripped.startswith('File "')
            or _NOT_MESSAGE_RE.match(line) is not None
        )
        if ends:
            self._finish()
            self._idle_line(line, stripped)
        else:
            self.message.append(line)

    def close(self) -> None:
        """Record the exception still being read when the text ends."""
        self._finish()

    # ------------------------------------------------------------------ transitions

    def _start(self) -> None:
        self._finish()
        self.state = _FRAMES
        self.frames, self.type, self.message = [], "", []
        self.awaiting_code = False

    def _frame(self, line: str) -> bool:
        m = FRAME_RE.match(line)
        if not m:
            return False
        self.awaiting_code = len(self.frames) < MAX_FRAMES
        if self.awaiting_code:
            path = m["path"]
            user = is_user_path(path, self.workspace)
            self.frames.append([path, int(m["line"]), m["func"] or "", "", user])
        return True

    def _begin_message(self, m: re.Match[str]) -> None:
        self.type = m["type"]
        self.message = [m["message"] or ""]
        self.state = _MESSAGE

    def _abandon(self) -> None:
        self.state, self.frames, self.type, self.message = _IDLE, [], "", []

    def _finish(self) -> None:
        """Record the exception being read, if its type line was seen."""
        if self.state == _MESSAGE and len(self.exceptions) < MAX_EXCEPTIONS:
            message = "\n".join(self.message).strip()[:MAX_MESSAGE_CHARS]
            frames = tuple(
                Frame(path=str(p), line=int(n), function=str(f), code=str(c), is_user=bool(u))
                for p, n, f, c, u in self.frames
            )
            self.exceptions.append(ExceptionInfo(self.type, message, frames))
            self.chainable = True
        elif self.state == _FRAMES:
            self.chainable = False
        self._abandon()


def parse_tracebacks(lines: Sequence[str], workspace: str | None = None) -> tuple[ExceptionInfo, ...]:
    """Return every exception of every traceback in ``lines``, in the order printed.

    A chain keeps CPython's order (innermost cause first); ``chained_as`` on an exception says
    how the next one relates to it, and is None on the last exception of each chain. The
    sub-exceptions of an exception group follow the group itself.
    """
    reader = _Reader(workspace)
    for line in lines:
        reader.feed(line)
    reader.close()
    return tuple(reader.exceptions)
