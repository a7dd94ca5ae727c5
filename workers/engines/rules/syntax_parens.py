"""Expressions that need parentheses they were written without.

A walrus inside a comprehension's filter, an argument or a value (``[m[1] for s in xs if m :=
f(s)]``); a condition continued on the next line after its ``and`` (``if a and`` / ``b:``); a
method chain continued on lines that start with ``.`` (``df.groupby(k)`` / ``.agg(...)``); a
lambda's tuple read as more arguments (``key=lambda b: b[1], b[0]``); a conditional expression
written after its comprehension's ``for``.
Python reads such a line as a statement of its own; in parentheses the lines are one
expression, as PEP 8 writes it.
"""

from __future__ import annotations

import re
import tokenize
from collections.abc import Iterator

from nca.workers.engines.rules.indentation import blank, code_end, line_tokens, width
from nca.workers.engines.rules.search import Fix
from nca.workers.engines.rules.syntax_edits import error_at, top_level
from nca.workers.engines.rules.syntax_languages import HABIT_WEIGHT, respelt

__all__ = ["conditional_first", "continued", "lambda_tuple", "walrus"]

#: where a walrus's value ends at its own depth: the clause, item or header after it
_VALUE_ENDS = frozenset({",", "for", "if", "else", ":", "async"})
#: a line left hanging: its code ends with an operator that needs a right operand
_HANGING = re.compile(r"(?:\b(?:and|or|not|in|is)|[-+*/%@&|^<>=!]=?|//|\*\*|<<|>>)$")
#: the keywords whose expression follows them on a statement's line
_LEADS = re.compile(r"[ \t]*(?:(?:el)?if|while|return|yield|assert|await)\b[ \t]*")
_HEADERS = re.compile(r"[ \t]*(?:(?:el)?if|while)\b")


def walrus(lines: list[str], row: int) -> Iterator[Fix]:
    """``if m := p.match(s)`` in a comprehension: ``(m := p.match(s))``."""
    toks = [t for t in line_tokens(lines[row]) if t.type != tokenize.COMMENT]
    for i, t in enumerate(toks):
        if t.string != ":=" or i == 0 or toks[i - 1].type != tokenize.NAME:
            continue
        if i >= 2 and toks[i - 2].string == "(":
            continue
        end = next((u.c0 for _, u in top_level(toks[i + 1:])
                    if u.string in _VALUE_ENDS or u.string in (")", "]", "}")), toks[-1].c1)
        start = toks[i - 1].c0
        value = lines[row][start:end].rstrip()
        yield respelt(lines, row, [(start, start + len(value))], f"({value})",
                      f"Put the assignment expression in parentheses on line {row + 1}")
        return


def _start(line: str) -> int:
    """Return where the expression of a statement's line starts: after its keyword, after an
    assignment's ``=``, else where its code does."""
    lead = _LEADS.match(line)
    if lead:
        return lead.end()
    for _, t in top_level(line_tokens(line)):
        if t.type == tokenize.OP and t.string.endswith("=") and t.string not in (
                "==", "<=", ">=", "!="):
            return t.c1 + len(line[t.c1:]) - len(line[t.c1:].lstrip(" \t"))
    return len(line) - len(line.lstrip())


def continued(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Wrap a statement continued on deeper lines in parentheses: after a line that hangs on
    an operator, or before lines that start with ``.``."""
    row, col = error_at(lines, err)
    head = None
    if (err.msg or "").startswith("unexpected indent") and lines[row].lstrip().startswith("."):
        head = next((r for r in range(row - 1, -1, -1) if not blank(lines[r])), None)
    elif (err.msg or "") == "invalid syntax" and _HANGING.search(
            lines[row][:code_end(lines[row])].rstrip()) and col >= code_end(lines[row]) - 1:
        head = row
    if head is None or head + 1 >= len(lines):
        return
    floor, last = width(lines[head]), head
    for r in range(head + 1, len(lines)):
        if blank(lines[r]):
            continue
        if width(lines[r]) <= floor:
            break
        last = r
        if not _HANGING.search(lines[r][:code_end(lines[r])].rstrip()) and not (
                r + 1 < len(lines) and lines[r + 1].lstrip().startswith(".")):
            break
    if last == head:
        return
    start = _start(lines[head])
    end = code_end(lines[last])
    if _HEADERS.match(lines[head]) and lines[last][:end].rstrip().endswith(":"):
        end = lines[last][:end].rstrip().rfind(":")
        while end and lines[last][end - 1] in " \t":
            end -= 1
    out = list(lines)
    out[last] = out[last][:end] + ")" + out[last][end:]
    out[head] = out[head][:start] + "(" + out[head][start:]
    yield Fix(f"Wrap lines {head + 1}-{last + 1} in parentheses", "".join(out), HABIT_WEIGHT,
              head + 1, start, last + 1, strategy="habit")


def lambda_tuple(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``sort(key=lambda b: b[1], b[0])``: the lambda meant to give a tuple, whose items the
    call read as more arguments; in parentheses they are the lambda's one value."""
    row, _ = error_at(lines, err)
    line = lines[row]
    toks = [t for t in line_tokens(line) if t.type != tokenize.COMMENT]
    for i, t in enumerate(toks):
        if t.string != "lambda" or i < 2 or toks[i - 1].string != "=":
            continue
        colon = next((k for k in range(i + 1, len(toks)) if toks[k].string == ":"), None)
        if colon is None or colon + 1 >= len(toks):
            return
        end = None
        rest = toks[colon + 1:]
        for k, u in top_level(rest):
            if u.type == tokenize.NAME and u.string in ("for", "if"):
                return
            if u.string in (")", "]", "}") or u.string == "," and k + 2 < len(rest) and (
                    rest[k + 1].type == tokenize.NAME and rest[k + 2].string == "="):
                end = u.c0  # its call's end, or the call's keyword arguments after the tuple
                break
        if end is None:
            return
        body = line[toks[colon + 1].c0:end].rstrip()
        if "," not in body:
            return  # one value: not the lambda's tuple
        start = toks[colon + 1].c0
        yield respelt(lines, row, [(start, start + len(body))], f"({body})",
                      f"Put the lambda's values in parentheses on line {row + 1}")
        return


_AFTER_FOR = re.compile(r"\[([^\[\]]+?)\s+for\s+([^\[\]]+?)\s+in\s+([^\[\]]+?)\s+if\s+"
                        r"([^\[\]]+?)\s+else\s+([^\[\]]+?)\]")


def conditional_first(lines: list[str], row: int) -> Iterator[Fix]:
    """``["green" for p in xs if p >= 0 else "red"]``: a conditional expression goes before the
    comprehension's ``for`` (only a filter, without ``else``, goes after it)."""
    found = _AFTER_FOR.search(lines[row])
    if found:
        value, target, source, test, other = found.groups()
        yield respelt(lines, row, [(found.start(), found.end())],
                      f"[{value} if {test} else {other} for {target} in {source}]",
                      f"Put the conditional before the comprehension's `for` on line {row + 1}")
