"""The Debugger worker: registered, problems and kinds combined, input it does not understand."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from nca.workers.core.errors import InputError
from nca.workers.core.registry import WORKERS
from nca.workers.core.types import DebugRequest, Problem
from nca.workers.debugging.debugger import debug
from tests.unit.workers.debugging.conftest import diagnostic, run_python, summarise


def test_debug_is_the_registered_worker() -> None:
    assert WORKERS["debug"] is debug


# --------------------------------------------------------------------------- problems and kinds


def test_problems_pass_through_sorted_and_deduplicated() -> None:
    a = Problem("F821", "Undefined name `x`", 5, 3, source="ruff", symbol="x")
    b = Problem("E999", "SyntaxError: invalid syntax", 2, 1, source="compile")
    summary = debug(DebugRequest(problems=(a, b, a)))
    assert summary.problems == (b, a)
    assert summary.kind == "problems"
    assert summary.headline == "SyntaxError: invalid syntax (+1 more)"


def test_kinds_combine() -> None:
    text = "a.py:3:1: F821 Undefined name `x`\n"
    summary = debug(DebugRequest(text=text, diagnostics=(diagnostic(0, 0, "m", code="X1"),),
                                 problems=(Problem("E1", "p", 9),)))
    assert summary.kind == "ruff+lsp+problems"
    assert [p.code for p in summary.problems] == ["X1", "F821", "E1"]


# --------------------------------------------------------------------------- bad input

def _garbage() -> str:
    rng = random.Random(7)
    return "".join(chr(rng.randrange(1, 0xD7FF)) for _ in range(50_000))


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "hello world", "Traceback (most recent call last):\n", 'File "x.py", line 1',
     "ERROR: something bad\n:1:2: nothing\n", "\x00\x01\x02\xff" * 100, "=" * 80 + "\n" + "_" * 80,
     _garbage()],
    ids=["empty", "blank", "prose", "lone-header", "lone-frame", "log", "binary", "rules", "random"],
)
def test_unrecognised_input_is_not_an_error(text: str) -> None:
    summary = summarise(text)
    assert (summary.headline, summary.kind) == ("no errors found", "none")
    assert summary.problems == summary.exceptions == summary.tests == ()


@pytest.mark.parametrize(
    "request_",
    [DebugRequest(text="x", kind="yaml"), DebugRequest(text=b"x"),  # type: ignore[arg-type]
     DebugRequest(diagnostics=("not a dict",)),  # type: ignore[arg-type]
     DebugRequest(problems=("F821",))],  # type: ignore[arg-type]
    ids=["kind", "bytes", "diagnostic", "problem"],
)
def test_malformed_requests_raise_input_error(request_: DebugRequest) -> None:
    with pytest.raises(InputError):
        debug(request_)


@pytest.mark.parametrize(
    ("noise", "with_traceback"),
    [("2024-05-01 10:00:00,000 INFO worker: tick 'File' a.py:1: Traceback\n", True),
     ("x" * 1_000, False), ("(" * 1_000, False), (":1:1: ", False),
     ('  File "a.py", line 1, in f\n', True)],
    ids=["log-lines", "one-long-line", "parens", "colons", "frames"],
)
def test_ten_megabytes_return(tmp_path: Path, noise: str, with_traceback: bool) -> None:
    err = ""
    if with_traceback:
        err = run_python(tmp_path, "app.py", "def f():\n    return undefined_name\nf()\n")
    text = (noise * (10_000_000 // len(noise) + 1))[:10_000_000] + "\n" + err
    summary = summarise(text)
    if with_traceback:
        assert summary.exceptions[-1].type == "NameError"
        assert [p.symbol for p in summary.problems] == ["undefined_name"]
    else:
        assert (summary.kind, summary.problems) == ("none", ())
