"""Syntax errors written out of another language's habit: C's, Java's, JavaScript's, Ruby's
spelling of a Python construct.

``else if``/``elsif`` for ``elif``, ``i++`` for ``i += 1``, ``&&``/``||``/``!`` for ``and``/
``or``/``not``, ``c ? a : b`` for a conditional expression, ``x => x * 2`` for a lambda,
``const``/``let``/``var`` before an assignment, ``function`` for ``def``, a ``//`` comment and
a block in braces. Each is looked for on the error's line (and the line before); every fix
is only proposed: the syntax rule checks that it compiles and verify judges it.
"""

from __future__ import annotations

import keyword
import re
import tokenize
from collections.abc import Iterator

from nca.workers.engines.rules.indentation import code_end, line_tokens
from nca.workers.engines.rules.search import Fix

__all__ = ["HABIT_WEIGHT", "LANGUAGE_HABITS", "replace_line", "respelt"]

#: a habit is a sure reading of what was meant: tried before punctuation
HABIT_WEIGHT = 0.3

_ELSE_IF = re.compile(r"^(\s*)(?:else\s+if|elsif|elseif)\b")
_STEP = re.compile(r"^(\s*)([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*(\+\+|--)\s*;?\s*$")
_DECLARE = re.compile(r"^(\s*)(?:const|let|var)\s+(?=[A-Za-z_][\w]*\s*(?:[:=]|$))")
_FUNCTION = re.compile(r"^(\s*)function(\s+)(?=[A-Za-z_]\w*\s*\()")
_BRACE_HEADER = re.compile(r"^(\s*(?:(?:async\s+)?def|class|if|elif|else|for|while|with|try|except"
                           r"|finally)\b[^#]*?)\s*\{\s*$")


def replace_line(lines: list[str], row: int, new: str) -> str:
    return "".join([*lines[:row], new, *lines[row + 1:]])


def respelt(lines: list[str], row: int, spans: list[tuple[int, int]], new: str,
            title: str) -> Fix:
    """Return the habit's fix that writes ``new`` over each ``(start, end)`` span of ``row``."""
    line = lines[row]
    for c0, c1 in reversed(spans):
        line = line[:c0] + new + line[c1:]
    return Fix(title, replace_line(lines, row, line), HABIT_WEIGHT, row + 1, spans[0][0],
               strategy="habit")


def _else_if(lines: list[str], row: int) -> Iterator[Fix]:
    found = _ELSE_IF.match(lines[row])
    if found:
        new = f"{found[1]}elif" + lines[row][found.end():]
        yield Fix(f"Write `elif` for `{lines[row][len(found[1]):found.end()]}` on line {row + 1}", replace_line(lines, row, new),
                  HABIT_WEIGHT, row + 1, len(found[1]), strategy="habit")


def _step(lines: list[str], row: int) -> Iterator[Fix]:
    line = lines[row]
    end = code_end(line)
    found = _STEP.match(line[:end])
    if found:
        op = "+=" if found[3] == "++" else "-="
        new = f"{found[1]}{found[2]} {op} 1" + line[end:]
        yield Fix(f"Write `{found[2]} {op} 1` for `{found[2]}{found[3]}` on line {row + 1}",
                  replace_line(lines, row, new), HABIT_WEIGHT, row + 1, len(found[1]),
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
              replace_line(lines, row, new), HABIT_WEIGHT, row + 1, spans[0][0],
              strategy="habit")


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
              replace_line(lines, row, new), HABIT_WEIGHT, row + 1, c0, strategy="habit")


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
        names = [x for x in inner if x.string != ","]
        if (not inner and toks[i - 1].string != ")") or any(
                x.type != tokenize.NAME or keyword.iskeyword(x.string) for x in names):
            return
        params = ", ".join(x.string for x in names)
        head = f"lambda {params}:" if params else "lambda:"
        new = line[:toks[j].c0] + head + line[gt.c1:]
        yield Fix(f"Write `{head}` for `=>` on line {row + 1}",
                  replace_line(lines, row, new), HABIT_WEIGHT, row + 1, toks[j].c0,
                  strategy="habit")
        return


def _declaration(lines: list[str], row: int) -> Iterator[Fix]:
    """JavaScript's ``const DEFAULTS = {...}`` (``let``, ``var``): a plain assignment."""
    found = _DECLARE.match(lines[row])
    if found:
        new = found[1] + lines[row][found.end():]
        yield Fix(f"Drop the declaration keyword on line {row + 1}",
                  replace_line(lines, row, new), HABIT_WEIGHT, row + 1, len(found[1]),
                  strategy="habit")


def _function(lines: list[str], row: int) -> Iterator[Fix]:
    """JavaScript's ``function name(args)``: ``def name(args)``, with its colon if it lacks one."""
    found = _FUNCTION.match(lines[row])
    if found:
        line = lines[row]
        end = code_end(line)
        body = "def " + line[found.end():end].rstrip().rstrip("{").rstrip()
        new = found[1] + body + ("" if body.endswith(":") else ":") + line[end:]
        yield Fix(f"Write `def` for `function` on line {row + 1}", replace_line(lines, row, new),
                  HABIT_WEIGHT, row + 1, len(found[1]), strategy="habit")


def _slash_comment(lines: list[str], row: int) -> Iterator[Fix]:
    """A ``//`` comment after the code: Python's ``#``, where words follow it, not an operand."""
    line = lines[row]
    toks = line_tokens(line)
    for i, t in enumerate(toks):
        if t.string != "//" or i + 2 >= len(toks):
            continue
        words = [x for x in toks[i + 1:i + 3]
                 if x.type == tokenize.NAME and not keyword.iskeyword(x.string)]
        if i and len(words) < 2:
            continue  # `a // b` is a floor division; two words in a row are no code
        at = t.c0
        lead = "  " if at and line[:at].strip() else ""
        new = line[:at].rstrip() + lead + "# " + line[t.c1:].lstrip()
        yield Fix(f"Write the comment with `#` on line {row + 1}", replace_line(lines, row, new),
                  HABIT_WEIGHT, row + 1, at, strategy="habit")
        return


def _braces(lines: list[str], row: int) -> Iterator[Fix]:
    """A block in braces (``def total(self) {`` ... ``}``): the header's colon, and the lone
    ``}`` that closed the block goes."""
    found = _BRACE_HEADER.match(lines[row].rstrip("\r\n"))
    if not found:
        return
    ending = lines[row][len(lines[row].rstrip("\r\n")):]
    out = list(lines)
    out[row] = found[1].rstrip() + ":" + ending
    indent = len(lines[row]) - len(lines[row].lstrip())
    for j in range(row + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped == "}" and len(lines[j]) - len(lines[j].lstrip()) <= indent + 4:
            out[j] = ""
            break
        if stripped and len(lines[j]) - len(lines[j].lstrip()) <= indent:
            break
    yield Fix(f"Write the block of line {row + 1} with a colon, not braces", "".join(out),
              HABIT_WEIGHT, row + 1, len(found[1]), strategy="habit")


_THROW = re.compile(r"^(\s*)throw\b(?=\s+\S)")
_JS_IMPORT = re.compile(r"^(\s*)import\s+(\{?\s*[\w\s,]+?\s*\}?)\s+from\s+([\w.]+)\s*;?\s*$")
_SCOPE = re.compile(r"(?<=\w)::(?=[A-Za-z_])")
_NEW = re.compile(r"\bnew\s+(?=[A-Z_][\w.]*\s*\()")
_CATCH = re.compile(r"^(\s*)catch\b\s*")
_C_FOR = re.compile(r"^(\s*)for\s*\(\s*(?:int\s+|let\s+|var\s+)?([A-Za-z_]\w*)\s*=\s*([^;]+?)\s*;"
                    r"\s*\2\s*(<=|<|>=|>)\s*([^;]+?)\s*;\s*(?:\2\s*(\+\+|--)|(\+\+|--)\s*\2"
                    r"|\2\s*([-+])=\s*([^)]+?))\s*\)\s*[:{]?\s*$")
_FOR_OF = re.compile(r"^(\s*(?:async\s+)?for\s+[^:]+?\s)of(\s)")


def _new(lines: list[str], row: int) -> Iterator[Fix]:
    """Java's and JavaScript's ``new Stack()``: Python calls the class."""
    found = _NEW.search(lines[row])
    if found:
        new = lines[row][:found.start()] + lines[row][found.end():]
        yield Fix(f"Drop `new` before the call on line {row + 1}", replace_line(lines, row, new),
                  HABIT_WEIGHT, row + 1, found.start(), strategy="habit")


def _catch(lines: list[str], row: int) -> Iterator[Fix]:
    """Java's ``catch``: Python's ``except``."""
    found = _CATCH.match(lines[row])
    if found:
        new = f"{found[1]}except " + lines[row][found.end():]
        yield Fix(f"Write `except` for `catch` on line {row + 1}", replace_line(lines, row, new),
                  HABIT_WEIGHT, row + 1, len(found[1]), strategy="habit")


def _c_for(lines: list[str], row: int) -> Iterator[Fix]:
    """C's ``for (i = 0; i < n; i++)``: ``for i in range(n):``."""
    found = _C_FOR.match(lines[row].rstrip("\r\n"))
    if not found:
        return
    indent, name, start, op, stop = found[1], found[2], found[3], found[4], found[5]
    sign = found[6] or found[7] or found[8]
    step = "1" if found[6] or found[7] else found[9].strip()
    down = sign.startswith("-")
    if down != (op in (">", ">=")):
        return  # counting away from the bound: no range says that
    if op in ("<=", ">="):
        stop = f"{stop} + 1" if not down else f"{stop} - 1"
    step = "" if step == "1" and not down else f", -{step}" if down else f", {step}"
    bounds = stop if start == "0" and not step else f"{start}, {stop}"
    new = f"{indent}for {name} in range({bounds}{step}):" + lines[row][len(lines[row].rstrip("\r\n")):]
    yield Fix(f"Write C's for loop as `for {name} in range(...)` on line {row + 1}",
              replace_line(lines, row, new), HABIT_WEIGHT, row + 1, len(indent), strategy="habit")


def _for_of(lines: list[str], row: int) -> Iterator[Fix]:
    """JavaScript's ``for (x of xs)``: Python's ``for x in xs``."""
    found = _FOR_OF.match(lines[row])
    if found:
        new = found[1] + "in" + found[2] + lines[row][found.end():]
        yield Fix(f"Write `in` for `of` on line {row + 1}", replace_line(lines, row, new),
                  HABIT_WEIGHT, row + 1, len(found[1]), strategy="habit")


def _strict_equality(lines: list[str], row: int) -> Iterator[Fix]:
    """JavaScript's ``a === b`` and ``a !== b``: Python's ``==`` and ``!=``."""
    toks = line_tokens(lines[row])
    spots = [(a, b) for a, b in zip(toks, toks[1:], strict=False)
             if a.string in ("==", "!=") and b.string == "=" and b.c0 == a.c1]
    if spots:
        op = spots[0][0].string
        yield respelt(lines, row, [(b.c0, b.c1) for _, b in spots], "",
                      f"Write `{op}` for JavaScript's `{op}=` on line {row + 1}")


def _throw(lines: list[str], row: int) -> Iterator[Fix]:
    """Java's and JavaScript's ``throw E(...)``: ``raise E(...)``."""
    found = _THROW.match(lines[row])
    if found:
        new = f"{found[1]}raise" + lines[row][found.end():]
        yield Fix(f"Write `raise` for `throw` on line {row + 1}", replace_line(lines, row, new),
                  HABIT_WEIGHT, row + 1, len(found[1]), strategy="habit")


def _js_import(lines: list[str], row: int) -> Iterator[Fix]:
    """JavaScript's ``import Counter from collections``: ``from collections import Counter``."""
    line = lines[row]
    end = code_end(line)
    found = _JS_IMPORT.match(line[:end])
    if found:
        names = found[2].strip("{} \t")
        new = f"{found[1]}from {found[3]} import {names}" + line[end:]
        yield Fix(f"Write `from {found[3]} import {names}` on line {row + 1}",
                  replace_line(lines, row, new), HABIT_WEIGHT, row + 1, len(found[1]),
                  strategy="habit")


_GENERIC = re.compile(r"\b([A-Z]\w*)<([\w\[\], .]+?)>(?!=)")


def _generic(lines: list[str], row: int) -> Iterator[Fix]:
    """Java's and C#'s ``List<str>`` in an annotation: ``List[str]``."""
    line = lines[row]
    code = line[:code_end(line)]
    if not re.match(r"\s*(?:async\s+)?def\b|\s*[A-Za-z_][\w.]*\s*:", code):
        return  # an annotation's line: a def's, or a variable's
    spots = list(_GENERIC.finditer(code))
    if spots:
        for m in reversed(spots):
            line = line[:m.start()] + f"{m[1]}[{m[2]}]" + line[m.end():]
        yield Fix(f"Write the generic type with `[]` on line {row + 1}",
                  replace_line(lines, row, line), HABIT_WEIGHT, row + 1, spots[0].start(),
                  strategy="habit")


def _scope(lines: list[str], row: int) -> Iterator[Fix]:
    """C++'s and Rust's ``Status::DELIVERED``: an attribute, ``Status.DELIVERED``."""
    code = lines[row][:code_end(lines[row])]
    spots = [(m.start(), m.end()) for m in _SCOPE.finditer(code)]
    if spots:
        yield respelt(lines, row, spots, ".", f"Write `.` for `::` on line {row + 1}")


LANGUAGE_HABITS = (_c_for, _else_if, _step, _logic, _ternary, _arrow, _declaration, _function,
                   _slash_comment, _braces, _new, _catch, _for_of, _throw, _js_import, _scope,
                   _strict_equality, _generic)
