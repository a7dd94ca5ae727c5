"""Mathics3 in a child process: an evaluation that runs past its limit is killed, not awaited.

Mathics evaluates in Python on the calling thread and its own ``TimeConstrained`` does not
always interrupt a long loop, so a runaway expression would hold the process for good. The
worker keeps one session in a child process and answers over a pipe; the parent waits for
the limit, then kills the child and starts a fresh one on the next call.

The child is a sandbox as far as Mathics allows one, under the engine's own allow-list of
functions: Mathics' sandbox mode (no ``Run``, ``Environment``...), its file module off, and
every builtin that reads or writes files, starts processes, reaches the network or loads code
(``blocked``) removed before the first evaluation; its stdout goes to stderr (in ``nca serve
--stdio`` stdout is the editor's channel). The parent also refuses text that names one.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = ["BlockedCode", "MathicsWorker", "WorkerTimeout", "blocked", "check_text"]

#: how long a fresh child may take to load Mathics' builtins before its first answer
STARTUP_SECONDS = 120.0


#: builtins no evaluation may use: files, streams, processes, network, code loading, the
#: evaluator itself, the session's end
_BLOCKED_NAMES = frozenset({
    "Get", "Put", "PutAppend", "Needs", "Install", "Uninstall", "LoadModule", "Run",
    "RunThrough", "Read", "ReadList", "ReadLine", "ReadString", "ReadByteArray", "BinaryRead",
    "BinaryReadList", "BinaryWrite", "Write", "WriteString", "WriteLine", "OpenRead",
    "OpenWrite", "OpenAppend", "Close", "Find", "FindList", "Skip", "SystemOpen",
    "ToExpression", "Symbol", "Quit", "Exit", "Save", "DumpSave", "Splice", "Encode",
    "CreateScheduledTask", "RunScheduledTask", "SessionSubmit", "ParallelEvaluate",
    "LaunchKernels", "CloudEvaluate", "ExternalEvaluate", "Interpreter", "SetDirectory",
    "ResetDirectory", "Directory", "CopyToClipboard",
})
#: name parts that mark a builtin as file, stream, process, network or code-loading work
_BLOCKED_PARTS = ("File", "Director", "Stream", "Process", "URL", "HTTP", "Link", "Socket",
                  "Environment", "Import", "Export", "Python", "Temporary", "Mail", "Cloud",
                  "Shell", "Library", "Java", "Notebook")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.S)
_SYMBOL = re.compile(r"[A-Za-z$][A-Za-z0-9$`]*")


class WorkerTimeout(Exception):
    """The evaluation did not answer within its limit; the child was killed."""


class BlockedCode(Exception):
    """The text names a builtin no evaluation may use; nothing was evaluated."""


def blocked(name: str) -> bool:
    """Return True when the builtin ``name`` (``Context`Name`` or ``Name``) may not be used."""
    short = name.rsplit("`", 1)[-1]
    return short in _BLOCKED_NAMES or any(part in short for part in _BLOCKED_PARTS)


def check_text(text: str) -> None:
    """Raise BlockedCode when ``text``, outside its strings, names a blocked builtin or uses
    the operators of ``Get``/``Put`` (``<<``, ``>>``) or a shell escape (``!`` first)."""
    code = _STRING.sub('""', text)
    if "<<" in code or ">>" in code or code.lstrip().startswith("!"):
        raise BlockedCode("file and shell operators are not evaluated")
    for match in _SYMBOL.finditer(code):
        if blocked(match.group()):
            raise BlockedCode(f"{match.group()} is not evaluated here")


def _harden(definitions: Any) -> None:
    """Remove the blocked builtins from a Mathics session's definitions."""
    for name in [n for n in definitions.builtin if blocked(n)]:
        del definitions.builtin[name]
        try:
            definitions.clear_cache(name)
        except Exception:  # noqa: BLE001 - an older Mathics: the cache is rebuilt on lookup
            pass


def _serve(conn: Connection) -> None:
    # the child: one session, one evaluation at a time, until the pipe closes
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # never the editor's channel
    sys.stdout = sys.stderr
    os.environ["MATHICS3_SANDBOX"] = "1"  # read when mathics.settings loads: no Run, no shell
    os.environ["MATHICS3_ENABLE_SYSTEM_COMMANDS"] = "false"
    # Mathics3: the optional wolfram extra, imported in the child process only
    import mathics.settings

    mathics.settings.ENABLE_FILES_MODULE = False  # no file reading and writing builtins
    mathics.settings.ENABLE_SYSTEM_COMMANDS = False
    # Mathics3: the optional wolfram extra, imported in the child process only
    from mathics.core.load_builtin import import_and_load_builtins
    from mathics.session import MathicsSession

    import_and_load_builtins()
    session = MathicsSession(character_encoding="ASCII")
    _harden(session.definitions)
    conn.send(("ready", ""))
    while True:
        try:
            text = conn.recv()
        except EOFError:
            return
        try:
            result = session.evaluate(text)
            conn.send(("ok", str(getattr(result, "value", result))))
        except Exception as err:  # the parent turns it into an EngineError
            conn.send(("error", f"{type(err).__name__}: {err}"))


class MathicsWorker:
    """One Mathics session in a child process (spawned: no inherited threads or locks)."""

    def __init__(self) -> None:
        self._process: Any = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        # loaded with the first session: every import of the engines would pay for it
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child,), daemon=True,
                                  name="nca-mathics")
        process.start()
        child.close()
        if not parent.poll(STARTUP_SECONDS):
            process.kill()
            raise WorkerTimeout(f"Mathics did not start within {STARTUP_SECONDS:g} s")
        try:
            parent.recv()
        except EOFError:
            raise WorkerTimeout("Mathics exited while starting") from None
        self._process, self._conn = process, parent
        return parent

    def evaluate(self, text: str, timeout: float) -> str:
        """Return the evaluation of ``text``; raise WorkerTimeout past ``timeout`` seconds.

        ``text`` is Wolfram Language the caller built (the engine serializes checked ``wl``
        expressions); text naming a blocked builtin raises BlockedCode, unevaluated.
        """
        check_text(text)
        conn = self._conn or self._start()
        conn.send(text)
        if not conn.poll(timeout):
            self.close()
            raise WorkerTimeout(f"no answer within {timeout:g} s")
        try:
            status, value = conn.recv()
        except EOFError:
            self.close()
            raise WorkerTimeout("Mathics exited during the evaluation") from None
        if status == "error":
            raise RuntimeError(value)
        return str(value)

    def close(self) -> None:
        """Stop the child, if one runs."""
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None
