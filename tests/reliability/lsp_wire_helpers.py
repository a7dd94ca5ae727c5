"""A raw JSON-RPC client for the reliability tests: frames, a reader thread, answered requests.

Blocking and thread-based on purpose: hypothesis drives it from plain (non-async) tests, and
the TCP tests use the same framing over a socket.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

SERVER = [sys.executable, "-m", "nca.server", "--no-http", "--log-level", "INFO"]

#: what a reply must never carry: Python's traceback header, pygls's traceback field, a frame
TRACEBACK_MARKS = ("Traceback (most recent call last)", '"traceback"', 'File "/')


def frame(body: bytes | dict[str, Any]) -> bytes:
    data = body if isinstance(body, bytes) else json.dumps({"jsonrpc": "2.0", **body}).encode()
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


def env_without_trust(**extra: str) -> dict[str, str]:
    """Return the environment with NCA_TRUST_ALL removed (the suite sets it) plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "NCA_TRUST_ALL"}
    env.update(extra)
    return env


class WireClient:
    """One connection to a server: send frames, read every message in a thread."""

    def __init__(self, reader: BinaryIO, writer: Callable[[bytes], None]) -> None:
        self._reader = reader
        self._write = writer
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self.raw: list[bytes] = []
        self.closed = threading.Event()
        #: answers to requests the server sends (applyEdit, progress...): method -> result
        self.answers: dict[str, Any] = {"workspace/applyEdit": {"applied": False}}
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            while True:
                length = 0
                while True:
                    line = self._reader.readline()
                    if not line:
                        return
                    if line in (b"\r\n", b"\n"):
                        break
                    name, _, value = line.decode("ascii", "replace").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                body = self._reader.read(length)
                if len(body) < length:
                    return
                self.raw.append(body)
                message = json.loads(body)
                if "method" in message and "id" in message:  # a request of the server's
                    self.send({"id": message["id"],
                               "result": self.answers.get(message["method"])})
                self.messages.put(message)
        except (OSError, ValueError):
            return
        finally:
            self.closed.set()
            self.messages.put(None)

    def send(self, body: bytes | dict[str, Any]) -> None:
        self._write(frame(body))

    def request(self, msg_id: Any, method: str, params: Any = None,
                timeout: float = 30) -> dict[str, Any]:
        body: dict[str, Any] = {"id": msg_id, "method": method}
        if params is not None:
            body["params"] = params
        self.send(body)
        return self.answer(msg_id, timeout)

    def notify(self, method: str, params: Any = None) -> None:
        body: dict[str, Any] = {"method": method}
        if params is not None:
            body["params"] = params
        self.send(body)

    def answer(self, msg_id: Any, timeout: float = 30) -> dict[str, Any]:
        """Return the response to ``msg_id``; AssertionError when none comes in time."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no answer to {msg_id!r} within {timeout} s")
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise AssertionError(f"the connection closed before an answer to {msg_id!r}")
            self.seen.append(message)
            if message.get("id") == msg_id and "method" not in message:
                return message

    def notifications(self, method: str) -> list[dict[str, Any]]:
        """Return the notifications of ``method`` read so far (draining what is queued)."""
        while True:
            try:
                message = self.messages.get_nowait()
            except queue.Empty:
                break
            if message is None:
                self.messages.put(None)
                break
            self.seen.append(message)
        return [m for m in self.seen if m.get("method") == method and "id" not in m]


def initialize_params(root: Path, **options: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"processId": None, "rootUri": root.as_uri(), "capabilities": {},
                              "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}]}
    if options:
        params["initializationOptions"] = options
    return params


class StdioServer:
    """``nca serve --stdio`` as a child process with a WireClient on its pipes."""

    def __init__(self, cwd: Path, env: dict[str, str] | None = None,
                 args: tuple[str, ...] = ()) -> None:
        self.proc = subprocess.Popen([*SERVER, *args], cwd=cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert self.proc.stdin and self.proc.stdout
        stdin = self.proc.stdin
        lock = threading.Lock()

        def write(data: bytes) -> None:
            with lock:
                stdin.write(data)
                stdin.flush()

        self.client = WireClient(self.proc.stdout, write)
        self._stderr: list[bytes] = []
        self._err_thread = threading.Thread(target=self._drain, daemon=True)
        self._err_thread.start()

    def _drain(self) -> None:
        assert self.proc.stderr
        for line in self.proc.stderr:
            self._stderr.append(line)

    @property
    def stderr(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.client.request("bye", "shutdown", timeout=10)
                self.client.notify("exit")
                self.proc.wait(10)
            except (AssertionError, OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(10)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def connect(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> socket.socket:
    """Return a socket connected to the server's LSP port once it listens."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(f"the server exited with {proc.returncode}") from None
            time.sleep(0.1)
    raise AssertionError("the server never listened")


def socket_client(sock: socket.socket) -> WireClient:
    sock.settimeout(None)
    return WireClient(sock.makefile("rb"), sock.sendall)


def has_traceback(raw: bytes | str) -> bool:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return any(mark in text for mark in TRACEBACK_MARKS)
