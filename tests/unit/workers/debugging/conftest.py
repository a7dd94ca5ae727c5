"""Helpers shared by the Debugger's tests: run a failing script, summarise a text, an LSP diagnostic."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nca.workers.core.types import DebugRequest, Summary
from nca.workers.debugging.debugger import debug
from nca.workers.facts.typecheck import TyServer, find_ty

TY = find_ty()
needs_ty = pytest.mark.skipif(TY is None, reason="ty is not installed (pip install ty)")

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


def diagnostic(line: int, char: int, message: str, **extra: object) -> dict:
    return {"range": {"start": {"line": line, "character": char},
                      "end": {"line": line, "character": char + 3}},
            "severity": 1, "message": message, **extra}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project of one package whose `pkg.base.Base` sets `self.count`."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "base.py").write_text(
        "class Base:\n    def __init__(self):\n        self.count = 0\n")
    return tmp_path


@pytest.fixture
def checker(project: Path):
    """ty, warm, on ``project`` with this interpreter's packages."""
    assert TY is not None
    server = TyServer(TY, project, venv=sys.prefix)
    yield server
    server.close()


def fix_module(project: Path, text: str):
    """Return ``nca fix``'s report (nothing written) of ``text`` as ``project``'s pkg/mod.py."""
    from nca.admin.dispatcher import Dispatcher

    (project / "pkg" / "mod.py").write_text(text)
    return Dispatcher(project, record=False, python=sys.executable).fix_file(
        project / "pkg" / "mod.py")
