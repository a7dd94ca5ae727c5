"""Syntax errors written out of habit: another language's spelling of a Python construct.

``else if`` for ``elif``, ``i++`` for ``i += 1``, ``&&``/``||``/``!`` for ``and``/``or``/``not``,
``for x range(n)`` without its ``in``, ``{'a'= 1}`` for a dict display, an apostrophe that
ends a single-quoted string early (``'it's'``) and Python 2's ``raise E, "message"``; and the
slip of the fingers behind most "invalid syntax" errors, a misspelt keyword. Each is
looked for on the error's line (and the line before, where Python reports the next token);
every fix is only proposed: the syntax rule checks that it compiles and verify judges it like
any other.
"""

from __future__ import annotations

import keyword
import re
import tokenize
from collections.abc import Iterator

from nca.workers.engines.rules.indentation import code_end, line_tokens
from nca.workers.engines.rules.search import Fix
from nca.workers.engines.rules.syntax_strings import quote_marks
from nca.workers.facts.near_miss import levenshtein_distance

__all__ = ["HABIT_WEIGHT", "KEYWORD_TYPO_WEIGHT", "VALUE_WORDS", "habits", "keyword_typos"]

#: a habit is a sure reading of what was meant: tried before punctuation
HABIT_WEIGHT = 0.3
#: the names that are keywords and values at once
VALUE_WORDS = frozenset({"True", "False", "None"})

_ELSE_IF = re.compile(r"^(\s*)else\s+if\b")
_STEP = re.compile(r"^(\s*)([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*(\+\+|--)\s*;?\s*$")
_RAISE = re.compile(r"^(\s*)raise\s+([A-Za-z_][\w.]*)\s*,\s*([^,]+?)\s*$")


def _replace_line(lines: list[str], row: int, new: str) -> str:
    return "".join([*lines[:row], new, *lines[row + 1:]])


def _else_if(lines: list[str], row: int) -> Iterator[Fix]:
    found = _ELSE_IF.match(lines[row])
    if found:
        new = f"{found[1]}elif" + lines[row][found.end():]
        yield Fix(f"Write `elif` for `else if` on line {row + 1}", _replace_line(lines, row, new),
                  HABIT_WEIGHT, row + 1, len(found[1]), strategy="habit")


def _step(lines: list[str], row: int) -> Iterator[Fix]:
    line = lines[row]
    end = code_end(line)
    found = _STEP.match(line[:end])
    if found:
        op = "+=" if found[3] == "++" else "-="
        new = f"{found[1]}{found[2]} {op} 1" + line[end:]
        yield Fix(f"Write `{found[2]} {op} 1` for `{found[2]}{found[3]}` on line {row + 1}",
                  _replace_line(lines, row, new), HABIT_WEIGHT, row + 1, len(found[1]),
                  strategy="habit")


def _logic(lines: list[str], row: int) -> Iterator[Fix]:
    """``a && b``, ``a || b``, ``!a``: Python's words, wherever the tokens (not strings) say so."""
    line = lines[row]
    toks = line_tokens(line)
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        pair = toks[i + 1] if i + 1 < len(toks) else None
        if (t.string in ("&", "|") and pair is not None and pair.string == t.string
                and pair.c0 == t.c1):
            spans.append((t.c0, pair.c1, "and" if t.string == "&" else "or"))
            i += 2
            continue
        if t.string == "!" and not (pair is not None and pair.string.startswith("=")
                                    and pair.c0 == t.c1):
            spans.append((t.c0, t.c1, "not"))
        i += 1
    if not spans:
        return
    new = line
    for c0, c1, word in reversed(spans):
        before, after = new[:c0], new[c1:]
        lead = "" if not before.strip() or before.endswith((" ", "(", "[", "{")) else " "
        new = f"{before}{lead}{word}{'' if after.startswith(' ') else ' '}{after}"
    yield Fix(f"Write Python's `and`/`or`/`not` on line {row + 1}",
              _replace_line(lines, row, new), HABIT_WEIGHT, row + 1, spans[0][0],
              strategy="habit")


def _for_in(lines: list[str], row: int) -> Iterator[Fix]:
    """``for x range(n)`` and ``[f(w) for w words]``: the loop's targets, then no ``in``."""
    line = lines[row]
    toks = line_tokens(line)
    for i, t in enumerate(toks):
        if t.string != "for" or t.type != tokenize.NAME:
            continue
        j = i + 1  # the targets: names separated by commas
        while j < len(toks) and toks[j].type == tokenize.NAME and not keyword.iskeyword(
                toks[j].string):
            if j + 1 < len(toks) and toks[j + 1].string == ",":
                j += 2
                continue
            break
        if j + 1 >= len(toks) or toks[j].type != tokenize.NAME or keyword.iskeyword(toks[j].string):
            continue
        after = toks[j + 1]
        if (after.type == tokenize.NAME and not keyword.iskeyword(after.string)) or (
                after.string in ("(", "[")):
            at = toks[j].c1
            names = line[toks[i + 1].c0:at]
            if any(x.string == "in" for x in toks[j + 1:]):
                # `for key value in d.items()`: the `in` is there, the targets lost a comma
                # (an `in` after `key` would iterate over the test `value in d.items()`)
                if after.type == tokenize.NAME and toks[j + 2:j + 3] and toks[j + 2].string == "in":
                    new = line[:at] + "," + line[at:]
                    yield Fix(f"Insert ',' between the targets `{names}` and `{after.string}` "
                              f"on line {row + 1}", _replace_line(lines, row, new),
                              HABIT_WEIGHT, row + 1, at, strategy="habit")
                return
            new = line[:at] + " in" + line[at:]
            yield Fix(f"Insert `in` after `for {names}` on line {row + 1}",
                      _replace_line(lines, row, new), HABIT_WEIGHT, row + 1, at, strategy="habit")
            return


def _ternary(lines: list[str], row: int) -> Iterator[Fix]:
    """C's ``cond ? a : b``: Python's ``a if cond else b``, within its own brackets."""
    line = lines[row]
    toks = line_tokens(line)
    marks = [i for i, t in enumerate(toks) if t.string == "?"]
    if len(marks) != 1:
        return
    q = marks[0]
    depth, start = 0, None
    for i in range(q - 1, -1, -1):  # back to what opens the condition
        s = toks[i].string
        if s in (")", "]", "}"):
            depth += 1
        elif s in ("(", "[", "{"):
            if depth == 0:
                start = i + 1
                break
            depth -= 1
        elif depth == 0 and (s in ("=", ",", ":", "return", "yield", "lambda", "+=", "-=")
                             or (toks[i].type == tokenize.OP and s.endswith("=")
                                 and s not in ("==", "!=", "<=", ">="))):
            start = i + 1
            break
    start = 0 if start is None else start
    depth, colon, end = 0, None, len(toks)
    for i in range(q + 1, len(toks)):  # on to the `:` and the end of the other branch
        s = toks[i].string
        if s in ("(", "[", "{"):
            depth += 1
        elif s in (")", "]", "}"):
            if depth == 0:
                end = i
                break
            depth -= 1
        elif depth == 0 and s == ":" and colon is None:
            colon = i
        elif depth == 0 and s == "," and colon is not None:
            end = i
            break
        elif toks[i].type == tokenize.COMMENT:
            end = i
            break
    if colon is None or start >= q or colon == q + 1 or colon + 1 >= end:
        return
    cond = line[toks[start].c0:toks[q - 1].c1].strip()
    yes = line[toks[q + 1].c0:toks[colon - 1].c1].strip()
    no = line[toks[colon + 1].c0:toks[end - 1].c1].strip()
    c0, c1 = toks[start].c0, toks[end - 1].c1
    new = line[:c0] + f"{yes} if {cond} else {no}" + line[c1:]
    yield Fix(f"Write `{yes} if {cond} else {no}` for `?:` on line {row + 1}",
              _replace_line(lines, row, new), HABIT_WEIGHT, row + 1, c0, strategy="habit")


def _arrow(lines: list[str], row: int) -> Iterator[Fix]:
    """JavaScript's ``x => x * 2`` (with or without ``lambda``): ``lambda x: x * 2``."""
    line = lines[row]
    toks = line_tokens(line)
    for i in range(1, len(toks) - 1):
        t, gt = toks[i], toks[i + 1]
        if not (t.string == "=" and gt.string == ">" and gt.c0 == t.c1):
            continue
        j = i - 1
        if toks[j].string == ")":  # `(a, b) =>`: back to its `(`
            while j >= 0 and toks[j].string != "(":
                j -= 1
            if j < 0:
                return
            inner = toks[j + 1:i - 1]
        else:  # `a, b =>`: back over the names
            while j - 1 >= 0 and (toks[j - 1].type == tokenize.NAME and toks[j - 1].string != "lambda"
                                  or toks[j - 1].string == ","):
                j -= 1
            inner = toks[j:i]
        if j - 1 >= 0 and toks[j - 1].string == "lambda":
            j -= 1
        if (not inner and toks[i - 1].string != ")") or any(x.type != tokenize.NAME and x.string != "," for x in inner) or any(
                x.type == tokenize.NAME and keyword.iskeyword(x.string) for x in inner):
            return
        params = ", ".join(x.string for x in inner if x.string != ",")
        head = f"lambda {params}:" if params else "lambda:"
        new = line[:toks[j].c0] + head + line[gt.c1:]
        yield Fix(f"Write `{head}` for `=>` on line {row + 1}",
                  _replace_line(lines, row, new), HABIT_WEIGHT, row + 1, toks[j].c0,
                  strategy="habit")
        return


_CONTINUATION = re.compile(r"\\[ \t]+(\r?\n)$")


def _continuation(lines: list[str], row: int) -> Iterator[Fix]:
    """A line continuation with spaces after its backslash: they go."""
    found = _CONTINUATION.search(lines[row])
    if found:
        new = lines[row][:found.start() + 1] + found[1]
        yield Fix(f"Remove the spaces after the line continuation on line {row + 1}",
                  _replace_line(lines, row, new), HABIT_WEIGHT, row + 1, found.start(),
                  strategy="habit")


def _dict_equals(lines: list[str], row: int) -> Iterator[Fix]:
    """``{'a'= 1, 'b'= 2}``: every ``=`` right after a literal key inside braces is a ``:``."""
    toks = line_tokens(lines[row])
    depth, spots = [], []
    for i, t in enumerate(toks):
        if t.string in ("(", "[", "{"):
            depth.append(t.string)
        elif t.string in (")", "]", "}") and depth:
            depth.pop()
        elif (t.string == "=" and depth and depth[-1] == "{" and i
              and toks[i - 1].type in (tokenize.STRING, tokenize.NUMBER)):
            spots.append(t)
    if spots:
        line = lines[row]
        for t in reversed(spots):
            line = line[:t.c0] + ":" + line[t.c1:]
        yield Fix(f"Write ':' between the dict's keys and values on line {row + 1}",
                  _replace_line(lines, row, line), HABIT_WEIGHT, row + 1, spots[0].c0,
                  strategy="habit")


def _early_quotes(line: str) -> list[int]:
    """Return where an apostrophe between two letters (``it's``) sits inside a single-quoted
    string of ``line``, where it would end the string early; none on a line of triple quotes."""
    if "'''" in line or '"""' in line:
        return []
    return [i for i, what in quote_marks(line, apostrophes=True) if what == "apostrophe"]


def _apostrophes(lines: list[str], row: int) -> Iterator[Fix]:
    """A single-quoted string holding ``it's``: the apostrophe escaped."""
    line = lines[row]
    spots = _early_quotes(line)
    if spots:
        new = line
        for at in reversed(spots):
            new = new[:at] + "\\" + new[at:]
        yield Fix(f"Escape the apostrophe in the string on line {row + 1}",
                  _replace_line(lines, row, new), HABIT_WEIGHT, row + 1, spots[0],
                  strategy="habit")


def _raise(lines: list[str], row: int) -> Iterator[Fix]:
    """Python 2's ``raise ValueError, "message"``: the exception called with the message."""
    line = lines[row]
    end = code_end(line)
    found = _RAISE.match(line[:end])
    if found:
        new = f"{found[1]}raise {found[2]}({found[3]})" + line[end:]
        yield Fix(f"Write `raise {found[2]}(...)` on line {row + 1}",
                  _replace_line(lines, row, new), HABIT_WEIGHT, row + 1, len(found[1]),
                  strategy="habit")


_HABITS = (_else_if, _step, _logic, _for_in, _dict_equals, _apostrophes, _raise, _ternary,
           _arrow, _continuation)


def habits(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Yield the fixes of another language's habits on the error's line and the one before."""
    row = min(max((err.lineno or 1) - 1, 0), len(lines) - 1)
    for r in sorted({row, max(row - 1, 0)}):
        for habit in _HABITS:
            yield from habit(lines, r)


# --------------------------------------------------------------------------- misspelt keywords

#: keywords that open a statement, and those that sit inside one (``for x inn y``)
_OPENING_KEYWORDS = ("return", "import", "class", "def", "from", "if", "elif", "else", "while",
                     "for", "try", "except", "finally", "with", "raise", "pass", "break",
                     "continue", "assert", "del", "global", "nonlocal", "yield", "async", "lambda")
_INNER_KEYWORDS = ("in", "is", "not", "and", "or", "else", "if", "for", "import", "as", "from")
KEYWORD_TYPO_WEIGHT = 0.2  # the most common slip behind "invalid syntax": try it first


def _near_miss(word: str, kw: str) -> bool:
    if word == kw or abs(len(word) - len(kw)) > 2:
        return False
    limit = 2 if min(len(word), len(kw)) <= 3 else 4  # one move, two for longer words
    return levenshtein_distance(word, kw, limit) <= limit


def keyword_typos(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Yield the error line with a misspelt keyword spelt right (``retrun x``, ``lass X:``)."""
    row = min(max((err.lineno or 1) - 1, 0), len(lines) - 1)
    for r in sorted({row, max(row - 1, 0)}):
        line = lines[r]
        words = list(re.finditer(r"[A-Za-z_]\w*", line))
        for position, match in enumerate(words):
            word = match.group()
            if keyword.iskeyword(word) or word in VALUE_WORDS:
                continue
            first = position == 0 and not line[:match.start()].strip()
            pool = _OPENING_KEYWORDS if first else _INNER_KEYWORDS
            for kw in pool:
                if _near_miss(word, kw):
                    new = line[:match.start()] + kw + line[match.end():]
                    yield Fix(f"Change `{word}` to the keyword `{kw}`", "".join(
                        [*lines[:r], new, *lines[r + 1:]]), KEYWORD_TYPO_WEIGHT, r + 1,
                        match.start(), strategy="keyword")
