"""``nca serve`` with the HTTP route beside the language server: one process, one event loop."""

from __future__ import annotations

import json
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
