"""``python -m benchmarks.lsp_speed``: nca's language server against a trivial pygls server.

Both servers run as subprocesses over stdio, measured in the same run by the same raw
JSON-RPC client (no pygls/cattrs on the client side). On a 1,000-line file it reports:
startup to the ``initialize`` response, ``textDocument/codeAction`` p50/p95 on an unchanged
document (nca's quick fixes come from its per-version cache), and for two errors, a missing
colon (a syntax error) and a misspelt local (an undefined name, the rules' path):

- change to fix: after a real edit (a new document version with a new text each round,
  typed on a line far from the error, so no per-version or per-text cache can answer), the
  first ``codeAction`` (where nca computes and verifies the fix, to list only verified ones)
  plus its ``codeAction/resolve``: what a user waits for from a change to a fix;
- change to diagnostics: from ``didChange`` (a new text) to the first ``publishDiagnostics`` of
  that version that shows the error.

Each error is measured after warm-up changes (three at least, and two seconds of editing since
the document was opened): an editing session, in which nca's warm checkers (ty, ruff server)
have started. The trivial server answers the same requests with fixed data and publishes empty
diagnostics on each change: the floor of the protocol and of pygls.
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

from benchmarks.lsp_bench_wire import STOCK_SERVER

#: seconds of editing (changes, listings, resolves) before an error is measured
WARM_UP_S = 2.0
#: the errors measured: (name, where the diagnostic is, the message another tool gives)
ERRORS = {
    "syntax": ((400, 14, 15), "Expected \":\""),
    "undefined name": ((402, 11, 15), "\"totl\" is not defined"),
}


def thousand_lines(error: str = "syntax", edit: int = 0) -> str:
    """Return a 1,000-line module with one error in its 101st function (line 401): its colon
    missing, or a misspelt local read. ``edit`` is typed into the 151st function (line 602),
    far from the error, to make a new text of the same length."""
    blocks = []
    for n in range(250):
        colon = "" if error == "syntax" and n == 100 else ":"
        name = "totl" if error == "undefined name" and n == 100 else "total"
        value = 1000 + edit if n == 150 else n
        blocks.append(f"def step_{n}(value){colon}\n    total = value + {value}\n"
                      f"    return {name} * 2\n\n")
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


def _error_params(uri: str, error: str) -> dict[str, Any]:
    (line, start, end), message = ERRORS[error]
    diagnostic = {"range": {"start": {"line": line, "character": start},
                            "end": {"line": line, "character": end}},
                  "message": message, "source": "Pylance", "severity": 1}
    return {"textDocument": {"uri": uri},
            "range": {"start": {"line": line, "character": 0},
                      "end": {"line": line, "character": 0}},
            "context": {"diagnostics": [diagnostic]}}


def _change(client: Client, uri: str, version: int, text: str) -> None:
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"text": text}]})


def _wait_diagnostics(client: Client, uri: str, version: int, line: int | None) -> None:
    """Wait for the diagnostics of ``version``: the first that show the error at ``line`` (any,
    for a server that reports none)."""
    while True:
        params = client.wait_for("textDocument/publishDiagnostics")
        if params.get("uri") != uri or params.get("version") != version:
            continue
        if line is None or any(d["range"]["start"]["line"] == line
                               for d in params.get("diagnostics", [])):
            return


def measure(name: str, command: list[str], root: Path, rounds: int,
            resolves: int) -> dict[str, Any]:
    uri = (root / "big.py").as_uri()
    startups = []
    for _ in range(3):
        client = Client(command, root)
        startups.append(initialize(client, root))
        client.close()
    client = Client(command, root)
    initialize(client, root)
    text = thousand_lines("syntax")
    opened = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}})
    if name == "nca":
        client.wait_for("textDocument/publishDiagnostics")  # lint cached, as while typing
    params = _error_params(uri, "syntax")
    for _ in range(20):  # warm-up
        client.request("textDocument/codeAction", params)
    actions = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.request("textDocument/codeAction", params)
        actions.append((time.perf_counter() - started) * 1000)
    result: dict[str, Any] = {
        "name": name, "startup": statistics.median(startups),
        "action_p50": statistics.median(actions),
        "action_p95": sorted(actions)[int(len(actions) * 0.95) - 1]}
    version = 1
    for error in ERRORS:
        params = _error_params(uri, error)
        fixes, resolves_only, diagnostics, titles = [], [], [], set()
        warm = 0
        while warm < 3 or time.perf_counter() - opened < WARM_UP_S:  # the checkers start
            warm += 1
            version += 1
            _change(client, uri, version, thousand_lines(error, version))
            listed = client.request("textDocument/codeAction", params)
            action = next((a for a in listed if a.get("kind") == "quickfix"), None)
            if action is not None:
                client.request("codeAction/resolve", action)
        for _ in range(resolves):
            version += 1
            _change(client, uri, version, thousand_lines(error, version))
            started = time.perf_counter()
            listed = client.request("textDocument/codeAction", params)
            action = next((a for a in listed if a.get("kind") == "quickfix"), None)
            if action is None:
                titles.add("no quick fix listed")
                continue
            before_resolve = time.perf_counter()
            resolved = client.request("codeAction/resolve", action)
            done = time.perf_counter()
            fixes.append((done - started) * 1000)
            resolves_only.append((done - before_resolve) * 1000)
            titles.add(resolved["title"] if resolved.get("edit")
                       else f"no edit: {resolved['title']}")
        for _ in range(resolves):
            version += 1
            started = time.perf_counter()
            _change(client, uri, version, thousand_lines(error, version))
            _wait_diagnostics(client, uri, version, ERRORS[error][0][0] if name == "nca" else None)
            diagnostics.append((time.perf_counter() - started) * 1000)
        result[error] = {
            "fix_p50": statistics.median(fixes) if fixes else float("nan"),
            "resolve_p50": statistics.median(resolves_only) if resolves_only else float("nan"),
            "diagnostics_p50": statistics.median(diagnostics), "titles": sorted(titles)}
    client.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="codeAction requests per server")
    parser.add_argument("--resolves", type=int, default=15,
                        help="changes to a fix, and changes to diagnostics, per error and server")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nca-lsp-speed-") as tmp:
        root = Path(tmp)
        servers = [
            ("trivial pygls", [sys.executable, str(STOCK_SERVER)]),
            ("nca", [sys.executable, "-m", "nca.server", "--no-http", "--log-level", "WARNING"]),
        ]
        results = [measure(name, cmd, root, args.rounds, args.resolves)
                   for name, cmd in servers]
    print(f"1,000-line file; {args.rounds} codeAction requests; per error {args.resolves} "
          "changes to a fix and to diagnostics, each a new version with a new text; raw "
          "JSON-RPC client over stdio")
    print(f"{'server':<15} {'startup ms':>11} {'codeAction p50':>15} {'p95':>7}")
    for r in results:
        print(f"{r['name']:<15} {r['startup']:>11.0f} {r['action_p50']:>15.2f} "
              f"{r['action_p95']:>7.2f}")
    print(f"{'server':<15} {'error':<15} {'change->fix p50 ms':>19} {'(resolve p50)':>14} "
          f"{'change->diagnostics p50 ms':>27}")
    for r in results:
        for error in ERRORS:
            e = r[error]
            print(f"{r['name']:<15} {error:<15} {e['fix_p50']:>19.1f} {e['resolve_p50']:>14.2f} "
                  f"{e['diagnostics_p50']:>27.1f}")
    for r in results:
        for error in ERRORS:
            print(f"{r['name']} {error}: {'; '.join(r[error]['titles'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
