"""Keywords in the wrong place: one misspelt (``retrun x``, ``whlie``), one used as a name
(``class = input()`` -> ``class_``), an ``elif:`` with no condition (an ``else:``) and a
``global`` declared after the function used the name (it goes first), a ``return`` dedented
out of its function."""

from __future__ import annotations

import keyword
import re
import tokenize
from collections.abc import Iterator

from nca.workers.engines.rules.indentation import line_tokens
from nca.workers.engines.rules.search import Fix
from nca.workers.engines.rules.syntax_habits import VALUE_WORDS
from nca.workers.facts.near_miss import levenshtein_distance

__all__ = ["KEYWORD_TYPO_WEIGHT", "bare_elif", "global_first", "keyword_names",
           "keyword_typos", "return_outside"]


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


# --------------------------------------------------------------------------- keywords as names

#: keywords a person names a variable after (``class``, ``from``, ``import``...): none of them
#: can stand where a value or an assignment's target does
_NAMED = frozenset({"class", "def", "from", "import", "global", "nonlocal", "pass", "break",
                    "continue", "lambda", "with", "as", "try", "finally", "except", "raise",
                    "return", "del", "assert", "while", "for", "if", "elif", "else", "in", "is"})
#: tokens around a keyword read as a value: `("class": class}`, `print(class)`, `f(x, class)`
_VALUE_BEFORE = frozenset({"(", "[", "{", ",", ":", "=", "+", "-", "*", "/", "%"})
_VALUE_AFTER = frozenset({")", "]", "}", ","})


def keyword_names(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Yield the text with a keyword assigned to (``class = input()``) renamed ``class_``
    there and wherever the file reads it as a value, as PEP 8 names such a variable."""
    row = min(max((err.lineno or 1) - 1, 0), len(lines) - 1)
    toks = line_tokens(lines[row])
    if len(toks) < 2 or toks[0].string not in _NAMED or toks[1].string != "=":
        return
    word = toks[0].string
    out, places = list(lines), 0
    mention = re.compile(rf"\b{word}\b")
    for r, line in enumerate(lines):
        if not mention.search(line):
            continue  # no need to tokenize a line that does not say the word
        toks = line_tokens(line)
        at = [t for i, t in enumerate(toks) if t.string == word and t.type == tokenize.NAME and (
            (i == 0 and len(toks) > 1 and toks[1].string == "=")
            or (0 < i < len(toks) - 1 and toks[i - 1].string in _VALUE_BEFORE
                and toks[i + 1].string in _VALUE_AFTER))]
        for t in reversed(at):
            line = line[:t.c0] + word + "_" + line[t.c1:]
        out[r], places = line, places + len(at)
    yield Fix(f"Rename the variable `{word}` to `{word}_` ({places} places): `{word}` is a keyword",
              "".join(out), 1.0, row + 1, 0, strategy="keyword")


_BARE_ELIF = re.compile(r"^([ \t]*)elif[ \t]*:")


def bare_elif(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``elif:`` asks nothing: the branch for every other case is ``else:``."""
    row = min(max((err.lineno or 1) - 1, 0), len(lines) - 1)
    found = _BARE_ELIF.match(lines[row])
    if found:
        new = found[1] + "else:" + lines[row][found.end():]
        yield Fix(f"Write `else:` for the `elif` without a condition on line {row + 1}",
                  "".join(lines[:row]) + new + "".join(lines[row + 1:]), KEYWORD_TYPO_WEIGHT,
                  row + 1, len(found[1]))


_USED_BEFORE = re.compile(r"^name '(\w+)' is (?:used|assigned to) prior to (global|nonlocal) "
                          r"declaration")
_DEF = re.compile(r"[ \t]*(?:async[ \t]+)?def\b")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def global_first(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``global high_score`` under an ``if`` after the function read it: the declaration goes
    to the top of the function's body."""
    found = _USED_BEFORE.match(err.msg or "")
    row = min(max((err.lineno or 1) - 1, 0), len(lines) - 1)
    if not found:
        return
    name, word = found[1], found[2]
    declares = re.compile(rf"[ \t]*{word}\b[^#\n]*\b{name}\b")
    decl = next((r for r in range(row, len(lines)) if declares.match(lines[r])), None)
    if decl is None:
        return
    head = next((r for r in range(decl - 1, -1, -1)
                 if _DEF.match(lines[r]) and _indent(lines[r]) < _indent(lines[decl])), None)
    body = None if head is None else next(
        (r for r in range(head + 1, len(lines))
         if lines[r].strip() and not lines[r].lstrip().startswith("#")), None)
    if body is None or body >= decl:
        return
    if lines[body].lstrip()[:3] in ('"""', "'''") and body + 1 < decl:
        body += 1  # after a one-line docstring
    out = list(lines)
    moved = lines[body][:_indent(lines[body])] + lines[decl].lstrip()
    del out[decl]
    out.insert(body, moved)
    yield Fix(f"Move `{word} {name}` to the top of the function (line {body + 1})",
              "".join(out), 0.5, body + 1, _indent(lines[body]), decl + 1)


def return_outside(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """A ``return`` (or ``yield``) dedented out of the function above it: it goes back to the
    level of the function's body."""
    row = min(max((err.lineno or 1) - 1, 0), len(lines) - 1)
    here = _indent(lines[row])
    head = next((r for r in range(row - 1, -1, -1) if _DEF.match(lines[r])
                 and _indent(lines[r]) <= here), None)
    if head is None:
        return
    body = next((r for r in range(head + 1, row) if lines[r].strip()
                 and not lines[r].lstrip().startswith("#")), None)
    if body is None or _indent(lines[body]) <= here:
        return
    new = lines[body][:_indent(lines[body])] + lines[row].lstrip()
    yield Fix(f"Indent line {row + 1} into the function on line {head + 1}",
              "".join(lines[:row]) + new + "".join(lines[row + 1:]), 0.5, row + 1, 0)
