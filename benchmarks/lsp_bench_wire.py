"""What ``benchmarks.lsp_diagnostics_speed`` runs besides nca: a JSON-RPC client, a stock pygls
server (the floor), a fake OpenAI-compatible upstream and a chat load generator.

The stock server answers ``codeAction`` with fixed data and echoes one fixed diagnostic on each
change, computing nothing: the cost of pygls and the protocol. Given ``--relay URL`` it also
runs a bare aiohttp relay on its own event loop (``/v1/chat/completions`` streamed from the
upstream chunk by chunk, or a fixed short SSE answer without an upstream): the floor of a
process that serves LSP beside chat streams.

Run as ``python -m benchmarks.lsp_bench_wire upstream PORT_FILE`` (the upstream) or
``... load URL STREAMS SECONDS OUT_FILE`` (chat clients, each posting again once answered).
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

#: a stock pygls server, the floor every LSP benchmark measures nca against
STOCK_SERVER = Path(__file__).with_name("stock_server.py")


class Client:
    """A JSON-RPC client over a server's stdio; a reader thread timestamps every message."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env={**os.environ, **(env or {})})
        self.next_id = 0
        self.inbox: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not length:
                self.inbox.put((time.perf_counter(), {"closed": True}))
                return
            self.inbox.put((time.perf_counter(), json.loads(out.read(length))))

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def next(self, timeout: float = 120) -> tuple[float, dict[str, Any]]:
        at, message = self.inbox.get(timeout=timeout)
        if message.get("closed"):
            raise RuntimeError("the server closed its output:\n" + "".join(self.stderr[-20:]))
        return at, message

    def request(self, method: str, params: Any) -> tuple[float, Any]:
        """Return when the answer arrived and its result."""
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            at, message = self.next()
            if message.get("id") == self.next_id and "method" not in message:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return at, message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def drain(self) -> None:
        while not self.inbox.empty():
            self.inbox.get_nowait()

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except (OSError, RuntimeError, queue.Empty, subprocess.TimeoutExpired):
            self.proc.kill()


def initialize(client: Client, root: Path, options: dict[str, Any] | None = None) -> float:
    """Return milliseconds from process start to the initialize response."""
    at, _ = client.request("initialize", {
        "processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {},
        "initializationOptions": options or {}})
    client.notify("initialized", {})
    return (at - client.started) * 1000


def http_address(client: Client, timeout: float = 60) -> str:
    """Return the ``http://.../v1`` address the server wrote to stderr."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in client.stderr:
            if line.startswith("nca: http://"):
                return line.split()[1]
        time.sleep(0.05)
    raise RuntimeError("no HTTP address:\n" + "".join(client.stderr[-20:]))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


# --------------------------------------------------------------------------- upstream and load

#: the fake upstream's answer: this many chunks, one every CHUNK_EVERY_S (a model's pace)
CHUNKS, CHUNK_EVERY_S = 100, 0.01


async def _upstream(port_file: str) -> None:
    from aiohttp import web

    async def chat(request: web.Request) -> web.StreamResponse:
        await request.read()
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        for i in range(CHUNKS):
            chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                     "choices": [{"index": 0, "delta": {"content": f"t{i} "},
                                  "finish_reason": None}]}
            await resp.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
            await asyncio.sleep(CHUNK_EVERY_S)
        await resp.write(b"data: [DONE]\n\n")
        return resp

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    Path(port_file).write_text(str(runner.addresses[0][1]))
    await asyncio.Event().wait()


async def _load(url: str, streams: int, seconds: float, out_file: str) -> None:
    from aiohttp import ClientSession, ClientTimeout

    body = {"model": "nca", "stream": True,
            "messages": [{"role": "user", "content": "Explain what a closure is."}]}
    counts = {"streams": 0, "events": 0, "errors": 0}
    deadline = time.monotonic() + seconds

    async def one(session: ClientSession) -> None:
        while time.monotonic() < deadline:
            try:
                async with session.post(f"{url}/chat/completions", json=body) as resp:
                    if resp.status != 200:
                        counts["errors"] += 1
                        await asyncio.sleep(0.05)
                        continue
                    async for line in resp.content:
                        if line.startswith(b"data: "):
                            counts["events"] += 1
                counts["streams"] += 1
            except Exception:  # noqa: BLE001 - counted, the load goes on
                counts["errors"] += 1
                await asyncio.sleep(0.05)

    async with ClientSession(timeout=ClientTimeout(total=120)) as session:
        await asyncio.gather(*(one(session) for _ in range(streams)))
    Path(out_file).write_text(json.dumps(counts))


class PacedEngine:
    """A chat engine made in the process that answers at a model's pace without computing:
    blocking ``chat`` (each chunk fetched in a thread, as the built-in model's are)."""

    kind = "model"
    capabilities = frozenset({"chat", "stream"})
    context_length = 8192
    on_call = None

    def __init__(self, engine_id: str) -> None:
        self.id = engine_id

    def health(self) -> Any:
        from nca.workers.core.types import Health

        return Health(True)

    def propose(self, request: object) -> list[Any]:
        return []

    def chat(self, messages: Any, **options: Any) -> Any:
        for i in range(CHUNKS):
            time.sleep(CHUNK_EVERY_S)
            yield f"t{i} "


def serve_nca(args: list[str]) -> int:
    """Run ``nca serve`` with the engine entry ``paced`` (kind transformers) built as a
    PacedEngine: the council's default chat route, a model's pace, no model."""
    from nca.admin import council
    from nca.server.cli import build_parser
    from nca.server.serve import run_serve

    real = council.build_engine

    def build(entry: Any, **kwargs: Any) -> Any:
        return PacedEngine(entry.id) if entry.id == "paced" else real(entry, **kwargs)

    council.build_engine = build
    return run_serve(build_parser().parse_args(["serve", *args]))


def main(argv: list[str]) -> int:
    if argv[0] == "nca":
        return serve_nca(argv[1:])
    if argv[0] == "upstream":
        asyncio.run(_upstream(argv[1]))
    elif argv[0] == "load":
        asyncio.run(_load(argv[1], int(argv[2]), float(argv[3]), argv[4]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
