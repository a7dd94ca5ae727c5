"""nca.server.lsp_background: which findings stand alone, the memory kept on save."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from nca.admin.memory import AgentMemory
from nca.server.lsp_background import first_round, update_memory
from nca.workers.core.types import CleanFinding

TEXT = ("import os\nimport sys\n\n\ndef helper():\n    return os.getcwd()\n\n\n"
        "def main():\n    print(sys.argv)\n    return\n    print('never')\n")


def finding(category: str, name: str, line: int) -> CleanFinding:
    return CleanFinding(name=name, category=category, line=line, confidence=90, removable=True)


@pytest.mark.parametrize(("found", "kept"), [
    (finding("function", "helper", 5), True),
    (finding("import", "os", 1), False),  # used by helper: unused only once helper is gone
    (finding("unreachable", "unreachable code after 'return'", 12), True),
])
def test_first_round_keeps_what_is_unused_now(found: CleanFinding, kept: bool):
    assert first_round(TEXT, (found,)) == ((found,) if kept else ())


def test_first_round_of_text_that_does_not_tokenize_is_empty():
    assert first_round("def f(:\n    '''\n", (finding("function", "f", 1),)) == ()


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
