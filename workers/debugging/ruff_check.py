"""``ruff check`` as a process on one text, with the project's configuration, and the run
``nca fix`` starts before the rest of nca loads (:func:`run_early`). Kept light: it loads
before the dispatcher, so ruff reads the file while Python imports."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import Future
from functools import lru_cache
from pathlib import Path
from typing import Any

from nca.workers.core.errors import CheckError
from nca.workers.debugging.ruff_server import note_subprocess_run

__all__ = ["RUFF_SELECT", "ruff_binary", "ruff_json", "run_early"]

#: the ruff rules verification runs: pyflakes (F), syntax/IO errors (E9), and mutable default
#: arguments (B006), a classic bug whose fix changes behaviour and is only ever suggested
RUFF_SELECT = "F,E9,B006"

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def ruff_binary() -> str:
    """Return the path of the ruff executable that ships with the ruff package."""
    beside = Path(sys.executable).with_name("ruff")  # the environment nca runs in
    if beside.is_file():
        return str(beside)
    try:
        # only where the binary is not beside the interpreter (another install layout)
        from ruff.__main__ import find_ruff_bin

        return os.fsdecode(find_ruff_bin())
    except (ImportError, FileNotFoundError, TypeError):
        found = shutil.which("ruff")
        if not found:
            raise CheckError("ruff is not installed: pip install ruff") from None
        return found


#: answers of ``ruff check`` runs started before they were asked for (see :func:`run_early`)
_EARLY: dict[tuple[str, str | None, str, str | None], Future[tuple[dict[str, Any], ...]]] = {}
_EARLY_LOCK = threading.Lock()


def run_early(text: str, path: str, root: str, select: str = RUFF_SELECT) -> None:
    """Start ``ruff check`` of ``text`` as the file ``path`` of ``root`` now, in the background.

    ``nca fix`` calls this before it loads the rest of nca: ruff reads the file while Python
    imports, and the linter's first question about ``text`` finds the answer ready. An answer
    nobody asks for is dropped with the process.
    """
    key = (text, path, select, root)
    answer: Future[tuple[dict[str, Any], ...]] = Future()
    with _EARLY_LOCK:
        if key in _EARLY or len(_EARLY) >= 4:
            return
        _EARLY[key] = answer

    def run() -> None:
        try:
            answer.set_result(_run_ruff(text, path, select, root))
        except BaseException as err:  # raised where the answer is asked for
            answer.set_exception(err)

    threading.Thread(target=run, daemon=True, name="ruff-early").start()


def ruff_json(text: str, path: str | None, select: str, root: str | None = None
               ) -> tuple[dict[str, Any], ...]:
    with _EARLY_LOCK:
        early = _EARLY.pop((text, path, select, root), None)
    if early is not None:
        return early.result()
    return _run_ruff(text, path, select, root)


def _run_ruff(text: str, path: str | None, select: str, root: str | None = None
              ) -> tuple[dict[str, Any], ...]:
    # with a project root, ruff reads the project's own configuration (per-file-ignores,
    # excludes) for the file's real path; without one it runs isolated
    if root is not None and path:
        where = str(Path(root, path))
        cmd = [ruff_binary(), "check", "--force-exclude", "--select", select,
               "--output-format", "json", "--stdin-filename", where, "-"]
    else:
        cmd = [ruff_binary(), "check", "--isolated", "--select", select, "--output-format",
               "json", "--stdin-filename", path or "stdin.py", "-"]
    if root is not None and path:
        note_subprocess_run(root, select)  # a few of these, and ruff server is started
    try:
        proc = subprocess.run(cmd, input=text.encode("utf-8", "surrogatepass"),
                              capture_output=True, timeout=60, check=False, cwd=root)
    except subprocess.TimeoutExpired:
        raise CheckError("ruff did not answer within 60 s") from None
    except OSError as err:
        raise CheckError(f"cannot run ruff: {err}") from None
    if proc.returncode not in (0, 1) and root is not None:
        # a project configuration ruff cannot read must not stop the checks: say so, go isolated
        log.warning("ruff cannot use the configuration of %s (%s); checking isolated", root,
                    _first_line(proc.stderr))
        return _run_ruff(text, path, select, None)
    if proc.returncode not in (0, 1):
        raise CheckError(f"ruff failed: {_first_line(proc.stderr) or proc.returncode}")
    return tuple(json.loads(proc.stdout or b"[]"))


def _first_line(data: bytes) -> str:
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else ""
