"""The Debugger on CPython tracebacks produced in tmp_path: chains, SyntaxErrors, user frames, logs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nca.workers.debugging.tracebacks import is_user_path
from tests.unit.workers.debugging.conftest import CLEAN_ENV, run_python, summarise

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
