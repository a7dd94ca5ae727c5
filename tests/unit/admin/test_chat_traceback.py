"""A traceback pasted alone is answered from the workspace files its frames name."""

import asyncio
import json
from pathlib import Path

import pytest

from nca.admin.chat import Chat, ChatMessage
from nca.admin.chat_traceback import has_traceback, workspace_frames
from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.workers.engines.rules.engine import RulesEngine

BROKEN = "import json\n\n\ndef dump(x):\n    return jsn.dumps(x)\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'app'\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "store.py").write_text(BROKEN)
    return tmp_path


def traceback_of(path: str, line: int = 5) -> str:
    return ("Traceback (most recent call last):\n"
            f'  File "{json.__file__}", line 231, in dumps\n'
            "    return _default_encoder.encode(obj)\n"
            f'  File "{path}", line {line}, in dump\n'
            "    return jsn.dumps(x)\n"
            "NameError: name 'jsn' is not defined\n")


def ask(workspace: Path, text: str) -> str:
    chat = Chat(Dispatcher(workspace, council=Council([RulesEngine()], {"fix": ("rules",)}),
                           record=False), origin="http")
    reply = chat.reply([ChatMessage("user", text)])

    async def run() -> str:
        return "".join([piece async for piece in reply])
    return asyncio.run(run())


def test_a_traceback_alone_gets_the_verified_patch_of_the_workspace_file(workspace):
    answer = ask(workspace, traceback_of(str(workspace / "app" / "store.py")))
    assert "paste Python code" not in answer
    assert "app/store.py" in answer and "**Verified patch**" in answer
    assert "+    return json.dumps(x)" in answer
    # the answer is a preview: the file itself is not written
    assert (workspace / "app" / "store.py").read_text() == BROKEN


def test_frames_outside_the_workspace_are_never_opened(workspace, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("other") / "store.py"
    elsewhere.write_text(BROKEN)
    answer = ask(workspace, traceback_of(str(elsewhere)))
    assert "None of the traceback's frames is a file of this workspace" in answer
    assert "Verified patch" not in answer


def test_a_runtime_only_error_names_the_line(workspace):
    (workspace / "app" / "calc.py").write_text("def ratio(a, b):\n    return a / b\n")
    text = ("Traceback (most recent call last):\n"
            f'  File "{workspace / "app" / "calc.py"}", line 2, in ratio\n'
            "    return a / b\nZeroDivisionError: division by zero\n")
    answer = ask(workspace, text)
    assert "find nothing wrong" in answer and "return a / b" in answer


def test_workspace_frames_are_innermost_first_and_relative(workspace):
    chat_dispatcher = Dispatcher(workspace, record=False)
    summary = chat_dispatcher.debug(traceback_of(str(workspace / "app" / "store.py")))
    frames = workspace_frames(summary, workspace)
    assert [(f.rel, f.line) for f in frames] == [("app/store.py", 5)]
    assert has_traceback(traceback_of("x.py")) and not has_traceback("just words")
