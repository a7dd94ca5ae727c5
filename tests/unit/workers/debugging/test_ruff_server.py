"""ruff server, kept warm, answers as the ``ruff check`` subprocess does."""

import os
import random
import time
from pathlib import Path

import pytest

from nca.workers.debugging import ruff_server
from nca.workers.debugging.ruff import (
    RUFF_SELECT,
    _ruff_items,
    ruff_binary,
    ruff_json,
    ruff_problems,
)
from nca.workers.debugging.ruff_server import RuffServer, server_diagnostics

CONFIG = """
[tool.ruff]
line-length = 20
extend-exclude = ["excluded.py"]

[tool.ruff.lint]
ignore = ["F401"]
extend-select = ["E501"]

[tool.ruff.lint.per-file-ignores]
"big.py" = ["F841"]
"pkg/__init__.py" = ["F811"]
"""

TEXTS = [
    "import os\nimport os\nimport json\n\n\ndef f(a=[]):\n    x = 1\n    return f'a' + nope\n",
    "import sys  # noqa: F401\nimport é_not_ascii\nvalue = 'é😀' + undefined\n",
    "def g(:\n    pass\nimport os\nreturn 1\n",
    "from os import *\nprint(path)\n__all__ = ['missing']\n",
    "",
]


def _key(item):
    loc, end = item["location"], item["end_location"]
    return (item.get("code") or "", item["message"], loc["row"], loc["column"], end["row"],
            end["column"])


@pytest.fixture()
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ruff.toml").write_text('[lint]\nignore = ["F821"]\n'
                                                '[lint.per-file-ignores]\n"x.py" = ["B006"]\n')
    past = time.time() - 60  # written well before any server starts
    for config in (tmp_path / "pyproject.toml", tmp_path / "sub" / "ruff.toml"):
        os.utime(config, (past, past))
    return tmp_path


@pytest.fixture()
def server(project):
    try:
        started = RuffServer(ruff_binary(), str(project), RUFF_SELECT)
    except OSError as err:
        pytest.skip(f"this ruff has no usable server: {err}")
    yield started
    started.close()


@pytest.mark.parametrize("path", ["big.py", "other.py", "excluded.py", "pkg/__init__.py",
                                  "sub/x.py", "stubs.pyi"])
def test_the_server_says_what_the_subprocess_says(project, server, path):
    for text in TEXTS:
        theirs = sorted(map(_key, ruff_json(text, path, RUFF_SELECT, str(project))))
        assert sorted(map(_key, server.diagnostics(path, text))) == theirs, (path, text)


def test_the_server_agrees_on_edited_real_code(project, server):
    source = Path(ruff_server.__file__).read_text(encoding="utf-8").split("\n")
    rng = random.Random(5)
    for _ in range(25):
        lines = source[:]
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(lines))
            row = lines[i]
            j = rng.randrange(len(row) + 1)
            lines[i] = row[:j] + rng.choice(["x", ":", "(", "'", "é", " = []", "#"]) + row[j:]
        text = "\n".join(lines)
        theirs = sorted(map(_key, ruff_json(text, "other.py", RUFF_SELECT, str(project))))
        assert sorted(map(_key, server.diagnostics("other.py", text))) == theirs


def _wait_for_server(root, path, text, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = server_diagnostics(text, path, root, RUFF_SELECT, ruff_json, ruff_binary)
        if found is not None:
            return found
        time.sleep(0.05)
    return None


def test_the_linter_moves_to_the_server_after_a_few_runs(project, monkeypatch):
    root = str(project)
    monkeypatch.setattr(ruff_server, "_SLOTS", {})
    monkeypatch.setattr(ruff_server, "START_AFTER_S", 0.2)
    # a one-shot run never starts it
    assert server_diagnostics(TEXTS[0], "other.py", root, RUFF_SELECT, ruff_json,
                              ruff_binary) is None
    for n in range(ruff_server.START_AFTER):
        ruff_problems(f"x = {n}\n", "other.py", root=root)
    # the server starts in the background: this answer still comes from the subprocess
    assert server_diagnostics(TEXTS[0], "other.py", root, RUFF_SELECT, ruff_json,
                              ruff_binary) is None
    time.sleep(0.25)
    found = _wait_for_server(root, "other.py", TEXTS[0])
    if found is None:
        pytest.skip("ruff server did not start here")
    assert sorted(map(_key, found)) == sorted(
        map(_key, ruff_json(TEXTS[0], "other.py", RUFF_SELECT, root)))
    # the linter's own view goes through it, and says what the subprocess says
    for text in TEXTS[1:]:
        assert sorted(map(_key, _ruff_items(text, "other.py", RUFF_SELECT, root))) == sorted(
            map(_key, ruff_json(text, "other.py", RUFF_SELECT, root)))
    # a configuration written after the server read it: the subprocess answers again
    time.sleep(0.01)
    (project / "pyproject.toml").write_text(CONFIG.replace("line-length = 20", "line-length = 30"))
    assert server_diagnostics(TEXTS[0], "other.py", root, RUFF_SELECT, ruff_json,
                              ruff_binary) is None
    ruff_server.shutdown_servers()


def test_switched_off(project, monkeypatch):
    monkeypatch.setenv("NCA_RUFF_SERVER", "off")
    monkeypatch.setattr(ruff_server, "_SLOTS", {})
    for n in range(ruff_server.START_AFTER + 2):
        ruff_problems(f"y = {n}\n", "other.py", root=str(project))
    assert server_diagnostics(TEXTS[0], "other.py", str(project), RUFF_SELECT, ruff_json,
                              ruff_binary) is None
    assert ruff_server._SLOTS.get((str(project), RUFF_SELECT)) is None or not (
        ruff_server._SLOTS[(str(project), RUFF_SELECT)].server)


def test_a_server_that_disagrees_is_not_used(project, monkeypatch):
    monkeypatch.setattr(ruff_server, "_SLOTS", {})
    monkeypatch.setattr(ruff_server, "START_AFTER_S", 0.0)

    def lying(text, path, select, root):
        return ({"code": "F999", "message": "made up", "location": {"row": 1, "column": 1},
                 "end_location": {"row": 1, "column": 2}},)

    ruff_server.note_subprocess_run(str(project), RUFF_SELECT)
    for _ in range(ruff_server.START_AFTER):
        ruff_server.note_subprocess_run(str(project), RUFF_SELECT)
    server_diagnostics(TEXTS[0], "other.py", str(project), RUFF_SELECT, lying, ruff_binary)
    slot = ruff_server._SLOTS[(str(project), RUFF_SELECT)]
    deadline = time.monotonic() + 20
    while slot.starting and time.monotonic() < deadline:
        time.sleep(0.05)
    assert slot.server is None
    assert server_diagnostics(TEXTS[0], "other.py", str(project), RUFF_SELECT, lying,
                              ruff_binary) is None
