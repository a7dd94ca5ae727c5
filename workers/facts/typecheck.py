"""A real type checker as a source of semantic findings: ``ty``, kept warm as a language server.

ty reads the project the way the project's interpreter does (``VIRTUAL_ENV`` is set to it) and
checks unsaved text: each question sends the text of one document and pulls its diagnostics
(``textDocument/diagnostic``), so a candidate fix is checked without writing it anywhere. A
finding is a place to look, not proof: callers keep only what another piece of evidence
supports (a near-miss member the checker itself offers as a completion).

Without ty (not installed, or it fails to start), :func:`start_checker` returns None and the
semantic checks are reported unavailable; the rules keep working.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["TypeFinding", "TyServer", "find_ty", "start_checker", "warm_start"]

from nca.workers.core.lsp_client import LspClient

log = logging.getLogger(__name__)

#: seconds one question may take before the checker is considered stuck
ANSWER_TIMEOUT = 20.0
#: seconds a text's findings are reused (other files may change what the checker says)
FINDINGS_TTL = 10.0
#: texts whose findings are kept
FINDINGS_CACHED = 16


@dataclass(frozen=True)
class TypeFinding:
    """One diagnostic of the checker: 1-based line and column, its rule and message."""

    rule: str
    message: str
    line: int
    col: int
    end_line: int
    end_col: int


def find_ty() -> str | None:
    """Return the ty executable: beside nca's interpreter, from the ty package, or on PATH."""
    beside = Path(sys.executable).with_name("ty")
    if beside.is_file():
        return str(beside)
    try:
        from ty.__main__ import find_ty_bin  # type: ignore[import-not-found]

        return os.fsdecode(find_ty_bin())
    except (ImportError, FileNotFoundError, TypeError):
        return shutil.which("ty")


class TyServer(LspClient):
    """``ty server`` for one project root, asked synchronously; one question at a time."""

    name = "ty"

    #: a question asked again soon is answered from memory (see findings): asking early is free
    answers_from_memory = True

    def __init__(self, executable: str, root: Path, *, venv: str | None = None) -> None:
        env = dict(os.environ)
        env.pop("VIRTUAL_ENV", None)
        if venv:
            env["VIRTUAL_ENV"] = venv  # the project's environment, not nca's
        self.root = Path(root)
        super().__init__([executable, "server"], self.root, answer_timeout=ANSWER_TIMEOUT,
                         env=env)
        # (path, text) -> (when, findings): answers of the last questions
        self._findings: OrderedDict[tuple[str, str], tuple[float, tuple[TypeFinding, ...]]] = (
            OrderedDict())
        root_uri = self.root.resolve().as_uri()
        self._request("initialize", {
            "processId": os.getpid(), "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": self.root.name}],
            "capabilities": {"textDocument": {"diagnostic": {}, "completion": {}}}})
        self._send({"method": "initialized", "params": {}})

    def _show_file(self, path: str, text: str) -> str:
        uri = (self.root / path).resolve().as_uri()
        self._show(uri, text)
        return uri

    # ------------------------------------------------------------------ questions

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def findings(self, path: str, text: str) -> list[TypeFinding]:
        """Return the checker's diagnostics of ``text`` as the file ``path`` of the project.

        The same question asked again within :data:`FINDINGS_TTL` seconds (the linter, then the
        repair loop, then verify ask about the same texts) is answered from memory.
        """
        key = (path, text)
        now = time.monotonic()
        with self._lock:
            cached = self._findings.get(key)
            if cached is not None and now - cached[0] < FINDINGS_TTL:
                self._findings.move_to_end(key)
                return list(cached[1])
            uri = self._show_file(path, text)
            result = self._request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
            out = self._parse_findings(result)
            self._findings[key] = (time.monotonic(), tuple(out))
            while len(self._findings) > FINDINGS_CACHED:
                self._findings.popitem(last=False)
        return out

    @staticmethod
    def _parse_findings(result: Any) -> list[TypeFinding]:
        out = []
        for item in (result or {}).get("items", []):
            start, end = item["range"]["start"], item["range"]["end"]
            out.append(TypeFinding(str(item.get("code") or ""), str(item.get("message", "")),
                                   start["line"] + 1, start["character"] + 1,
                                   end["line"] + 1, end["character"] + 1))
        return out

    def members(self, path: str, text: str, line: int, col: int, word: str, *,
                keywords: bool = False, probes: tuple[str, ...] = ()) -> list[str]:
        """Return names the checker completes for the attribute ``word`` at ``line``/``col``
        (with ``keywords``: the parameter names it completes there, for a keyword argument).

        The checker filters completions by what is typed, so the word is typed once with its
        first letter and once with its last: a typo in one of them still finds the others.
        ``probes`` are typed too (``e`` finds ``extend`` for a Java ``addAll``).
        """
        rows = text.splitlines(keepends=True)
        if not 0 < line <= len(rows):
            return []
        row = rows[line - 1]
        start = col - 1
        if row[start:start + len(word)] != word:
            return []
        names: list[str] = []
        with self._lock:
            for probe in dict.fromkeys((word[:1], word[-1:], *probes)):
                changed = row[:start] + probe + row[start + len(word):]
                uri = self._show_file(path, "".join([*rows[:line - 1], changed, *rows[line:]]))
                result = self._request("textDocument/completion", {
                    "textDocument": {"uri": uri},
                    "position": {"line": line - 1, "character": start + len(probe)}})
                items = result.get("items", []) if isinstance(result, dict) else (result or [])
                names.extend(str(i.get("label", "")) for i in items)
        if keywords:  # a parameter is completed as `name=`
            names = [n[:-1] for n in names if n.endswith("=")]
        return list(dict.fromkeys(n for n in names if n.isidentifier()))


#: what is not checked without a type checker
UNCHECKED = ("attribute and keyword-argument typos (NCA103, NCA104) are not found, and fixes are "
             "not type-checked (NCA203)")


def checker_status() -> str:
    """Return, in words, which type checker runs and what is unavailable without one."""
    if os.environ.get("NCA_TYPE_CHECKER", "ty") in ("", "0", "off", "none"):
        return f"off (NCA_TYPE_CHECKER): {UNCHECKED}"
    executable = find_ty()
    if executable is None:
        return f"not installed (pip install ty): {UNCHECKED}"
    try:
        done = subprocess.run([executable, "--version"], capture_output=True, text=True,
                              timeout=10)
        version = done.stdout.strip() or "ty"
    except (OSError, subprocess.SubprocessError):
        return f"{executable} does not run: {UNCHECKED}"
    return f"{version}, warm per workspace in the project's environment"


#: checkers started ahead of their first question (see warm_start), by (root, venv)
_WARM: dict[tuple[str, str | None], TyServer] = {}


def start_checker(root: Path, venv: str | None) -> TyServer | None:
    """Return a running checker for ``root``, or None (ty missing or failing: logged once).

    A checker :func:`warm_start` began for the same root and environment is handed over.
    """
    warm = _WARM.pop((str(root), venv), None)
    if warm is not None and warm.alive:
        return warm
    return _start(root, venv)


def warm_start(root: Path, venv: str | None, path: str, text: str) -> None:
    """Start the checker of ``root`` now and have it read ``text`` as the file ``path``.

    A CLI run calls this before it loads the rest of nca: ty reads the project while Python
    imports, and the linter's first question about ``text`` finds the answer in the
    checker's memory. The next :func:`start_checker` for the same root and environment gets
    this checker; one nobody claimed is stopped when nca exits.
    """
    checker = _start(root, venv)
    if checker is None:
        return
    _WARM[(str(root), venv)] = checker
    atexit.register(_close_unclaimed)
    threading.Thread(target=_read_ahead, args=(checker, path, text), daemon=True,
                     name="ty-warm").start()


def _read_ahead(checker: TyServer, path: str, text: str) -> None:
    try:
        checker.findings(path, text)
    except Exception:  # asked again where the answer is used, and reported there
        log.debug("the type checker's first read failed", exc_info=True)


def _close_unclaimed() -> None:
    while _WARM:
        _WARM.popitem()[1].close()


def _start(root: Path, venv: str | None) -> TyServer | None:
    if os.environ.get("NCA_TYPE_CHECKER", "ty") in ("", "0", "off", "none"):
        return None
    executable = find_ty()
    if executable is None:
        log.warning("no type checker (pip install ty): %s", UNCHECKED)
        return None
    try:
        return TyServer(executable, root, venv=venv)
    except (OSError, ValueError) as err:
        log.warning("the type checker did not start: %s", err)
        return None
