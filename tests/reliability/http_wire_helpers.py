"""A real HTTP route on loopback for the reliability tests, and a raw-socket client for it.

The server runs on its own event loop in a thread (as ``nca serve`` runs it beside the
language server), so plain tests, hypothesis included, can drive it with blocking sockets and
send what no HTTP library would: broken request lines, odd headers, lying framing.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.server.http_api import HttpSettings, make_app, start_http
from nca.workers.core.types import Health
from nca.workers.engines.rules.engine import RulesEngine

#: what a reply must never carry
TRACEBACK_MARKS = (b"Traceback (most recent call last)", b'File "/', b"Error handling request")


class ShortEngine:
    """A chat engine that answers ``w0 w1 w2`` at once and counts its calls."""

    id, kind = "short", "model"
    capabilities = frozenset({"chat", "stream"})

    def __init__(self) -> None:
        self.calls = 0

    def health(self) -> Health:
        return Health(True)

    def propose(self, request: Any) -> list[Any]:
        return []

    async def achat(self, messages: Any, *, max_tokens: Any = None, temperature: Any = None,
                    stop: Any = (), cancel: Any = None) -> Any:
        self.calls += 1
        for i in range(3):
            yield f"w{i} "


def make_dispatcher(workspace: Path, engine: Any = None) -> Dispatcher:
    engines: list[Any] = [RulesEngine()] + ([engine] if engine else [])
    routing = {"fix": ("rules",), "chat": (engine.id,) if engine else ()}
    return Dispatcher(workspace, council=Council(engines, routing), origin="http")


@dataclass
class Served:
    """A route listening on 127.0.0.1:``port`` in a thread; ``dispatcher`` answers it."""

    port: int
    dispatcher: Dispatcher
    engine: ShortEngine | None
    loop: asyncio.AbstractEventLoop = field(repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tasks(self, limit: int = 100) -> list[dict[str, Any]]:
        return list(self.dispatcher.lifecycle.recent(limit))


@contextlib.contextmanager
def serving(workspace: Path, *, engine: ShortEngine | None = None, host: str = "127.0.0.1",
            allow_remote: bool = False, **settings: Any) -> Iterator[Served]:
    """Yield a route served from a thread until the block ends."""
    dispatcher = make_dispatcher(workspace, engine)
    app = make_app(dispatcher, HttpSettings(**settings))
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True, name="nca-http-test")
    thread.start()
    try:
        runner, port = asyncio.run_coroutine_threadsafe(
            start_http(app, host, 0, allow_remote=allow_remote), loop).result(30)
    except BaseException:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        raise
    try:
        yield Served(port, dispatcher, engine, loop)
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@dataclass
class Answer:
    """One HTTP response as read off the socket."""

    status: int
    headers: dict[str, str]
    body: bytes
    raw: bytes

    def json(self) -> Any:
        import json

        return json.loads(self.body)


def request_bytes(method: str, path: str, headers: list[tuple[str, str]] | None = None,
                  body: bytes = b"", *, port: int, host: str | None = None,
                  length: bool = True) -> bytes:
    """Return a request as bytes: ``Host`` (unless given in ``headers``), ``Connection: close``
    and ``Content-Length`` (when ``length``) are added."""
    lines = [f"{method} {path} HTTP/1.1"]
    names = {name.lower() for name, _ in headers or []}
    if "host" not in names:
        lines.append(f"Host: {host or f'127.0.0.1:{port}'}")
    lines += [f"{name}: {value}" for name, value in headers or []]
    if "connection" not in names:
        lines.append("Connection: close")
    if length and "content-length" not in names and "transfer-encoding" not in names:
        lines.append(f"Content-Length: {len(body)}")
    return "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + body


def exchange(port: int, data: bytes, timeout: float = 30.0, *, half_close: bool = False,
             patience: float = 2.0, method: str | None = None) -> Answer | None:
    """Send ``data`` on a fresh connection and return the first final response (None when
    the server answers nothing).

    A request the server waits on (a body shorter than it said, a chunked body that never
    ends) is ended by closing the sending side after ``patience`` seconds of silence, or at
    once with ``half_close``. The route takes that for a client that left and stops its work,
    so a whole request may then go unanswered.
    """
    method = method or data.split(b" ", 1)[0].decode("latin-1")
    raw = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            if half_close:
                sock.shutdown(socket.SHUT_WR)
        except OSError:  # the server answered and closed before all of it was sent
            half_close = True
        deadline = time.monotonic() + timeout
        quiet_since = time.monotonic()
        sock.settimeout(0.2)
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                if not half_close and time.monotonic() - quiet_since > patience:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_WR)
                    half_close = True
                continue
            except ConnectionResetError:
                break
            if not chunk:
                break
            raw += chunk
            quiet_since = time.monotonic()
            if _complete(raw, method):
                break
    return parse_response(raw) if raw else None


def _complete(raw: bytes, method: str) -> bool:
    """Return True when ``raw`` holds a whole final response."""
    rest = raw
    while True:
        head, sep, rest = rest.partition(b"\r\n\r\n")
        if not sep:
            return False
        try:
            status = int(head.split(b"\r\n", 1)[0].split(b" ", 2)[1])
        except (IndexError, ValueError):
            return False
        if status >= 200:
            break
    lower = head.lower()
    if method.upper() == "HEAD" or status in (204, 304):
        return True
    if b"\r\ntransfer-encoding: chunked" in lower:
        return rest.endswith(b"0\r\n\r\n")
    for line in lower.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return len(rest) >= int(line.split(b":", 1)[1])
    return False  # delimited by the close


def parse_response(raw: bytes) -> Answer:
    """Return the final (non-1xx) response in ``raw``, its chunked body decoded."""
    rest = raw
    while True:
        head, sep, rest = rest.partition(b"\r\n\r\n")
        assert sep, f"no end of headers in {raw[:300]!r}"
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        if status >= 200:
            break
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = rest
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _dechunk(rest)
    elif "content-length" in headers:
        body = rest[:int(headers["content-length"])]
    return Answer(status, headers, body, raw[:len(raw) - len(rest) + len(body)])


def _dechunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2:]
    return bytes(out)


def assert_sound(answer: Answer | None, method: str = "GET") -> None:
    """Assert a reply is no 5xx, carries no traceback, and a 4xx is an OpenAI-shaped error."""
    if answer is None:
        return
    assert answer.status < 500, answer.raw[:2000]
    for mark in TRACEBACK_MARKS:
        assert mark not in answer.raw, answer.raw[:2000]
    if answer.status >= 400 and method.upper() != "HEAD":
        assert answer.headers.get("content-type", "").startswith("application/json"), \
            answer.raw[:2000]
        error = answer.json()["error"]
        assert isinstance(error, dict), answer.raw[:2000]
        assert set(error) >= {"message", "type", "param", "code"}, error
        assert isinstance(error["message"], str) and error["message"], error
