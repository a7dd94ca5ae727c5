"""Syntax-error fixes that the compiler's message suggests (with the habits and misspelt keywords
of syntax_habits), unchecked."""

from __future__ import annotations

import keyword
import re
import tokenize
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from nca.workers.engines.rules import indentation
from nca.workers.engines.rules.indentation import Tok, code_end, line_tokens, width
from nca.workers.engines.rules.search import Fix
from nca.workers.engines.rules.syntax_habits import VALUE_WORDS, habits, keyword_typos
from nca.workers.engines.rules.syntax_strings import triple, unterminated

__all__ = ["guided"]

PAIRS = {"(": ")", "[": "]", "{": "}"}
_STATEMENT = re.compile(
    r"(?:return|def|class|elif|while|with|try|except|finally|import|raise"
    r"|pass|break|continue|assert|del|global|nonlocal)\b(?!\s*[=,)\]}:.])"
)
_ATOM_END = {tokenize.NAME, tokenize.NUMBER, tokenize.STRING}
_CONFUSABLES = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
    **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000", " "),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", ""),
    "\u00d7": "*", "\u00f7": "/", "\u2026": "...",
}


# --------------------------------------------------------------------------- message-guided fixes


def _at(lines: list[str], err: SyntaxError) -> tuple[int, int]:
    row = min(max((err.lineno or 1) - 1, 0), len(lines) - 1)
    return row, max((err.offset or 1) - 1, 0)


def _splice(lines: list[str], row: int, c0: int, c1: int, new: str) -> str:
    out = list(lines)
    out[row] = out[row][:c0] + new + out[row][c1:]
    return "".join(out)


def _insert(lines: list[str], row: int, col: int, s: str, title: str, weight: float = 1.0) -> Fix:
    return Fix(title, _splice(lines, row, col, col, s), weight, row + 1, col)


def _colon(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = _at(lines, err)
    end = code_end(lines[row])
    yield _insert(lines, row, end, ":", f"Insert ':' at the end of line {row + 1}")
    if col < end:
        yield _insert(lines, row, col, ":", f"Insert ':' at line {row + 1}, column {col + 1}", 1.05)


def _spots(line: str, after: int, ends: str) -> Iterator[tuple[int, str, float]]:
    """Yield (column, where, weight) at which an expression opened at ``after`` plainly ends."""
    depth, toks = 0, [t for t in line_tokens(line) if t.c0 > after and t.type != tokenize.COMMENT]
    for t in toks:
        depth += (t.string in "([{") - (t.string in ")]}") if t.type == tokenize.OP else 0
        if depth == 0 and t.string in ("=", "->"):
            yield t.c0, f"before '{t.string}'", 0.97 if t.string == "=" else 0.98
            break
    if toks and toks[-1].string in ends:
        yield toks[-1].c0, f"before the '{toks[-1].string}'", 0.99
    yield code_end(line), "at the end", 1.0


#: where an argument plainly ends inside its call: before a comparison, a boolean operator,
#: a comprehension's `for` or a conditional's `if` that follow it on its line
_OPERATORS = frozenset({"==", "!=", "<", ">", "<=", ">=", "and", "or", "for", "if", "is", "in",
                        "not"})


def _operator_spots(line: str, after: int) -> list[tuple[int, str, float]]:
    """Return (column, where, weight) before each operator that follows the bracket opened
    at ``after`` at its own depth: `len(names == 1)` may have lost its `)` before the `==`.

    The first comes before the end of the line, unless it is a comprehension's `for`: where
    a bracket has a comparison, a boolean operator or a conditional's `if` next to it, it
    closes before that operator three to nine times in ten (`if isinstance(x, bool) or x <
    1:`, `id(o) in seen`), but before a `for` less than half the time (`any(x for x in xs)`;
    counted over the standard library). The others come after the end of the line, the last
    operator first."""
    depth, spots = 0, []
    toks = [t for t in line_tokens(line) if t.c0 > after and t.type != tokenize.COMMENT]
    for i, t in enumerate(toks):
        depth += (t.string in "([{") - (t.string in ")]}") if t.type == tokenize.OP else 0
        if depth < 0:
            break
        if depth == 0 and i and t.string in _OPERATORS and toks[i - 1].string not in _OPERATORS:
            spots.append((toks[i - 1].c1, f"before '{t.string}'"))
    return [(at, where, 0.985 if n == 1 and where != "before 'for'"
             else 1.001 + 0.0001 * (len(spots) - n))
            for n, (at, where) in enumerate(spots, 1)]


def _open_stack(line: str, before: int | None = None) -> list[Tok]:
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


def _open_at(line: str) -> Tok | None:
    """Return the last bracket ``line`` opens and leaves open."""
    stack = _open_stack(line)
    return stack[-1] if stack else None


def _closers(lines: list[str], r: int, after: int, closer: str, k: int, ends: str = ":"
              ) -> Iterator[Fix]:
    spots = list(_spots(lines[r], after, ends))
    opener = _open_at(lines[r]) if after < 0 else None
    opened = after if after >= 0 else opener.c0 if opener is not None else None
    if opened is not None:
        spots += _operator_spots(lines[r], opened)
    for at, where, weight in spots:
        yield _insert(lines, r, at, closer, f"Insert '{closer}' {where} of line {r + 1}",
                      weight + 0.01 * k)


def _net_depth(line: str) -> int:
    """Return how many more brackets ``line`` opens than it closes."""
    return sum((t.string in "([{") - (t.string in ")]}") for t in line_tokens(line)
               if t.type == tokenize.OP)


def _unclosed(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = _at(lines, err)
    named = re.match(r"'(.)'", err.msg or "")
    closer = PAIRS.get(lines[row][col:col + 1]) or PAIRS.get(named[1] if named else "")
    if closer is None:
        return
    floor, last = width(lines[row]), row
    for j in range(row + 1, len(lines)):
        s = lines[j].lstrip()
        if not s or s.startswith("#"):
            continue
        if (width(lines[j]) <= floor and s[0] not in ")]}") or _STATEMENT.match(s):
            break
        last = j
    # a line inside the brackets that opens more than it closes lost its own closer
    # (`frozenset(x for x in what if isinstance(x, type),` in a tuple): it comes first, its
    # closer before the comma that ends the element
    unbalanced = [r for r in range(row + 1, last + 1) if _net_depth(lines[r]) > 0]
    for k, r in enumerate(dict.fromkeys([*unbalanced, last, *range(row, last)])):
        yield from _closers(lines, r, col if r == row else -1, closer, k,
                            ":," if r in unbalanced else ":")


def _unmatched(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = _at(lines, err)
    ch = lines[row][col:col + 1]
    if ch in ")]}":
        yield Fix(f"Delete the unmatched '{ch}' on line {row + 1}",
                  _splice(lines, row, col, col + 1, ""), 1.0, row + 1, col)


def _own_closer(line: str) -> str | None:
    """Return the closer of the last bracket ``line`` opens and leaves open."""
    opener = _open_at(line)
    return PAIRS[opener.string] if opener is not None else None


def _inside_closers(lines: list[str], opener_row: int, opener: Tok, row: int, want: str
                    ) -> Iterator[Fix]:
    """Yield the closers of an ``opener`` that a bracket further on mismatched.

    The lines after the opener's that are indented past it are its contents: one of them that
    opens more than it closes lost its own closer, before the comma that ends it
    (``bygroups(a, b,``); else the opener closes after the last of them (a tuple whose second
    element is on the next line, aligned inside it). With no such line, an item that ends with
    a comma on the opener's line ended there."""
    inside = []
    for j in range(opener_row + 1, row):
        code = lines[j].lstrip()
        if not code or code.startswith("#"):
            continue
        if width(lines[j]) <= opener.c0:
            break
        inside.append(j)
    k = 0
    for j in [j for j in inside if _net_depth(lines[j]) > 0][:3]:
        closer = _own_closer(lines[j])
        if closer is not None:
            yield from _closers(lines, j, -1, closer, k, ":,")
            k += 1
    if inside:
        yield from _closers(lines, inside[-1], -1, want, k, ":,")
        k += 1
    yield from _closers(lines, opener_row, opener.c0, want, k, ":,")


def _mismatch(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = _at(lines, err)
    found = re.search(r"opening parenthesis '(.)'(?: on line (\d+))?", err.msg)
    if not found or lines[row][col:col + 1] not in ")]}":
        return
    want, got = PAIRS[found[1]], lines[row][col]
    if found[2] and int(found[2]) - 1 < row:
        opener_row = int(found[2]) - 1
        stack = _open_stack(lines[opener_row])
        opener = next((t for t in reversed(stack) if t.string == found[1]), None)
        if opener is not None:
            yield from _inside_closers(lines, opener_row, opener, row, want)
    elif not found[2]:
        # opened on this line: it may close before an operator beside it, `[0 for` -> `[0] for`
        stack = _open_stack(lines[row], col)
        if stack and stack[-1].string == found[1]:
            for at, where, weight in _operator_spots(lines[row], stack[-1].c0):
                if at < col:
                    yield _insert(lines, row, at, want, f"Insert '{want}' {where} on line "
                                                        f"{row + 1}", weight)
    yield Fix(f"Replace '{got}' with '{want}' on line {row + 1}",
              _splice(lines, row, col, col + 1, want), 1.0, row + 1, col)
    yield _insert(lines, row, col, want, f"Insert '{want}' before '{got}' on line {row + 1}", 1.02)


def _gaps(lines: list[str], err: SyntaxError) -> Iterator[tuple[int, Tok]]:
    """Yield (row, token) for each token inside the error range followed by another atom."""
    r0, c0 = _at(lines, err)
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


def _comma(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    for row, a in _gaps(lines, err):
        colon = 0.98 if _dict_entry(lines[row], a) else 1.05
        for sep, weight in ((",", 1.0), (":", colon)):
            yield _insert(lines, row, a.c1, sep, f"Insert '{sep}' after '{a.string}' on line {row + 1}",
                          weight)


def _dict_entry(line: str, key: Tok) -> bool:
    """Return True when the string ``key`` starts the one element of a brace display on
    ``line`` that is neither ``key: value`` nor alone (``{'a' 1}``, ``{'a' 1, 'b': 2}``): it
    is a dict's key that lost its colon, not one of a set's strings that lost a comma."""
    stack = _open_stack(line, key.c0)
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


def _dict_colon(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, _ = _at(lines, err)
    toks = line_tokens(lines[row])
    for a, b in zip(toks, toks[1:], strict=False):
        if _ends_atom(a) and _starts_atom(b):
            yield _insert(lines, row, a.c1, ":", f"Insert ':' after '{a.string}' on line {row + 1}")


def _print(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, _ = _at(lines, err)
    line, end = lines[row], code_end(lines[row])
    found = re.match(r"(\s*)(print|exec)\b\s*(.*)$", line[:end])
    if not found:
        return
    indent, name, args = found[1], found[2], found[3].strip()
    if name == "print" and args.startswith(">>"):
        dest, _, rest = args[2:].partition(",")
        args = ", ".join(a for a in (rest.strip(), f"file={dest.strip()}") if not a.startswith("="))
    elif name == "print" and args.endswith(","):
        args = args[:-1].rstrip() + ', end=" "'
    new = f"{indent}{name}({args})" + line[end:]
    yield Fix(f"Call {name}() with parentheses on line {row + 1}",
              "".join(lines[:row]) + new + "".join(lines[row + 1:]), 1.0, row + 1, len(indent))


def _except(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, _ = _at(lines, err)
    line, end = lines[row], code_end(lines[row])
    as_name = re.match(r"(\s*except\s+)(.+?),\s*([A-Za-z_]\w*)\s*:$", line[:end])
    if as_name:
        new = f"{as_name[1]}{as_name[2]} as {as_name[3]}:"
        yield Fix(f"Write 'except {as_name[2]} as {as_name[3]}' on line {row + 1}",
                  _splice(lines, row, 0, end, new), 1.0, row + 1, 0)
    many = re.match(r"(\s*except\s+)(.+?)\s*:$", line[:end])
    if many:
        yield Fix(f"Parenthesize the exception types on line {row + 1}",
                  _splice(lines, row, 0, end, f"{many[1]}({many[2]}):"), 1.05, row + 1, 0)


def _equals(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = _at(lines, err)
    stop = (err.end_offset or 0) - 1 if err.end_lineno == err.lineno else len(lines[row])
    for t in line_tokens(lines[row]):
        if t.string == "=" and col <= t.c0 < max(stop, col + 1):
            for op, weight in (("==", 1.0), (":=", 1.05)):
                yield Fix(f"Replace '=' with '{op}' on line {row + 1}",
                          _splice(lines, row, t.c0, t.c1, op), weight, row + 1, t.c0)


def _character(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = _at(lines, err)
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
                  _splice(lines, row, col, col + 1, ascii_), 1.02, row + 1, col)
    yield Fix(f"Delete {name} on line {row + 1}", _splice(lines, row, col, col + 1, ""), 1.1,
              row + 1, col)


def _nul(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    yield Fix("Delete the NUL bytes", "".join(lines).replace("\0", ""), 1.0, err.lineno or 1)


def _fstring_brace(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    # 3.11 points at the f-string, not into it: close the last replacement field left open
    row = (err.lineno or 1) - 1
    if row >= len(lines):
        return
    line = lines[row]
    for m in re.finditer(r"""[rRbB]?[fF][rRbB]?(['"])(?:(?!\1).)*\1""", line):
        body = m.group(0)
        opened = body.rfind("{")
        if opened != -1 and body.find("}", opened) == -1:
            at = m.end() - 1  # before the closing quote
            yield _insert(lines, row, at, "}", f"Insert '}}' in the f-string on line {row + 1}")


_Fixer = Callable[[list[str], SyntaxError], Iterable[Fix]]
_MESSAGE_FIXES: tuple[tuple[str, _Fixer], ...] = (
    (r"^expected ':'", _colon),
    (r"^'[(\[{]' was never closed", _unclosed),
    (r"^unmatched '[)\]}]'", _unmatched),
    (r"^closing parenthesis '.' does not match", _mismatch),
    (r"Perhaps you forgot a comma", _comma),
    (r"^':' expected after dictionary key", _dict_colon),
    (r"^unterminated string literal", unterminated),
    (r"^unterminated triple-quoted string", triple),
    (r"^Missing parentheses in call to '(print|exec)'", _print),
    (r"^multiple exception types must be parenthesized", _except),
    (r"Maybe you meant '==' or ':=' instead of '='", _equals),
    (r"^invalid (non-printable )?character", _character),
    (r"null bytes", _nul),
    (r"^f-string: expecting '}'", _fstring_brace),
)


def guided(text: str, err: SyntaxError) -> list[Fix]:
    """Return the fixes the error message and its kind suggest, not yet checked."""
    lines, msg = text.splitlines(keepends=True), err.msg or ""
    if not lines:
        return []
    out = list(keyword_typos(lines, err))
    out += habits(lines, err)
    out += [fix for pattern, fixer in _MESSAGE_FIXES if re.search(pattern, msg)
            for fix in fixer(lines, err)]
    for title, new, weight, first, last in indentation.repairs(text, err):
        out.append(Fix(title, new, weight, first, 0, last, "indentation"))
    return out
