"""A real installed library, copied into a temporary workspace, with its memory built."""

import shutil
from pathlib import Path

import pytest

from nca.admin.memory import AgentMemory


@pytest.fixture(scope="module")
def click_memory(tmp_path_factory) -> AgentMemory:
    click = pytest.importorskip("click", reason="click is not installed: the bench extra has it")
    root = tmp_path_factory.mktemp("click_ws")
    shutil.copytree(Path(click.__file__).parent, root / "click",
                    ignore=shutil.ignore_patterns("__pycache__"))
    memory = AgentMemory(root)
    memory.build()
    return memory
