"""What a paste carries along with the code: a Markdown fence or inline-code mark, an
interactive session's prompts, characters that only look like ASCII (curly quotes, odd
spaces), NUL bytes; and Python 2's backticks, its repr quotes.

A line that is only a fence (```` ```python ````, ```` ``` ````, ``~~~``) came from a chat or a
page: every such line goes at once, for a fence opens and closes. A backtick left alone at
either end of a line's code is the other half of an inline-code mark: it goes. A pair around an
expression, `` `idx` ``, is Python 2's ``repr(idx)``. Lines copied from an interactive session
lose their ``>>> ``/``... `` prompts, and the lines it printed between them go.
"""

from __future__ import annotations

import ast
import re
import tokenize
import unicodedata
from collections.abc import Iterator

from nca.workers.engines.rules.indentation import line_tokens
from nca.workers.engines.rules.search import Fix
from nca.workers.engines.rules.syntax_edits import error_at, splice
from nca.workers.engines.rules.syntax_languages import HABIT_WEIGHT, replace_line

__all__ = ["backticks", "fences", "look_alike", "nul_bytes", "prompts"]

_TRIPLE = re.compile(r"(#)|(\"\"\"|\'\'\')")
_PROMPT = re.compile(r"([ \t]*)(?:>>>|\.\.\.)(?: |(?=\r?\n?$))")
_FENCE = re.compile(r"[ \t]*(?:```|~~~)[\w+.#-]*[ \t]*\r?\n?$")


def fences(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Delete every fence line, where the error is on one."""
    row, _ = error_at(lines, err)
    if not _FENCE.match(lines[row]):
        return
    inside = _in_triple_quotes(lines)
    kept = [line for k, line in enumerate(lines) if k in inside or not _FENCE.match(line)]
    gone = len(lines) - len(kept)
    title = ("Delete the Markdown fence line" if gone == 1
             else f"Delete the {gone} Markdown fence lines")
    yield Fix(title, "".join(kept), HABIT_WEIGHT, row + 1, 0, strategy="habit")


def _in_triple_quotes(lines: list[str]) -> set[int]:
    """Return the rows that start inside a triple-quoted string (a docstring's fence is text)."""
    inside, quote = set(), ""
    for k, line in enumerate(lines):
        if quote:
            inside.add(k)
        for found in _TRIPLE.finditer(line):
            if not quote and found[1]:
                break  # a comment
            mark = found[2]
            quote = "" if quote == mark else (quote or mark)
    return inside


def backticks(lines: list[str], row: int) -> Iterator[Fix]:
    """``repr(x)`` for Python 2's `` `x` ``; a lone backtick at an end of the line deleted."""
    line = lines[row]
    toks = line_tokens(line)
    marks = [t for t in toks if t.type == tokenize.ERRORTOKEN and t.string == "`"]
    if not marks:
        return
    if len(marks) % 2 == 0:
        new, last = line, 0
        parts = []
        for left, right in zip(marks[::2], marks[1::2], strict=True):
            inner = line[left.c1:right.c0].strip()
            if not inner or "`" in inner:
                return
            parts.append(line[last:left.c0] + f"repr({inner})")
            last = right.c1
        new = "".join(parts) + line[last:]
        yield Fix(f"Write Python 2's backticks as `repr()` on line {row + 1}",
                  replace_line(lines, row, new), HABIT_WEIGHT, row + 1, marks[0].c0,
                  strategy="habit")
        return
    code = [t for t in toks if t.type not in (tokenize.COMMENT, tokenize.ERRORTOKEN)
            or t.string.strip()]
    for mark in (marks[0], marks[-1]):
        if code and mark in (code[0], code[-1]):
            new = line[:mark.c0].rstrip() + line[mark.c1:] if mark is code[-1] \
                else line[:mark.c0] + line[mark.c1:].lstrip()
            yield Fix(f"Delete the stray backtick on line {row + 1}",
                      replace_line(lines, row, new), HABIT_WEIGHT, row + 1, mark.c0,
                      strategy="habit")
            return


def _printed(line: str) -> bool:
    """Return whether ``line`` reads as what a session printed: not code, or a literal."""
    if line[:1] in " \t":
        return False  # an indented line belongs to a block
    code = line.strip()
    try:
        tree = ast.parse(code)
    except SyntaxError:
        # a block's header (`def f():`) or a statement continued on the next lines (a bracket
        # or a triple-quoted string left open) is code;
        # `<Response [200]>`, `Traceback (most recent call last):` are not
        for head in (code + "\n    pass", code + ")", code + "]", code + "}", code + '"""',
                     code + "'''"):
            try:
                ast.parse(head)
            except SyntaxError:
                continue
            return False
        return True
    return len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr) and _literal(
        tree.body[0].value)


def _literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def prompts(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Remove an interactive session's prompts, where the error is on a prompt's line; the
    session's output goes too: a line without a prompt after the first with one that is no
    code (a value's repr, a traceback's line), never a statement that does something."""
    row, _ = error_at(lines, err)
    if not lines[row].lstrip().startswith(">>>"):
        return
    inside = _in_triple_quotes(lines)
    marked = [k for k, line in enumerate(lines) if k not in inside and _PROMPT.match(line)]
    out = []
    for k, line in enumerate(lines):
        found = _PROMPT.match(line) if k in marked else None
        if found:
            code = line[found.end():]
            out.append(code if code.strip() else "")
        elif line.strip() and marked and marked[0] < k and k not in inside and _printed(line):
            continue  # what the session printed
        else:
            out.append(line)
    yield Fix("Remove the interactive prompts", "".join(out), HABIT_WEIGHT, row + 1, 0,
              strategy="habit")


#: characters a chat or a word processor puts for ASCII ones: curly quotes, dashes, odd spaces
_CONFUSABLES = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
    **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000", " "),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", ""),
    "\u00d7": "*", "\u00f7": "/", "\u2026": "...",
}


def look_alike(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Replace a character Python does not take (a curly quote, a non-breaking space) with the
    ASCII one it looks like, on the whole line first; else delete it."""
    row, col = error_at(lines, err)
    line = lines[row]
    code = re.search(r"U\+([0-9A-Fa-f]{4,6})", err.msg)
    ch = chr(int(code[1], 16)) if code else line[col:col + 1]
    col = col if line[col:col + 1] == ch else line.find(ch)
    if col < 0 or not ch:
        return
    ascii_ = _CONFUSABLES.get(ch)
    if ascii_ is None:
        folded = unicodedata.normalize("NFKC", ch)
        ascii_ = folded if folded.isascii() and folded != ch else None
    name = f"U+{ord(ch):04X}"
    if ascii_ is not None:
        every = "".join(_CONFUSABLES.get(c, c) for c in line)
        yield Fix(f"Replace the look-alike characters on line {row + 1} with ASCII",
                  "".join(lines[:row]) + every + "".join(lines[row + 1:]), 1.0, row + 1, col)
        yield Fix(f"Replace {name} with {ascii_!r} on line {row + 1}",
                  splice(lines, row, col, col + 1, ascii_), 1.02, row + 1, col)
    yield Fix(f"Delete {name} on line {row + 1}", splice(lines, row, col, col + 1, ""), 1.1,
              row + 1, col)


def nul_bytes(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Delete the NUL bytes a bad copy left in the text."""
    yield Fix("Delete the NUL bytes", "".join(lines).replace("\0", ""), 1.0, err.lineno or 1)
