"""nca.admin.editing: the requests an editor makes of a workspace, as Dispatcher methods."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from nca.admin.config import NcaConfig
from nca.admin.dispatcher import Dispatcher
from nca.admin.editing import update_memory
from nca.admin.memory import AgentMemory
from nca.workers.core.text_edits import apply_edits
from nca.workers.core.types import Problem

TYPO = "def total(count):\n    return cuont + 1\n"
DEAD = ("import os\nimport sys\n\n\ndef helper():\n    return os.getcwd()\n\n\n"
        "def main():\n    print(sys.argv)\n\n\nmain()\n")


@pytest.fixture
def dispatcher(tmp_path: Path) -> Dispatcher:
    return Dispatcher(tmp_path, record=False)


def test_a_quick_fix_is_one_call_titled_with_the_fix(dispatcher: Dispatcher):
    problems = dispatcher.lint(TYPO, "m.py")
    theirs = Problem("reportUndefinedVariable", '"cuont" is not defined', 2, 12, 2, 17,
                     source="Pylance")  # another tool's diagnostic, in code points
    assert dispatcher.quick_fix_target(theirs, problems, TYPO) == problems[0]
    title, edits = dispatcher.resolve_action(TYPO, "m.py", None, theirs, problems=problems)
    assert title == "Fix with NCA: Change `cuont` to `count`"
    assert apply_edits(TYPO, edits) == TYPO.replace("cuont", "count")


def test_a_quick_fix_does_not_lint_again_the_text_the_editor_linted(dispatcher: Dispatcher,
                                                                     monkeypatch):
    problems = dispatcher.lint(TYPO, "m.py")
    linted: list[str] = []
    real = dispatcher.linter.lint
    monkeypatch.setattr(dispatcher.linter, "lint",
                        lambda text, path=None: linted.append(text) or real(text, path))
    theirs = Problem("F821", "Undefined name `cuont`", 2, 12, 2, 17)
    title, edits = dispatcher.resolve_action(TYPO, "m.py", None, theirs, problems=problems)
    assert title == "Fix with NCA: Change `cuont` to `count`"
    assert linted == [TYPO.replace("cuont", "count")]  # the candidate only, in verify


def test_a_quick_fix_for_a_problem_that_is_gone_says_so(dispatcher: Dispatcher):
    theirs = Problem("F821", "Undefined name `cuont`", 2, 12, 2, 17)
    assert dispatcher.quick_fix_target(theirs, (), TYPO) is None
    title, edits = dispatcher.resolve_action(TYPO, "m.py", None, theirs, problems=())
    assert edits == [] and title.endswith("the problem is no longer in the text")


def test_fix_all_removals_and_cleaning_resolve_to_verified_edits(dispatcher: Dispatcher):
    title, edits = dispatcher.resolve_action(TYPO, "m.py", "fixAll")
    assert title == "Fix all with NCA: 1 verified fix(es)" and len(edits) == 1
    finding = {"category": "function", "name": "helper", "line": 5}
    title, edits = dispatcher.resolve_action(DEAD, "tool.py", "remove", finding)
    assert title == "Remove unused function `helper` with NCA"
    assert apply_edits(DEAD, edits) == "import sys\n\n\ndef main():\n    print(sys.argv)\n\n\nmain()\n"
    title, edits = dispatcher.resolve_action(DEAD, "tool.py", "clean", min_confidence=60)
    assert title.startswith("Remove dead code with NCA: ") and "helper" in title and edits
    title, edits = dispatcher.resolve_action(DEAD, "tool.py", "remove", {**finding, "line": 9})
    assert edits == [] and title.startswith("NCA: no verified removal: ")


def test_text_that_does_not_compile_has_no_dead_code(dispatcher: Dispatcher):
    assert dispatcher.removable_findings("def f(:\n", "x.py") == ()
    assert dispatcher.clean_file("def f(:\n", "x.py") is None
    outcome = dispatcher.clean_file(DEAD, "tool.py", 60)
    assert outcome is not None and outcome.verified


def test_the_knowledge_of_other_files_is_kept_until_a_save(dispatcher: Dispatcher,
                                                          tmp_path: Path):
    knowledge = dispatcher.clean_knowledge()
    assert dispatcher.clean_knowledge() is knowledge
    dispatcher.forget_knowledge()
    assert dispatcher.clean_knowledge() is not knowledge


def test_backups_of_texts_are_listed(dispatcher: Dispatcher, tmp_path: Path):
    (tmp_path / "m.py").write_text(TYPO, encoding="utf-8")
    backup_id = dispatcher.backup_texts([("m.py", TYPO)], "nca lsp: before a fix")
    assert [r.id for r in dispatcher.backups()] == [backup_id]


def test_the_memory_summary_builds_the_memory_first(dispatcher: Dispatcher, tmp_path: Path):
    (tmp_path / "app.py").write_text("class Loader:\n    pass\n", encoding="utf-8")
    assert dispatcher.memory_summary()["classes"] == 1
    assert (tmp_path / "AgentMemory").is_dir()


def test_a_log_s_problems_come_by_file(dispatcher: Dispatcher, tmp_path: Path):
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    output = ('Traceback (most recent call last):\n  File "app.py", line 1, in <module>\n'
              "    x = 1\nNameError: name 'y' is not defined\n")
    summary, grouped = dispatcher.debug_files(output, [tmp_path], tmp_path)
    assert summary.problems and list(grouped) == [(tmp_path / "app.py").resolve()]


def test_engines_from_a_config_or_the_rules_alone(tmp_path: Path):
    assert list(Dispatcher.rules_only(tmp_path, record=False).council.engines) == ["rules"]
    assert "rules" in Dispatcher(tmp_path, record=False, config=NcaConfig()).council.engines
    assert Dispatcher.not_lintable("x = 1\n") is None


def test_a_save_updates_memory_only_where_there_is_one(tmp_path: Path):
    app = tmp_path / "app.py"
    app.write_text("def parse(path):\n    return path\n", encoding="utf-8")
    assert update_memory(tmp_path, app) is False
    assert not (tmp_path / "AgentMemory").exists()  # a save never creates the memory

    AgentMemory(tmp_path).build()
    app.write_text("class Loader:\n    pass\n", encoding="utf-8")
    assert update_memory(tmp_path, app) is True
    assert AgentMemory(tmp_path).summary()["classes"] == 1


def test_a_failing_update_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    AgentMemory(tmp_path).build()
    outside = tmp_path.parent / "elsewhere.py"
    with caplog.at_level(logging.ERROR):
        assert update_memory(tmp_path, outside) is False
    assert "updating the memory" in caplog.text
