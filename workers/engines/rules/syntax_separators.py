"""Syntax errors of a lost separator: the comma between two atoms (CPython's "Perhaps you
forgot a comma?"), the colon of a dict's entry, the operator between a formula's terms."""

from __future__ import annotations

import keyword
import re
import tokenize
from collections.abc import Iterator

from nca.workers.engines.rules.indentation import Tok, line_tokens
from nca.workers.engines.rules.search import Fix
from nca.workers.engines.rules.syntax_edits import error_at, insert, net_depth, open_stack
from nca.workers.engines.rules.syntax_habits import VALUE_WORDS

__all__ = ["comma", "dict_colon", "lost_operator"]

_ATOM_END = {tokenize.NAME, tokenize.NUMBER, tokenize.STRING}


def _gaps(lines: list[str], err: SyntaxError) -> Iterator[tuple[int, Tok]]:
    """Yield (row, token) for each token inside the error range followed by another atom."""
    r0, c0 = error_at(lines, err)
    r1 = min(max((err.end_lineno or r0 + 1) - 1, r0), len(lines) - 1)
    c1 = (err.end_offset or 0) - 1
    if r1 == r0 and c1 <= c0:
        c1 = len(lines[r0])
    seq = [(r, t) for r in range(r0, r1 + 1) for t in line_tokens(lines[r])
           if (r > r0 or t.c0 >= c0) and (r < r1 or t.c1 <= c1)]
    for (ra, a), (_, b) in zip(seq, seq[1:], strict=False):
        if _ends_atom(a) and _starts_atom(b):
            yield ra, a


def _ends_atom(t: Tok) -> bool:
    if t.type == tokenize.NAME:
        return not keyword.iskeyword(t.string) or t.string in VALUE_WORDS
    return t.type in _ATOM_END or t.string in (")", "]", "}")


def _starts_atom(t: Tok) -> bool:
    if t.type == tokenize.NAME:
        return not keyword.iskeyword(t.string) or t.string in VALUE_WORDS | {"lambda", "not"}
    return t.type in _ATOM_END or t.string in ("(", "[", "{")


def comma(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    for row, a in _gaps(lines, err):
        colon = 0.98 if _dict_entry(lines[row], a) else 1.05
        for sep, weight in ((",", 1.0), (":", colon)):
            yield insert(lines, row, a.c1, sep, f"Insert '{sep}' after '{a.string}' on line {row + 1}",
                         weight)
        if _concatenation(lines, row, a):
            yield insert(lines, row, a.c1, " +", f"Insert '+' after '{a.string}' on line {row + 1}",
                         0.99)
        step = _step(lines, row, a)
        if step is not None:
            yield insert(lines, row, a.c1, f" {step}",
                         f"Insert '{step}' after '{a.string}' on line {row + 1}", 0.97)


def _step(lines: list[str], row: int, a: Tok) -> str | None:
    """Return the operator lost in ``fib(n 1)``, a call of a function of the file where a comma
    would pass one argument more than it takes: ``-`` (``+`` where the function compares the
    name with a ``len()``, counting up to it), or None for any other gap."""
    toks = line_tokens(lines[row])
    after = next((t for t in toks if t.c0 >= a.c1), None)
    opened = open_stack(lines[row], a.c1)
    if (a.type != tokenize.NAME or after is None or after.type != tokenize.NUMBER
            or not opened or opened[-1].string != "("):
        return None
    callee = next((t for t in reversed(toks) if t.c1 == opened[-1].c0), None)
    if callee is None or callee.type != tokenize.NAME:
        return None
    inside = [t for t in toks if t.c0 > opened[-1].c0]
    depth, passed = 0, 1
    for t in inside:
        if t.string in "([{" and t.type == tokenize.OP:
            depth += 1
        elif t.string in ")]}" and t.type == tokenize.OP:
            if depth == 0:
                break
            depth -= 1
        elif t.string == "," and depth == 0:
            passed += 1
    takes = _parameters(lines, callee.string)
    if takes is None or passed + 1 <= takes:
        return None
    counts_up = any(re.search(rf"\b{a.string}\s*(?:[<>]=?|==)\s*len\(", line) for line in lines)
    return "+" if counts_up else "-"


def _parameters(lines: list[str], name: str) -> int | None:
    """Return how many parameters ``def name(...)`` of the file takes (None: no such def, or
    one taking any number)."""
    for line in lines:
        match = re.match(rf"\s*(?:async\s+)?def\s+{re.escape(name)}\s*\(([^()]*)\)", line)
        if match:
            params = [p.strip() for p in match[1].split(",") if p.strip()]
            if any(p.startswith("*") for p in params):
                return None
            return len([p for p in params if p not in ("self", "cls")])
    return None


def _concatenation(lines: list[str], row: int, a: Tok) -> bool:
    """Return True when ``a`` ends a line of ``"text " + name`` and the next line opens with a
    string: the ``+`` that joins them was lost, not a comma (which makes two arguments)."""
    toks = line_tokens(lines[row])
    if not toks or toks[-1].c1 != a.c1 or row + 1 >= len(lines):
        return False
    after = line_tokens(lines[row + 1])
    opened = open_stack(lines[row], a.c1)
    start = opened[-1].c1 if opened else 0
    mine = [t for t in toks if t.c0 >= start]
    return bool(after) and after[0].type == tokenize.STRING and any(
        t.string == "+" for t in mine) and any(t.type == tokenize.STRING for t in mine)


def lost_operator(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``return celsius * 9 / 5 32``: plain "invalid syntax" at a number that follows a formula's
    last term outside any bracket; the operator between them was lost (a ``+`` most often)."""
    row, col = error_at(lines, err)
    toks = line_tokens(lines[row])
    for a, b in zip(toks, toks[1:], strict=False):
        if b.c0 == col and _ends_atom(a) and _formula_gap(lines[row], a):
            yield insert(lines, row, a.c1, " +", f"Insert '+' after '{a.string}' on line "
                                                  f"{row + 1}", 0.99)
        elif b.c0 == col and _ends_atom(a) and _product_gap(lines[row], toks, a, b):
            yield insert(lines, row, a.c1, " *", f"Insert '*' after '{a.string}' on line "
                                                  f"{row + 1}", 0.99)


def _product_gap(line: str, toks: list[Tok], a: Tok, b: Tok) -> bool:
    """Return True for ``area = math.pi r ** 2``: a name after a term of a value outside any
    bracket, itself a term of more arithmetic: written side by side, as algebra multiplies."""
    if open_stack(line, a.c1) or b.type != tokenize.NAME or keyword.iskeyword(b.string):
        return False
    rest = [t for t in toks if t.c0 >= b.c1]
    before = [t.string for t in toks if t.c1 <= a.c0]
    value = "=" in before or "return" in before
    return value and bool(rest) and rest[0].string in _ARITHMETIC


_ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%", "**"})


def _formula_gap(line: str, a: Tok) -> bool:
    """Return True when the gap after ``a`` sits in a formula outside any bracket and a number
    follows (``celsius * 9 / 5 32``): an operator was lost, where a comma would make a tuple."""
    if open_stack(line, a.c1):
        return False
    toks = line_tokens(line)
    nxt = next((t for t in toks if t.c0 >= a.c1), None)
    if nxt is None or nxt.type != tokenize.NUMBER:
        return False
    depth, ops = 0, False
    for t in toks:
        if t.c0 >= a.c1:
            break
        if t.string in ("(", "[", "{"):
            depth += 1
        elif t.string in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and t.string in ("=", "return", ",", ":"):
            ops = False  # a new expression starts after these
        elif depth == 0 and t.string in _ARITHMETIC:
            ops = True
    return ops


def _dict_entry(line: str, key: Tok) -> bool:
    """Return True when the string ``key`` starts the one element of a brace display on
    ``line`` that is neither ``key: value`` nor alone (``{'a' 1}``, ``{'a' 1, 'b': 2}``): it
    is a dict's key that lost its colon, not one of a set's strings that lost a comma."""
    stack = open_stack(line, key.c0)
    if key.type != tokenize.STRING or not stack or stack[-1].string != "{":
        return False
    toks = line_tokens(line)
    depth, elements, colon, before = 0, [], False, "{"
    for t in toks:
        if t.c0 <= stack[-1].c0:
            continue
        if t.c0 == key.c0 and before not in ("{", ","):
            return False  # the string is not where an element starts
        if t.type == tokenize.OP and t.string in "([{":
            depth += 1
        elif t.type == tokenize.OP and t.string in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and t.string == ",":
            elements.append(colon)
            colon = False
        elif depth == 0 and t.string == ":":
            colon = True
        before = t.string if depth == 0 else before
    elements.append(colon)
    return sum(not c for c in elements) == 1  # the key's own element is the one without


def dict_colon(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, _ = error_at(lines, err)
    toks = line_tokens(lines[row])
    for a, b in zip(toks, toks[1:], strict=False):
        if _ends_atom(a) and _starts_atom(b):
            yield insert(lines, row, a.c1, ":", f"Insert ':' after '{a.string}' on line {row + 1}")


_COMPARISONS = frozenset({"<", ">", "<=", ">=", "==", "!="})


def lost_operand(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``if x > 5 and < 10:``: a comparison after ``and``/``or`` that lost its left operand,
    the one the comparison before it tests (``x``, or the name in ``0 < x``)."""
    row, col = error_at(lines, err)
    line = lines[row]
    toks = [t for t in line_tokens(line) if t.type != tokenize.COMMENT]
    at = next((i for i, t in enumerate(toks) if t.c0 == col), None)
    if at is None or at < 2 or toks[at].string not in _COMPARISONS or toks[at - 1].string not in (
            "and", "or"):
        return
    start, depth = 0, 0
    for i in range(at - 2, -1, -1):
        t = toks[i]
        depth += (t.string in ")]}") - (t.string in "([{") if t.type == tokenize.OP else 0
        if depth < 0 or depth == 0 and (t.string in ("and", "or", "not", "if", "elif", "while",
                                                     "return", "=", ",") or t.string == ":"):
            start = i + 1
            break
    clause = toks[start:at - 1]
    ops = [i for i, t in enumerate(clause) if t.string in _COMPARISONS]
    if len(ops) != 1 or not 0 < ops[0] < len(clause) - 1:
        return
    left, right = clause[:ops[0]], clause[ops[0] + 1:]
    side = right if all(t.type == tokenize.NUMBER for t in left) else left
    if all(t.type == tokenize.NUMBER for t in side):
        return
    operand = line[side[0].c0:side[-1].c1]
    yield insert(lines, row, toks[at].c0, operand + " ",
                 f"Compare `{operand}` again on line {row + 1}", 0.9)



def line_end_comma(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """An item of a display or a call spread over lines lost the comma at its line's end
    (``"user": "admin"`` above ``"password": ...``): Python reports the next line."""
    row, _ = error_at(lines, err)
    above = next((r for r in range(row - 1, -1, -1) if lines[r].strip()
                  and not lines[r].lstrip().startswith("#")), None)
    if above is None:
        return
    last = [t for t in line_tokens(lines[above]) if t.type != tokenize.COMMENT]
    first = [t for t in line_tokens(lines[row]) if t.type != tokenize.COMMENT]
    if not last or not first or not _ends_atom(last[-1]) or not _starts_atom(first[0]):
        return
    # inside brackets: some line above opens more than the lines after it close (looked for up
    # to the first line at the left margin, as far as a long display goes)
    depth = 0
    for r in range(above, max(above - 500, -1), -1):
        depth += net_depth(lines[r])
        if depth > 0 or (lines[r][:1].strip() and not lines[r].lstrip().startswith((")", "]", "}"))):
            break
    if depth <= 0:
        return
    yield insert(lines, above, last[-1].c1, ",", f"Insert ',' at the end of line {above + 1}",
                 0.9)
