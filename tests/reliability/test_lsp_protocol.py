"""The language server's protocol edges: before initialize, shutdown while a command runs,
after shutdown, a second initialize, and no Python traceback in any reply."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.lsp_wire_helpers import StdioServer, has_traceback, initialize_params

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(tmp_path: Path):
    running = StdioServer(tmp_path)
    yield running
    running.stop()


def started(server: StdioServer, root: Path, **options) -> None:
    assert "capabilities" in server.client.request(
        "init", "initialize", initialize_params(root, **options))["result"]
    server.client.notify("initialized", {})


def test_requests_before_initialize_get_server_not_initialized(server: StdioServer,
                                                              tmp_path: Path):
    client = server.client
    code_action = {"textDocument": {"uri": (tmp_path / "a.py").as_uri()},
                   "range": {"start": {"line": 0, "character": 0},
                             "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": []}}
    for n, (method, params) in enumerate([
            ("textDocument/codeAction", code_action),
            ("textDocument/codeAction", {}),  # params that do not even fit
            ("workspace/executeCommand", {"command": "nca.fixFile", "arguments": ["a.py"]}),
            ("shutdown", None),
            ("nca/unknown", {"x": 1})]):
        answer = client.request(n, method, params)
        assert answer["error"]["code"] == -32002, answer
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": (tmp_path / "a.py").as_uri(), "languageId": "python", "version": 1,
        "text": "def f(:\n"}})  # dropped
    started(server, tmp_path)
    assert client.request(9, "textDocument/codeAction", code_action)["result"] == []
    assert not any(has_traceback(raw) for raw in client.raw)
    assert "Traceback" not in server.stderr


def test_shutdown_while_a_command_runs_answers_cleanly(server: StdioServer, tmp_path: Path):
    pid_file = tmp_path / "pid"
    sleeper = (f"{sys.executable} -c \"import os, time; "
               f"open(r'{pid_file}', 'w').write(str(os.getpid())); time.sleep(60)\"")
    started(server, tmp_path, nca={"tests": {"command": sleeper}})
    client = server.client
    client.send({"id": "long", "method": "workspace/executeCommand",
                 "params": {"command": "nca.runTests"}})
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text()):
        assert time.monotonic() < deadline, "the test command never started"
        time.sleep(0.05)
    pid = int(pid_file.read_text())
    answer = client.request("down", "shutdown", timeout=15)
    assert answer == {"jsonrpc": "2.0", "id": "down", "result": None}
    # the command answered too (cancelled), and its process is gone
    long = client.answer("long", timeout=15) if not any(
        m.get("id") == "long" for m in client.seen) else next(
        m for m in client.seen if m.get("id") == "long")
    assert "error" in long or long["result"] == {"cancelled": True}
    deadline = time.monotonic() + 10
    while _alive(pid):
        assert time.monotonic() < deadline, "the test command outlived shutdown"
        time.sleep(0.05)
    # after shutdown: a request is refused with an answer, exit ends the process cleanly
    assert client.request("late", "textDocument/hover", {})["error"]["code"] == -32600
    client.notify("exit")
    assert server.proc.wait(15) == 0
    assert not any(has_traceback(raw) for raw in client.raw)
    assert "dictionary changed size" not in server.stderr


def test_a_second_initialize_is_refused(server: StdioServer, tmp_path: Path):
    started(server, tmp_path)
    answer = server.client.request(2, "initialize", initialize_params(tmp_path / "elsewhere"))
    assert answer["error"]["code"] == -32600
    assert server.client.request(3, "workspace/executeCommand",
                                 {"command": "nca.listBackups"})["result"] == []


def test_an_internal_error_is_answered_without_its_traceback():
    """pygls puts the traceback of an unexpected exception in the reply's data: not ours."""
    from pygls.exceptions import JsonRpcInternalError

    from nca.server.lsp import make_server

    server = make_server()
    sent: list[bytes] = []

    class Writer:
        def write(self, data: bytes) -> None:
            sent.append(data)

        def close(self) -> None:
            pass

    server.protocol.set_writer(Writer())
    try:
        raise KeyError("the detail")
    except KeyError:
        error = JsonRpcInternalError.of(sys.exc_info()).to_response_error()
    assert error.data and "traceback" in error.data
    server.protocol._send_response(7, None, error)
    body = json.loads(sent[0].split(b"\r\n\r\n", 1)[1])
    assert body["error"]["code"] == -32603 and "KeyError" in body["error"]["message"]
    assert "data" not in body["error"] and not has_traceback(sent[0])


def test_notifications_do_not_pile_up_futures():
    """pygls 2.1.1 keeps the future of every notification forever; the server forgets done ones."""
    import asyncio

    from nca.server.lsp import make_server

    server = make_server()

    class Writer:
        def write(self, data: bytes) -> None:
            pass

        def close(self) -> None:
            pass

    server.protocol.set_writer(Writer())

    def feed(message: dict) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message})
        server.protocol.handle_message(
            json.loads(data, object_hook=server.protocol.structure_message))

    async def main() -> int:
        feed({"id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": None, "capabilities": {}}})
        feed({"method": "initialized", "params": {}})
        uri = "file:///nowhere/zz.py"
        feed({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": "x = 1\n"}}})
        for version in range(2, 202):
            feed({"method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": f"x = {version}\n"}]}})
        await asyncio.sleep(0.2)
        for task in server.pending_lints.values():
            task.cancel()
        return len(server.protocol._request_futures)

    assert asyncio.run(main()) < 5


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
