"""``python -m benchmarks.http_speed``: the cost of nca's OpenAI-compatible route over bare aiohttp.

Both servers run in this process on loopback, measured in the same run with the same raw
aiohttp client: a trivial aiohttp app that answers a fixed chat completion and streams N fixed
SSE events, and nca's ``make_app`` with an engine that yields the same N chunks at once. It
reports non-stream overhead (p50), SSE events per second and time to the first byte; it
asserts nothing.

Client and servers share one event loop, as the streams of ``nca serve``'s HTTP route share
theirs: a baseline stream whose writes never wait holds the loop until it ends, so its first
byte arrives late; nca yields to the loop while it streams.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from aiohttp import ClientSession, web

from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.server.http_api import HttpSettings, make_app, start_http
from nca.workers.core.types import Health
from nca.workers.engines.rules.engine import RulesEngine

BODY = {"model": "nca", "messages": [{"role": "user", "content": "one"}]}
STREAM = {"model": "nca", "stream": True, "messages": [{"role": "user", "content": "many"}]}


class FixedEngine:
    """A chat engine that answers "one" with one chunk, anything else with ``count`` chunks."""

    id, kind = "fixed", "model"
    capabilities = frozenset({"chat", "stream"})

    def __init__(self, count: int) -> None:
        self.count = count

    def health(self) -> Health:
        return Health(True)

    def propose(self, request: object) -> list:
        return []

    async def achat(self, messages, *, max_tokens=None, temperature=None, stop=(), cancel=None):
        if messages[-1]["content"] == "one":
            yield "ok"
            return
        for i in range(self.count):
            yield f"t{i} "


def trivial_app(count: int) -> web.Application:
    """Return the baseline: a fixed answer, and a loop of fixed SSE writes."""
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"},
                           "finish_reason": "stop"}]}

    async def chat(request: web.Request) -> web.StreamResponse:
        body = await request.json()
        if not body.get("stream"):
            return web.json_response(answer)
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        for i in range(count):
            chunk = {"choices": [{"index": 0, "delta": {"content": f"t{i} "}}]}
            await resp.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
        await resp.write(b"data: [DONE]\n\n")
        return resp

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    return app


async def measure(base: str, rounds: int) -> dict[str, float]:
    """Return p50 non-stream latency, SSE events/s and p50 first-byte time for one server."""
    url = f"{base}/v1/chat/completions"
    whole, first, rates = [], [], []
    async with ClientSession() as http:
        for _ in range(10):  # warm up connections and caches
            async with http.post(url, json=BODY) as r:
                await r.read()
        for _ in range(rounds):
            t = time.perf_counter()
            async with http.post(url, json=BODY) as r:
                await r.read()
            whole.append(time.perf_counter() - t)
        for _ in range(max(3, rounds // 20)):
            t = time.perf_counter()
            events = 0
            async with http.post(url, json=STREAM) as r:
                async for line in r.content:
                    if line.startswith(b"data: "):
                        if not events:
                            first.append(time.perf_counter() - t)
                        events += 1
            rates.append(events / (time.perf_counter() - t))
    return {"p50_ms": statistics.median(whole) * 1000, "events_per_s": statistics.median(rates),
            "first_byte_ms": statistics.median(first) * 1000}


async def run(rounds: int, events: int) -> tuple[dict[str, float], dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        dispatcher = Dispatcher(Path(tmp), council=Council(
            [RulesEngine(), FixedEngine(events)], {"fix": ("rules",), "chat": ("fixed",)}),
            origin="http", record=False)
        ours_runner, ours_port = await start_http(make_app(dispatcher, HttpSettings()),
                                                  "127.0.0.1", 0)
        base_runner, base_port = await start_http_plain(trivial_app(events))
        try:
            baseline = await measure(f"http://127.0.0.1:{base_port}", rounds)
            ours = await measure(f"http://127.0.0.1:{ours_port}", rounds)
        finally:
            await ours_runner.cleanup()
            await base_runner.cleanup()
    return baseline, ours


async def start_http_plain(app: web.Application) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, int(runner.addresses[0][1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.http_speed")
    parser.add_argument("--rounds", type=int, default=300, help="non-stream requests per server")
    parser.add_argument("--events", type=int, default=2000, help="SSE events per stream")
    args = parser.parse_args(argv)
    baseline, ours = asyncio.run(run(args.rounds, args.events))
    print(f"{'':28}{'aiohttp':>12}{'nca':>12}{'nca/aiohttp':>14}")
    for key, label in (("p50_ms", "non-stream p50 (ms)"), ("events_per_s", "SSE events/s"),
                       ("first_byte_ms", "first SSE byte p50 (ms)")):
        ratio = ours[key] / baseline[key] if baseline[key] else float("nan")
        print(f"{label:28}{baseline[key]:>12.2f}{ours[key]:>12.2f}{ratio:>14.2f}")
    print(f"overhead per non-stream request: {ours['p50_ms'] - baseline['p50_ms']:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
