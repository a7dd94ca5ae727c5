"""Syntax errors written out of habit: Python 2's spellings, the slips of the fingers, and
(through syntax_languages) other languages' spellings of a Python construct.

``for x range(n)`` without its ``in`` (``for k v in`` without its comma), ``{'a'= 1}`` for a
dict display, ``Product(name: "Pen")`` for keyword arguments, an apostrophe that ends a
single-quoted string early (``'it's'``), Python 2's ``raise E, "message"`` and ``<>``, a
second ``*`` meant as ``**``, a bare name after keyword arguments, ``3x`` for ``3 * x``, an
``except`` indented into its ``try``, spaces after a line continuation; and the slip behind
most "invalid syntax" errors, a misspelt keyword. Each is looked for on the error's line (and
the line before, where Python reports the next token); every fix is only proposed: the syntax
rule checks that it compiles and verify judges it like any other.
"""

from __future__ import annotations

import keyword
import re
import tokenize
from collections.abc import Iterator

from nca.workers.engines.rules.indentation import Tok, code_end, line_tokens
from nca.workers.engines.rules.search import Fix
from nca.workers.engines.rules.syntax_edits import open_stack
from nca.workers.engines.rules.syntax_languages import (
    HABIT_WEIGHT,
    LANGUAGE_HABITS,
    replace_line,
    respelt,
)
from nca.workers.engines.rules.syntax_parens import conditional_first, walrus
from nca.workers.engines.rules.syntax_pasted import backticks
from nca.workers.engines.rules.syntax_strings import quote_marks

__all__ = ["HABIT_WEIGHT", "VALUE_WORDS", "habits"]

#: the names that are keywords and values at once
VALUE_WORDS = frozenset({"True", "False", "None"})

_RAISE = re.compile(r"^(\s*)raise\s+([A-Za-z_][\w.]*)\s*,\s*([^,]+?)\s*$")


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
                              f"on line {row + 1}", replace_line(lines, row, new),
                              HABIT_WEIGHT, row + 1, at, strategy="habit")
                return
            new = line[:at] + " in" + line[at:]
            yield Fix(f"Insert `in` after `for {names}` on line {row + 1}",
                      replace_line(lines, row, new), HABIT_WEIGHT, row + 1, at, strategy="habit")
            return


_CONTINUATION = re.compile(r"\\[ \t]+(\r?\n)$")


def _continuation(lines: list[str], row: int) -> Iterator[Fix]:
    """A line continuation with spaces after its backslash: they go."""
    found = _CONTINUATION.search(lines[row])
    if found:
        new = lines[row][:found.start() + 1] + found[1]
        yield Fix(f"Remove the spaces after the line continuation on line {row + 1}",
                  replace_line(lines, row, new), HABIT_WEIGHT, row + 1, found.start(),
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
        yield respelt(lines, row, [(t.c0, t.c1) for t in spots], ":",
                       f"Write ':' between the dict's keys and values on line {row + 1}")


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
                  replace_line(lines, row, new), HABIT_WEIGHT, row + 1, spots[0],
                  strategy="habit")


def _raise(lines: list[str], row: int) -> Iterator[Fix]:
    """Python 2's ``raise ValueError, "message"``: the exception called with the message."""
    line = lines[row]
    end = code_end(line)
    found = _RAISE.match(line[:end])
    if found:
        new = f"{found[1]}raise {found[2]}({found[3]})" + line[end:]
        yield Fix(f"Write `raise {found[2]}(...)` on line {row + 1}",
                  replace_line(lines, row, new), HABIT_WEIGHT, row + 1, len(found[1]),
                  strategy="habit")


def _not_equal(lines: list[str], row: int) -> Iterator[Fix]:
    """Python 2's ``a <> b``: ``a != b``."""
    toks = line_tokens(lines[row])
    spots = [(a, b) for a, b in zip(toks, toks[1:], strict=False)
             if a.string == "<" and b.string == ">" and b.c0 == a.c1]
    if spots:
        yield respelt(lines, row, [(a.c0, b.c1) for a, b in spots], "!=",
                       f"Write `!=` for Python 2's `<>` on line {row + 1}")


def _second_star(lines: list[str], row: int) -> Iterator[Fix]:
    """``def f(*args, *kwargs)``: the second starred parameter was meant to take keywords."""
    found = re.search(r"(\*\s*[A-Za-z_]\w*\s*,\s*)\*(?=[A-Za-z_])", lines[row])
    if found and re.match(r"\s*(?:async\s+)?def\b|.*\blambda\b", lines[row]):
        at = found.end(1)
        yield Fix(f"Write `**` for the keyword parameter on line {row + 1}",
                  replace_line(lines, row, lines[row][:at] + "*" + lines[row][at:]),
                  HABIT_WEIGHT, row + 1, at, strategy="habit")


def _bare_positional(lines: list[str], row: int) -> Iterator[Fix]:
    """``post(url, json=payload, headers)``: a bare name after keyword arguments is passed as
    the keyword of its own name (``headers=headers``); in a ``def``, no call's."""
    toks = line_tokens(lines[row])
    if toks and toks[0].string in ("def", "async"):
        return
    for i in range(2, len(toks) - 1):
        a, t, b = toks[i - 1], toks[i], toks[i + 1]
        inside = open_stack(lines[row], t.c0)
        if (a.string == "," and t.type == tokenize.NAME and not keyword.iskeyword(t.string)
                and b.string in (",", ")") and inside and any(  # a keyword of the same call
                    x.string == "=" and open_stack(lines[row], x.c0) == inside
                    for x in toks[:i])):
            new = lines[row][:t.c1] + f"={t.string}" + lines[row][t.c1:]
            yield Fix(f"Pass `{t.string}` as `{t.string}={t.string}` on line {row + 1}",
                      replace_line(lines, row, new), HABIT_WEIGHT + 0.2, row + 1, t.c0,
                      strategy="habit")
            return


def _call_colons(lines: list[str], row: int) -> Iterator[Fix]:
    """``Product(name: "Pen", price: 1.5)``: a call's keyword arguments written with colons."""
    if re.match(r"\s*(?:async\s+)?def\b", lines[row]):
        return  # a signature's annotations
    toks = line_tokens(lines[row])
    spots = [t for i, t in enumerate(toks) if i >= 2 and t.string == ":"
             and toks[i - 1].type == tokenize.NAME and not keyword.iskeyword(toks[i - 1].string)
             and toks[i - 2].string in ("(", ",") and _called(toks, t)]
    if spots:
        yield respelt(lines, row, [(t.c0, t.c1) for t in spots], "=",
                       f"Write the call's keyword arguments with `=` on line {row + 1}")


def _called(toks: list[Tok], colon: Tok) -> bool:
    """Return True when the ``(`` around ``colon`` is a call's (a name or a closer before it)."""
    depth = 0
    for i in range(len(toks) - 1, -1, -1):
        t = toks[i]
        if t.c0 >= colon.c0:
            continue
        if t.string in (")", "]", "}"):
            depth += 1
        elif t.string in ("(", "[", "{"):
            if depth == 0:
                before = toks[i - 1] if i else None
                return t.string == "(" and before is not None and (
                    before.type == tokenize.NAME and not keyword.iskeyword(before.string)
                    or before.string in (")", "]"))
            depth -= 1
    return False


_PRODUCT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)([A-Za-z_]\w*)")


def _implicit_product(lines: list[str], row: int) -> Iterator[Fix]:
    """``3x`` as in algebra: ``3 * x``, where the name is one the text defines or reads."""
    line = lines[row]
    code = line[:code_end(line)]
    for found in _PRODUCT.finditer(code):
        name = found[2]
        if name.lower() in ("e", "j", "l") or name[0] in "eEjJ" and name[1:].isdigit() or (
                found[1] == "0" and name[0] in "xXoObB"):
            continue  # an exponent, a complex number or a 0x/0o/0b literal, not a product
        if not re.search(rf"\b{re.escape(name)}\b", "".join(lines[:row] + lines[row + 1:]) + code[
                :found.start()] + code[found.end():]):
            continue
        at = found.end(1)
        new = line[:at] + " * " + line[at:]
        yield Fix(f"Write `{found[1]} * {name}` for `{found[0]}` on line {row + 1}",
                  replace_line(lines, row, new), HABIT_WEIGHT, row + 1, found.start(),
                  strategy="habit")
        return


_CLAUSE = re.compile(r"(\s*)(except|finally|else|elif)\b")
_OPENERS = {"except": ("try", "except"), "finally": ("try", "except", "else"),
            "elif": ("if", "elif"), "else": ("if", "elif", "try", "except", "for", "while")}


def _clause_indent(lines: list[str], row: int) -> Iterator[Fix]:
    """``except KeyError:`` indented into the ``try`` body it belongs after: the clause and its
    block move out to the level of the statement they continue."""
    found = _CLAUSE.match(lines[row])
    if not found:
        return
    w = len(found[1].expandtabs(4))
    for j in range(row - 1, -1, -1):
        text = lines[j].expandtabs(4)
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        x = len(text) - len(text.lstrip())
        opener = re.match(rf"\s*(?:{'|'.join(_OPENERS[found[2]])})\b", text)
        if x == w and opener:
            return  # the clause stands where the statement it continues does
        if x >= w:
            continue
        if not opener:
            return  # the first statement out is no opener of this clause
        out, delta = list(lines), w - x
        out[row] = " " * x + lines[row][len(found[1]):]
        for k in range(row + 1, len(lines)):
            body = lines[k].expandtabs(4)
            if body.strip() and len(body) - len(body.lstrip()) <= w:
                break
            out[k] = body[delta:] if body[:delta].strip() == "" else body
        yield Fix(f"Dedent the `{found[2]}` clause of line {row + 1} to its `"
                  f"{text.split()[0].rstrip(':')}`", "".join(out), HABIT_WEIGHT, row + 1, x,
                  strategy="habit")
        return


_OCTAL = re.compile(r"(?<![\w.])0(\d+)(?![\w.])")
_LAMBDA_PARENS = re.compile(r"\blambda\s*\(([^()]*)\)\s*:")
_NO_DEF = re.compile(r"^(\s*)(?=[A-Za-z_]\w*\s*\([^()]*\)\s*(?:->[^:]+)?:\s*(?:#.*)?$)")


def _octal(lines: list[str], row: int) -> Iterator[Fix]:
    """Python 2's octal ``0755``: ``0o755`` (``755`` would be another number); a day or a
    month written ``09`` is no octal: ``9``."""
    code = lines[row][:code_end(lines[row])]
    found = list(_OCTAL.finditer(code))
    octal = [(m.start(), m.start() + 1) for m in found if set(m[1]) <= set("01234567")]
    if octal:
        yield respelt(lines, row, octal, "0o", f"Write the octal number with `0o` on line {row + 1}")
    padded = [m for m in found if not set(m[1]) <= set("01234567")]
    if padded:
        line = lines[row]
        for m in reversed(padded):
            line = line[:m.start()] + (m[1].lstrip("0") or "0") + line[m.end():]
        yield Fix(f"Drop the leading zero of the number on line {row + 1}",
                  replace_line(lines, row, line), HABIT_WEIGHT, row + 1, padded[0].start(),
                  strategy="habit")


def _comparison_equals(lines: list[str], row: int) -> Iterator[Fix]:
    """``[i for i in xs if ok[i] = True]``: a lone ``=`` inside brackets that no keyword
    argument's name stands before is a comparison."""
    toks = line_tokens(lines[row])
    spots = []
    for i, t in enumerate(toks):
        opened = open_stack(lines[row], t.c0)
        if t.string == "=" and opened and any(  # a filter's `if` in the same brackets
                x.string == "if" and x.c0 > opened[-1].c0 and not open_stack(lines[row], x.c0)[
                    len(opened):] for x in toks[:i]):
            spots.append(t)
    if spots:
        yield respelt(lines, row, [(t.c0, t.c1) for t in spots], "==",
                       f"Compare with `==` on line {row + 1}")


def _decorator_colon(lines: list[str], row: int) -> Iterator[Fix]:
    """``@app.route("/"):``: a decorator line takes no colon."""
    line = lines[row]
    end = code_end(line)
    if line.lstrip().startswith("@") and line[:end].rstrip().endswith(":"):
        at = line[:end].rstrip().rfind(":")
        yield respelt(lines, row, [(at, at + 1)], "", f"Remove the colon after the decorator "
                                                       f"on line {row + 1}")


def _lambda_parens(lines: list[str], row: int) -> Iterator[Fix]:
    """``lambda(): ...``, ``lambda(x, y): ...``: a lambda's parameters take no parentheses."""
    found = _LAMBDA_PARENS.search(lines[row])
    if found:
        params = found[1].strip()
        yield respelt(lines, row, [(found.start(), found.end())],
                       f"lambda {params}:" if params else "lambda:",
                       f"Write the lambda's parameters without parentheses on line {row + 1}")


def _range_dots(lines: list[str], row: int) -> Iterator[Fix]:
    """``s[0..4]`` (Ruby's, Rust's range) inside a subscript: the slice ``s[0:4]``."""
    code = lines[row][:code_end(lines[row])]
    spots = [(m.start(1), m.end(1)) for m in re.finditer(r"\[[^\[\]]*?[\w)\]](\.\.)[\w(-][^\[\]]*\]",
                                                         code)]
    if spots:
        yield respelt(lines, row, spots, ":", f"Write the slice with `:` on line {row + 1}")


def _missing_def(lines: list[str], row: int) -> Iterator[Fix]:
    """``    test_upper(self):`` over an indented body: a method that lost its ``def``."""
    found = _NO_DEF.match(lines[row])
    below = next((x for x in lines[row + 1:] if x.strip()), "")
    if found and len(below) - len(below.lstrip()) > len(found[1]):
        yield respelt(lines, row, [(found.end(), found.end())], "def ",
                       f"Insert `def` on line {row + 1}")


_HABITS = (*LANGUAGE_HABITS, _for_in, _dict_equals, _apostrophes, _raise, _continuation,
           _not_equal, _second_star, _bare_positional, _call_colons, _implicit_product,
           _clause_indent, _octal, _comparison_equals, _decorator_colon, _lambda_parens,
           _range_dots, _missing_def, backticks, walrus, conditional_first)


def habits(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Yield the fixes of another language's habits on the error's line and the one before."""
    row = min(max((err.lineno or 1) - 1, 0), len(lines) - 1)
    for r in sorted({row, max(row - 1, 0)}):
        for habit in _HABITS:
            yield from habit(lines, r)
