"""Fixtures shared by the unit tests of engines, council, dispatcher and doctor.

``tiny_model_dir``: a tiny random Llama model with a chat template and FIM markers, built
locally (no download). ``upstream``: a scripted OpenAI-compatible server, a real aiohttp
server on 127.0.0.1 whose answers each test sets.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding a tiny random Llama model and its tokenizer."""
    pytest.importorskip("torch", reason="the models extra is not installed")
    pytest.importorskip("transformers", reason="the models extra is not installed")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from benchmarks.tiny_model import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


def closed_port() -> int:
    """Return a local port nothing listens on (connections to it are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ScriptedUpstream:
    """A scripted upstream: an OpenAI-compatible HTTP server whose behaviour a test sets.

    ``mode``: ok, html, garbage, half (a stream that stops before [DONE]), error500 (always),
    error500_once, drop_once (closes the connection without answering, once), slow.
    ``answers``: chat answers handed out in turn (the last one repeats).
    """

    mode: str = "ok"
    answers: list[str] = field(default_factory=lambda: ["Hello from the upstream."])
    delay: float = 0.0
    chunk_delay: float = 0.0  # seconds between streamed pieces
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0
    _served: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> None:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        assert ready.wait(10), "the scripted upstream did not start"

    def stop(self) -> None:
        future = asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop)
        future.result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self, ready: threading.Event) -> None:
        from aiohttp import web

        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/completions", self._completion)
        app.router.add_get("/v1/models", self._models)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        ready.set()
        self._loop.run_forever()

    def _next_answer(self) -> str:
        answer = self.answers[min(self._served, len(self.answers) - 1)]
        self._served += 1
        return answer

    async def _models(self, request: Any) -> Any:
        from aiohttp import web

        return web.json_response({"object": "list", "data": [{"id": "scripted"}]})

    async def _chat(self, request: Any) -> Any:
        body = await request.json()
        self.requests.append({"path": request.path, "body": body,
                              "auth": request.headers.get("Authorization")})
        return await self._answer(request, body, self._next_answer(), chat=True)

    async def _completion(self, request: Any) -> Any:
        body = await request.json()
        self.requests.append({"path": request.path, "body": body,
                              "auth": request.headers.get("Authorization")})
        text = f"[infill between {body['prompt']!r} and {body.get('suffix')!r}]"
        return await self._answer(request, body, text, chat=False)

    async def _answer(self, request: Any, body: dict[str, Any], text: str, chat: bool) -> Any:
        from aiohttp import web

        mode = self.mode
        first = len(self.requests) == 1
        if mode == "slow" or self.delay:
            await asyncio.sleep(self.delay or 5)
        if mode == "error500" or (mode == "error500_once" and first):
            return web.json_response({"error": {"message": "model crashed"}}, status=500)
        if mode == "drop_once" and first:
            request.transport.close()
            return web.Response()
        if mode == "html":
            return web.Response(text="<!DOCTYPE html><html><body>Welcome to nginx</body></html>",
                                content_type="text/html")
        if mode == "garbage":
            return web.Response(text="this is not json {", content_type="application/json")
        if not body.get("stream"):
            choice = ({"index": 0, "message": {"role": "assistant", "content": text},
                       "finish_reason": "stop"} if chat
                      else {"index": 0, "text": text, "finish_reason": "stop"})
            return web.json_response({"id": "x", "choices": [choice],
                                      "usage": {"prompt_tokens": 11, "completion_tokens": 7}})
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        words = text.split(" ")
        pieces = [w + (" " if n < len(words) - 1 else "") for n, w in enumerate(words)]
        if mode == "half":
            pieces = pieces[: max(1, len(pieces) // 2)]
        for piece in pieces:
            delta = {"delta": {"content": piece}} if chat else {"text": piece}
            event = {"id": "x", "choices": [{"index": 0, **delta, "finish_reason": None}]}
            await resp.write(f"data: {json.dumps(event)}\n\n".encode())
            if self.chunk_delay:
                await asyncio.sleep(self.chunk_delay)
        if mode == "half":
            return resp  # ends without a finish_reason or [DONE]
        end = {"delta": {}} if chat else {"text": ""}
        await resp.write(("data: " + json.dumps(
            {"id": "x", "choices": [{"index": 0, **end, "finish_reason": "stop"}]})
            + "\n\n").encode())
        await resp.write(("data: " + json.dumps(
            {"id": "x", "choices": [], "usage": {"prompt_tokens": 11,
                                                 "completion_tokens": len(pieces)}})
            + "\n\n").encode())
        await resp.write(b"data: [DONE]\n\n")
        return resp


@pytest.fixture()
def upstream() -> Iterator[ScriptedUpstream]:
    """Return a running scripted upstream (a real local server), stopped after the test."""
    pytest.importorskip("aiohttp")
    server = ScriptedUpstream()
    server.start()
    yield server
    server.stop()
