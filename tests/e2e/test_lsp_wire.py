"""The language server on the wire: malformed JSON-RPC, a client that leaves mid-request, TCP."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="function")]

SERVER = [sys.executable, "-m", "nca.server", "--no-http"]


def frame(body: bytes | dict[str, Any]) -> bytes:
    data = body if isinstance(body, bytes) else json.dumps({"jsonrpc": "2.0", **body}).encode()
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


async def read_message(reader: asyncio.StreamReader) -> dict[str, Any]:
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(await reader.readexactly(length))


async def answer(reader: asyncio.StreamReader, msg_id: Any, timeout: float = 20) -> dict[str, Any]:
    async def wait() -> dict[str, Any]:
        while True:
            message = await read_message(reader)
            if message.get("id") == msg_id and "method" not in message:
                return message

    return await asyncio.wait_for(wait(), timeout)


def initialize(msg_id: int, root: Path) -> dict[str, Any]:
    return {"id": msg_id, "method": "initialize",
            "params": {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}}


async def start(root: Path) -> asyncio.subprocess.Process:
    proc = await asyncio.create_subprocess_exec(
        *SERVER, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, cwd=root)
    assert proc.stdin and proc.stdout
    proc.stdin.write(frame(initialize(1, root)))
    assert "capabilities" in (await answer(proc.stdout, 1))["result"]
    proc.stdin.write(frame({"method": "initialized", "params": {}}))
    return proc


async def test_malformed_messages_get_errors_and_the_server_lives_on(tmp_path: Path):
    proc = await start(tmp_path)
    assert proc.stdin and proc.stdout
    uri = (tmp_path / "a.py").as_uri()
    proc.stdin.write(frame(b"{this is not json"))
    proc.stdin.write(frame(b"\xff\xfe binary \x00"))
    proc.stdin.write(frame({"id": 2, "method": "textDocument/codeAction",
                            "params": {"textDocument": 5, "range": "everywhere"}}))
    proc.stdin.write(frame({"id": 3, "method": "nca/noSuchMethod", "params": {}}))
    proc.stdin.write(frame({"id": 4, "method": "codeAction/resolve",
                            "params": {"title": "x", "data": {"uri": uri, "version": "one"}}}))
    proc.stdin.write(frame({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": "def f(:\n    pass\n"}}}))
    assert (await answer(proc.stdout, 2))["error"]["code"] == -32602
    assert (await answer(proc.stdout, 3))["error"]["code"] == -32601
    assert "not open" in (await answer(proc.stdout, 4))["result"]["title"]

    proc.stdin.write(frame({"id": 5, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0},
                                                "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [{"range": {"start": {"line": 0, "character": 6},
                                               "end": {"line": 0, "character": 7}},
                                     "message": "invalid syntax", "source": "Pylance"}]}}}))
    titles = [a["title"] for a in (await answer(proc.stdout, 5))["result"]]
    assert "Fix with NCA: Insert ')' at line 1, column 7" in titles
    proc.stdin.write(frame({"id": 6, "method": "shutdown"}))
    await answer(proc.stdout, 6)
    proc.stdin.write(frame({"method": "exit"}))
    assert await asyncio.wait_for(proc.wait(), 10) == 0


async def test_client_that_leaves_mid_request_ends_the_server(tmp_path: Path):
    proc = await start(tmp_path)
    assert proc.stdin and proc.stdout and proc.stderr
    uri = (tmp_path / "a.py").as_uri()
    text = "def load(path):\n    return json.load(open(path))\n"
    proc.stdin.write(frame({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}}}))
    proc.stdin.write(frame({"id": 2, "method": "workspace/executeCommand",
                            "params": {"command": "nca.fixFile", "arguments": [uri]}}))
    await asyncio.sleep(0.3)
    proc.stdin.close()
    assert await asyncio.wait_for(proc.wait(), 15) == 0
    assert b"Traceback" not in await proc.stderr.read()


async def test_tcp_mode_serves_a_client(tmp_path: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = await asyncio.create_subprocess_exec(
        *SERVER, "--tcp", "--port", str(port), cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError:
                assert proc.returncode is None, await proc.stderr.read()  # type: ignore[union-attr]
                await asyncio.sleep(0.1)
        else:
            raise AssertionError("the server never listened")
        writer.write(frame(initialize(1, tmp_path)))
        result = (await answer(reader, 1))["result"]
        assert result["capabilities"]["codeActionProvider"]["resolveProvider"] is True
        writer.close()
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()
    assert proc.stdout is not None and await proc.stdout.read() == b""  # nothing printed
