"""A language server nca itself talks to (``ty server``, ``ruff server``): a child process
spoken to in JSON-RPC over stdio, one question at a time, with a reader thread that answers
the server's own requests plainly and hands back the answers to ours."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["LspClient"]


class LspClient:
    """The wire to one language server; subclasses ask it their questions."""

    #: the server's name in errors ("ty", "ruff server")
    name = "language server"

    def __init__(self, argv: list[str], cwd: Path, *, answer_timeout: float,
                 env: Mapping[str, str] | None = None) -> None:
        self.answer_timeout = answer_timeout
        self._proc = subprocess.Popen(argv, cwd=cwd, env=dict(env) if env is not None else None,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL)
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._ids = 0
        self._versions: dict[str, int] = {}
        threading.Thread(target=self._read, daemon=True, name=f"{self.name}-reader").start()

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def _read(self) -> None:
        out = self._proc.stdout
        assert out is not None
        try:
            while True:
                length = 0
                while True:
                    line = out.readline()
                    if not line:
                        return
                    if line in (b"\r\n", b"\n"):
                        break
                    name, _, value = line.decode("ascii", "replace").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                message = json.loads(out.read(length))
                if "method" in message and "id" in message:
                    # a request of the server's (configuration, progress): answer it plainly
                    self._send({"id": message["id"], "result": None})
                elif "id" in message:
                    self._answers.put(message)
        except (OSError, ValueError):
            return
        finally:
            self._answers.put(None)

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8", "surrogatepass")
        stdin = self._proc.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def _request(self, method: str, params: dict[str, Any]) -> Any:
        self._ids += 1
        wanted = self._ids
        self._send({"id": wanted, "method": method, "params": params})
        while True:
            try:
                message = self._answers.get(timeout=self.answer_timeout)
            except queue.Empty:
                self._unanswered()
                raise OSError(f"{self.name} did not answer {method} within "
                              f"{self.answer_timeout:g} s") from None
            if message is None:
                raise OSError(f"{self.name} stopped")
            if message.get("id") == wanted:
                if "error" in message:
                    raise OSError(f"{self.name}: {message['error'].get('message')}")
                return message.get("result")

    def _unanswered(self) -> None:
        """Called when a question went unanswered (before the error is raised)."""

    def _show(self, uri: str, text: str) -> None:
        """Open ``uri`` with ``text``, or change it to ``text`` when it is open already."""
        version = self._versions.get(uri)
        if version is None:
            self._versions[uri] = 1
            self._send({"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "python", "version": 1, "text": text}}})
        else:
            self._versions[uri] = version + 1
            self._send({"method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version + 1},
                "contentChanges": [{"text": text}]}})

    def close(self) -> None:
        """Stop the server (it also stops by itself when nca exits: its stdin closes)."""
        try:
            if self._proc.stdin:
                self._proc.stdin.close()
            self._proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired, ValueError):
            self._proc.kill()
