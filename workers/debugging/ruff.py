"""ruff on a text, with the project's configuration: its findings and its fixes, from the
ruff binary (or ruff server once warm, nca.workers.debugging.ruff_server), cached per text."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections import OrderedDict
from concurrent.futures import Future
from functools import lru_cache
from pathlib import Path
from typing import Any

from nca.workers.core.errors import CheckError
from nca.workers.core.text_edits import RuffEdit
from nca.workers.core.types import SYNTAX_CODE, Problem
from nca.workers.debugging.ruff_server import note_subprocess_run, server_diagnostics

__all__ = ["RUFF_CONFIGS", "RUFF_SELECT", "config_stamp", "inside_root", "project_reports", "ruff_binary",
           "ruff_fixes", "ruff_problems", "run_early", "symbol_of"]

#: the ruff rules verification runs: pyflakes (F), syntax/IO errors (E9), and mutable default
#: arguments (B006), a classic bug whose fix changes behaviour and is only ever suggested
RUFF_SELECT = "F,E9,B006"

log = logging.getLogger(__name__)
#: files whose change means the project's ruff configuration may have changed
RUFF_CONFIGS = ("pyproject.toml", "ruff.toml", ".ruff.toml")


def inside_root(path: str | None) -> bool:
    """Return True for a workspace-relative path (not stdin, not absolute, not above the root)."""
    return bool(path) and not os.path.isabs(str(path)) and not str(path).startswith(
        ("..", "<")) and str(path) != "stdin.py"


def config_stamp(root: str) -> tuple:
    stamp = []
    for name in RUFF_CONFIGS:
        try:
            st = os.stat(os.path.join(root, name))
            stamp.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            continue
    return tuple(stamp)


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


def _ruff_json(text: str, path: str | None, select: str, root: str | None = None
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


#: (text, path, select, root) -> ruff server's answer, for the texts asked about again (the
#: linter, then the repair loop, then verify's view of syntax errors)
_SERVED: OrderedDict[tuple[str, str, str, str], tuple[dict[str, Any], ...]] = OrderedDict()
_SERVED_LOCK = threading.Lock()


def _ruff_items(text: str, path: str | None, select: str, root: str | None
                ) -> tuple[dict[str, Any], ...]:
    """Return ruff's findings of ``text`` as ``ruff check --output-format json`` gives them:
    from the project's warm ``ruff server`` when it runs, else from the subprocess."""
    if root is None or not path:
        return _ruff_json(text, path, select, root)
    key = (text, str(path), select, root)
    with _SERVED_LOCK:
        found = _SERVED.get(key)
        if found is not None:
            _SERVED.move_to_end(key)
            return found
    found = server_diagnostics(text, str(path), root, select, _ruff_json, ruff_binary)
    if found is None:
        return _ruff_json(text, path, select, root)
    with _SERVED_LOCK:
        _SERVED[key] = found
        while len(_SERVED) > 32:
            _SERVED.popitem(last=False)
    return found


def _first_line(data: bytes) -> str:
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else ""


#: a text on which ruff reports each clean-up code nca may fix, when the configuration selects it
_CLEANUP_PROBE = "import os\nimport os\n\n\ndef f():\n    x = 1\n    return f'a'\n"


@lru_cache(maxsize=256)
def project_reports(root: str, path: str, stamp: tuple) -> frozenset[str]:
    cmd = [ruff_binary(), "check", "--force-exclude", "--output-format", "json",
           "--stdin-filename", str(Path(root, path)), "-"]
    try:
        proc = subprocess.run(cmd, input=_CLEANUP_PROBE.encode(), capture_output=True,
                              timeout=60, check=False, cwd=root)
        found = json.loads(proc.stdout or b"[]") if proc.returncode in (0, 1) else []
    except (OSError, subprocess.TimeoutExpired, ValueError):
        found = []
    return frozenset(item.get("code") or "" for item in found)


def ruff_fixes(text: str, path: str | None = None, select: str = RUFF_SELECT,
               root: str | None = None
               ) -> dict[tuple[str, int, int], tuple[str, tuple[RuffEdit, ...], str]]:
    """Return ruff's own fixes by (code, line, col): the fix title, its edits and whether ruff
    calls it ``safe`` (``unsafe`` fixes may change behaviour)."""
    out = {}
    for item in _ruff_json(text, path, select, root):
        fix = item.get("fix")
        if not fix or not item.get("code"):
            continue
        edits = tuple(RuffEdit(e["location"]["row"], e["location"]["column"],
                               e["end_location"]["row"], e["end_location"]["column"],
                               e["content"]) for e in fix["edits"])
        loc = item["location"]
        out[(item["code"], loc["row"], loc["column"])] = (
            fix.get("message") or item["message"], edits, fix.get("applicability") or "safe")
    return out


def ruff_problems(text: str, path: str | None = None, select: str = RUFF_SELECT,
                  root: str | None = None) -> list[Problem]:
    """Return ruff's findings for ``text`` (syntax errors included, as E999)."""
    out: list[Problem] = []
    for item in _ruff_items(text, path, select, root):
        code = item.get("code") or SYNTAX_CODE
        message = item["message"]
        if code == "invalid-syntax":
            code, message = SYNTAX_CODE, f"SyntaxError: {message}"
        loc, end = item["location"], item.get("end_location") or {}
        out.append(Problem(
            code=code,
            message=message,
            line=loc["row"],
            col=loc["column"],
            end_line=end.get("row"),
            end_col=end.get("column"),
            source="ruff",
            symbol=None if code == SYNTAX_CODE else symbol_of(message),
            path=path,
        ))
    return out


def symbol_of(message: str) -> str | None:
    # ruff quotes the name a message is about in backticks: "Undefined name `jsn`"
    start = message.find("`")
    end = message.find("`", start + 1)
    return message[start + 1:end] if start != -1 and end > start else None
