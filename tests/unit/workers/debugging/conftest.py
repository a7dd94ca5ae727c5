"""Helpers shared by the Debugger's tests: run a failing script, summarise a text, an LSP diagnostic."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from nca.workers.core.types import DebugRequest, Summary
from nca.workers.debugging.debugger import debug

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
