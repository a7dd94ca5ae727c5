"""Strings that were never closed: where the closing quote most likely belongs (and the braces
of an f-string's replacement fields: one left open, one that closes none).

A one-line string closes at the end of its line, or before the brackets and punctuation that
end the line. A triple-quoted string (a docstring, mostly) closes where its text ends: at the
end of its first line when the lines after it read as code (``return w * h``), else before the
first line that does; at the end of the file only as a last resort, since that turns every
line after the opening quotes into text (and the checks cannot tell, for the text parses).
"""

from __future__ import annotations

import keyword
import re
import tokenize
from collections.abc import Iterator

from nca.workers.engines.rules.indentation import line_tokens
from nca.workers.engines.rules.search import Fix
from nca.workers.engines.rules.syntax_edits import error_at, insert, splice

__all__ = ["fstring_brace", "fstring_inner_quotes", "fstring_paren", "fstring_single_brace",
           "inner_quotes", "quote_marks", "raw_path", "triple", "unicode_raw", "unquoted_prose",
           "unterminated"]

#: the start of a line that reads as a statement, not as prose inside a docstring
_CODE = re.compile(
    r"\s*(?:(?:return|yield|raise|import|from|def|class|if|elif|else|for|while|with|try|except"
    r"|finally|pass|break|continue|assert|del|global|nonlocal|async|await|print)\b"
    r"|@\w|[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*(?:[-+*/%|&^]?=(?!=)|\())")


#: a letter, an apostrophe, a letter: a contraction (it's, don't, I'm) or a name (O'Brien)
_APOSTROPHE = re.compile(r"(?<=[A-Za-z])'(?=[A-Za-z])")


def unterminated(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Close a one-line string at the end of its line, or before what ends the line."""
    row, col = error_at(lines, err)
    line = lines[row]
    j = col
    while j < len(line) and line[j] in "rRbBuUfF":
        j += 1
    if j >= len(line) or line[j] not in "'\"":
        return
    q, body = line[j], line.rstrip("\r\n").rstrip()
    if j == col and j and line[j - 1] == q and any(
            at == j - 1 and what == "close" for at, what in quote_marks(body[:j])):
        # `class_="price"")`: the string closed already; the quote after it is one too many
        yield Fix(f"Delete the extra {q} on line {row + 1}", splice(lines, row, j, j + 1, ""),
                  0.9, row + 1, j)
    other = "'" if q == '"' else '"'
    last = body.rfind(other)
    if last > j and other not in body[j + 1:last]:
        # `print("Hello World')`: the string's one quote of the other kind was meant to close it
        out = list(lines)
        out[row] = line[:last] + q + line[last + 1:]
        yield Fix(f"Close the string with {q} instead of {other} on line {row + 1}",
                  "".join(out), 0.9, row + 1, last)
    else:
        yield from _other_kind_before(lines, row, body, q, j)
    yield insert(lines, row, len(body), q, f"Close the string at the end of line {row + 1}")
    # `{'a: 1, 'b': 2}`: an earlier string lost its closing quote after its first word; the
    # quote reported unterminated is the one opening the next string
    for opening in (i for i, what in quote_marks(body[:j]) if what == "open" and body[i] == q):
        word = re.match(r"\w+(?=[\s:,)\]}])", body[opening + 1:])
        if word:
            at = opening + 1 + word.end()
            yield insert(lines, row, at, q, f"Close the string after '{word[0]}' on line "
                                             f"{row + 1}", 1.02)
    k = len(body)
    while k > j + 1 and body[k - 1] in ")]},:;":
        k -= 1
        yield insert(lines, row, k, q, f"Close the string before '{body[k:]}' on line {row + 1}",
                      1.0 + 0.01 * (len(body) - k))
    # `logger.info("at %s, self.root)`: the text ends before a comma that an argument follows;
    # where the text holds a placeholder that argument fills, that is what was meant (else it
    # is one more reading, behind closing before the brackets)
    argument = _LAST_ARGUMENT.search(body, j + 1)
    if argument is not None:
        text = body[j + 1:argument.start()]
        yield insert(lines, row, argument.start(), q,
                     f"Close the string before '{body[argument.start():].strip()}' on line "
                     f"{row + 1}", 0.95 if _PLACEHOLDER.search(text) else 1.05)


#: a last argument after a comma: a name, an attribute or a call with simple arguments, then
#: only the brackets and punctuation that end the line
_LAST_ARGUMENT = re.compile(r",[ \t]*[A-Za-z_][\w.]*(?:\([^()'\"]*\))?(?=[)\]},:;\s]*$)")
#: a %-style or str.format placeholder
_PLACEHOLDER = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdrifxXeEgGc]|\{[\w.\[\]]*(?::[^{}]*)?\}")


def _other_kind_before(lines: list[str], row: int, body: str, q: str, j: int) -> Iterator[Fix]:
    """``df["total'] = df["price"]``: an earlier string closed with the other kind of quote
    shifts every quote after it, and the last one is reported unterminated. Where putting the
    right kind at one such closing quote (after a word, before none) closes every string of
    the line, it is a fix."""
    other = "'" if q == '"' else '"'
    for i in range(1, j):
        if body[i] != other or not body[i - 1].isalnum() or body[i + 1:i + 2].isalnum():
            continue
        line = body[:i] + q + body[i + 1:]
        marks = list(quote_marks(line))
        if marks and marks[-1][1] == "close" and all(line[m] == q for m, _ in marks):
            out = list(lines)
            out[row] = line + lines[row][len(body):]
            yield Fix(f"Close the string with {q} instead of {other} on line {row + 1}",
                      "".join(out), 0.9, row + 1, i)


def quote_marks(line: str, *, apostrophes: bool = False) -> Iterator[tuple[int, str]]:
    """Yield ``(index, what)`` for the quotes of the one-line strings of ``line``: ``"open"``
    or ``"close"``; with ``apostrophes``, an apostrophe between two letters inside a
    single-quoted string (``it's``) is ``"apostrophe"`` and the string goes on. A backslash
    escapes inside a string; a ``#`` outside one ends the code."""
    inside, i = "", 0
    while i < len(line):
        ch = line[i]
        if inside and ch == "\\":
            i += 2
            continue
        if not inside and ch == "#":
            return
        if ch in "'\"":
            if not inside:
                inside = ch
                yield i, "open"
            elif ch == inside:
                if apostrophes and ch == "'" and _APOSTROPHE.match(line, i):
                    yield i, "apostrophe"
                else:
                    inside = ""
                    yield i, "close"
        i += 1


def triple(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Close a triple-quoted string where its text ends (see the module's doc)."""
    row, col = error_at(lines, err)
    quote = re.match(r"[rRbBuUfF]*('''|\"\"\")", lines[row][col:])
    if not quote:
        return
    q = quote[1]
    code = next((r for r in range(row + 1, len(lines)) if _CODE.match(lines[r])), None)
    for r in range(row + 1, len(lines) if code is None else code):
        # `")` under the text: its closing quotes, one or two of them typed
        short = re.match(rf"[ \t]*({q[0]}{{1,2}})(?!{q[0]})[ \t]*[)\],;]*[ \t]*(?:#.*)?\r?\n?$",
                         lines[r])
        if short:
            yield Fix(f"Complete the closing {q} on line {r + 1}",
                      splice(lines, r, short.start(1), short.end(1), q), 0.85, r + 1,
                      short.start(1))
            break
    if code is not None:
        # the text ends on the last line with words before the code
        last = next((r for r in range(code - 1, row - 1, -1) if lines[r].strip()), row)
        if last > row or lines[row][col + quote.end():].strip():
            end = len(lines[last].rstrip("\r\n").rstrip())
            yield insert(lines, last, end, q, f"Close the triple-quoted string at the end of "
                                               f"line {last + 1}", 0.9)
    text = "".join(lines)
    sep = "" if text.endswith("\n") else "\n"
    # the whole rest of the file as text: heavier than any closing where the text ends
    yield Fix("Close the triple-quoted string at the end of the file",
              text + sep + q + "\n", 1.0 if code is None else 1.5, len(lines), 0)


_FSTRING = re.compile(r"""[rRbB]?[fF][rRbB]?(['"])(?:(?!\1).)*\1""")


def _fstrings(lines: list[str], err: SyntaxError) -> Iterator[tuple[int, re.Match[str]]]:
    """Yield ``(row, match)`` for each one-line f-string on the error's line."""
    row = (err.lineno or 1) - 1
    if row < len(lines):
        for m in _FSTRING.finditer(lines[row]):
            yield row, m


#: a replacement field's expression (a name, its attributes and subscripts) and format spec
_FIELD = re.compile(r"[A-Za-z_][\w.]*(?:\[[^\[\]{}]*\])*(?:![rsa])?"
                    r"(?::(?:.?[<>=^])?[-+ ]?#?0?\d*[,_]?(?:\.\d+)?[bcdeEfFgGnosxX%]?)?")


def _expression(text: str) -> bool:
    """Return whether ``text`` is one whole expression (``x + y``: the field ends after it)."""
    try:
        compile(f"({text})", "<field>", "eval")
    except (SyntaxError, ValueError):
        return False
    return True


def fstring_brace(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    # 3.11 points at the f-string, not into it: close the last replacement field left open
    for row, m in _fstrings(lines, err):
        body = m.group(0)
        opened = body.rfind("{")
        if opened != -1 and body.find("}", opened) == -1:
            at = m.end() - 1  # before the closing quote
            # `{cost:.2f</p>`: the field ends where its format spec (or its name) does
            field = _FIELD.match(body, opened + 1)
            end = m.start() + field.end() if field else at
            if field and end < at and not _expression(body[opened + 1:-1]):
                yield insert(lines, row, end, "}", f"Close the f-string's field after "
                             f"`{field[0]}` on line {row + 1}", 0.95)
            yield insert(lines, row, at, "}", f"Insert '}}' in the f-string on line {row + 1}")


def fstring_single_brace(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``f"Hello {name}}"``: a ``}`` that closes no replacement field goes."""
    for row, m in _fstrings(lines, err):
        body, depth, k = m.group(0), 0, 0
        while k < len(body):
            if depth == 0 and body[k:k + 2] in ("{{", "}}"):
                k += 2  # an escaped brace
                continue
            if body[k] == "{":
                depth += 1
            elif body[k] == "}" and depth:
                depth -= 1
            elif body[k] == "}":
                at = m.start() + k
                spec = re.search(r"\}(:[^{}'\"]*)$", body[:k])
                if spec:  # `{acc}:.3f}`: the format spec was meant inside the field
                    at = m.start() + spec.start()
                yield Fix(f"Delete the '}}' that closes no field of the f-string on line "
                          f"{row + 1}", splice(lines, row, at, at + 1, ""), 1.0, row + 1, at)
                return
            k += 1


def raw_path(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``"C:\\Users\\me"`` written with single backslashes: ``\\U`` starts an escape that the
    path's letters do not finish. The string is meant raw."""
    row, _ = error_at(lines, err)
    line = lines[row]
    for m in re.finditer(r"""(?<![\w'"])([bBfF]?)(['"])((?:\\.|(?!\2).)*?\\(?:[UuNx])(?:\\.|(?!\2).)*)\2""",
                         line):
        if m[3].endswith("\\"):
            continue  # a raw string cannot end in a backslash
        at = m.start(2)
        yield Fix(f"Make the string on line {row + 1} a raw string (a Windows path)",
                  splice(lines, row, at, at, "r"), 0.5, row + 1, at)


def fstring_inner_quotes(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``f"{t["text"]}"`` (Python 3.12 reads it, 3.11 does not): the key's quotes become the
    other kind."""
    row, _ = error_at(lines, err)
    line = lines[row]
    for m in re.finditer(r"""[fF][rR]?(['"])""", line):
        q = m[1]
        other = "'" if q == '"' else '"'
        inner = re.compile(r"\[" + q + r"([^" + q + r"\[\]{}]*)" + q + r"\]")
        found = list(inner.finditer(line, m.end()))
        if found:
            new = line
            for f in reversed(found):
                new = new[:f.start()] + "[" + other + f[1] + other + "]" + new[f.end():]
            yield Fix(f"Quote the f-string's keys with {other} on line {row + 1}",
                      splice(lines, row, 0, len(line), new), 0.9, row + 1, found[0].start())
            return


#: words of a sentence, as typed between a call's parentheses without quotes
_PROSE = re.compile(r"\s*[A-Za-z][A-Za-z0-9]*(?:[ \t]+[A-Za-z0-9]+)*[?!.:]?[ \t]*")


def unquoted_prose(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """`input(How old are you? )`: a sentence typed as a call's only argument, without quotes;
    quoted as it stands (its spaces too). Only a sentence: three words or more, or two that end
    in a question or exclamation mark (`print(a b)` lost a comma more likely)."""
    row, col = error_at(lines, err)
    line = lines[row]
    start = line.rfind("(", 0, col)
    end = line.find(")", col)
    if start < 0 or end < 0 or any(c in line[start + 1:end] for c in "()\"'"):
        return
    content = line[start + 1:end]
    words = content.split()
    if not _PROSE.fullmatch(content) or not (
            len(words) >= 3 or (len(words) == 2 and content.rstrip()[-1:] in "?!")):
        return
    yield Fix(f"Quote the text on line {row + 1}",
              splice(lines, row, start + 1, end, f'"{content}"'), 1.0, row + 1, start + 1)


def inner_quotes(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``"git commit -m "nightly backup""``: quotes of the string's own kind inside it ended it
    early; written with the other kind outside, the inner ones are text."""
    row, _ = error_at(lines, err)
    line = lines[row]
    toks = [t for t in line_tokens(line) if t.type != tokenize.COMMENT]
    for i, first in enumerate(toks[:-2]):
        if first.type != tokenize.STRING or first.string[:1] not in "'\"":
            continue
        q = first.string[0]
        if first.string.startswith(q * 3) or toks[i + 1].type != tokenize.NAME:
            continue
        last = next((t for t in toks[i + 2:] if t.type == tokenize.STRING), None)
        if last is None or last.string[:1] != q or last.string.startswith(q * 3):
            continue
        between = [t for t in toks[i + 1:] if t.c0 < last.c0]
        if not all(t.type == tokenize.NUMBER or t.string in "-./:" or (
                t.type == tokenize.NAME and not keyword.iskeyword(t.string)) for t in between):
            continue  # words of the text, not code (`"green" for p in xs if p else "red"`)
        other = "'" if q == '"' else '"'
        inner = line[first.c0 + 1:last.c1 - 1]
        if other in inner or "\\" in inner:
            continue
        yield Fix(f"Write the string on line {row + 1} with {other} outside its inner {q}",
                  splice(lines, row, first.c0, last.c1, other + inner + other), 0.9, row + 1,
                  first.c0)
        return


def fstring_paren(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``f"{resp.status)"``: a field closed with the bracket the fingers reached for."""
    for row, m in _fstrings(lines, err):
        body, opened = m.group(0), -1
        for k, ch in enumerate(body):
            if ch == "{":
                opened = -1 if body[k - 1:k] == "{" and opened == k - 1 else k
            elif ch == "}":
                opened = -1
            elif ch in ")]" and opened >= 0 and body[opened + 1:k].count(
                    "(" if ch == ")" else "[") <= body[opened + 1:k].count(ch):
                at = m.start() + k
                yield Fix(f"Close the f-string's field with '}}' for '{ch}' on line {row + 1}",
                          splice(lines, row, at, at + 1, "}"), 0.9, row + 1, at)
                return



_UR = re.compile(r"(?<![\w'\"])[uU][rR](?=['\"])")


def unicode_raw(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Python 2's ``ur"C:\\tools"``: every string is unicode now, so the raw string ``r"..."``."""
    row, _ = error_at(lines, err)
    spots = list(_UR.finditer(lines[row]))
    if spots:
        line = lines[row]
        for m in reversed(spots):
            line = line[:m.start()] + line[m.start() + 1:]
        yield Fix(f"Write the `ur` string as `r` on line {row + 1}",
                  "".join(lines[:row]) + line + "".join(lines[row + 1:]), 0.5, row + 1,
                  spots[0].start())
