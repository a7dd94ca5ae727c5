"""The Debugger on compile() errors, ruff and pyflakes lines and LSP diagnostics."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nca.workers.core.types import DebugRequest
from nca.workers.debugging.debugger import debug
from tests.unit.workers.debugging.conftest import diagnostic, summarise

# --------------------------------------------------------------------------- compile()

SOURCES = [
    pytest.param("import os\ndef f(:\n    pass\n", "SyntaxError: invalid syntax", 2, 7, id="syntax"),
    pytest.param("def f():\nreturn 1\n", "IndentationError: expected an indented block", 2, 1,
                 id="indent"),
    pytest.param("if True:\n\tx = 1\n        y = 2\n", "TabError: inconsistent use of tabs", 3, 1,
                 id="tab"),
    pytest.param("x = (1,\ny = 2\n", "SyntaxError: '(' was never closed", 1, 5, id="unclosed"),
    pytest.param("def f():\n    x = 1\nreturn x\n", "SyntaxError: 'return' outside function", 3, 1,
                 id="compiler-stage"),
]


@pytest.mark.parametrize("kind", ["auto", "syntax"])
@pytest.mark.parametrize(("source", "message", "line", "col"), SOURCES)
def test_compile_errors(source: str, message: str, line: int, col: int, kind: str) -> None:
    summary = summarise(source, kind=kind, path="pkg/mod.py")
    assert summary.kind == "syntax"
    (problem,) = summary.problems
    assert (problem.code, problem.line, problem.col) == ("E999", line, col)
    assert problem.message.startswith(message)
    assert (problem.source, problem.path) == ("compile", "pkg/mod.py")
    assert summary.headline.startswith(f"{message}")
    assert f"at pkg/mod.py:{line}" in summary.headline


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("x = 1\nprint(x)\n", "syntax"),  # compiles: nothing to report
        ("x = 1\nprint(x)\n", "auto"),
        ("The deploy failed, see: the logs (twice)\nnothing else\n", "auto"),  # prose is not Python
        ("def f(:\n", "traceback"),  # an explicit kind runs only its own parser
        ("def f(:\n", "ruff"),
    ],
)
def test_compile_only_when_asked_or_python(text: str, kind: str) -> None:
    summary = summarise(text, kind=kind)
    assert (summary.headline, summary.kind, summary.problems) == ("no errors found", "none", ())


def test_null_bytes_are_a_syntax_error() -> None:
    (problem,) = summarise("x = 1\x00\n", kind="syntax").problems
    assert problem.code == "E999" and "null" in problem.message


# --------------------------------------------------------------------------- ruff, pyflakes

RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.skipif(not RUFF.exists() and not shutil.which("ruff"), reason="ruff not installed")
@pytest.mark.parametrize("fmt", ["concise", "full"])
def test_real_ruff_output(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "lint_me.py").write_text("import os\nprint(jsn)\ndef f():\n    y = 1\n")
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    ruff = str(RUFF) if RUFF.exists() else "ruff"
    done = subprocess.run(
        [ruff, "check", "--isolated", "--no-cache", "--select", "F", "--output-format", fmt,
         "lint_me.py", "broken.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    summary = summarise(done.stdout + done.stderr)
    assert summary.kind == "ruff"
    found = {(p.path, p.line, p.col, p.code, p.symbol) for p in summary.problems}
    assert {
        ("lint_me.py", 1, 8, "F401", "os"),
        ("lint_me.py", 2, 7, "F821", "jsn"),
        ("lint_me.py", 4, 5, "F841", "y"),
        ("broken.py", 1, 7, "E999", None),
    } <= found
    assert all(p.source == "ruff" for p in summary.problems)
    assert summary.headline.startswith("SyntaxError: ") and "broken.py:1:7" in summary.headline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("a.py:3:1: F821 Undefined name `x`", ("F821", "ruff", "x", 3, 1)),
        ("a.py:1:8: F401 [*] `os.path` imported but unused", ("F401", "ruff", "os.path", 1, 8)),
        ("a.py:1:1: E501 Line too long (120 > 100)", ("E501", "ruff", None, 1, 1)),
        ("src/a.py:4:5: undefined name 'jsn'", ("F821", "pyflakes", "jsn", 4, 5)),
        ("src/a.py:1:1: 'sys' imported but unused", ("F401", "pyflakes", "sys", 1, 1)),
        ("src/a.py:9:5: local variable 'tmp' is assigned to but never used",
         ("F841", "pyflakes", "tmp", 9, 5)),
        ("src/a.py:2:9: invalid syntax", ("E999", "pyflakes", None, 2, 9)),
        (r"C:\proj\a.py:2:3: F821 Undefined name `y`", ("F821", "ruff", "y", 2, 3)),
    ],
)
def test_lint_lines(line: str, expected: tuple) -> None:
    summary = summarise(f"noise before\n{line}\nFound 1 error.\n")
    (problem,) = summary.problems
    assert (problem.code, problem.source, problem.symbol, problem.line, problem.col) == expected
    assert summary.kind == "ruff"


# --------------------------------------------------------------------------- LSP diagnostics

@pytest.mark.parametrize(
    ("diag", "expected"),
    [
        (diagnostic(2, 4, "Undefined name `jsn`", code="F821", source="Ruff"),
         ("F821", "Ruff", "jsn", 3, 5, 3, 8)),
        (diagnostic(0, 0, '"jsn" is not defined', source="Pyright",
                    code={"value": "reportUndefinedVariable", "target": "https://x"}),
         ("reportUndefinedVariable", "Pyright", "jsn", 1, 1, 1, 4)),
        (diagnostic(9, 2, "undefined name 'np'", source="pyflakes"), ("F821", "pyflakes", "np", 10, 3, 10, 6)),
        (diagnostic(1, 0, "Line too long", code=501, source="pycodestyle"),
         ("501", "pycodestyle", None, 2, 1, 2, 4)),
        ({"message": "no range at all"}, ("lsp", "lsp", None, 1, 1, None, None)),
    ],
)
def test_lsp_diagnostics(diag: dict, expected: tuple) -> None:
    summary = debug(DebugRequest(diagnostics=(diag,), path="app.py"))
    (p,) = summary.problems
    assert (p.code, p.source, p.symbol, p.line, p.col, p.end_line, p.end_col) == expected
    assert p.path == "app.py" and summary.kind == "lsp"
