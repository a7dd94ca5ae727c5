"""Indentation repairs (dedent a stray block, indent a missing body, snap to a level; tabs
mixed with spaces are tabs.py's) and the line-layout helpers the syntax repairs share.

Widths follow the compiler: a tab advances to the next multiple of 8.
"""

from __future__ import annotations

import functools
import io
import re
import tokenize
from collections import Counter
from dataclasses import dataclass

__all__ = ["TAB", "Repair", "Tok", "blank", "code_end", "indent_style", "indent_unit", "line_tokens",
           "repairs", "width"]

TAB = 8
_SKIP = {tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT}
_CLAUSE = re.compile(r"(?:else|elif|except|finally|case)\b")
_DEFINITION = re.compile(r"(?:@|def\s|class\s|async\s+def\s)")

#: (title, new text, weight, first edited line, last edited line); lines are 1-based
Repair = tuple[str, str, float, int, int]


@dataclass(frozen=True)
class Tok:
    """One token of a single physical line; columns are 0-based offsets into that line."""

    type: int
    string: str
    c0: int
    c1: int


def width(line: str) -> int:
    """Return the column where the code of ``line`` starts, tabs counted as the compiler does."""
    col = 0
    for ch in line:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col = (col // TAB + 1) * TAB
        elif ch == "\f":
            col = 0
        else:
            break
    return col


def line_tokens(line: str) -> list[Tok]:
    """Return the tokens of one physical line, as far as it tokenizes on its own.

    Remembered for the last few thousand lines: the rules of one repair ask about the same
    lines again and again (each habit, each candidate of a chain)."""
    return list(_line_tokens(line))


@functools.lru_cache(maxsize=4096)
def _line_tokens(line: str) -> tuple[Tok, ...]:
    body = line.lstrip(" \t\f")
    off, end = len(line) - len(body), len(line.rstrip("\r\n"))
    toks: list[Tok] = []
    try:
        for t in tokenize.generate_tokens(io.StringIO(body).readline):
            if t.start[0] != 1:
                break
            if t.type not in _SKIP:
                c1 = t.end[1] + off if t.end[0] == 1 else end
                toks.append(Tok(t.type, t.string, t.start[1] + off, c1))
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass
    return tuple(toks)


def code_end(line: str) -> int:
    """Return the offset just after the last code character of ``line`` (before a comment)."""
    code = [t for t in line_tokens(line) if t.type != tokenize.COMMENT]
    return code[-1].c1 if code else len(line.rstrip())


def repairs(text: str, err: SyntaxError) -> list[Repair]:
    """Return the indentation repairs that fit ``err``, lightest first (not yet checked)."""
    lines = text.splitlines(keepends=True)
    if not lines:
        return []
    msg, out = err.msg or "", []
    if msg.startswith("unexpected indent"):
        out += _unexpected(lines, err)
    elif msg.startswith("expected an indented block"):
        out += _missing_body(lines, err, msg)
    elif msg.startswith(("unindent does not match", "unexpected unindent")):
        out += _snap(lines, err)
    return out


# --------------------------------------------------------------------------- layout helpers


def blank(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def _is_header(line: str) -> bool:
    return line[: code_end(line)].rstrip().endswith(":")


def _opens(line: str) -> bool:
    """Return whether ``line`` leaves a bracket open (so the next lines continue it)."""
    depth = 0
    for t in line_tokens(line):
        if t.type == tokenize.OP and t.string in "([{":
            depth += 1
        elif t.type == tokenize.OP and t.string in ")]}":
            depth -= 1
    return depth > 0


def indent_style(lines: list[str]) -> str:
    tabs = sum(1 for s in lines if s[:1] == "\t" and s.strip())
    spaces = sum(1 for s in lines if s[:1] == " " and s.strip())
    return "\t" if tabs > spaces else " "


def _render(w: int, style: str) -> str:
    return "\t" * (w // TAB) + " " * (w % TAB) if style == "\t" else " " * w


def indent_unit(lines: list[str]) -> int:
    """Return the file's indentation step: the commonest increase between code lines."""
    steps: Counter[int] = Counter()
    prev = None
    for s in lines:
        if blank(s) or "\t" in s[: len(s) - len(s.lstrip())]:
            continue
        w = width(s)
        if prev is not None and 0 < w - prev <= 8:
            steps[w - prev] += 1
        prev = w
    return steps.most_common(1)[0][0] if steps else 4


def _starts(lines: list[str], upto: int) -> list[tuple[int, int]]:
    """Return (row, width) of every statement that starts before row ``upto`` (0-based)."""
    starts: list[tuple[int, int]] = []
    at_start = True
    try:
        for t in tokenize.generate_tokens(io.StringIO("".join(lines[:upto])).readline):
            if t.type == tokenize.NEWLINE:
                at_start = True
            elif t.type not in _SKIP and t.type != tokenize.COMMENT and at_start:
                starts.append((t.start[0] - 1, width(lines[t.start[0] - 1])))
                at_start = False
    except (tokenize.TokenError, SyntaxError):
        pass
    return starts


def _deeper(lines: list[str], row: int, floor: int) -> list[int]:
    """Return ``row`` and the rows after it until the first code line not deeper than ``floor``."""
    rows = [row]
    for j in range(row + 1, len(lines)):
        if not blank(lines[j]) and width(lines[j]) <= floor:
            break
        rows.append(j)
    return rows


def _shifted(lines: list[str], rows: list[int], delta: int) -> str:
    style, out = indent_style(lines), list(lines)
    for r in rows:
        if lines[r].strip():
            out[r] = _render(max(width(lines[r]) + delta, 0), style) + lines[r].lstrip(" \t\f")
    return "".join(out)


def _span(rows: list[int]) -> str:
    code = [r + 1 for r in rows]
    return f"line {code[0]}" if len(code) == 1 else f"lines {code[0]}-{code[-1]}"


def _moved(lines: list[str], rows: list[int], delta: int, verb: str, base: float) -> Repair:
    rows = [r for r in rows if not blank(lines[r])] or rows[:1]
    to = width(lines[rows[0]]) + delta
    weight = base + 0.1 * min(len(rows) - 1, 4)
    return (f"{verb} {_span(rows)} to column {to}", _shifted(lines, rows, delta), weight,
            rows[0] + 1, rows[-1] + 1)


# --------------------------------------------------------------------------- the repairs


def _unexpected(lines: list[str], err: SyntaxError) -> list[Repair]:
    i = (err.lineno or 1) - 1
    if i >= len(lines):
        return []
    cur = width(lines[i])
    starts = _starts(lines, i)
    levels = [w for _, w in starts if w < cur]
    target = starts[-1][1] if starts and starts[-1][1] < cur else (levels[-1] if levels else 0)
    out = []
    for rows in _distinct([i], _deeper(lines, i, cur), _deeper(lines, i, cur - 1)):
        out.append(_moved(lines, rows, target - cur, "Dedent", 1.0))
    # a lone line that lost its indentation after a line of the block it belongs to: back to
    # that line's level, or to this one's where the block ended there
    if len(starts) >= 2 and starts[-2][1] >= cur > starts[-1][1]:
        p = starts[-1][0]
        if not _is_header(lines[p]):
            for k, to in enumerate(dict.fromkeys((starts[-2][1], cur))):
                out.append(_moved(lines, list(range(p, i)), to - starts[-1][1], "Indent",
                                  1.01 + 0.01 * k))
    return out


def _distinct(*spans: list[int]) -> list[list[int]]:
    return [list(rows) for rows in dict.fromkeys(tuple(rows) for rows in spans)]


def _stack(lines: list[str], row: int) -> tuple[list[int], list[tuple[int, int]]]:
    """Return the open indentation levels at ``row`` and the statement starts before it."""
    starts, stack = _starts(lines, row), [0]
    for _, x in starts:
        if x > stack[-1]:
            stack.append(x)
        while stack[-1] > x:
            stack.pop()
    return stack, starts


def _missing_body(lines: list[str], err: SyntaxError, msg: str) -> list[Repair]:
    i = (err.lineno or 1) - 1
    found = re.search(r"on line (\d+)", msg)
    h = int(found[1]) - 1 if found else max(i - 1, 0)
    h = min(h, len(lines) - 1)
    hi, style = width(lines[h]), indent_style(lines)
    unit = TAB if style == "\t" else indent_unit(lines)  # a tab-indented file steps one tab
    target = hi + unit
    nl = "\r\n" if lines[h].endswith("\r\n") else "\n"
    pass_line = _render(target, style) + "pass" + nl
    body = i if h < i < len(lines) and not blank(lines[i]) else None
    out: list[Repair] = []
    if body is not None:
        wl = width(lines[body])
        # the next statement: the body's own continuation lines (`assert x, (` ...) are not one
        end = _statement_end(lines, body)
        after = [j for j in range(end + 1, len(lines)) if not blank(lines[j])]
        if after and width(lines[after[0]]) > max(hi, wl):
            to = width(lines[after[0]])
            out.append((f"Indent line {body + 1} to column {to}",
                        _shifted(lines, [body], to - wl), 1.0, body + 1, body + 1))
        single = _deeper(lines, body, wl)
        para = _paragraph(lines, body, hi, wl)
        # the header itself moved in: put it back at an open level above its body
        lower = [lv for lv in _stack(lines, h)[0] if lv < min(hi, wl)]
        if lower:
            rest = [width(lines[j]) for j in range(single[-1] + 1, len(lines)) if not blank(lines[j])]
            many = len([r for r in para if not blank(lines[r])]) > 1
            weight = 1.0 if many or not rest or rest[0] < min(hi, wl) else 1.08
            title, new, _, first, last = _moved(lines, list(range(h, body)), lower[-1] - hi,
                                                "Dedent", 1.0)
            out.append((title, new, weight, first, last))
        # a loop's or a definition's body runs on to the blank line; an `if` or a `with` holds
        # one line more often
        spans = [para, single] if re.search(r"definition|'(?:for|while)' statement", msg) \
            else [single, para]
        # code after a blank line at the header's level reads as the next thing, not the body
        apart = 0.6 if wl <= hi and any(not lines[j].strip() for j in range(h + 1, body)) else 0.0
        seen: set[tuple[int, ...]] = set()
        for k, rows in enumerate(spans):
            rows = [r for r in rows if not blank(lines[r])]
            if target > wl and tuple(rows) not in seen:
                seen.add(tuple(rows))
                title, new, _, first, last = _moved(lines, rows, target - wl, "Indent", 1.0)
                out.append((title, new, 1.05 + 0.05 * k + apart, first, last))
        new = "".join(lines[:body]) + pass_line + "".join(lines[body:])
        at = body
    else:
        head = "".join(lines)
        new = head + ("" if head.endswith(("\n", "\r")) else nl) + pass_line
        at = len(lines)
    # only a comment under the header (`# TODO: validate later`): the body was left empty on
    # purpose, and `pass` goes under the comment, at its indentation
    notes = [j for j in range(h + 1, at) if lines[j].strip().startswith("#")
             and width(lines[j]) > hi]
    if notes:
        below = _render(width(lines[notes[-1]]), style) + "pass" + nl
        out.append((f"Insert 'pass' under the comment on line {notes[-1] + 1}",
                    "".join(lines[:notes[-1] + 1]) + below + "".join(lines[notes[-1] + 1:]),
                    0.9, notes[-1] + 2, notes[-1] + 2))
    if not notes or out[-1][1] != new:
        out.append((f"Insert 'pass' after line {at}", new, 1.5, at + 1, at + 1))
    return out


def _statement_end(lines: list[str], row: int) -> int:
    """Return the last row of the statement that starts at ``row`` (its brackets closed)."""
    depth = 0
    for j in range(row, len(lines)):
        for t in line_tokens(lines[j]):
            if t.type == tokenize.OP and t.string in "([{":
                depth += 1
            elif t.type == tokenize.OP and t.string in ")]}":
                depth -= 1
        if depth <= 0:
            return j
    return row


def _paragraph(lines: list[str], row: int, hi: int, wl: int) -> list[int]:
    """Return ``row`` and the lines after it that read as the same paragraph of code."""
    rows = [row]
    for j in range(row + 1, len(lines)):
        s = lines[j]
        if not s.strip():
            nxt = next((t for t in lines[j + 1:] if not blank(t)), "")
            if not nxt or width(nxt) <= hi:
                break
        elif not blank(s):
            w, code = width(s), s.lstrip()
            if w < wl or (w <= hi and (_CLAUSE.match(code) or _DEFINITION.match(code))):
                break
        rows.append(j)
    return rows


def _hint(lines: list[str], row: int) -> int | None:
    """Return the width the statement at ``row`` most likely had.

    A closing bracket on a line of its own sits where its statement started; failing that,
    the next statement after this one (and its block) shows the level the code returns to.
    """
    w, depth = width(lines[row]), 0
    header = _is_header(lines[row])
    for j in range(row, len(lines)):
        code = lines[j].lstrip()
        if j > row and depth == 1 and code[:1] in (")", "]", "}"):
            return width(lines[j])
        if j > row and depth <= 0 and not blank(lines[j]) and (not header or width(lines[j]) <= w):
            return width(lines[j])
        for t in line_tokens(lines[j]):
            depth += (t.string in "([{") - (t.string in ")]}") if t.type == tokenize.OP else 0
    return None


_FOR_HEADER = re.compile(r"\s*(?:async\s+)?for\s+(.+?)\s+in\b")


def _loop_reader(lines: list[str], row: int, starts: list[tuple[int, int]], w: int
                 ) -> int | None:
    """Return the level of the loop body that ``row`` (indented between two levels) reads
    the loop variable of (``cleaned.append(field)`` under ``for field in fields:``): it
    belongs in that body, not after the loop. None when it reads none."""
    header = next(((r, x) for r, x in reversed(starts) if x < w), None)
    if header is None:
        return None
    found = _FOR_HEADER.match(lines[header[0]])
    body = next((x for r, x in starts if r > header[0]), None)
    if found is None or body is None or body <= w:
        return None
    names = set(re.findall(r"[A-Za-z_]\w*", found[1]))
    read = {t.string for t in line_tokens(lines[row]) if t.type == tokenize.NAME}
    return body if names & read else None


def _snap(lines: list[str], err: SyntaxError) -> list[Repair]:
    i = (err.lineno or 1) - 1
    if i >= len(lines):
        return []
    w = width(lines[i])
    stack, starts = _stack(lines, i)
    after = _hint(lines, i)
    stay = _loop_reader(lines, i, starts, w)
    levels = sorted(set(stack), key=lambda lv: (abs(lv - w), stay is not None and lv != stay,
                                                lv != after, -lv))[:3]
    own = _deeper(lines, i, w) if _is_header(lines[i]) or _opens(lines[i]) else [i]
    out: list[Repair] = []
    for k, lv in enumerate(levels):
        for rows in _distinct([i], own, _deeper(lines, i, w - 1)):
            out.append(_moved(lines, rows, lv - w, "Re-indent", 1.0 + 0.05 * k + 0.05 * (rows != [i])))
    # the header above lost its indentation: its block still sits deeper than this line
    lower = [(n, r, x) for n, (r, x) in enumerate(starts) if x < w]
    if lower and _is_header(lines[lower[-1][1]]):
        n, p, x = lower[-1]
        body = next((r for r, _ in starts if r > p), i)
        # likelier still when the statement before that header sits where this line does
        weight = 0.99 if n > 0 and starts[n - 1][1] == w else 1.02
        title, new, _, first, last = _moved(lines, list(range(p, body)), w - x, "Indent", 1.0)
        out.append((title, new, weight, first, last))
    return out
