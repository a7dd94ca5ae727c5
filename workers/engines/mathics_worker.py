"""Mathics3 in a child process: an evaluation that runs past its limit is killed, not awaited.

Mathics evaluates in Python on the calling thread and its own ``TimeConstrained`` does not
always interrupt a long loop, so a runaway expression would hold the process for good. The
worker keeps one session in a child process and answers over a pipe; the parent waits for
the limit, then kills the child and starts a fresh one on the next call.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["MathicsWorker", "WorkerTimeout"]

#: how long a fresh child may take to load Mathics' builtins before its first answer
STARTUP_SECONDS = 120.0


class WorkerTimeout(Exception):
    """The evaluation did not answer within its limit; the child was killed."""


def _serve(conn: Connection) -> None:
    # the child: one session, one evaluation at a time, until the pipe closes
    from mathics.core.load_builtin import import_and_load_builtins
    from mathics.session import MathicsSession

    import_and_load_builtins()
    session = MathicsSession(character_encoding="ASCII")
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
        """Return the evaluation of ``text``; raise WorkerTimeout past ``timeout`` seconds."""
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
