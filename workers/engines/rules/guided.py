"""Syntax-error fixes that the compiler's message suggests (with the habits and misspelt keywords
of syntax_habits), unchecked."""

from __future__ import annotations

import re
import tokenize
from collections.abc import Callable, Iterable, Iterator

from nca.workers.engines.rules import indentation, tabs
from nca.workers.engines.rules.indentation import Tok, code_end, line_tokens, width
from nca.workers.engines.rules.search import Fix
from nca.workers.engines.rules.syntax_edits import error_at, insert, net_depth, open_stack, splice
from nca.workers.engines.rules.syntax_habits import habits
from nca.workers.engines.rules.syntax_keywords import (
    bare_elif,
    global_first,
    keyword_names,
    keyword_typos,
    return_outside,
)
from nca.workers.engines.rules.syntax_parens import continued, lambda_tuple
from nca.workers.engines.rules.syntax_pasted import fences, look_alike, nul_bytes, prompts
from nca.workers.engines.rules.syntax_separators import (
    comma,
    dict_colon,
    line_end_comma,
    lost_operand,
    lost_operator,
)
from nca.workers.engines.rules.syntax_signatures import (
    default_order,
    keyword_argument,
    positional_first,
)
from nca.workers.engines.rules.syntax_strings import (
    fstring_brace,
    fstring_inner_quotes,
    fstring_paren,
    fstring_single_brace,
    inner_quotes,
    raw_path,
    triple,
    unicode_raw,
    unquoted_prose,
    unterminated,
)

__all__ = ["guided"]

PAIRS = {"(": ")", "[": "]", "{": "}"}
_STATEMENT = re.compile(
    r"(?:return|def|class|elif|while|with|try|except|finally|import|raise"
    r"|pass|break|continue|assert|del|global|nonlocal)\b(?!\s*[=,)\]}:.])"
)


# --------------------------------------------------------------------------- message-guided fixes


def _colon(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = error_at(lines, err)
    end = code_end(lines[row])
    yield insert(lines, row, end, ":", f"Insert ':' at the end of line {row + 1}")
    if col < end:
        yield insert(lines, row, col, ":", f"Insert ':' at line {row + 1}, column {col + 1}", 1.05)


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
    subject = re.search(r"([A-Za-z_][\w.]*)\s*$", line[:after])
    if line[after:after + 1] == "[" and subject and toks and toks[0].string == subject[1]:
        return []  # a mask, `df[df["age"] > 40`: the comparison is what the subscript holds
    for i, t in enumerate(toks):
        depth += (t.string in "([{") - (t.string in ")]}") if t.type == tokenize.OP else 0
        if depth < 0:
            break
        if depth == 0 and i and t.string in _OPERATORS and toks[i - 1].string not in _OPERATORS:
            spots.append((toks[i - 1].c1, f"before '{t.string}'"))
    return [(at, where, 0.985 if n == 1 and where != "before 'for'"
             else 1.001 + 0.0001 * (len(spots) - n))
            for n, (at, where) in enumerate(spots, 1)]


def _open_at(line: str) -> Tok | None:
    """Return the last bracket ``line`` opens and leaves open."""
    stack = open_stack(line)
    return stack[-1] if stack else None


def _closers(lines: list[str], r: int, after: int, closer: str, k: int, ends: str = ":"
              ) -> Iterator[Fix]:
    spots = list(_spots(lines[r], after, ends))
    opener = _open_at(lines[r]) if after < 0 else None
    opened = after if after >= 0 else opener.c0 if opener is not None else None
    if opened is not None:
        spots += _operator_spots(lines[r], opened)
    for at, where, weight in spots:
        yield insert(lines, r, at, closer, f"Insert '{closer}' {where} of line {r + 1}",
                      weight + 0.01 * k)


def _unclosed(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = error_at(lines, err)
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
    unbalanced = [r for r in range(row + 1, last + 1) if net_depth(lines[r]) > 0]
    for k, r in enumerate(dict.fromkeys([*unbalanced, last, *range(row, last)])):
        yield from _closers(lines, r, col if r == row else -1, closer, k,
                            ":," if r in unbalanced else ":")


def _unmatched(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = error_at(lines, err)
    ch = lines[row][col:col + 1]
    if ch in ")]}":
        yield Fix(f"Delete the unmatched '{ch}' on line {row + 1}",
                  splice(lines, row, col, col + 1, ""), 1.0, row + 1, col)


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
    for j in [j for j in inside if net_depth(lines[j]) > 0][:3]:
        closer = _own_closer(lines[j])
        if closer is not None:
            yield from _closers(lines, j, -1, closer, k, ":,")
            k += 1
    if inside:
        yield from _closers(lines, inside[-1], -1, want, k, ":,")
        k += 1
    yield from _closers(lines, opener_row, opener.c0, want, k, ":,")


def _mismatch(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = error_at(lines, err)
    found = re.search(r"opening parenthesis '(.)'(?: on line (\d+))?", err.msg)
    if not found or lines[row][col:col + 1] not in ")]}":
        return
    want, got = PAIRS[found[1]], lines[row][col]
    if found[2] and int(found[2]) - 1 < row:
        opener_row = int(found[2]) - 1
        stack = open_stack(lines[opener_row])
        opener = next((t for t in reversed(stack) if t.string == found[1]), None)
        if opener is not None:
            yield from _inside_closers(lines, opener_row, opener, row, want)
    elif not found[2]:
        # opened on this line: it may close before an operator beside it, `[0 for` -> `[0] for`
        stack = open_stack(lines[row], col)
        if stack and stack[-1].string == found[1] and found[1] != "(":
            # a keyword argument inside a list or a dict: the display ended before its comma
            # (`choices=["csv", "xml", default="csv")`)
            inside = [t for t in line_tokens(lines[row]) if stack[-1].c0 < t.c0 < col]
            for a, b, c in zip(inside, inside[1:], inside[2:], strict=False):
                if a.string == "," and b.type == tokenize.NAME and c.string == "=" and not (
                        open_stack(lines[row], a.c0)[len(stack):]):
                    yield insert(lines, row, a.c0, want, f"Insert '{want}' before the keyword "
                                 f"argument `{b.string}=` on line {row + 1}", 0.9)
                    break
        if stack and stack[-1].string == found[1]:
            for at, where, weight in _operator_spots(lines[row], stack[-1].c0):
                if at < col:
                    yield insert(lines, row, at, want, f"Insert '{want}' {where} on line "
                                                        f"{row + 1}", weight)
    yield Fix(f"Replace '{got}' with '{want}' on line {row + 1}",
              splice(lines, row, col, col + 1, want), 1.0, row + 1, col)
    yield insert(lines, row, col, want, f"Insert '{want}' before '{got}' on line {row + 1}", 1.02)


def _print(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, _ = error_at(lines, err)
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
    row, _ = error_at(lines, err)
    line, end = lines[row], code_end(lines[row])
    as_name = re.match(r"(\s*except\s+)(.+?),\s*([A-Za-z_]\w*)\s*:$", line[:end])
    if as_name:
        new = f"{as_name[1]}{as_name[2]} as {as_name[3]}:"
        yield Fix(f"Write 'except {as_name[2]} as {as_name[3]}' on line {row + 1}",
                  splice(lines, row, 0, end, new), 1.0, row + 1, 0)
    many = re.match(r"(\s*except\s+)(.+?)\s*:$", line[:end])
    if many:
        yield Fix(f"Parenthesize the exception types on line {row + 1}",
                  splice(lines, row, 0, end, f"{many[1]}({many[2]}):"), 1.05, row + 1, 0)


def _equals(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    row, col = error_at(lines, err)
    stop = (err.end_offset or 0) - 1 if err.end_lineno == err.lineno else len(lines[row])
    toks = line_tokens(lines[row])
    if not any(t.string == "=" and col <= t.c0 < max(stop, col + 1) for t in toks):
        stop = len(lines[row])  # "cannot assign to attribute here" marks the target only
    for k, t in enumerate(toks):
        if t.string == "=" and col <= t.c0 < max(stop, col + 1):
            # `if m = pattern.search(line):` names a value the text never had before: a call's
            # value is bound here, by an assignment expression; a name it had is compared
            target = toks[k - 1].string if k and toks[k - 1].type == tokenize.NAME else ""
            new = bool(target) and k >= 2 and toks[k - 2].string in ("if", "elif", "while") and (
                any(u.string == "(" for u in toks[k + 1:])) and not re.search(
                rf"\b{re.escape(target)}\b", "".join(lines[:row]))
            for op, weight in (("==", 1.0), (":=", 0.95 if new else 1.05)):
                yield Fix(f"Replace '=' with '{op}' on line {row + 1}",
                          splice(lines, row, t.c0, t.c1, op), weight, row + 1, t.c0)


def _walrus_argument(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """`f(by="price", ascending:=False)`: a keyword argument typed with `:=` reads as a
    positional one after the keywords; `=` is what was meant."""
    first = error_at(lines, err)[0]
    last = min(max((err.end_lineno or first + 1) - 1, first), len(lines) - 1)
    for row in range(first, last + 1):
        toks = line_tokens(lines[row])
        for before, name, t in zip(toks, toks[1:], toks[2:], strict=False):
            if t.string == ":=" and name.type == tokenize.NAME and before.string in ("(", ","):
                yield Fix(f"Replace ':=' with '=' on line {row + 1}",
                          splice(lines, row, t.c0, t.c1, "="), 1.0, row + 1, t.c0)


def _async_def(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """`await` (`async with`, `async for`) in a plain `def`: the `async` of its def was lost."""
    row, _ = error_at(lines, err)
    level = width(lines[row])
    for r in range(row - 1, -1, -1):
        line = lines[r]
        if not line.strip() or line.lstrip().startswith("#") or width(line) >= level:
            continue
        level = width(line)
        match = re.match(r"(\s*)def\s", line)
        if match:
            yield Fix(f"Make the function on line {r + 1} `async def`",
                      splice(lines, r, len(match[1]), len(match[1]), "async "), 1.0, r + 1,
                      len(match[1]))
            return
        if re.match(r"\s*(?:class|async\s+def)\s", line):
            return  # a lambda or a class body's await: no plain def of its own to mark


_Fixer = Callable[[list[str], SyntaxError], Iterable[Fix]]
_MESSAGE_FIXES: tuple[tuple[str, _Fixer], ...] = (
    (r"^expected ':'", _colon),
    (r"^'[(\[{]' was never closed", _unclosed),
    (r"^unmatched '[)\]}]'", _unmatched),
    (r"^closing parenthesis '.' does not match", _mismatch),
    (r"Perhaps you forgot a comma", comma),
    (r"Perhaps you forgot a comma|^invalid syntax$", inner_quotes),
    (r"^invalid syntax$", lost_operator),
    (r"^invalid syntax$", lost_operand),
    (r"^invalid syntax", line_end_comma),
    (r"^invalid syntax", bare_elif),
    (r"^invalid syntax", unicode_raw),
    (r"^invalid syntax", keyword_argument),
    (r"^non-default argument follows default|^parameter without a default follows",
     default_order),
    (r"prior to (?:global|nonlocal) declaration", global_first),
    (r"^'(?:return|yield)' outside function", return_outside),
    (r"^invalid syntax", unquoted_prose),
    (r"^':' expected after dictionary key", dict_colon),
    (r"^unterminated string literal", unterminated),
    (r"^unterminated triple-quoted string", triple),
    (r"^Missing parentheses in call to '(print|exec)'", _print),
    (r"^multiple exception types must be parenthesized", _except),
    (r"Maybe you meant '==' (?:or ':=' )?instead of '='", _equals),
    (r"^positional argument follows keyword argument", _walrus_argument),
    (r"^positional argument follows keyword argument", lambda_tuple),
    (r"^positional argument follows keyword argument", positional_first),
    (r"outside async function$|^asynchronous comprehension outside", _async_def),
    (r"^invalid (non-printable )?character", look_alike),
    (r"null bytes", nul_bytes),
    (r"^f-string: expecting '}'", fstring_brace),
    (r"^f-string: single '}' is not allowed", fstring_single_brace),
    (r"^f-string: unmatched '[)\]]'", fstring_paren),
    (r"^\(unicode error\) 'unicodeescape' codec", raw_path),
    (r"^f-string: (?:unmatched '\['|expecting '}')", fstring_inner_quotes),
)


def guided(text: str, err: SyntaxError) -> list[Fix]:
    """Return the fixes the error message and its kind suggest, not yet checked."""
    lines, msg = text.splitlines(keepends=True), err.msg or ""
    if not lines:
        return []
    out = [*keyword_typos(lines, err), *keyword_names(lines, err), *fences(lines, err), *prompts(lines, err),
           *continued(lines, err)]
    out += habits(lines, err)
    out += [fix for pattern, fixer in _MESSAGE_FIXES if re.search(pattern, msg)
            for fix in fixer(lines, err)]
    for title, new, weight, first, last in [*indentation.repairs(text, err),
                                            *tabs.repairs(text, err)]:
        out.append(Fix(title, new, weight, first, 0, last, "indentation"))
    return out
