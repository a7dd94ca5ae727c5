"""Property-based fuzzing of the language server over a real stdio connection.

Random JSON-RPC messages (methods the server knows and does not, params that half fit, odd
ids, garbage bodies) go to ``python -m nca.server``; after each one the server must still
answer a follow-up request, stay alive, and no reply may carry a Python traceback.

``NCA_FUZZ_EXAMPLES`` sets how many messages (default 100); ``NCA_FUZZ_LOG=FILE`` keeps the
servers' logs there. ``exit`` is never sent (it ends the server by design); after
``shutdown`` a fresh server takes over.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.lsp_wire_helpers import StdioServer, has_traceback, initialize_params

pytestmark = pytest.mark.e2e

EXAMPLES = int(os.environ.get("NCA_FUZZ_EXAMPLES", "100"))

METHODS = [
    "initialize", "initialized", "shutdown", "textDocument/didOpen", "textDocument/didChange",
    "textDocument/didSave", "textDocument/didClose", "textDocument/codeAction",
    "codeAction/resolve", "workspace/executeCommand", "workspace/didChangeConfiguration",
    "workspace/didChangeWorkspaceFolders", "$/cancelRequest", "$/setTrace",
    "window/workDoneProgress/cancel", "textDocument/hover", "textDocument/completion",
    "workspace/symbol", "nca/unknown",
]
COMMANDS = ["nca.fixFile", "nca.fixWorkspace", "nca.runTests", "nca.debugLog",
            "nca.listBackups", "nca.restoreBackup", "nca.recordBackup", "nca.cleanWorkspace",
            "nca.showMemory", "nca.httpAddress", "nca.noSuchCommand"]
#: keys that would let a random settings object choose a program to run: never generated
BANNED_KEYS = {"tests", "check", "nca.tests.command", "nca.check.command", "tests.command",
               "check.command", "engines", "engines.file", "enginesFile", "nca.engines.file"}
LSP_KEYS = ["textDocument", "uri", "range", "start", "end", "line", "character", "position",
            "context", "diagnostics", "command", "arguments", "text", "version", "languageId",
            "contentChanges", "settings", "id", "data", "title", "only", "message", "token",
            "event", "added", "removed", "name", "value", "nca", "trusted", "action"]


def uris(root: Path) -> st.SearchStrategy[str]:
    inside = [(root / n).as_uri() for n in ("a.py", "b.py", "pkg/c.py", "missing.py")]
    odd = ["untitled:Untitled-1", "file:///etc/passwd", (root.parent / "x.py").as_uri(),
           "../outside.py", "a.py", "file:///%00", "file://", "", "file:///" + "a" * 300,
           (root / "sub" / ".." / ".." / "y.py").as_uri(), "http://example.invalid/a.py"]
    return st.sampled_from(inside + odd) | st.text(max_size=30)


leaves = (st.none() | st.booleans() | st.integers(-2**40, 2**40)
          | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20))
keys = st.sampled_from(LSP_KEYS) | st.text(max_size=8).filter(lambda k: k not in BANNED_KEYS)
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=12)


def params(root: Path) -> st.SearchStrategy[Any]:
    number = st.integers(-3, 10**6) | st.just(2**31)
    position = st.fixed_dictionaries({"line": number, "character": number})
    rng = st.fixed_dictionaries({"start": position, "end": position})
    diagnostic = st.fixed_dictionaries(
        {"range": rng, "message": st.text(max_size=40)},
        optional={"code": st.text(max_size=6) | st.integers(), "source": st.text(max_size=8),
                  "severity": st.integers(0, 5)})
    document = st.fixed_dictionaries(
        {"uri": uris(root)}, optional={"version": number, "languageId": st.just("python"),
                                       "text": st.text(max_size=200)})
    structured = st.fixed_dictionaries({}, optional={
        "textDocument": document,
        "range": rng,
        "position": position,
        "context": st.fixed_dictionaries({"diagnostics": st.lists(diagnostic, max_size=2)},
                                         optional={"only": st.lists(st.text(max_size=20),
                                                                    max_size=2)}),
        "contentChanges": st.lists(st.fixed_dictionaries(
            {"text": st.text(max_size=80)}, optional={"range": rng}), max_size=2),
        "command": st.sampled_from(COMMANDS) | st.text(max_size=12),
        "arguments": st.lists(uris(root) | values, max_size=3),
        "settings": values,
        "id": st.integers() | st.text(max_size=6),
        "data": values | st.fixed_dictionaries({"uri": uris(root), "version": number},
                                              optional={"action": st.sampled_from(
                                                  ["fixAll", "clean", "remove", "x"]),
                                                  "diagnostic": diagnostic}),
        "title": st.text(max_size=10),
        "token": st.text(max_size=10),
        "trusted": st.booleans(),
    })
    return structured | values


ids = (st.integers(-2**31, 2**31) | st.text(max_size=10).filter(lambda s: "probe" not in s)
       | st.none() | st.floats(allow_nan=False, allow_infinity=False)
       | st.lists(st.integers(), max_size=2))


@st.composite
def wellformed(draw: st.DrawFn, root: Path) -> dict[str, Any]:
    """Return a message whose shape fits its method, with random values in it."""
    number = st.integers(0, 40) | st.integers(-2, 2**31)
    position = st.fixed_dictionaries({"line": number, "character": number})
    rng = st.fixed_dictionaries({"start": position, "end": position})
    diagnostic = st.fixed_dictionaries({"range": rng, "message": st.text(max_size=40)},
                                       optional={"code": st.text(max_size=6),
                                                 "source": st.text(max_size=8)})
    uri = draw(uris(root))
    version = draw(st.integers(-1, 5))
    method, params = draw(st.sampled_from([
        ("workspace/executeCommand", st.fixed_dictionaries({
            "command": st.sampled_from(COMMANDS),
            "arguments": st.lists(uris(root) | values, max_size=3)})),
        ("textDocument/didOpen", st.fixed_dictionaries({"textDocument": st.fixed_dictionaries({
            "uri": st.just(uri), "languageId": st.just("python"), "version": st.just(version),
            "text": st.text(max_size=200) | st.sampled_from(SOURCES)})})),
        ("textDocument/didChange", st.fixed_dictionaries({
            "textDocument": st.fixed_dictionaries({"uri": st.just(uri),
                                                   "version": st.just(version)}),
            "contentChanges": st.lists(st.fixed_dictionaries(
                {"text": st.text(max_size=80)}, optional={"range": rng}), max_size=2)})),
        ("textDocument/codeAction", st.fixed_dictionaries({
            "textDocument": st.fixed_dictionaries({"uri": st.just(uri)}), "range": rng,
            "context": st.fixed_dictionaries({"diagnostics": st.lists(diagnostic, max_size=2)},
                                             optional={"only": st.lists(st.sampled_from(
                                                 ["quickfix", "source.fixAll.nca",
                                                  "source.removeDeadCode.nca", "x"]),
                                                 max_size=2)})})),
        ("codeAction/resolve", st.fixed_dictionaries({
            "title": st.text(max_size=10),
            "data": st.fixed_dictionaries({"uri": st.just(uri), "version": st.just(version)},
                                          optional={"action": st.sampled_from(
                                              ["fixAll", "clean", "remove", "x"]),
                                              "diagnostic": diagnostic | values,
                                              "finding": values})})),
        ("workspace/didChangeConfiguration", st.fixed_dictionaries({"settings": values})),
        ("textDocument/didSave", st.fixed_dictionaries({
            "textDocument": st.fixed_dictionaries({"uri": st.just(uri)})})),
        ("textDocument/didClose", st.fixed_dictionaries({
            "textDocument": st.fixed_dictionaries({"uri": st.just(uri)})})),
        ("$/cancelRequest", st.fixed_dictionaries({"id": st.integers(0, 5) | st.text(max_size=4)})),
    ]))
    body: dict[str, Any] = {"method": method, "params": draw(params)}
    if not method.startswith(("textDocument/did", "workspace/didChange", "$/")):
        body["id"] = draw(st.integers(0, 2**31) | st.text(max_size=8).filter(
            lambda s: "probe" not in s))
    return body


SOURCES = ["def total(items)\n    return sum(items)\n", "import os\nimport sys\nprint(sys)\n",
           "def f():\n    return json.dumps(1)\n", "x = (\n", "\0\1 binary", "x = 1\n" * 50]


@st.composite
def messages(draw: st.DrawFn, root: Path) -> bytes | dict[str, Any]:
    kind = draw(st.sampled_from(["request", "request", "notification", "garbage", "response",
                                 "wellformed", "wellformed", "wellformed"]))
    if kind == "wellformed":
        return draw(wellformed(root))
    if kind == "garbage":
        return draw(st.binary(max_size=60) | st.sampled_from(
            [b"[]", b"1", b'"x"', b"{}", b'{"jsonrpc": "1.0", "id": 1, "method": "x"}']))
    method = draw(st.sampled_from(METHODS) | st.text(max_size=20))
    body: dict[str, Any] = {"method": method}
    if draw(st.booleans()):
        body["params"] = draw(params(root))
    if kind == "request":
        body["id"] = draw(ids)
    elif kind == "response":
        body = {"id": draw(ids), "result": draw(values)}
    return body


def workspace(root: Path) -> Path:
    root.mkdir()
    (root / "pkg").mkdir()
    (root / "a.py").write_text("import os\n\ndef total(items)\n    return sum(items)\n")
    (root / "b.py").write_text("def load(path):\n    return json.load(open(path))\n")
    (root / "pkg" / "c.py").write_text("x = 1\n")
    return root


class Fuzzed:
    """One server at a time; a new one after a fuzzed shutdown."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.server: StdioServer | None = None
        self.probes = 0
        self.start()

    def start(self) -> None:
        self.server = StdioServer(self.root)
        quick = f"{sys.executable} -c pass"
        answer = self.server.client.request("init", "initialize", initialize_params(
            self.root, nca={"tests": {"command": quick}, "check": {"timeout": 5}}), timeout=60)
        assert "result" in answer
        self.server.client.notify("initialized", {})

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            if os.environ.get("NCA_FUZZ_LOG"):
                with open(os.environ["NCA_FUZZ_LOG"], "a", encoding="utf-8") as log:
                    log.write(self.server.stderr)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    running = Fuzzed(workspace(tmp_path_factory.mktemp("fuzz") / "ws"))
    yield running
    running.stop()


def test_random_messages_never_break_the_server(fuzzed: Fuzzed) -> None:
    root = fuzzed.root

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(message=messages(root))
    def one(message: bytes | dict[str, Any]) -> None:
        server = fuzzed.server
        assert server is not None
        client = server.client
        seen = len(client.raw)
        client.send(message)
        fuzzed.probes += 1
        probe = f"probe-{fuzzed.probes}"
        answer = client.request(probe, "textDocument/codeAction", {
            "textDocument": {"uri": (root / "a.py").as_uri()},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []}}, timeout=60)
        assert "result" in answer or answer["error"]["code"] in (-32600, -32002), answer
        assert server.alive(), server.stderr[-3000:]
        replies = client.raw[seen:]
        assert not any(has_traceback(raw) for raw in replies), [
            r for r in replies if has_traceback(r)]
        if isinstance(message, dict) and message.get("method") == "shutdown" \
                and "id" in message and answer.get("error", {}).get("code") == -32600:
            fuzzed.stop()  # a shut-down server answers nothing but errors: take a new one
            fuzzed.start()

    one()
