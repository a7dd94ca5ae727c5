"""The edits the syntax rules make on the lines of a text: where an error is, a splice, an
insertion offered as a fix, and the brackets a line leaves open or a span of tokens sits in."""

from __future__ import annotations

import tokenize
from collections.abc import Iterator

from nca.workers.engines.rules.indentation import Tok, line_tokens
from nca.workers.engines.rules.search import Fix

__all__ = ["error_at", "insert", "net_depth", "open_stack", "splice", "top_level"]


def error_at(lines: list[str], err: SyntaxError) -> tuple[int, int]:
    """Return the 0-based (row, column) of ``err`` in ``lines``, kept inside the text."""
    row = min(max((err.lineno or 1) - 1, 0), len(lines) - 1)
    return row, max((err.offset or 1) - 1, 0)


def splice(lines: list[str], row: int, c0: int, c1: int, new: str) -> str:
    """Return the text of ``lines`` with columns ``c0:c1`` of ``row`` replaced by ``new``."""
    out = list(lines)
    out[row] = out[row][:c0] + new + out[row][c1:]
    return "".join(out)


def insert(lines: list[str], row: int, col: int, s: str, title: str, weight: float = 1.0) -> Fix:
    """Return the fix that puts ``s`` at ``row``/``col`` (0-based)."""
    return Fix(title, splice(lines, row, col, col, s), weight, row + 1, col)


def open_stack(line: str, before: int | None = None) -> list[Tok]:
    """Return the brackets ``line`` opens and leaves open (before column ``before``)."""
    stack: list[Tok] = []
    for t in line_tokens(line):
        if before is not None and t.c0 >= before:
            break
        if t.type == tokenize.OP and t.string in "([{":
            stack.append(t)
        elif t.type == tokenize.OP and t.string in ")]}" and stack:
            stack.pop()
    return stack


def net_depth(line: str) -> int:
    """Return how many more brackets ``line`` opens than it closes."""
    return sum((t.string in "([{") - (t.string in ")]}") for t in line_tokens(line)
               if t.type == tokenize.OP)


def top_level(toks: list[Tok]) -> Iterator[tuple[int, Tok]]:
    """Yield ``(index, token)`` for the tokens of ``toks`` outside the brackets they open
    themselves, last the one that closes a bracket opened before them (then stop)."""
    depth = 0
    for k, t in enumerate(toks):
        if t.type == tokenize.OP and t.string in "([{":
            depth += 1
        elif t.type == tokenize.OP and t.string in ")]}":
            depth -= 1
            if depth < 0:
                yield k, t
                return
        elif depth == 0:
            yield k, t

