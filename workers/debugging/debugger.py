"""The Debugger: raw error output in, a structured :class:`Summary` out.

It understands CPython tracebacks (also inside logs), pytest output, compile() errors of Python
source, ruff/pyflakes lines, LSP diagnostics and ready-made problems. With ``kind="auto"``
every text parser runs and those that find something are named in ``Summary.kind``, joined by
``+`` in the order pytest, traceback, syntax, ruff, lsp, problems. Python source is only
compiled when no other parser understood the text and it reads like Python.
"""

from __future__ import annotations

from collections.abc import Sequence

from nca.workers.core.errors import InputError
from nca.workers.core.registry import worker
from nca.workers.core.types import (
    SYNTAX_CODE,
    DebugRequest,
    ExceptionInfo,
    Problem,
    Summary,
    problems_from,
)
from nca.workers.debugging.diagnostics import (
    SYNTAX_TYPES,
    compile_problems,
    lint_problems,
    looks_like_python,
    lsp_problems,
    symbol_in,
)
from nca.workers.debugging.pytest_report import FailedTest, parse_pytest
from nca.workers.debugging.tracebacks import parse_tracebacks

__all__ = ["KINDS", "debug"]

#: the values DebugRequest.kind may take; "pyflakes" reads the same lines as "ruff"
KINDS = ("auto", "traceback", "pytest", "syntax", "ruff", "pyflakes", "lsp", "problems")
NOTHING = "no errors found"
MAX_AUTO_COMPILE = 2_000_000  # characters; a bigger text is a log, not a module to compile
MAX_HEADLINE = 240


def _check(request: DebugRequest) -> None:
    if not isinstance(request, DebugRequest):
        raise InputError(f"debug takes a DebugRequest, not {type(request).__name__}")
    if not isinstance(request.text, str):
        raise InputError(f"DebugRequest.text must be a str, not {type(request.text).__name__}")
    if request.kind not in KINDS:
        raise InputError(f"unknown kind {request.kind!r}; expected one of {', '.join(KINDS)}")
    bad = next((p for p in request.problems if not isinstance(p, Problem)), None)
    if bad is not None:
        raise InputError(f"DebugRequest.problems holds a {type(bad).__name__}, not a Problem")


def _exception_problem(exc: ExceptionInfo) -> Problem | None:
    """Return the problem at an exception's innermost user frame, or None when it has none."""
    frame = exc.user_frame
    if frame is None:
        return None
    short = exc.type.rsplit(".", 1)[-1]
    if short in SYNTAX_TYPES:  # the same problem compile() and the linters report
        return Problem(SYNTAX_CODE, f"{short}: {exc.message}", frame.line, source="traceback",
                       path=frame.path)
    return Problem(exc.type, exc.message, frame.line, source="traceback",
                   symbol=symbol_in(exc.message, exc.type), path=frame.path)


def _failure_problem(failed: FailedTest) -> Problem:
    """Return the problem at a failing test's failure location."""
    test, error = failed.test, failed.error
    message = test.message
    if error and message.startswith(error + ":"):
        message = message[len(error) + 1:].strip()  # as the traceback parser words it
    code = error or "test-failure"
    if error.rsplit(".", 1)[-1] in SYNTAX_TYPES:
        code, message = SYNTAX_CODE, test.message
    return Problem(code, message or test.nodeid, test.line or 1, source="pytest",
                   symbol=symbol_in(message, code) if code != SYNTAX_CODE else None,
                   path=test.path)


def _one_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


def _at(path: str | None, line: int | None, col: int | None = None) -> str:
    if not path:
        return ""
    where = f"{path}:{line}" if line else path
    return f" at {where}:{col}" if line and col and col > 1 else f" at {where}"


def _exception_headline(exceptions: Sequence[ExceptionInfo]) -> str:
    """Return the last exception of the first chain, where it was raised in user code."""
    chain: list[ExceptionInfo] = []
    for exc in exceptions:
        chain.append(exc)
        if exc.chained_as is None:
            break
    last = chain[-1]
    text = f"{last.type}: {_one_line(last.message)}" if last.message else last.type
    frame = last.user_frame or next((e.user_frame for e in reversed(chain) if e.user_frame), None)
    return text + (_at(frame.path, frame.line) if frame else "")


def _problem_headline(problems: Sequence[Problem]) -> str:
    first = next((p for p in problems if p.is_syntax), problems[0])
    message = _one_line(first.message)
    text = message if first.is_syntax or message.startswith(first.code) else f"{first.code} {message}"
    return text + _at(first.path, first.line, first.col)


def _headline(tests: Sequence[FailedTest], exceptions: Sequence[ExceptionInfo],
              problems: Sequence[Problem]) -> str:
    if tests:
        t = tests[0].test
        verb = "errored" if tests[0].outcome == "error" else "failed"
        text = f"{t.nodeid} {verb}: {_one_line(t.message)}" + _at(t.path, t.line)
        more = len(tests) - 1
    elif exceptions:
        text, more = _exception_headline(exceptions), 0
    elif problems:
        text, more = _problem_headline(problems), len(problems) - 1
    else:
        return NOTHING
    if more:
        text += f" (+{more} more)"
    return text if len(text) <= MAX_HEADLINE else text[: MAX_HEADLINE - 3] + "..."


@worker("debug")
def debug(request: DebugRequest) -> Summary:
    """Return what went wrong in a request's text, diagnostics and problems, structured.

    Unrecognised text gives ``Summary(headline="no errors found", kind="none")``; only a
    malformed request (wrong types, an unknown kind) raises InputError.
    """
    _check(request)
    kind, text = request.kind, request.text
    lines = text.split("\n") if text.strip() else []
    kinds: list[str] = []
    problems: list[Problem] = []
    exceptions: tuple[ExceptionInfo, ...] = ()
    tests: tuple[FailedTest, ...] = ()

    if kind in ("auto", "pytest"):
        tests = parse_pytest(lines, request.workspace)
        if tests:
            kinds.append("pytest")
            problems.extend(_failure_problem(t) for t in tests)
    if kind in ("auto", "traceback"):
        exceptions = parse_tracebacks(lines, request.workspace)
        if exceptions:
            kinds.append("traceback")
            # pytest --tb=native prints the traceback of a failure its report already holds
            reported = {(p.path, p.line, p.code) for p in problems}
            problems.extend(
                p for p in map(_exception_problem, exceptions)
                if p and (p.path, p.line, p.code) not in reported
            )
    linted: tuple[Problem, ...] = ()
    if kind in ("auto", "ruff", "pyflakes"):
        linted = lint_problems(lines)
    if kind == "syntax" or (
        kind == "auto" and not kinds and not linted and len(text) <= MAX_AUTO_COMPILE
        and looks_like_python(lines)
    ):
        found = compile_problems(text, request.path) if text.strip() else ()
        if found:
            kinds.append("syntax")
            problems.extend(found)
    if linted:
        kinds.append("ruff")
        problems.extend(linted)
    if request.diagnostics:
        found = lsp_problems(request.diagnostics, request.path)
        if found:
            kinds.append("lsp")
            problems.extend(found)
    if request.problems:
        kinds.append("problems")
        problems.extend(request.problems)

    ordered = problems_from(problems)
    return Summary(
        headline=_headline(tests, exceptions, ordered),
        problems=ordered,
        exceptions=exceptions,
        tests=tuple(t.test for t in tests),
        kind="+".join(kinds) or "none",
    )
