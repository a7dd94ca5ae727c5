"""The Debugger against real interpreter, pytest and ruff output produced in tmp_path."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nca.workers.core.errors import InputError
from nca.workers.core.registry import WORKERS
from nca.workers.core.types import DebugRequest, Problem, Summary
from nca.workers.debugging.debugger import debug
from nca.workers.debugging.tracebacks import is_user_path

CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHON"))}


def run_python(tmp_path: Path, name: str, source: str, *extra: tuple[str, str]) -> str:
    """Return the stderr of running ``source`` as ``tmp_path/name`` with extra files beside it."""
    for rel, text in extra:
        (tmp_path / rel).write_text(textwrap.dedent(text))
    script = tmp_path / name
    script.write_text(textwrap.dedent(source))
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, env=CLEAN_ENV, timeout=60)
    assert done.returncode != 0, done.stdout
    return done.stderr


def summarise(text: str, **kw: object) -> Summary:
    return debug(DebugRequest(text=text, **kw))  # type: ignore[arg-type]


def test_debug_is_the_registered_worker() -> None:
    assert WORKERS["debug"] is debug


# --------------------------------------------------------------------------- tracebacks

TRACEBACKS = [
    pytest.param(
        """\
        import json
        def load():
            return jsn.loads("1")
        load()
        """,
        (("NameError", None),), ("NameError", 3, "jsn"),
        "NameError: name 'jsn' is not defined", id="name-error",
    ),
    pytest.param(
        """\
        import os
        x = os.pathh
        """,
        (("AttributeError", None),), ("AttributeError", 2, "pathh"),
        "AttributeError: module 'os' has no attribute 'pathh'", id="attribute-error",
    ),
    pytest.param(
        "import requestz\n",
        (("ModuleNotFoundError", None),), ("ModuleNotFoundError", 1, "requestz"),
        "ModuleNotFoundError: No module named 'requestz'", id="module-not-found",
    ),
    pytest.param(
        "d = {}\nprint(d['x'])\n",
        (("KeyError", None),), ("KeyError", 2, None), "KeyError: 'x'", id="key-error",
    ),
    pytest.param(
        """\
        import json
        json.loads("{bad")
        """,
        (("json.decoder.JSONDecodeError", None),), ("json.decoder.JSONDecodeError", 2, None),
        "json.decoder.JSONDecodeError: Expecting property name", id="stdlib-frames-skipped",
    ),
    pytest.param(
        """\
        def load(d):
            return d["a"]
        def main():
            try:
                load({})
            except KeyError as e:
                raise ValueError("bad value\\nsecond line of it") from e
        main()
        """,
        (("KeyError", "cause"), ("ValueError", None)), ("ValueError", 7, None),
        "ValueError: bad value at", id="chained-cause",
    ),
    pytest.param(
        """\
        def f():
            try:
                {}["x"]
            except KeyError:
                undefined_thing()
        f()
        """,
        (("KeyError", "context"), ("NameError", None)), ("NameError", 5, "undefined_thing"),
        "NameError: name 'undefined_thing' is not defined at", id="chained-context",
    ),
    pytest.param(
        """\
        def f():
            raise ExceptionGroup("eg", [ValueError("a"), TypeError("b")])
        f()
        """,
        (("ExceptionGroup", None), ("ValueError", None), ("TypeError", None)),
        ("ExceptionGroup", 2, None), "ExceptionGroup: eg (2 sub-exceptions)", id="exception-group",
    ),
    pytest.param(
        """\
        def inner():
            raise ValueError("deep")
        def f():
            errors = []
            try:
                inner()
            except ValueError as e:
                errors.append(e)
            errors.append(ExceptionGroup("inner", [KeyError("k")]))
            raise ExceptionGroup("outer", errors)
        f()
        """,
        (("ExceptionGroup", None), ("ValueError", None), ("ExceptionGroup", None), ("KeyError", None)),
        ("ValueError", 2, None), "ExceptionGroup: outer (2 sub-exceptions) at", id="nested-groups",
    ),
    pytest.param(
        "def r(n):\n    return r(n + 1)\nr(0)\n",
        (("RecursionError", None),), ("RecursionError", 2, None),
        "RecursionError: maximum recursion depth exceeded", id="recursion",
    ),
]


@pytest.mark.parametrize(("source", "chain", "problem", "headline"), TRACEBACKS)
def test_tracebacks_of_real_programs(
    tmp_path: Path, source: str, chain: tuple, problem: tuple, headline: str
) -> None:
    summary = summarise(run_python(tmp_path, "prog.py", source))
    assert summary.kind == "traceback"
    assert tuple((e.type, e.chained_as) for e in summary.exceptions) == chain
    code, line, symbol = problem
    hits = [p for p in summary.problems if p.code == code]
    assert hits, summary.problems
    assert (hits[0].line, hits[0].symbol, hits[0].source) == (line, symbol, "traceback")
    assert hits[0].path == str(tmp_path / "prog.py")
    assert summary.headline.startswith(headline)
    assert "\n" not in summary.headline
    for exc in summary.exceptions:
        for frame in exc.frames:
            assert frame.is_user == frame.path.startswith(str(tmp_path)), frame


def test_traceback_frames_and_multiline_message(tmp_path: Path) -> None:
    source = TRACEBACKS[5].values[0]
    summary = summarise(run_python(tmp_path, "prog.py", source))
    cause, error = summary.exceptions
    assert cause.message == "'a'"
    assert error.message == "bad value\nsecond line of it"
    assert [(f.line, f.function, f.code) for f in cause.frames] == [
        (5, "main", "load({})"), (2, "load", 'return d["a"]'),
    ]
    assert error.user_frame is not None and error.user_frame.line == 7
    assert summary.headline == f"ValueError: bad value at {tmp_path / 'prog.py'}:7"


SYNTAX_PROGRAMS = [
    pytest.param("def f(:\n    pass\n", "SyntaxError: invalid syntax", 1, id="syntax"),
    pytest.param("x = 1\n    y = 2\n", "IndentationError: unexpected indent", 2, id="indent"),
    pytest.param("def g():\n\tif 1:\n        pass\n", "TabError: inconsistent use of tabs", 3, id="tab"),
]


@pytest.mark.parametrize("imported", [False, True], ids=["run", "imported"])
@pytest.mark.parametrize(("source", "message", "line"), SYNTAX_PROGRAMS)
def test_syntax_error_tracebacks(
    tmp_path: Path, source: str, message: str, line: int, imported: bool
) -> None:
    if imported:
        err = run_python(tmp_path, "main.py", "import broken\n", ("broken.py", source))
    else:
        err = run_python(tmp_path, "broken.py", source)
    summary = summarise(err)
    assert summary.exceptions[-1].type == message.split(":")[0]
    problem = next(p for p in summary.problems if p.path == str(tmp_path / "broken.py"))
    assert (problem.code, problem.line, problem.source) == ("E999", line, "traceback")
    assert problem.message.startswith(message)
    assert summary.headline.startswith(message)


def test_frames_of_string_code_are_not_user_code(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "import json\njson.loads('x')"],
                          capture_output=True, text=True, env=CLEAN_ENV, timeout=60)
    summary = summarise(done.stderr)
    (exc,) = summary.exceptions
    assert exc.frames[0].path == "<string>" and not any(f.is_user for f in exc.frames)
    assert summary.problems == ()  # nowhere in the user's code to point at
    assert summary.headline.startswith("json.decoder.JSONDecodeError: Expecting value")


def test_workspace_decides_which_frames_are_user_code(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    err = run_python(tmp_path, "main.py", "from lib import helper\nhelper.go()\n",
                     ("lib/__init__.py", ""), ("lib/helper.py", "def go():\n    raise OSError('x')\n"))
    inside = summarise(err, workspace=str(tmp_path))
    assert inside.problems[0].path == str(tmp_path / "lib" / "helper.py")
    narrow = summarise(err, workspace=str(tmp_path / "lib"))
    assert [f.is_user for f in narrow.exceptions[0].frames] == [False, True]
    elsewhere = summarise(err, workspace=str(tmp_path / "other"))
    assert elsewhere.problems == () and elsewhere.headline == "OSError: x"


@pytest.mark.parametrize(
    ("path", "workspace", "user"),
    [
        ("app/models.py", None, True),
        ("/home/me/proj/app.py", None, True),
        ("/usr/lib/python3.12/json/decoder.py", None, False),
        ("/root/.pyenv/versions/3.11.7/lib/python3.11/json/__init__.py", None, False),
        (os.path.join(os.path.dirname(os.__file__), "json", "decoder.py"), None, False),
        ("/proj/.venv/lib/python3.11/site-packages/requests/api.py", "/proj", False),
        ("/usr/lib/python3/dist-packages/yaml/__init__.py", None, False),
        (r"C:\Python311\Lib\json\decoder.py", None, False),
        (r"C:\proj\venv\Lib\site-packages\flask\app.py", None, False),
        ("<frozen importlib._bootstrap>", None, False),
        ("<string>", None, False),
        ("/proj/app/models.py", "/proj", True),
        ("app/models.py", "/proj", True),
        ("/other/app.py", "/proj", False),
        ("../outside.py", "/proj", False),
    ],
)
def test_is_user_path(path: str, workspace: str | None, user: bool) -> None:
    assert is_user_path(path, workspace) is user


def test_two_tracebacks_in_a_log_among_noise(tmp_path: Path) -> None:
    first = run_python(tmp_path, "a.py", "def f():\n    return 1 / 0\nf()\n")
    second = run_python(tmp_path, "b.py", "import os\nos.missing_call()\n")
    log = "\n".join([
        "2024-05-01 10:00:00,001 INFO server: started on :8000",
        "2024-05-01 10:00:01,002 ERROR server: request failed",
        first.rstrip(),
        "2024-05-01 10:00:02,003 INFO server: GET /health 200",
        "some unrelated line mentioning File and Traceback",
        '  File "nowhere.py", line 3, in lost  (a frame without an exception)',
        "2024-05-01 10:00:03,004 ERROR worker: job crashed",
        second.rstrip(),
        "2024-05-01 10:00:04,005 INFO server: shutting down",
    ])
    summary = summarise(log)
    assert [(e.type, e.message) for e in summary.exceptions] == [
        ("ZeroDivisionError", "division by zero"),
        ("AttributeError", "module 'os' has no attribute 'missing_call'"),
    ]
    assert {(p.path, p.line, p.symbol) for p in summary.problems} == {
        (str(tmp_path / "a.py"), 2, None), (str(tmp_path / "b.py"), 2, "missing_call"),
    }
    assert summary.headline.startswith("ZeroDivisionError: division by zero at")


def test_traceback_inside_prefixed_log_lines(tmp_path: Path) -> None:
    err = run_python(tmp_path, "app.py", "def f():\n    try:\n        {}['k']\n"
                     "    except KeyError:\n        jsn.dumps(1)\nf()\n")
    lines = [f"2024-05-01T10:00:{n:02d}.123Z web.1 | {line}"
             for n, line in enumerate(err.splitlines())]
    log = "2024-05-01T09:59:59.000Z web.1 | booting\n" + "\n".join(lines)
    log += "\n2024-05-01T10:01:00.000Z web.1 | INFO back to normal\n"
    summary = summarise(log)
    assert [(e.type, e.chained_as) for e in summary.exceptions] == [
        ("KeyError", "context"), ("NameError", None),
    ]
    assert summary.exceptions[1].message == "name 'jsn' is not defined"
    assert summary.headline == f"NameError: name 'jsn' is not defined at {tmp_path / 'app.py'}:5"


# --------------------------------------------------------------------------- pytest

TEST_FILE = '''\
import pytest
from app.models import load

def helper():
    return 3

def test_eq():
    assert helper() == 2

def test_ok():
    pass

def test_key():
    load({})

class TestA:
    @pytest.mark.parametrize("v", [1, 2])
    def test_p(self, v):
        assert v == 1, "v must be one"

@pytest.fixture
def broken():
    raise RuntimeError("fixture broke")

def test_fix(broken):
    pass

def test_json():
    import json
    print("fake_module.py:99: Boom")  # captured output is not a failure location
    json.loads("{bad")
'''

EXPECTED_TESTS = {
    # nodeid: (path, line, exception type, message start)
    "tests/test_x.py::test_eq": ("tests/test_x.py", 8, "AssertionError", "assert 3 == 2"),
    "tests/test_x.py::test_key": ("app/models.py", 2, "KeyError", "KeyError: 'missing'"),
    "tests/test_x.py::TestA::test_p[2]": ("tests/test_x.py", 19, "AssertionError",
                                          "AssertionError: v must be one"),
    "tests/test_x.py::test_fix": ("tests/test_x.py", 23, "RuntimeError", "RuntimeError: fixture broke"),
    # the innermost frame is in the stdlib: the failure is reported where the test called it
    "tests/test_x.py::test_json": ("tests/test_x.py", 31, "json.decoder.JSONDecodeError",
                                   "json.decoder.JSONDecodeError: Expecting property name"),
}


@pytest.fixture(scope="module")
def pytest_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("proj")
    (root / "app").mkdir()
    (root / "tests").mkdir()
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "models.py").write_text('def load(d):\n    return d["missing"]\n')
    (root / "tests" / "test_x.py").write_text(TEST_FILE)
    return root


def run_pytest(root: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--color=no", *args],
        cwd=root, capture_output=True, text=True, env=CLEAN_ENV, timeout=120,
    )
    assert done.returncode != 0, done.stdout
    return done.stdout + done.stderr


@pytest.mark.parametrize(
    "args",
    [["-q"], [], ["-rA"], ["-q", "--tb=short"], ["-q", "--tb=native"], ["-v", "--tb=long"]],
    ids=["q", "default", "rA", "short", "native", "verbose"],
)
def test_pytest_output(pytest_project: Path, args: list[str]) -> None:
    summary = summarise(run_pytest(pytest_project, *args, "tests/test_x.py"))
    assert summary.kind.split("+")[0] == "pytest"
    tests = {t.nodeid: t for t in summary.tests}
    assert set(tests) == set(EXPECTED_TESTS)  # passing tests of -rA are not failures
    native = "--tb=native" in args
    for nodeid, (path, line, code, message) in EXPECTED_TESTS.items():
        test = tests[nodeid]
        assert test.path.endswith(path) and test.line == line, test
        assert test.message.startswith(message)
        problem = next(p for p in summary.problems if p.line == line and p.code == code)
        assert problem.source == "pytest" and problem.path == test.path
    if not native:
        assert tests["tests/test_x.py::test_eq"].assertion == "assert 3 == 2\n +  where 3 = helper()"
    first = summary.tests[0]
    assert summary.headline.startswith(f"{first.nodeid} ")
    assert summary.headline.endswith("(+4 more)")


def test_pytest_collection_error(tmp_path: Path) -> None:
    (tmp_path / "test_bad.py").write_text("import nosuchmod\n\ndef test_a():\n    pass\n")
    summary = summarise(run_pytest(tmp_path, "-q"), workspace=str(tmp_path))
    (test,) = summary.tests
    assert (test.nodeid, test.path, test.line) == ("test_bad.py", "test_bad.py", 1)
    assert test.message == "ModuleNotFoundError: No module named 'nosuchmod'"
    (problem,) = summary.problems
    assert (problem.code, problem.symbol, problem.source) == ("ModuleNotFoundError", "nosuchmod", "pytest")
    assert summary.headline == ("test_bad.py errored: ModuleNotFoundError: No module named "
                                "'nosuchmod' at test_bad.py:1")


def test_pytest_short_summary_lines_alone() -> None:
    text = ("FAILED tests/test_api.py::test_get - AssertionError: assert 404 == 200\n"
            "ERROR tests/test_db.py - ModuleNotFoundError: No module named 'psycopg'\n"
            "2 failed in 0.5s\n")
    summary = summarise(text)
    assert [(t.nodeid, t.path, t.line) for t in summary.tests] == [
        ("tests/test_api.py::test_get", "tests/test_api.py", None),
        ("tests/test_db.py", "tests/test_db.py", None),
    ]
    assert {p.code for p in summary.problems} == {"AssertionError", "ModuleNotFoundError"}
    assert next(p for p in summary.problems if p.code == "ModuleNotFoundError").symbol == "psycopg"


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


# --------------------------------------------------------------------------- LSP, problems

def diagnostic(line: int, char: int, message: str, **extra: object) -> dict:
    return {"range": {"start": {"line": line, "character": char},
                      "end": {"line": line, "character": char + 3}},
            "severity": 1, "message": message, **extra}


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
