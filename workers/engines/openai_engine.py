"""The openai engine: any OpenAI-compatible upstream (vLLM, TGI, Ollama, llama.cpp server).

Chat goes to ``{base_url}/chat/completions`` and fill-in-the-middle to ``{base_url}/completions``
(with ``suffix``), streamed as server-sent events or not. A connection error or a 5xx is
retried once; an answer that is HTML, not JSON, or a stream that ends before ``[DONE]`` is an
EngineError that says what came back.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any
from urllib.parse import urlparse

from nca.workers.core.errors import EngineError
from nca.workers.core.types import Health
from nca.workers.engines.base import (
    CAPABILITIES,
    CancelFlag,
    Message,
    ModelEngine,
    OnCall,
    iterate,
)
from nca.workers.engines.infill import InfillCut

__all__ = ["OpenAIEngine"]

#: a failed upstream is reported unhealthy for this long, so routing skips it
DOWN_FOR_S = 30.0


class OpenAIEngine(ModelEngine):
    """A model behind an OpenAI-compatible HTTP API."""

    kind = "openai"
    capabilities = CAPABILITIES

    def __init__(self, engine_id: str, base_url: str, *, model: str = "default",
                 api_key_env: str | None = None, timeout: float = 60.0,
                 context_length: int = 8192, contract: str = "", on_call: OnCall | None = None,
                 max_tokens: int = 512, temperature: float = 0.0, retries: int = 1,
                 retry_delay: float = 0.2) -> None:
        super().__init__(engine_id, contract=contract, on_call=on_call, max_tokens=max_tokens,
                         temperature=temperature)
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key_env = api_key_env
        self.timeout = timeout
        self.context_length = context_length
        self.retries = retries
        self.retry_delay = retry_delay
        self._down: tuple[float, str] | None = None  # (when, why) of the last connection failure

    # ------------------------------------------------------------------ health

    def health(self) -> Health:
        """Return whether the upstream is usable: URL, key, aiohttp, and no recent failure."""
        url = urlparse(self.base_url)
        if url.scheme not in ("http", "https") or not url.netloc:
            return Health(False, f"base_url {self.base_url!r} is not an http(s) URL: set "
                                 f"base_url in the [[nca.engines]] entry {self.id!r}")
        if self.api_key_env and not os.environ.get(self.api_key_env):
            return Health(False, f"{self.api_key_env} is not set: export {self.api_key_env}=<key>")
        try:
            import aiohttp  # noqa: F401
        except ImportError:
            return Health(False, "aiohttp not installed: pip install aiohttp")
        if self._down is not None:
            when, why = self._down
            if time.monotonic() - when < DOWN_FOR_S:
                return Health(False, f"{self.base_url} unreachable: {why} (start the server "
                                     "or fix base_url)")
            self._down = None
        return Health(True, f"{self.base_url} model {self.model}")

    async def probe(self) -> Health:
        """Return the health after asking ``{base_url}/models`` (doctor uses it)."""
        # aiohttp costs ~0.3 s to import: loaded when an upstream is first asked
        import aiohttp

        static = self.health()
        if not static.healthy:
            return static
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=min(
                    self.timeout, 5.0))) as session:
                async with session.get(f"{self.base_url}/models",
                                       headers=self._headers()) as resp:
                    if resp.status in (401, 403):
                        return Health(False, f"{self.base_url} refused the key (HTTP "
                                             f"{resp.status}): check {self.api_key_env or 'the key'}")
                    if resp.status >= 500:
                        return Health(False, f"{self.base_url} answers HTTP {resp.status}")
        except (TimeoutError, aiohttp.ClientError, OSError) as err:
            self._mark_down(err)
            return Health(False, f"{self.base_url} unreachable: {_describe(err)} (start the "
                                 "server or fix base_url)")
        return Health(True, f"{self.base_url} model {self.model}")

    def _mark_down(self, err: BaseException) -> None:
        self._down = (time.monotonic(), _describe(err))

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json, text/event-stream"}
        key = os.environ.get(self.api_key_env) if self.api_key_env else None
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    # ------------------------------------------------------------------ chat and completion

    def chat(self, messages: Sequence[Message], *, max_tokens: int | None = None,
             temperature: float | None = None, stop: Sequence[str] = (),
             cancel: CancelFlag | None = None, stream: bool = True) -> Iterator[str]:
        """Return an iterator of the answer's text chunks."""
        return iterate(lambda: self.achat(messages, max_tokens=max_tokens,
                                          temperature=temperature, stop=stop, cancel=cancel,
                                          stream=stream), cancel)

    async def achat(self, messages: Sequence[Message], *, max_tokens: int | None = None,
                    temperature: float | None = None, stop: Sequence[str] = (),
                    cancel: CancelFlag | None = None,
                    stream: bool = True) -> AsyncIterator[str]:
        """Return an async iterator of the answer's text chunks (SSE when ``stream``)."""
        body = self._body(max_tokens, temperature, stop, stream)
        body["messages"] = [dict(m) for m in messages]
        async for chunk in self._request("/chat/completions", body, stream, cancel):
            yield chunk

    def complete(self, prompt: str, *, suffix: str | None = None, max_tokens: int | None = None,
                 temperature: float | None = None, stop: Sequence[str] = (),
                 cancel: CancelFlag | None = None, stream: bool = True) -> Iterator[str]:
        """Return an iterator of the completion between ``prompt`` and ``suffix``."""
        return iterate(lambda: self.acomplete(prompt, suffix=suffix, max_tokens=max_tokens,
                                              temperature=temperature, stop=stop,
                                              cancel=cancel, stream=stream), cancel)

    async def acomplete(self, prompt: str, *, suffix: str | None = None,
                        max_tokens: int | None = None, temperature: float | None = None,
                        stop: Sequence[str] = (), cancel: CancelFlag | None = None,
                        stream: bool = True) -> AsyncIterator[str]:
        """Return an async iterator of the completion's text chunks."""
        body = self._body(max_tokens, temperature, stop, stream)
        body["prompt"] = prompt
        if suffix is None:
            async for chunk in self._request("/completions", body, stream, cancel):
                yield chunk
            return
        body["suffix"] = suffix
        # an upstream that ignores ``suffix`` writes on past the cursor: cut where it repeats
        # the code after it (an upstream that honours it never does)
        cut = InfillCut(prompt, suffix, lines=False)
        async for chunk in self._request("/completions", body, stream, cancel):
            shown = cut.feed(chunk)
            if shown:
                yield shown
            if cut.done:
                return
        rest = cut.feed("", final=True)
        if rest:
            yield rest

    def _body(self, max_tokens: int | None, temperature: float | None, stop: Sequence[str],
              stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": max_tokens or self.max_tokens,
            "temperature": self.temperature if temperature is None else temperature,
            "stream": stream,
        }
        if stop:
            body["stop"] = list(stop)
        if stream:
            body["stream_options"] = {"include_usage": True}
        return body

    async def _request(self, route: str, body: dict[str, Any], stream: bool,
                       cancel: CancelFlag | None) -> AsyncIterator[str]:
        # aiohttp costs ~0.3 s to import: loaded when an upstream is first asked (asyncio
        # runs already here; importing it at module level would cost every CLI run)
        import asyncio

        import aiohttp

        started = time.perf_counter()
        usage: dict[str, int] = {}
        produced = 0
        outcome = "ok"
        url = self.base_url + route
        try:
            timeout = aiohttp.ClientTimeout(total=None, connect=min(self.timeout, 10.0),
                                            sock_read=self.timeout)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                resp = await self._post(session, url, body)
                async with resp:
                    if stream and resp.content_type == "text/event-stream":
                        chunks = _sse_chunks(resp, url, usage)
                    else:
                        chunks = _json_chunks(resp, url, usage)
                    async for chunk in chunks:
                        if cancel is not None and cancel.is_set():
                            outcome = "cancelled"
                            return
                        produced += 1
                        yield chunk
        except TimeoutError:
            outcome = "error: timeout"
            raise EngineError(f"engine {self.id}: {url} did not answer within {self.timeout} s",
                              "raise timeout in the engine's config or check the server") from None
        except aiohttp.ClientError as err:
            outcome = f"error: {type(err).__name__}"
            self._mark_down(err)
            raise EngineError(f"engine {self.id}: {url} failed: {_describe(err)}",
                              "start the server or fix base_url") from None
        except (GeneratorExit, asyncio.CancelledError):
            outcome = "cancelled"
            raise
        except EngineError as err:
            outcome = f"error: {err}"[:200]
            raise
        finally:
            self._called(usage.get("prompt_tokens", 0),
                         usage.get("completion_tokens", produced), started, outcome)

    async def _post(self, session: Any, url: str, body: dict[str, Any]) -> Any:
        """Return the response to a POST, retrying once on a connection error or a 5xx."""
        # aiohttp costs ~0.3 s to import: loaded when an upstream is first asked
        import asyncio

        import aiohttp

        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                resp = await session.post(url, json=body, headers=self._headers())
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError):
                if last:
                    raise
                await asyncio.sleep(self.retry_delay)
                continue
            if resp.status >= 500 and not last:
                resp.release()
                await asyncio.sleep(self.retry_delay)
                continue
            if resp.status >= 400:
                detail = _error_detail(await resp.text())
                resp.release()
                if resp.status >= 500:
                    self._down = (time.monotonic(), f"HTTP {resp.status}")
                fix = ("check api_key_env" if resp.status in (401, 403)
                       else "check model and base_url" if resp.status in (404, 400)
                       else "the upstream failed; see its log")
                raise EngineError(f"engine {self.id}: {url} answered HTTP {resp.status}: "
                                  f"{detail}", fix)
            return resp
        raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------- answers


async def _json_chunks(resp: Any, url: str, usage: dict[str, int]) -> AsyncIterator[str]:
    raw = await resp.text()
    data = _parse_json(raw, url)
    usage.update(_usage(data))
    text = _choice_text(data, url)
    if text:
        yield text


async def _sse_chunks(resp: Any, url: str, usage: dict[str, int]) -> AsyncIterator[str]:
    """Yield the text of an upstream's server-sent events: the pieces of one network read
    joined (under load several events arrive together, and each yield costs the event loop
    a step through every generator above this one)."""
    finished = False
    buffer = b""
    async for raw in resp.content.iter_any():
        lines = (buffer + raw).split(b"\n")
        buffer = lines.pop()  # the start of a line still coming
        pieces: list[str] = []
        for line in lines:
            text = line.decode("utf-8", "replace").strip()
            if not text.startswith("data:"):
                continue  # comments, event names, blank separators
            payload = text[5:].strip()
            if payload == "[DONE]":
                if pieces:
                    yield "".join(pieces)
                return
            data = _parse_json(payload, url)
            usage.update(_usage(data))
            choices = data.get("choices") or []
            if choices and choices[0].get("finish_reason"):
                finished = True
            piece = _delta_text(choices)
            if piece:
                pieces.append(piece)
        if pieces:
            yield "".join(pieces)
    if not finished:
        raise EngineError(f"{url}: the stream ended before the answer did (no [DONE])",
                          "the upstream dropped the connection; retry or check its log")


def _parse_json(raw: str, url: str) -> dict[str, Any]:
    head = raw.lstrip()[:200]
    if head.lower().startswith(("<!doctype", "<html", "<")):
        raise EngineError(f"{url} answered with HTML, not JSON: {head[:80]!r}",
                          "base_url must end at the API root, e.g. http://host:8000/v1")
    try:
        data = json.loads(raw)
    except ValueError:
        raise EngineError(f"{url} answered with something that is not JSON: {head[:80]!r}",
                          "check that base_url points at an OpenAI-compatible API") from None
    if not isinstance(data, dict):
        raise EngineError(f"{url} answered JSON that is not an object: {head[:80]!r}")
    if "error" in data:
        raise EngineError(f"{url} answered an error: {_error_detail(raw)}")
    return data


def _choice_text(data: dict[str, Any], url: str) -> str:
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices:
        raise EngineError(f"{url} answered without choices",
                          "check that base_url points at an OpenAI-compatible API")
    first = choices[0]
    message = first.get("message") or {}
    text = message.get("content") if isinstance(message, dict) else None
    if text is None:
        text = first.get("text")
    return str(text or "")


def _delta_text(choices: list[Any]) -> str:
    if not choices:
        return ""  # the usage chunk at the end carries no choices
    first = choices[0]
    delta = first.get("delta")
    if isinstance(delta, dict):
        return str(delta.get("content") or "")
    return str(first.get("text") or "")


def _usage(data: dict[str, Any]) -> dict[str, int]:
    usage = data.get("usage")
    if not isinstance(usage, dict):
        return {}
    return {k: int(v) for k, v in usage.items() if k in ("prompt_tokens", "completion_tokens")
            and isinstance(v, int)}


def _error_detail(raw: str) -> str:
    try:
        data = json.loads(raw)
        err = data.get("error", data) if isinstance(data, dict) else data
        message = err.get("message", err) if isinstance(err, dict) else err
        return str(message)[:200]
    except ValueError:
        text = raw.strip()
        return ("an HTML page" if text.lower().startswith(("<!doctype", "<html"))
                else text[:200] or "no body")


def _describe(err: BaseException) -> str:
    return str(err) or type(err).__name__
