"""Where a completion ends: the code after the cursor (the suffix) takes over; used by every
engine that completes code, whether or not the model sees the suffix."""

from __future__ import annotations

__all__ = ["InfillCut"]


class InfillCut:
    """Ends a completion where the code after the cursor (the suffix) takes over.

    Fed the generated text piece by piece, it returns what may be shown now (whole lines)
    and sets ``done`` once the completion is over. It cuts before a line that repeats the
    suffix's first line. With ``lines`` (a model continuing the prefix, blind to the suffix)
    it also ends at a line boundary, as autocomplete does: a cursor with code after it on its
    line, or in the middle of a line that opens no block, gets the rest of that line (minus
    the code after the cursor, when the line ends with it); otherwise the completion ends at
    a blank line or a line indented less than the block the cursor is in.
    """

    def __init__(self, prefix: str, suffix: str, *, lines: bool) -> None:
        cursor_line = prefix.rpartition("\n")[2]
        self.rest = suffix.partition("\n")[0].strip()  # the code after the cursor, its line
        self.anchor = next((line.strip() for line in suffix.splitlines() if line.strip()), "")
        self.lines = lines
        opens = cursor_line.rstrip().endswith((":", "{", "(", "["))
        self.single = lines and (bool(self.rest) or bool(cursor_line.strip()) and not opens)
        indent = len(cursor_line) - len(cursor_line.lstrip())
        # a block opened at the cursor's line holds lines indented deeper than that line
        self.least_indent = indent + 1 if opens else indent
        self.pending = ""
        self.kept: list[str] = []  # whole lines let through
        self.sent = 0  # characters of "\n".join(kept) already returned
        self.done = False

    def feed(self, piece: str, *, final: bool = False) -> str:
        """Return the text that may be shown now; ``final``: the generation has ended."""
        if self.done:
            return ""
        self.pending += piece
        *whole, self.pending = self.pending.split("\n")
        if final:  # what follows the last newline is a line too, even an empty one
            whole.append(self.pending)
        for line in whole:
            if self._end_before(line):
                if self.kept and self.rest and not self.lines:
                    self.kept.append("")  # the suffix goes on at a line start: end the line
                self.done = True
                break
            self.kept.append(line)
            if self.single:  # the rest of the cursor's line is all a one-line completion gets
                self.done = True
                break
        self.done = self.done or final
        if self.single and not self.done:
            return ""  # a one-line completion shows nothing before its line is whole
        if self.single and self.kept:
            self.kept = [self._without_rest(self.kept[0])]
        text = "\n".join(self.kept)
        if self.done and self.lines:  # what a line-cut completion ends with is not code
            text = text[: max(self.sent, len(text.rstrip()))]
        out, self.sent = text[self.sent:], max(self.sent, len(text))
        return out

    def _end_before(self, line: str) -> bool:
        """Return True when the completion ends before ``line`` (a line of the generation)."""
        first = not self.kept
        if self.single:
            return False
        if self.anchor and line.strip() == self.anchor:
            return True
        if not self.lines or first:
            return False
        if not line.strip():
            return any(k.strip() for k in self.kept)  # a blank line after some code
        return len(line) - len(line.lstrip()) < self.least_indent

    def _without_rest(self, line: str) -> str:
        """Return the one line of a completion without the code after the cursor it repeats."""
        if not self.rest:
            return line
        if line.rstrip().endswith(self.rest):
            return line.rstrip()[: -len(self.rest)]
        at = line.find(self.rest)
        return line[:at] if at >= 0 else line
