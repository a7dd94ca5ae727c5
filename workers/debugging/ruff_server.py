"""ruff kept warm: ``ruff server`` (ruff's own language server) answers a lint in about a
millisecond where ``ruff check`` as a subprocess takes 10-25 ms per text.

The linter asks for ruff's problems of every version of a document and of every candidate fix,
each a new text. :func:`server_diagnostics` answers from a ``ruff server`` of the project's root
once the process has run the ``ruff check`` subprocess a few times for that root over a second
or more (a session: an editor, a folder of files; a one-shot ``nca fix`` of a file never pays
for starting it), with the same rules as the subprocess: the
project's configuration for the file's real path (per-file-ignores, excludes, ``# noqa``) and
``--select`` given by the editor settings, which take precedence over the configuration's as
the command line's do. The answers come back in the shape of ``ruff check --output-format
json`` (the server's messages carry a ``help:`` line the JSON does not; it is removed).

The server starts in a background thread and is compared with the subprocess on probe texts
first; until it is ready, when it fails that comparison, stops, or is switched off
(``NCA_RUFF_SERVER=off``), callers get None and run the subprocess as before. A configuration
file changed after the server started (it reads them once) restarts it.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nca.workers.core.lsp_client import LspClient

__all__ = ["RuffServer", "server_diagnostics", "shutdown_servers"]

log = logging.getLogger(__name__)

#: seconds one answer may take before the server is considered stuck
ANSWER_TIMEOUT = 10.0
#: subprocess runs for one root before the server is started for it, and seconds since the
#: first of them: a session (an editor, a folder of files), not a one-shot run
START_AFTER = 3
START_AFTER_S = 1.0
#: a configuration file written this close before the server started may be newer than what
#: it read (file systems round modification times)
STAMP_SLACK_NS = 50_000_000
#: servers kept running at once (one per project root): the least recently used one stops
MAX_SERVERS = 4
#: the configuration files ruff reads (as the linter's stamp names them)
CONFIG_NAMES = ("pyproject.toml", "ruff.toml", ".ruff.toml")
#: texts on which the server must say what the subprocess says before it is trusted: every
#: code the verifier reads (pyflakes, clean-ups, B006, a redefinition, a noqa comment) and a syntax
#: error with a problem after it
PROBES = (
    "import os\nimport os\nimport json\nimport sys  # noqa: F401\n\n\n"
    "def f(a=[], *, b={}):\n    x = 1\n    y: int\n    return f'a' + undefined + é\n\n\n"
    "def f():\n    return sys\n",
    "def g(:\n    pass\nimport os\nreturn 1\nclass C(\n",
)


class RuffServer(LspClient):
    """``ruff server`` for one project root, asked synchronously, one question at a time."""

    name = "ruff server"

    def __init__(self, executable: str, root: str, select: str) -> None:
        self.root = Path(root)
        self.started_ns = time.time_ns()  # it reads the configuration files after this
        super().__init__([executable, "server"], self.root, answer_timeout=ANSWER_TIMEOUT)
        root_uri = self.root.resolve().as_uri()
        result = self._request("initialize", {
            "processId": os.getpid(), "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": self.root.name}],
            "capabilities": {"general": {"positionEncodings": ["utf-32"]},
                             "textDocument": {"diagnostic": {"dynamicRegistration": False}}},
            "initializationOptions": {"settings": {
                "lint": {"enable": True, "select": select.split(",")},
                # the editor's select wins over the files', as --select does on the command line
                "configurationPreference": "editorFirst",
                "showSyntaxErrors": True,
                "fixAll": False, "organizeImports": False,
                "codeAction": {"disableRuleComment": {"enable": False},
                               "fixViolation": {"enable": False}}}}})
        capabilities = (result or {}).get("capabilities", {})
        if capabilities.get("positionEncoding") != "utf-32" or not capabilities.get(
                "diagnosticProvider"):
            self.close()
            raise OSError("this ruff server cannot pull diagnostics in code points")
        self._send({"method": "initialized", "params": {}})

    def _unanswered(self) -> None:
        self.close()  # a server that stopped answering is not asked again

    # ------------------------------------------------------------------ questions

    def diagnostics(self, path: str, text: str) -> tuple[dict[str, Any], ...]:
        """Return ruff's findings of ``text`` as the project file ``path``, shaped as
        ``ruff check --output-format json`` items (code, message, location, end_location)."""
        uri = (self.root / path).absolute().as_uri()
        with self._lock:
            self._show(uri, text)
            result = self._request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        if not isinstance(result, dict) or result.get("kind") != "full":
            raise OSError("ruff server gave no full diagnostic report")
        return tuple(_as_json_item(item) for item in result.get("items", []))


def _as_json_item(item: dict[str, Any]) -> dict[str, Any]:
    """Return an LSP diagnostic of ruff server's as the item ``ruff check`` prints in JSON."""
    message = str(item.get("message", ""))
    title = (item.get("data") or {}).get("title")
    if title and message.endswith(f"\n\nhelp: {title}"):
        message = message[: -len(f"\n\nhelp: {title}")]
    start, end = item["range"]["start"], item["range"]["end"]
    return {"code": item.get("code"), "message": message,
            "location": {"row": start["line"] + 1, "column": start["character"] + 1},
            "end_location": {"row": end["line"] + 1, "column": end["character"] + 1}}


# --------------------------------------------------------------------------- one per root


def _enabled() -> bool:
    return os.environ.get("NCA_RUFF_SERVER", "on").lower() not in ("", "0", "off", "no", "none")


def _config_files(root: str, path: str) -> list[Path]:
    """Return the configuration files ruff may read for ``path``: in the root and each folder
    down to the file's."""
    folder = Path(root)
    out = [folder / name for name in CONFIG_NAMES]
    for part in Path(path).parent.parts:
        folder = folder / part
        out.extend(folder / name for name in CONFIG_NAMES)
    return out


class _Slot:
    """The server of one (root, select): started in the background, then trusted or not."""

    def __init__(self) -> None:
        self.runs = 0  # subprocess runs so far
        self.first_run = 0.0  # when the first of them ran
        self.server: RuffServer | None = None
        self.starting = False
        self.refused = False  # it disagreed with the subprocess: the subprocess it is
        self.used = 0.0  # when it last answered
        self.seen: dict[Path, tuple[int, int] | None] = {}  # config file -> (mtime, size)


_SLOTS: dict[tuple[str, str], _Slot] = {}
_SLOTS_LOCK = threading.Lock()


def _stale(slot: _Slot, server: RuffServer, root: str, path: str) -> bool:
    """Return True when a configuration file of ``path`` changed since the server read them."""
    for file in _config_files(root, path):
        try:
            st = file.stat()
            now: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except OSError:
            now = None
        before = slot.seen.setdefault(file, now)
        if before != now:
            return True
        if now is not None and now[0] >= server.started_ns - STAMP_SLACK_NS:
            return True  # written (about) after the server read the configuration
    return False


def note_subprocess_run(root: str, select: str) -> None:
    """Count a ``ruff check`` subprocess run for ``root``: the server starts after a few."""
    with _SLOTS_LOCK:
        slot = _SLOTS.setdefault((root, select), _Slot())
        if not slot.runs:
            slot.first_run = time.monotonic()
        slot.runs += 1


def server_diagnostics(text: str, path: str, root: str, select: str,
                       subprocess_json: Callable[[str, str, str, str], Any],
                       binary: Callable[[], str]) -> tuple[dict[str, Any], ...] | None:
    """Return ruff's findings from the warm server of ``root``, or None when the caller must run
    the subprocess (``subprocess_json(text, path, select, root)``, also used for the probes;
    ``binary()`` names the ruff executable).

    ``path`` is relative to ``root`` and inside it.
    """
    if not _enabled() or not path.endswith((".py", ".pyi")):
        return None
    key = (root, select)
    with _SLOTS_LOCK:
        slot = _SLOTS.setdefault(key, _Slot())
        server = slot.server
        if server is None or slot.refused:
            if (not slot.refused and not slot.starting and slot.runs >= START_AFTER
                    and time.monotonic() - slot.first_run >= START_AFTER_S):
                slot.starting = True
                threading.Thread(target=_start, daemon=True, name="ruff-server-start",
                                 args=(slot, root, path, select, subprocess_json,
                                       binary)).start()
            return None
    if not server.alive or _stale(slot, server, root, path):
        _retire(slot, server)
        return None
    slot.used = time.monotonic()
    try:
        return server.diagnostics(path, text)
    except (OSError, ValueError, KeyError, TypeError) as err:
        log.warning("ruff server: %s; running ruff check instead", err)
        _retire(slot, server)
        return None


def _retire(slot: _Slot, server: RuffServer) -> None:
    with _SLOTS_LOCK:
        if slot.server is server:
            slot.server = None
            slot.runs = 0
            slot.seen.clear()
    server.close()


def _start(slot: _Slot, root: str, path: str, select: str,
           subprocess_json: Callable[[str, str, str, str], Any], binary: Callable[[], str]
           ) -> None:
    server = None
    try:
        server = RuffServer(binary(), root, select)
        # the same answers as the subprocess, on texts that hold every code verify reads, for
        # a file the project has (its configuration, per-file-ignores and all)
        for probe in PROBES:
            theirs = sorted(_key(item) for item in subprocess_json(probe, path, select, root))
            ours = sorted(_key(item) for item in server.diagnostics(path, probe))
            if theirs != ours:
                log.info("ruff server disagrees with ruff check on %s; using ruff check", root)
                slot.refused = True
                server.close()
                return
        with _SLOTS_LOCK:
            slot.server = server
            slot.used = time.monotonic()
            running = sorted((s for s in _SLOTS.values() if s.server is not None),
                             key=lambda s: s.used)
            idle = [(s, s.server) for s in running[:max(0, len(running) - MAX_SERVERS)]]
        for other, old in idle:
            if old is not None:
                _retire(other, old)
    except Exception as err:  # a server that cannot start leaves the subprocess in charge
        log.info("ruff server did not start for %s: %s", root, err)
        if server is not None:
            server.close()
    finally:
        slot.starting = False


def _key(item: dict[str, Any]) -> tuple:
    loc, end = item.get("location") or {}, item.get("end_location") or {}
    return (item.get("code") or "", item.get("message"), loc.get("row"), loc.get("column"),
            end.get("row"), end.get("column"))


def shutdown_servers() -> None:
    """Stop every ruff server this process started."""
    with _SLOTS_LOCK:
        servers = [s.server for s in _SLOTS.values() if s.server is not None]
        _SLOTS.clear()
    for server in servers:
        server.close()


atexit.register(shutdown_servers)
