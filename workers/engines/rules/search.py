"""A bounded token search for syntax repairs, and what every syntax repair shares.

The search tries single-token inserts, deletions and replacements near the error, then chains up
to four of them while each edit moves the error further on. It compiles only the enclosing
definition where it can, and stops once its ``Budget`` of compiles or time is spent.
"""

from __future__ import annotations

import ast
import keyword
import re
import time
import tokenize
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

from nca.workers.core.parsing import compile_source
from nca.workers.engines.rules.indentation import Tok, code_end, line_tokens, width

__all__ = ["CHAIN_WIDTH", "SEARCH_SECONDS", "Budget", "Fix", "acceptable", "first_error", "search"]

#: comparison operators, and the words after which one has lost its left operand
_COMPARISONS = frozenset({"<", ">", "<=", ">=", "==", "!="})
_LOGIC_WORDS = frozenset({"and", "or", "not", "if", "elif", "while", "("})
SEARCH_SECONDS = 0.2  # a 1,000-line file still answers well inside an editor's patience
CHAIN_WIDTH = 4


@dataclass(frozen=True)
class Fix:
    """One repaired text, how heavy its edits are and where they start (1-based line, 0-based col)."""

    title: str
    text: str
    weight: float
    line: int
    col: int = 0
    end_line: int = 0
    strategy: str = "message"  # message, keyword, habit, indentation, search
    rank: float = 0.0


def first_error(text: str, *, parse_only: bool = False) -> SyntaxError | None:
    """Return the first error compile() reports for ``text``, or None when it compiles."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile_source(text, "<x>", ast.PyCF_ONLY_AST if parse_only else 0)
    except SyntaxError as err:
        return err
    except ValueError as err:  # NUL bytes, before Python 3.12
        line = text.count("\n", 0, max(text.find("\0"), 0)) + 1
        return SyntaxError(str(err), ("<x>", line, 1, None, line, 1))
    except (RecursionError, MemoryError) as err:
        return SyntaxError(type(err).__name__, ("<x>", 1, 1, None, 1, 1))
    return None


def acceptable(err: SyntaxError | None, line: int) -> bool:
    """Return whether a text whose first error is ``err`` no longer has the error on ``line``."""
    return err is None or (err.lineno or 1) > line


# --------------------------------------------------------------------------- token search

_INSERTS = (":", ")", "]", "}", ",", "(")
#: the words that give a comprehension, a conditional or a lambda its shape
_CLAUSE_WORDS = frozenset({"for", "in", "if", "else", "lambda"})
_DEF_LINE = re.compile(r"[ ]*(?:@|def\s|class\s|async\s+def\s)|[A-Za-z_]")


class Budget:
    """Counts compiles and time; the search stops asking once either is spent.

    The time is the repairing thread's own CPU time, not the wall clock's: what a repair finds
    does not depend on what else the machine runs meanwhile (a test suite, a type checker)."""

    def __init__(self, compiles: int, seconds: float = SEARCH_SECONDS) -> None:
        self.compiles = compiles
        self.deadline = time.thread_time() + seconds

    def left(self) -> bool:
        return self.compiles > 0 and time.thread_time() < self.deadline

    def check(self, text: str, *, parse_only: bool = False) -> SyntaxError | None:
        self.compiles -= 1
        return first_error(text, parse_only=parse_only)


@dataclass(frozen=True)
class _Window:
    """The enclosing definition, dedented by ``cut`` columns: compiles far faster than the file."""

    start: int
    cut: int
    lines: list[str] = field(hash=False)


def _window(lines: list[str], err: SyntaxError) -> _Window:
    row = min((err.lineno or 1) - 1, len(lines) - 1)
    heads, floor = [], width(lines[row]) + 1
    for j in range(row, -1, -1):
        if lines[j].strip() and width(lines[j]) < floor:
            floor = width(lines[j])  # only a line left of all below it can enclose the error
            if _DEF_LINE.match(lines[j]):
                heads.append(j)
        if len(heads) == 4 or floor == 0:
            break
    for j in heads:
        cut = width(lines[j])
        while j > 0 and lines[j - 1].startswith(" " * cut + "@"):
            j -= 1
        end = next((r for r in range(row + 1, len(lines)) if lines[r].strip()
                    and width(lines[r]) <= cut and lines[r].lstrip()[0] not in ")]}#"), len(lines))
        if any(s.strip() and not s.startswith(" " * cut) for s in lines[j:end]):
            continue
        win = [s[cut:] if s.strip() else s.lstrip(" \t") for s in lines[j:end]]
        got = first_error("".join(win), parse_only=True)
        if got is not None and (got.lineno, _unnumbered(got)) == ((err.lineno or 1) - j, _unnumbered(err)):
            return _Window(j, cut, win)
    return _Window(0, 0, lines)


def _unnumbered(err: SyntaxError) -> str:
    return re.sub(r"\d+", "#", err.msg or "")


def _edits(lines: list[str], row: int, col: int) -> Iterator[tuple[float, int, int, int, int, str]]:
    """Yield (cost, distance, row, c0, c1, new) for single-token edits near (row, col)."""
    for r in range(max(row - 2, 0), min(row, len(lines) - 1) + 1):
        toks = [t for t in line_tokens(lines[r]) if t.type != tokenize.COMMENT]
        if not toks:
            continue
        # a closer goes right after the token before (`len(names) == 1`, not `names )==`)
        ends = [None, *(t.c1 for t in toks)]
        for at, end in dict.fromkeys(zip([*(t.c0 for t in toks), toks[-1].c1], ends,
                                         strict=True)):
            dist = abs(r - row) * 100 + abs(at - col)
            for s in _INSERTS:
                put = end if end is not None and s in ")]}" else at
                if s == ":" and lines[r][put:put + 1] == "=":
                    continue  # `key:=lambda b: ...` parses, a keyword argument turned walrus
                yield 1.0, dist, r, put, put, s
        for i, t in enumerate(toks):
            if i == 0 and keyword.iskeyword(t.string) and (len(toks) < 2 or toks[1].string != t.string):
                # the keyword that opens a statement says what it does: without it `raise E, m`
                # parses as a tuple and raises nothing (a doubled `return return` may go)
                continue
            if (t.string in _COMPARISONS and i and toks[i - 1].string in _LOGIC_WORDS) or (
                    t.string in _LOGIC_WORDS and i + 1 < len(toks)
                    and toks[i + 1].string in _COMPARISONS):
                # `x > 5 and < 10` lost an operand, not its `<` nor its `and`: without either
                # the test is another that parses (`x > 5 and 10`, `x > 5 < 10`)
                continue
            if t.string in _CLAUSE_WORDS and not (i and toks[i - 1].string == t.string):
                continue  # `["green" for p in xs if p else "red"]`: without its `for` (or with
                # a comma for it) another list parses; a doubled `in in` may go
            if t.string == "," and 0 < i < len(toks) - 1 and toks[i - 1].type == tokenize.STRING \
                    and toks[i + 1].type == tokenize.STRING:
                continue  # without it the two strings are one (`color="red" "--"`), which parses
            if _is_text(t) or (t.type == tokenize.NUMBER and not _leading_zero(toks, i)):
                continue  # a string's text is the author's words, a number their value (`0755`
                # without its 0 is another number): never punctuation to drop
            # discarding what was written weighs more than adding what is missing
            dist, cost = abs(r - row) * 100 + abs(t.c0 - col), 1.1 if t.type == tokenize.OP else 1.3
            yield cost, dist, r, t.c0, t.c1, ""
            # an `=` was meant as a comparison, if anything: a `,` or a `)` for it makes an
            # argument of a keyword's name (`sort(key,lambda b: ...)`), which parses
            for s in (":", "==") if t.string == "=" else _INSERTS:
                if s != t.string:
                    yield cost, dist, r, t.c0, t.c1, s


_FSTRING_TEXT = getattr(tokenize, "FSTRING_MIDDLE", None)  # Python 3.12+


def _is_text(t: Tok) -> bool:
    """Return True for a string (or an f-string's text) that holds something: ``''`` may go."""
    if t.type == tokenize.STRING:
        return len(t.string.lstrip("rRbBfFuU")) > 2
    return t.type == _FSTRING_TEXT and bool(t.string)


def _leading_zero(toks: list[Tok], i: int) -> bool:
    """Return True for the ``0`` a decimal number was written with (``09``: ``0`` then ``9``)."""
    return toks[i].string == "0" and i + 1 < len(toks) and toks[i + 1].type == tokenize.NUMBER \
        and toks[i + 1].c0 == toks[i].c1


def _describe(line: str, row: int, c0: int, c1: int, new: str, cut: int) -> str:
    old, where = line[c0:c1], f"at line {row + 1}, column {c0 + cut + 1}"
    if not old:
        tail = c0 >= code_end(line)
        return f"Insert '{new}' " + (f"at the end of line {row + 1}" if tail else where)
    return f"Delete '{old}' {where}" if not new else f"Replace '{old}' with '{new}' {where}"


_Step = tuple[str, int, int, int, str]  # the line before, row, start, end, new text
_State = tuple[float, tuple[_Step, ...], list[str], int, int]  # cost, steps, lines, error row, col


def search(text: str, err: SyntaxError, budget: Budget, *, guided: bool = False) -> list[Fix]:
    """Return token edits (one, then up to four) that remove ``err``, found within ``budget``."""
    lines = text.splitlines(keepends=True)
    if not lines:
        return []
    win = _window(lines, err)
    origin = (err.lineno or 1) - win.start
    cap = budget.compiles // 10 if guided else budget.compiles
    start: _State = (0.0, (), win.lines, origin - 1, max((err.offset or 1) - 1 - win.cut, 0))
    states, seen = [start], {"".join(win.lines)}
    found: list[tuple[float, tuple[_Step, ...], list[str]]] = []
    for _ in range(4):
        trials = sorted(((cost + e[0], e[1], n, e) for n, (cost, *_s) in enumerate(states)
                         for e in _edits(states[n][2], states[n][3], states[n][4])),
                        key=lambda t: t[:2])
        progress: list[_State] = []
        for total, _, n, (_, _, r, c0, c1, new) in trials:
            if cap <= 0 or not budget.left():
                break
            _, done, cur, row, col = states[n]
            changed = list(cur)
            changed[r] = cur[r][:c0] + new + cur[r][c1:]
            joined = "".join(changed)
            if joined in seen:
                continue
            seen.add(joined)
            cap -= 1
            # a window is a fragment: only its grammar is judged here, the whole text later
            got = budget.check(joined, parse_only=True)
            step = (*done, (cur[r], r, c0, c1, new))
            if got is None or acceptable(got, origin):
                found.append((total, step, changed))
                continue
            at = ((got.lineno or 1) - 1, (got.offset or 1) - 1)
            if at > (row, col) and at[0] < origin:  # the error moved on: worth another edit
                progress.append((total, step, changed, *at))
        if found or not progress:
            break
        states = sorted(progress, key=lambda s: (-s[3], -s[4], s[0]))[:CHAIN_WIDTH]
    out = []
    for total, step, changed in found:
        new_lines = list(lines)
        for i, s in enumerate(changed):
            if s != win.lines[i]:
                new_lines[win.start + i] = lines[win.start + i][: win.cut] + s
        titles = [_describe(line, r + win.start, c0, c1, new, win.cut)
                  for line, r, c0, c1, new in step]
        title = titles[0] + "".join(f", then {t[:1].lower()}{t[1:]}" for t in titles[1:])
        rows = [r + win.start for _, r, *_ in step]
        out.append(Fix(title, "".join(new_lines), total, rows[0] + 1, step[0][2] + win.cut,
                       max(rows) + 1, "search"))
    return out
