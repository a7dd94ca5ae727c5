"""``nca serve`` with the HTTP route beside the language server: one process, an event loop each."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.request

import pytest

pytestmark = pytest.mark.e2e


def _send(proc: subprocess.Popen, msg: dict) -> None:
    data = json.dumps(msg).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
    proc.stdin.flush()


def _receive(proc: subprocess.Popen, want_id: int) -> dict:
    while True:
        length = 0
        while (line := proc.stdout.readline().strip()):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        msg = json.loads(proc.stdout.read(length))
        if msg.get("id") == want_id and "method" not in msg:
            return msg


@pytest.fixture
def served(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "nca.server.cli", "serve", "--http-port", "0"],
                            cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait(10)


def test_serve_announces_the_route_and_answers_both_protocols(served, tmp_path):
    line = served.stderr.readline().decode()
    while not line.startswith("nca: http://"):
        assert line, "nca serve ended without announcing the HTTP route"
        line = served.stderr.readline().decode()
    address = line.split(" ", 1)[1].strip()
    assert address.startswith("http://127.0.0.1:") and address.endswith("/v1")
    with urllib.request.urlopen(f"{address}/models", timeout=10) as resp:
        assert [m["id"] for m in json.load(resp)["data"]] == ["nca", "nca-autocomplete"]

    _send(served, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"processId": None, "rootUri": tmp_path.as_uri(),
                              "capabilities": {}}})
    caps = _receive(served, 1)["result"]["capabilities"]
    assert "nca.httpAddress" in caps["executeCommandProvider"]["commands"]
    _send(served, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    _send(served, {"jsonrpc": "2.0", "id": 2, "method": "workspace/executeCommand",
                   "params": {"command": "nca.httpAddress", "arguments": []}})
    assert _receive(served, 2)["result"] == address

    body = json.dumps({"model": "nca", "messages": [
        {"role": "user", "content": "```python\ndef f(x)\n    return x\n```"}]}).encode()
    req = urllib.request.Request(f"{address}/chat/completions", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        answer = json.load(resp)["choices"][0]["message"]["content"]
    assert "+def f(x):" in answer

    _send(served, {"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
    _receive(served, 3)
    _send(served, {"jsonrpc": "2.0", "method": "exit"})
    assert served.wait(10) == 0


def _frame(msg: dict) -> bytes:
    data = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(data), data)


def _receive_from(stream, want_id: int) -> dict:
    while True:
        length = 0
        while (line := stream.readline().strip()):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        assert length, "the LSP connection closed"
        msg = json.loads(stream.read(length))
        if msg.get("id") == want_id and "method" not in msg:
            return msg


def test_serve_over_tcp_runs_the_http_route_in_the_same_process(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "nca.server.cli", "serve", "--tcp",
                             "--port", "0", "--http-port", "0"],
                            cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        announced = {}
        while len(announced) < 2:
            line = proc.stderr.readline().decode()
            assert line, f"nca serve --tcp ended without announcing both addresses: {announced}"
            for scheme in ("lsp tcp://", "http://"):
                if line.startswith(f"nca: {scheme}"):
                    announced[scheme] = line.split(" ")[-1].strip()
        http = announced["http://"]
        lsp_host, _, lsp_port = announced["lsp tcp://"].removeprefix("tcp://").rpartition(":")
        assert lsp_host == "127.0.0.1" and int(lsp_port) > 0
        with urllib.request.urlopen(http.removesuffix("/v1") + "/health", timeout=10) as resp:
            # before any client: the route works in the directory nca was started in
            assert json.load(resp)["workspace"] == str(tmp_path.resolve())

        with socket.create_connection((lsp_host, int(lsp_port)), timeout=30) as sock:
            stream = sock.makefile("rwb")
            stream.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                 "params": {"processId": None, "rootUri": tmp_path.as_uri(),
                                            "capabilities": {}}}))
            stream.flush()
            caps = _receive_from(stream, 1)["result"]["capabilities"]
            assert "nca.httpAddress" in caps["executeCommandProvider"]["commands"]
            stream.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "workspace/executeCommand",
                                 "params": {"command": "nca.httpAddress", "arguments": []}}))
            stream.flush()
            assert _receive_from(stream, 2)["result"] == http
            # one client at a time: a second connection is closed at once
            with socket.create_connection((lsp_host, int(lsp_port)), timeout=10) as other:
                assert other.recv(1) == b""
            stream.write(_frame({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}) +
                         _frame({"jsonrpc": "2.0", "method": "exit"}))
            stream.flush()
            _receive_from(stream, 3)
            assert proc.wait(10) == 0
    finally:
        proc.kill()
        proc.wait(10)
