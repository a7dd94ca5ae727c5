"""Indentation that mixes tabs and spaces (TabError, or an IndentationError in a file that
mixes them): the tabs expanded at the width that keeps each line in its block, or, in a
tab-indented file, the spaces gathered into tabs."""

from __future__ import annotations

import io
import tokenize

from nca.workers.engines.rules.indentation import (
    TAB,
    Repair,
    blank,
    indent_style,
    indent_unit,
    width,
)

__all__ = ["repairs"]


def repairs(text: str, err: SyntaxError) -> list[Repair]:
    """Return the tab repairs that fit ``err``, lightest first (not yet checked)."""
    lines = text.splitlines(keepends=True)
    if isinstance(err, TabError) or "tabs and spaces" in (err.msg or ""):
        return _tab_widths(lines, 1.0)
    if isinstance(err, IndentationError) and _mixed(lines):
        return _tab_widths(lines, 1.2)
    return []


def _string_rows(lines: list[str]) -> set[int]:
    """Return the rows that start inside a multi-line string (their whitespace is data)."""
    rows: set[int] = set()
    try:
        for t in tokenize.generate_tokens(io.StringIO("".join(lines)).readline):
            if t.type == tokenize.STRING and t.end[0] > t.start[0]:
                rows.update(range(t.start[0], t.end[0]))
    except (tokenize.TokenError, SyntaxError):
        pass
    return rows


def _mixed(lines: list[str]) -> bool:
    leads = {s[: len(s) - len(s.lstrip(" \t"))] for s in lines if s.strip()}
    return any("\t" in ws for ws in leads) and any(" " in ws for ws in leads)


def _tab_widths(lines: list[str], weight: float) -> list[Repair]:
    """Return the tabs expanded at the compiler's width (8) and at the file's step: the one that
    puts the lines it changes level with the code line above them first (`\tb = 2` under an
    8-space line is in that block; `\treturn y` under a 4-space body is in that one)."""
    widths = (TAB,) if indent_style(lines) == "\t" else tuple(dict.fromkeys((TAB, indent_unit(lines))))
    found = [r for w in widths if (r := _expand_tabs(lines, w))]
    level = [sum(_level_with_above(lines, row, text) for row in rows)
             for _title, text, _weight, rows in found]
    order = sorted(range(len(found)), key=lambda i: -level[i])
    return [(found[i][0], found[i][1], weight + 0.05 * rank, found[i][3][0] + 1,
             found[i][3][-1] + 1) for rank, i in enumerate(order)]


def _level_with_above(lines: list[str], row: int, text: str) -> bool:
    """Return True when line ``row`` of ``text`` starts where the code line above it does."""
    new = text.splitlines(keepends=True)
    above = next((new[r] for r in range(row - 1, -1, -1) if not blank(new[r])), None)
    return above is not None and width(above) == width(new[row])


def _expand_tabs(lines: list[str], tab: int) -> tuple[str, str, float, list[int]] | None:
    """Return the text with each line's tabs expanded to ``tab`` columns (or, in a
    tab-indented file, its spaces gathered into tabs), and the rows it changed."""
    inside = _string_rows(lines)
    to_tabs = indent_style(lines) == "\t"
    unit = indent_unit(lines) if to_tabs else tab
    out, changed = list(lines), []
    for r, s in enumerate(lines):
        ws = s[: len(s) - len(s.lstrip(" \t"))]
        if r in inside or not s.strip() or (" " if to_tabs else "\t") not in ws:
            continue
        col = 0
        for ch in ws:
            col = (col // unit + 1) * unit if ch == "\t" else col + 1
        new = "\t" * (col // unit) + " " * (col % unit) if to_tabs else " " * col
        if new != ws:
            out[r] = new + s[len(ws):]
            changed.append(r)
    if not changed:
        return None
    title = "Convert space indentation to tabs" if to_tabs else "Convert tab indentation to spaces"
    return title, "".join(out), 0.0, changed
