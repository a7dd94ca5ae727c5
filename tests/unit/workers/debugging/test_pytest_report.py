"""The Debugger on real pytest output: every --tb style, collection errors, summary lines alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.workers.debugging.conftest import CLEAN_ENV, summarise

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
