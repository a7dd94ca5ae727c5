"""``python -m benchmarks.lsp_speed``: nca's language server against a trivial pygls server.

Both servers run as subprocesses over stdio, measured in the same run by the same raw
JSON-RPC client (no pygls/cattrs on the client side). On a 1,000-line file it reports:
startup to the ``initialize`` response, ``textDocument/codeAction`` p50/p95 on an unchanged
document (nca's quick fixes come from its per-version cache), and, after a change (a new
document version each round, so nothing comes from a cache), the first ``codeAction`` (where
nca computes and verifies the fix, to list only verified ones) plus its ``codeAction/resolve``:
what a user waits for from a change to a fix. The trivial server answers the same requests
with fixed data.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TRIVIAL_SERVER = '''
from lsprotocol import types as t
from pygls.lsp.server import LanguageServer

server = LanguageServer("trivial", "1")


@server.feature(t.TEXT_DOCUMENT_CODE_ACTION,
                t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix],
                                    resolve_provider=True))
def actions(ls, params):
    return [t.CodeAction(title="fix", kind=t.CodeActionKind.QuickFix,
                         data={"uri": params.text_document.uri})]


@server.feature(t.CODE_ACTION_RESOLVE)
def resolve(ls, action):
    action.edit = t.WorkspaceEdit(changes={action.data["uri"]: [t.TextEdit(
        range=t.Range(t.Position(0, 0), t.Position(0, 0)), new_text="")]})
    return action


server.start_io()
'''


def thousand_lines() -> str:
    """Return a 1,000-line module whose line 500 lacks its colon."""
    blocks = []
    for n in range(200):
        colon = "" if n == 100 else ":"
        blocks.append(f"def step_{n}(value){colon}\n    total = value + {n}\n"
                      f"    return total * 2\n\n")
    return "".join(blocks)[:-1]


class Client:
    """A blocking JSON-RPC client over a server's stdin/stdout."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while (line := self.proc.stdout.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        if not length:
            raise RuntimeError("the server closed its output")
        return json.loads(self.proc.stdout.read(length))

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == self.next_id and "method" not in message:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def wait_for(self, method: str) -> dict[str, Any]:
        while True:
            message = self.read()
            if message.get("method") == method:
                return message["params"]

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except (OSError, RuntimeError, subprocess.TimeoutExpired):
            self.proc.kill()


def initialize(client: Client, root: Path) -> float:
    """Return milliseconds from process start to the initialize response."""
    client.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                  "capabilities": {}, "initializationOptions":
                                  {"nca": {"diagnostics": {"debounceMs": 0}}}})
    elapsed = (time.perf_counter() - client.started) * 1000
    client.notify("initialized", {})
    return elapsed


def measure(name: str, command: list[str], root: Path, text: str, rounds: int,
            resolves: int) -> dict[str, Any]:
    uri = (root / "big.py").as_uri()
    startups = []
    for _ in range(3):
        client = Client(command, root)
        startups.append(initialize(client, root))
        client.close()
    client = Client(command, root)
    initialize(client, root)
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}})
    if name == "nca":
        client.wait_for("textDocument/publishDiagnostics")  # lint cached, as while typing
    diagnostic = {"range": {"start": {"line": 400, "character": 14},
                            "end": {"line": 400, "character": 15}},
                  "message": "Expected \":\"", "source": "Pylance", "severity": 1}
    params = {"textDocument": {"uri": uri},
              "range": {"start": {"line": 400, "character": 0},
                        "end": {"line": 400, "character": 0}},
              "context": {"diagnostics": [diagnostic]}}
    for _ in range(20):  # warm-up
        client.request("textDocument/codeAction", params)
    actions = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.request("textDocument/codeAction", params)
        actions.append((time.perf_counter() - started) * 1000)
    resolved, titles = [], set()
    for version in range(2, resolves + 2):
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}]})
        started = time.perf_counter()
        listed = client.request("textDocument/codeAction", params)
        action = next(a for a in listed if a.get("kind") == "quickfix")
        result = client.request("codeAction/resolve", action)
        resolved.append((time.perf_counter() - started) * 1000)
        titles.add(result["title"] if result.get("edit") else f"no edit: {result['title']}")
    client.close()
    return {"name": name, "startup": statistics.median(startups),
            "action_p50": statistics.median(actions),
            "action_p95": sorted(actions)[int(len(actions) * 0.95) - 1],
            "resolve_p50": statistics.median(resolved), "titles": sorted(titles)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="codeAction requests per server")
    parser.add_argument("--resolves", type=int, default=15, help="resolves per server")
    args = parser.parse_args(argv)
    text = thousand_lines()
    with tempfile.TemporaryDirectory(prefix="nca-lsp-speed-") as tmp:
        root = Path(tmp)
        (root / "trivial_server.py").write_text(TRIVIAL_SERVER, encoding="utf-8")
        servers = [
            ("trivial pygls", [sys.executable, str(root / "trivial_server.py")]),
            ("nca", [sys.executable, "-m", "nca.server", "--no-http", "--log-level", "WARNING"]),
        ]
        results = [measure(name, cmd, root, text, args.rounds, args.resolves)
                   for name, cmd in servers]
    print(f"1,000-line file; {args.rounds} codeAction requests, {args.resolves} resolves "
          "(a new document version each), raw JSON-RPC client over stdio")
    print(f"{'server':<15} {'startup ms':>11} {'codeAction p50':>15} {'p95':>7} "
          f"{'change->fix p50 ms':>19}")
    for r in results:
        print(f"{r['name']:<15} {r['startup']:>11.0f} {r['action_p50']:>15.2f} "
              f"{r['action_p95']:>7.2f} {r['resolve_p50']:>19.1f}")
    for r in results:
        print(f"{r['name']} resolved: {'; '.join(r['titles'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
