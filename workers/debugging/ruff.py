"""ruff on a text, with the project's configuration: its findings and its fixes, from the
ruff binary (or ruff server once warm, nca.workers.debugging.ruff_server), cached per text."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from nca.workers.core.text_edits import RuffEdit
from nca.workers.core.types import SYNTAX_CODE, Problem
from nca.workers.debugging.ruff_check import RUFF_SELECT, ruff_binary, ruff_json
from nca.workers.debugging.ruff_server import server_diagnostics

__all__ = ["RUFF_CONFIGS", "RUFF_SELECT", "config_stamp", "inside_root", "project_reports", "ruff_binary",
           "ruff_fixes", "ruff_problems", "symbol_of"]

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


#: (text, path, select, root) -> ruff server's answer, for the texts asked about again (the
#: linter, then the repair loop, then verify's view of syntax errors)
_SERVED: OrderedDict[tuple[str, str, str, str], tuple[dict[str, Any], ...]] = OrderedDict()
_SERVED_LOCK = threading.Lock()


def _ruff_items(text: str, path: str | None, select: str, root: str | None
                ) -> tuple[dict[str, Any], ...]:
    """Return ruff's findings of ``text`` as ``ruff check --output-format json`` gives them:
    from the project's warm ``ruff server`` when it runs, else from the subprocess."""
    if root is None or not path:
        return ruff_json(text, path, select, root)
    key = (text, str(path), select, root)
    with _SERVED_LOCK:
        found = _SERVED.get(key)
        if found is not None:
            _SERVED.move_to_end(key)
            return found
    found = server_diagnostics(text, str(path), root, select, ruff_json, ruff_binary)
    if found is None:
        return ruff_json(text, path, select, root)
    with _SERVED_LOCK:
        _SERVED[key] = found
        while len(_SERVED) > 32:
            _SERVED.popitem(last=False)
    return found


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
    for item in ruff_json(text, path, select, root):
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
