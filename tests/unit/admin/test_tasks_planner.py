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


def test_a_diagnostic_becomes_the_problem_the_language_server_makes_of_it():
    from nca.workers.debugging.diagnostics import lsp_problems

    diag = {"range": {"start": {"line": 0, "character": 6}, "end": {"line": 0, "character": 11}},
            "message": "Undefined name `cuont`", "code": "F821", "source": "Ruff"}
    assert problem_from_diagnostic(diag, "m.py") == lsp_problems([diag], "m.py")[0]
    assert parse_task(diag, path="m.py").problems[0].symbol == "cuont"


def test_plans_drop_steps_that_do_not_apply():
    steps = plan(parse_task(Path("a.py"))).steps
    assert "write" not in steps and "check" not in steps and steps[0] == "read"
    steps = plan(parse_task(Path("a.py"), check="pytest", write=True)).steps
    assert steps[-3:] == ("check", "backup", "write")
    assert plan(parse_task(TRACEBACK)).steps == ("debug",)


# --------------------------------------------------------------------------- the plan is what runs


def test_a_plan_says_why_it_skips_and_carries_the_limits():
    from nca.admin.council import Council
    from nca.admin.courier import Courier
    from nca.admin.planner import Limits

    steps = plan(parse_task(Path("a.py")), council=Council())
    assert dict(steps.skipped) == {
        "check": "no check command was given",
        "backup": "the task does not write the file", "write": "the task does not write the file",
        "context": "no model engine is routed to fix: the rules engine reads no prompt"}
    assert not steps.has("context") and steps.why_skipped("chat").startswith("not a step")
    assert steps.limits.worker("fix") == Courier().spec("fix").time_limit == 30
    tight = plan(parse_task(Path("a.py")), limits=Limits(rounds=2, workers=(("verify", 5.0),)))
    assert tight.limits.rounds == 2 and tight.limits.worker("verify") == 5.0
    assert tight.has("context")  # without a council, whether a model is asked is the loop's


def _loop(tmp_path):
    from nca.admin.council import Council
    from nca.admin.dispatcher import Dispatcher
    from nca.workers.facts.knowledge import CombinedIndex, StdlibIndex, WorkspaceIndex

    dispatcher = Dispatcher(tmp_path, council=Council(), record=False)
    dispatcher.index = CombinedIndex(WorkspaceIndex(tmp_path), StdlibIndex())
    return dispatcher


def _without(p, step, why):
    from dataclasses import replace

    return replace(p, steps=tuple(s for s in p.steps if s != step),
                   skipped=(*p.skipped, (step, why)))


def test_a_step_the_plan_skips_is_not_run_and_is_logged(tmp_path):
    dispatcher = _loop(tmp_path)
    task = parse_task("def f(x)\n    return x\n", path="m.py")
    lean = _without(plan(task, council=dispatcher.council), "analyze", "asked not to")
    log = []
    out = dispatcher.repairer.repair(task.text, "m.py", plan=lean,
                                     record=lambda *a, **d: log.append((*a, d)))
    assert out.fixes and "analyze" not in dispatcher.courier.timings
    assert ("analyze", "skipped", {"reason": "asked not to"}) in log
    assert ("context", "skipped", {"reason": "no model engine is routed to fix: the rules "
                                              "engine reads no prompt"}) in log


def test_without_verify_nothing_is_applied(tmp_path):
    dispatcher = _loop(tmp_path)
    task = parse_task("def f(x)\n    return x\n", path="m.py")
    unchecked = _without(plan(task), "verify", "no time")
    out = dispatcher.repairer.repair(task.text, "m.py", plan=unchecked)
    assert not out.fixes and out.text == task.text
    assert out.failed and out.failed[0][1] == "the plan skips verify"
    assert "fix" not in dispatcher.courier.timings


def test_the_loop_takes_its_rounds_from_the_plan(tmp_path):
    from nca.admin.planner import Limits

    dispatcher = _loop(tmp_path)
    text = "import os\n\ndef f():\n    return oss.path, json.dumps({})\n"
    task = parse_task(text, path="m.py")
    one = dispatcher.repairer.repair(text, "m.py", plan=plan(task, limits=Limits(rounds=1)))
    every = dispatcher.repairer.repair(text, "m.py", plan=plan(task))
    assert len(one.fixes) == 1 < len(every.fixes)
