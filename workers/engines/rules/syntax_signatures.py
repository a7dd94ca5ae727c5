"""Slips in how a function is declared or called: a parameter without a default after one with
a default (``def f(name, level=INFO, logfile)``: it moves before the defaults), and a keyword
used as a keyword argument's name (``build(from="me")``: the callee's parameter of that role,
where the file defines the callee and exactly one of its parameters is left unpassed; else the
keyword with an underscore, ``class_=``), and a positional argument among keyword arguments
(``plot(x, color="red", "--")``: it moves before them)."""

from __future__ import annotations

import keyword
import re
import tokenize
from collections.abc import Iterator

from nca.workers.engines.rules.indentation import line_tokens
from nca.workers.engines.rules.search import Fix
from nca.workers.engines.rules.syntax_edits import error_at, open_stack, top_level

__all__ = ["default_order", "keyword_argument", "positional_first"]


def _split(inner: str) -> list[str] | None:
    """Return the top-level comma-separated parts of ``inner``; None where its brackets or
    quotes do not balance."""
    parts, depth, start, quote = [], 0, 0, ""
    for k, ch in enumerate(inner):
        if quote:
            quote = "" if ch == quote and inner[k - 1] != "\\" else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(inner[start:k])
            start = k + 1
    parts.append(inner[start:])
    return parts if depth == 0 and not quote else None


def default_order(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """Move the parameters without a default before the first one with a default."""
    row, _ = error_at(lines, err)
    line = lines[row]
    found = re.match(r"([ \t]*(?:async[ \t]+)?def[ \t]+\w+[ \t]*\()(.*)(\)[^)]*:[ \t]*(?:#.*)?)$",
                     line.rstrip("\r\n"))
    parts = _split(found[2]) if found else None
    if found is None or parts is None or any(p.strip().startswith(("*", "/")) for p in parts):
        return
    trailing = [] if parts[-1].strip() else [parts.pop()]
    names = [p.strip() for p in parts]
    plain = [p for p in names if "=" not in p]
    defaults = [p for p in names if "=" in p]
    if not plain or not defaults or names == plain + defaults:
        return
    new = found[1] + ", ".join(plain + defaults) + ("," if trailing else "") + found[3]
    moved = ", ".join(p for p in plain if names.index(p) > names.index(defaults[0]))
    yield Fix(f"Move `{moved}` before the parameters with defaults on line {row + 1}",
              "".join(lines[:row]) + new + line[len(line.rstrip("\r\n")):] +
              "".join(lines[row + 1:]), 0.5, row + 1, len(found[1]))


def keyword_argument(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``build_message(from="me", to="you")`` where ``def build_message(sender, to)``."""
    row, col = error_at(lines, err)
    toks = [t for t in line_tokens(lines[row]) if t.type != tokenize.COMMENT]
    at = next((k for k, t in enumerate(toks) if t.c0 <= col < t.c1 or t.c0 >= col), None)
    if at is None or at + 1 >= len(toks) or not keyword.iskeyword(toks[at].string) or (
            toks[at + 1].string != "=" or at == 0 or toks[at - 1].string not in ("(", ",")):
        return
    stack = open_stack(lines[row], toks[at].c0)
    before = [u for u in toks if stack and stack[-1].string == "(" and u.c1 <= stack[-1].c0]
    callee = before[-1].string if before and before[-1].type == tokenize.NAME else None
    text = "".join(lines)
    sig = re.search(rf"^[ \t]*(?:async[ \t]+)?def[ \t]+{re.escape(callee)}[ \t]*\(([^)]*)\)",
                    text, re.M) if callee else None
    t = toks[at]
    if sig is None:
        # a callee defined elsewhere: the name with an underscore, as libraries spell such a
        # parameter (BeautifulSoup's `class_=`); the checks judge it against the signature
        yield Fix(f"Pass `{t.string}_=` for the keyword `{t.string}=` on line {row + 1}",
                  "".join(lines[:row]) + lines[row][:t.c1] + "_" + lines[row][t.c1:]
                  + "".join(lines[row + 1:]), 0.8, row + 1, t.c0)
        return
    params = [p.split("=")[0].split(":")[0].strip().lstrip("*") for p in sig[1].split(",")]
    params = [p for p in params if p and p not in ("self", "cls", "/")]
    call = "".join(lines[row:row + 5])
    given = set(re.findall(r"[(,][ \t\n]*([A-Za-z_]\w*)[ \t]*=(?!=)", call))
    left = [p for p in params if p not in given and not keyword.iskeyword(p)]
    if len(left) != 1:
        return
    yield Fix(f"Pass `{left[0]}=` for the keyword `{t.string}=` on line {row + 1}",
              "".join(lines[:row]) + lines[row][:t.c0] + left[0] + lines[row][t.c1:]
              + "".join(lines[row + 1:]), 0.6, row + 1, t.c0)


_KEYWORD_ARG = re.compile(r"\s*[A-Za-z_]\w*\s*=(?!=)")


def positional_first(lines: list[str], err: SyntaxError) -> Iterator[Fix]:
    """``plot(x, y, color="red", "--")``: a positional argument written among the keyword
    arguments moves before them."""
    row, col = error_at(lines, err)
    line = lines[row]
    stack = open_stack(line, col)
    if not stack or stack[-1].string != "(":
        return
    opened = stack[-1].c0
    after = [t for t in line_tokens(line) if t.c0 > opened and t.type != tokenize.COMMENT]
    close = next((u.c0 for _, u in top_level(after) if u.string in (")", "]", "}")), None)
    parts = _split(line[opened + 1:close]) if close is not None else None
    if not parts or any(p.strip().startswith("*") or ":=" in p for p in parts):
        return  # an unpacking, or a keyword typed with `:=` (a `=` meant there)
    keywords = [p for p in parts if _KEYWORD_ARG.match(p)]
    plain = [p for p in parts if not _KEYWORD_ARG.match(p)]
    if not keywords or not plain or parts == plain + keywords:
        return
    new = ", ".join(p.strip() for p in plain + keywords)
    moved = ", ".join(p.strip() for p in plain if parts.index(p) > parts.index(keywords[0]))
    yield Fix(f"Move `{moved}` before the keyword arguments on line {row + 1}",
              "".join(lines[:row]) + line[:opened + 1] + new + line[close:]
              + "".join(lines[row + 1:]), 0.8, row + 1, opened + 1)
