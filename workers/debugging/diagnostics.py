"""Problems from linter text (ruff, pyflakes), LSP diagnostics and compile(), and their symbols."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from nca.workers.core.errors import InputError
from nca.workers.core.types import SYNTAX_CODE, Problem
from nca.workers.debugging.tracebacks import MAX_LINE
from nca.workers.facts.document import facts_of

__all__ = [
    "compile_problems",
    "lint_problems",
    "looks_like_python",
    "lsp_problems",
    "symbol_in",
]

MAX_PROBLEMS = 5_000
SYNTAX_TYPES = frozenset({"SyntaxError", "IndentationError", "TabError"})

_Q = "[`'\"]"  # CPython and pyflakes quote names with '', ruff with ``, pyright with ""
_NAME = r"([^`'\"\s]{1,300})"
# the first that matches names the symbol a message is about
_SYMBOL_RES = tuple(
    re.compile(p.format(q=_Q, name=_NAME))
    for p in (
        r"\bname {q}{name}{q} is not defined",
        r"[Uu]ndefined name {q}{name}{q}",
        r"has no attribute {q}{name}{q}",
        r"No module named {q}{name}{q}",
        r"cannot import name {q}{name}{q}",
        r"[Ll]ocal variable {q}{name}{q}",
        r"^{q}{name}{q} imported but unused",
        r"redefinition of unused {q}{name}{q}",
        r"^{q}{name}{q} is (?:not defined|possibly unbound|unbound)",
        r"^Import {q}{name}{q} could not be resolved",
        r"Cannot access attribute {q}{name}{q}",
        r"^{q}{name}{q} is not a known attribute",
    )
)
_BACKTICK = re.compile(r"`([^`\s]{1,300})`")

# ``path:line:col: rest`` as ruff --output-format concise, flake8 and pyflakes print it
_LINT_RE = re.compile(
    r"(?P<path>(?:[A-Za-z]:)?[^:\n]{1,1000}?\.(?:py|pyi|ipynb)):(?P<line>\d{1,9}):(?P<col>\d{1,9}): "
    r"(?P<rest>.*)$"
)
_CODE_RE = re.compile(r"(?P<code>[A-Z]{1,6}\d{1,5}):? (?:\[\*\] )?(?P<message>.*)$")
# ruff's default ("full") format: ``F821 Undefined name `x``` then `` --> path:line:col``
_FULL_HEAD_RE = re.compile(r"(?P<code>[A-Z]{1,6}\d{1,5}|invalid-syntax):? (?:\[\*\] )?(?P<message>.+)$")
_PYFLAKES_CODES = (
    ("in __all__", "F822"),
    ("undefined name", "F821"),
    ("imported but unused", "F401"),
    ("is assigned to but never used", "F841"),
    ("redefinition of unused", "F811"),
    ("unable to detect undefined names", "F403"),
    ("may be undefined, or defined from star imports", "F405"),
    ("referenced before assignment", "F823"),
    ("f-string is missing placeholders", "F541"),
)
_PYFLAKES_SYNTAX = re.compile(
    r"(?:invalid syntax|unexpected |unindent |expected |unterminated |unmatched |EOL |EOF )"
)

_PYTHON_LINE_RE = re.compile(
    r"\s*(?:(?:async\s+)?def\s+\w|class\s+\w|import\s+\w|from\s+[\w.]+\s+import\b"
    r"|(?:if|elif|while|for|with|try|except|finally|else|return|raise|yield|pass|break|continue"
    r"|assert|del|global|nonlocal|lambda)\b|@\w|#|[\w.]{1,200}(?:\[[^\]]{0,200}\])?\s{0,20}"
    r"(?:[-+*/%&|^@]|//|\*\*|<<|>>)?=(?!=)|[\w.]{1,200}\(|[)\]}]|\"\"\"|''')"
)
_STRONG_LINE_RE = re.compile(
    r"\s*(?:(?:async\s+)?def\s+\w|class\s+\w|import\s+\w|from\s+[\w.]+\s+import\b|return\b"
    r"|[\w.]{1,200}\s{0,20}=(?!=))"
)


def symbol_in(message: str, code: str = "") -> str | None:
    """Return the name ``message`` is about (undefined, missing attribute, module), or None."""
    head = message[:2_000]
    for pattern in _SYMBOL_RES:
        m = pattern.search(head)
        if m:
            return m[1]
    if code.startswith("F"):  # ruff puts the name a pyflakes rule is about in backticks
        m = _BACKTICK.search(head)
        if m:
            return m[1]
    return None


def _pyflakes_code(message: str) -> str:
    """Return the ruff code of a pyflakes message, or "pyflakes" when it has none we know."""
    return next((code for needle, code in _PYFLAKES_CODES if needle in message), "pyflakes")


def _lint_problem(path: str, line: int, col: int, rest: str) -> Problem | None:
    if rest.startswith(("error:", "warning:", "note:")):
        return None  # mypy's format, whose codes would be misread here
    for word in ("invalid-syntax: ", "SyntaxError: "):
        if rest.startswith(word):
            message = "SyntaxError: " + rest[len(word):]
            return Problem(SYNTAX_CODE, message, line, col, source="ruff", path=path)
    m = _CODE_RE.match(rest)
    if m:
        code, message = m["code"], m["message"]
        return Problem(code, message, line, col, source="ruff", symbol=symbol_in(message, code), path=path)
    if _PYFLAKES_SYNTAX.match(rest):
        return Problem(SYNTAX_CODE, "SyntaxError: " + rest, line, col, source="pyflakes", path=path)
    code = _pyflakes_code(rest)
    return Problem(code, rest, line, col, source="pyflakes", symbol=symbol_in(rest, code), path=path)


def lint_problems(lines: Sequence[str]) -> tuple[Problem, ...]:
    """Return the problems of ruff (concise or full), flake8 or pyflakes output lines."""
    found: list[Problem] = []
    head: re.Match[str] | None = None
    for raw in lines:
        if len(found) >= MAX_PROBLEMS:
            break
        line = raw[:MAX_LINE].rstrip()
        if ".py" in line and (m := _LINT_RE.match(line)):
            p = _lint_problem(m["path"], int(m["line"]), int(m["col"]), m["rest"])
            if p:
                found.append(p)
            head = None
        elif line.lstrip().startswith("--> ") and head is not None:
            path, _, rest = line.lstrip()[4:].strip().rpartition(":")
            path, _, row = path.rpartition(":")
            if path and row.isdigit() and rest.isdigit():
                code, message = head["code"], head["message"]
                if code == "invalid-syntax":
                    code, message = SYNTAX_CODE, "SyntaxError: " + message
                symbol = symbol_in(message, code) if code != SYNTAX_CODE else None
                found.append(Problem(code, message, int(row), int(rest), source="ruff",
                                     symbol=symbol, path=path))
            head = None
        elif line[:1].isalpha():
            head = _FULL_HEAD_RE.match(line)
    return tuple(found)


def _int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def _position(diagnostic: Mapping[str, Any], end: str) -> tuple[int, int] | None:
    rng = diagnostic.get("range")
    pos = rng.get(end) if isinstance(rng, Mapping) else None
    if not isinstance(pos, Mapping):
        return None
    return _int(pos.get("line")) + 1, _int(pos.get("character")) + 1


def lsp_problems(diagnostics: Iterable[Any], path: str | None = None) -> tuple[Problem, ...]:
    """Return LSP Diagnostic dicts as Problems: 1-based positions, their code and source kept.

    Raises InputError for an item that is not a mapping; missing fields get defaults.
    """
    found: list[Problem] = []
    for n, diagnostic in enumerate(diagnostics):
        if not isinstance(diagnostic, Mapping):
            raise InputError(f"diagnostic {n} is a {type(diagnostic).__name__}, not an LSP Diagnostic dict")
        code = diagnostic.get("code")
        if isinstance(code, Mapping):  # {"value": ..., "target": ...} in some servers
            code = code.get("value")
        source = str(diagnostic.get("source") or "lsp")
        message = str(diagnostic.get("message") or "")
        if code in (None, ""):
            code = _pyflakes_code(message) if source == "pyflakes" else source
        code = str(code)
        start = _position(diagnostic, "start") or (1, 1)
        end = _position(diagnostic, "end")
        if code.lower() in ("syntax-error", "invalid-syntax") or message.startswith("SyntaxError"):
            code = SYNTAX_CODE
        symbol = symbol_in(message, code) if code != SYNTAX_CODE else None
        found.append(Problem(
            code=code, message=message, line=start[0], col=start[1],
            end_line=end[0] if end else None, end_col=end[1] if end else None,
            source=source, symbol=symbol, path=path,
        ))
    return tuple(found)


def compile_problems(text: str, path: str | None = None) -> tuple[Problem, ...]:
    """Return the SyntaxError (E999) compile() finds in ``text``, or nothing when it compiles.

    The text is compiled once (its DocumentFacts keep the outcome for every later check).
    """
    err = facts_of(text).compile_error
    if err is None:
        return ()
    if isinstance(err, SyntaxError):
        kind = type(err).__name__ if type(err).__name__ in SYNTAX_TYPES else "SyntaxError"
        line = err.lineno or 1
        col = err.offset if err.offset and err.offset > 0 else 1
        end_line = err.end_lineno if err.end_lineno and err.end_lineno >= line else None
        end_col = err.end_offset if end_line and err.end_offset and err.end_offset > 0 else None
        return (Problem(SYNTAX_CODE, f"{kind}: {err.msg}", line, col, end_line, end_col,
                        source="compile", path=path),)
    if isinstance(err, ValueError):  # "source code string cannot contain null bytes" before 3.12
        return (Problem(SYNTAX_CODE, f"SyntaxError: {err}", source="compile", path=path),)
    # RecursionError, MemoryError: nesting too deep for the compiler
    return (Problem(SYNTAX_CODE, f"{type(err).__name__}: {err}", source="compile", path=path),)


def looks_like_python(lines: Sequence[str]) -> bool:
    """Return whether most of the first non-blank lines read as Python statements."""
    sample = [line[:MAX_LINE] for line in lines[:400] if line.strip()][:200]
    if not sample:
        return False
    python = sum(1 for line in sample if _PYTHON_LINE_RE.match(line))
    strong = any(_STRONG_LINE_RE.match(line) for line in sample)
    return strong and python * 10 >= len(sample) * 6
