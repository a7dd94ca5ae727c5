"""Load on one process: big documents and streamed chats beside quick-fix requests.

Counts come from ``NCA_LOAD_STREAMS`` (50 by default, the figure the server is held to). No
timing is asserted: the tests count errors and check the server still answers.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import threading
import time
from pathlib import Path

import aiohttp
import pytest

from tests.reliability import lsp_wire_helpers as wire
from tests.reliability.lsp_wire_helpers import StdioServer, has_traceback, initialize_params

pytestmark = pytest.mark.e2e

STREAMS = int(os.environ.get("NCA_LOAD_STREAMS", "50"))
BROKEN = "import json\n\n\ndef load(path):\n    return jsn.loads(open(path).read())\n"


def started(server: StdioServer, root: Path) -> None:
    assert "capabilities" in server.client.request(
        "init", "initialize", initialize_params(root))["result"]
    server.client.notify("initialized", {})


def open_doc(server: StdioServer, uri: str, text: str) -> None:
    server.client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}})


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_a_one_megabyte_document_gets_capped_diagnostics_and_the_server_answers(tmp_path):
    server = StdioServer(tmp_path)
    try:
        started(server, tmp_path)
        # about 1 MB of code with an undefined name on every line: thousands of findings
        big = "".join(f"value_{n} = undefined_name_{n % 97} + {n}\n" for n in range(28_000))
        assert len(big) > 1_000_000
        uri = (tmp_path / "big.py").as_uri()
        open_doc(server, uri, big)
        small = (tmp_path / "small.py").as_uri()
        open_doc(server, small, "x = 1\n")
        # the server still answers while (or after) the big document is linted
        answer = server.client.request("after-big", "workspace/executeCommand",
                                       {"command": "nca.httpAddress", "arguments": []},
                                       timeout=120)
        assert "error" not in answer or answer["error"]["code"] != -32603
        published = wait_for(lambda: [m for m in server.client.notifications(
            "textDocument/publishDiagnostics") if m["params"]["uri"] == uri], 180)
        assert 0 < len(published[-1]["params"]["diagnostics"]) <= 500
        assert not any(has_traceback(raw) for raw in server.client.raw)
    finally:
        server.stop()


async def _chat(session: aiohttp.ClientSession, base: str, n: int) -> str:
    body = {"model": "nca", "stream": True, "stream_options": {"include_usage": True},
            "messages": [{"role": "user", "content": f"fix this ({n})\n```python\n{BROKEN}```"}]}
    async with session.post(f"{base}/chat/completions", json=body) as resp:
        if resp.status != 200:
            return f"HTTP {resp.status}: {await resp.text()}"
        done = False
        async for line in resp.content:
            if line.strip() == b"data: [DONE]":
                done = True
        return "" if done else "stream ended without [DONE]"


def test_streamed_chats_beside_quick_fix_requests_all_succeed(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'w'\n")
    # the same server with its HTTP route on a free port
    monkeypatch.setattr(wire, "SERVER", [a for a in wire.SERVER if a != "--no-http"])
    server = StdioServer(tmp_path, args=("--http-port", "0"))
    try:
        started(server, tmp_path)
        address = wait_for(lambda: re.search(r"nca: (http://\S+/v1)", server.stderr), 60)
        base = address.group(1)
        uri = (tmp_path / "loader.py").as_uri()
        open_doc(server, uri, BROKEN)
        wait_for(lambda: [m for m in server.client.notifications(
            "textDocument/publishDiagnostics") if m["params"]["uri"] == uri
            and m["params"]["diagnostics"]], 60)
        errors: list[str] = []
        fixed: list[str] = []

        def quick_fixes() -> None:
            # a new document version before each request: every one runs the repair loop
            for n in range(STREAMS):
                text = BROKEN + f"\nCOUNT = {n}\n"
                server.client.notify("textDocument/didChange", {
                    "textDocument": {"uri": uri, "version": n + 2},
                    "contentChanges": [{"text": text}]})
                answer = server.client.request(f"ca{n}", "textDocument/codeAction", {
                    "textDocument": {"uri": uri},
                    "range": {"start": {"line": 4, "character": 11},
                              "end": {"line": 4, "character": 14}},
                    "context": {"diagnostics": [{
                        "range": {"start": {"line": 4, "character": 11},
                                  "end": {"line": 4, "character": 14}},
                        "message": "Undefined name `jsn`", "code": "F821",
                        "source": "Ruff"}]}}, timeout=300)
                if "error" in answer:
                    errors.append(json.dumps(answer["error"])[:300])
                    continue
                for action in answer["result"]:
                    if action.get("kind") != "quickfix":
                        continue
                    resolved = server.client.request(f"r{n}", "codeAction/resolve", action,
                                                     timeout=300)
                    if "error" in resolved:
                        errors.append(json.dumps(resolved["error"])[:300])
                    elif resolved["result"].get("edit"):
                        fixed.append(resolved["result"]["title"])

        async def chats() -> list[str]:
            async with aiohttp.ClientSession() as session:
                return await asyncio.gather(*(_chat(session, base, n) for n in range(STREAMS)))

        worker = threading.Thread(target=quick_fixes)
        worker.start()
        chat_errors = [e for e in asyncio.run(chats()) if e]
        worker.join(600)
        assert not worker.is_alive()
        assert errors == [] and chat_errors == []
        # every request really ran the loop to a verified edit, titled with the fix
        assert fixed == ["Fix with NCA: Change `jsn` to `json`"] * STREAMS or (
            len(fixed) == STREAMS and all("json" in title for title in fixed)), fixed[:3]
        assert "recursion depth mismatch" not in server.stderr
        assert not any(has_traceback(raw) for raw in server.client.raw)
    finally:
        server.stop()
