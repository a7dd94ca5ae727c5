from pathlib import Path

import pytest

from nca.admin.planner import plan
from nca.admin.tasks import parse_task, problem_from_diagnostic
from nca.workers.core.errors import InputError

TRACEBACK = 'Traceback (most recent call last):\n  File "a.py", line 1, in <module>\nNameError: x\n'


@pytest.mark.parametrize(
    ("payload", "kw", "kind"),
    [
        (Path("a.py"), {}, "fix_file"),
        ("def f(:\n", {"path": "a.py"}, "fix_text"),
        (TRACEBACK, {}, "debug_log"),
        ("FAILED tests/test_a.py::test_x - assert 1 == 2\n", {}, "debug_log"),
        ("how does the loader work?", {}, "chat"),
        ({"range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 7}},
          "message": "undefined", "code": {"value": "F821"}, "source": "Ruff"}, {}, "diagnostic"),
    ],
)
def test_parse_task_kinds(payload, kw, kind):
    assert parse_task(payload, **kw).kind == kind


def test_diagnostic_becomes_one_based_problem():
    p = problem_from_diagnostic({"range": {"start": {"line": 2, "character": 0},
                                           "end": {"line": 2, "character": 3}},
                                 "message": "m", "code": 5, "source": "mypy"})
    assert (p.line, p.col, p.end_col, p.code, p.source) == (3, 1, 4, "5", "mypy")
    with pytest.raises(InputError):
        problem_from_diagnostic({"message": "no range"})


def test_plans_drop_steps_that_do_not_apply():
    steps = plan(parse_task(Path("a.py"))).steps
    assert "write" not in steps and "check" not in steps and steps[0] == "read"
    steps = plan(parse_task(Path("a.py"), check="pytest", write=True)).steps
    assert steps[-3:] == ("check", "backup", "write")
    assert plan(parse_task(TRACEBACK)).steps == ("debug",)
