"""The OpenAI-compatible HTTP route beside the language server (aiohttp, same event loop).

``/v1/models``, ``/v1/chat/completions`` and ``/v1/completions``, streamed as server-sent events
or whole, plus ``/health``. Bound to 127.0.0.1 unless told otherwise; an optional bearer token
(required when it listens beyond loopback); no CORS, and Host, Origin and content-type checks
(``nca.server.http_guard``): a web page must not drive a local agent. Every error is an
OpenAI-shaped ``{"error": {...}}``, never a traceback. A client that goes away stops the work:
aiohttp cancels the handler, the reply's cancel flag stops the engine or the repair loop, and
the lifecycle log records it.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from nca.admin.chat import Chat, ChatMessage, find_code
from nca.admin.replies import Reply
from nca.server.http_defaults import DEFAULT_PORT
from nca.server.http_guard import (
    Exposure,
    GuardedRunner,
    http_exception_response,
    internal_error,
    make_guard,
    origins_from_env,
)
from nca.server.openai_schema import (
    ApiError,
    api_error_from,
    chat_chunk,
    chat_response,
    decode_json_body,
    models_list,
    new_id,
    parse_chat_request,
    usage,
    usage_chunk,
)
from nca.workers.core.errors import ConfigError, NcaError

__all__ = [
    "CHAT",
    "DEFAULT_PORT",
    "HttpSettings",
    "SETTINGS",
    "is_loopback",
    "make_app",
    "start_http",
]

log = logging.getLogger(__name__)

CHAT_MODEL, AUTOCOMPLETE_MODEL = "nca", "nca-autocomplete"
DISCONNECTED = "client disconnected"


@dataclass(frozen=True)
class HttpSettings:
    """How the HTTP route behaves; ``api_key`` None means no token is asked for.

    ``origins``: the browser origins allowed to call (``NCA_ORIGINS``; ``*`` allows all);
    ``max_code_bytes``: the most code a chat message may hand the repair loop.
    """

    api_key: str | None = None
    max_body_bytes: int = 8 * 1024 * 1024
    max_concurrent: int = 64  # requests being answered at once; more get 429
    models: tuple[str, ...] = (CHAT_MODEL, AUTOCOMPLETE_MODEL)
    origins: tuple[str, ...] = ()
    max_code_bytes: int = 256 * 1024

    @classmethod
    def from_env(cls, **overrides: Any) -> HttpSettings:
        """Return settings with ``api_key`` from ``NCA_API_KEY`` and ``origins`` from
        ``NCA_ORIGINS`` unless given."""
        overrides.setdefault("api_key", os.environ.get("NCA_API_KEY") or None)
        overrides.setdefault("origins", origins_from_env())
        return cls(**overrides)


SETTINGS = web.AppKey("settings", HttpSettings)
CHAT = web.AppKey("chat", Chat)
_BUSY = web.AppKey("busy", list)  # one-element list: requests in flight
_STARTED = web.AppKey("started", int)
_EXPOSURE = web.AppKey("exposure", Exposure)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def make_app(chat: Chat, settings: HttpSettings | None = None) -> web.Application:
    """Return the aiohttp application serving ``chat`` with ``settings``."""
    settings = settings or HttpSettings.from_env()
    exposure = Exposure()
    # the limit is enforced by the errors middleware, so the 413 body is OpenAI-shaped
    app = web.Application(client_max_size=settings.max_body_bytes,
                          middlewares=[_errors, make_guard(settings.origins, exposure), _auth,
                                       _limit])
    app[SETTINGS] = settings
    app[_EXPOSURE] = exposure
    app[CHAT] = chat
    app[_BUSY] = [0]
    app[_STARTED] = int(time.time())
    app.router.add_get("/health", health)
    app.router.add_get("/v1/models", list_models)
    app.router.add_post("/v1/chat/completions", chat_completions)
    # http_completions imports helpers of this module: imported here, once it is loaded
    from nca.server.http_completions import completions

    app.router.add_post("/v1/completions", completions)
    return app


def is_loopback(host: str) -> bool:
    """Return True when ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def start_http(app: web.Application, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                     *, allow_remote: bool = False) -> tuple[web.AppRunner, int]:
    """Return the started runner and the port it listens on (``port`` 0 picks a free one).

    A ``host`` other machines can reach needs ``allow_remote`` and an API key: the Host check
    cannot hold there (clients name the machine as they like), so the key guards it instead.
    """
    if not is_loopback(host):
        if not allow_remote:
            raise ConfigError(f"refusing to listen on {host}: it is reachable from other "
                              "machines; pass --http-allow-remote to mean it")
        if not app[SETTINGS].api_key:
            raise ConfigError(f"refusing to listen on {host} without an API key: other "
                              "machines can reach it; set NCA_API_KEY (or the editor's token)")
        log.warning("the HTTP API listens on %s: other machines can reach it", host)
        if _EXPOSURE in app:
            app[_EXPOSURE].remote = True
    # handler_cancellation: a disconnect cancels the handler, which stops the work behind it;
    # the guarded runner answers what aiohttp's parser refuses as JSON too
    runner = GuardedRunner(app, access_log=None, handler_cancellation=True)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as err:
        await runner.cleanup()
        raise ConfigError(f"cannot listen on {host}:{port}: {err.strerror}") from None
    actual = runner.addresses[0][1] if runner.addresses else port
    return runner, int(actual)


# --------------------------------------------------------------------------- middlewares


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as err:
        return web.json_response(err.body(), status=err.status)
    except NcaError as err:
        mapped = api_error_from(err)
        return web.json_response(mapped.body(), status=mapped.status)
    except web.HTTPRequestEntityTooLarge:
        return _too_large(request.app[SETTINGS])
    except web.HTTPException as err:
        if err.status < 400:
            raise
        return http_exception_response(request, err)
    except Exception:  # a bug, not the client's doing: logged, never shown
        log.exception("error answering %s %s", request.method, request.path)
        return internal_error()


@web.middleware
async def _auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    key = request.app[SETTINGS].api_key
    # /health answers without the key on loopback only: beyond it, it names the workspace
    if key and (request.path != "/health" or request.app[_EXPOSURE].remote):
        given = request.headers.get("Authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(),
                                                                  key.encode()):
            raise ApiError(401, "missing or wrong API key: send 'Authorization: Bearer <key>' "
                                "with the key set in NCA_API_KEY", "invalid_request_error",
                           "invalid_api_key")
    return await handler(request)


@web.middleware
async def _limit(request: web.Request, handler: Handler) -> web.StreamResponse:
    settings = request.app[SETTINGS]
    if request.content_length is not None and request.content_length > settings.max_body_bytes:
        return _too_large(settings)
    busy = request.app[_BUSY]
    if request.method == "POST" and busy[0] >= settings.max_concurrent:
        raise ApiError(429, f"too many requests at once (limit {settings.max_concurrent}); "
                            "retry shortly", "rate_limit_error", "too_many_requests")
    busy[0] += 1
    try:
        return await handler(request)
    finally:
        busy[0] -= 1


def _too_large(settings: HttpSettings) -> web.Response:
    mib = settings.max_body_bytes / (1024 * 1024)
    body = ApiError(413, f"request body over the limit of {mib:g} MiB",
                    code="request_too_large").body()
    return web.json_response(body, status=413)


# --------------------------------------------------------------------------- routes


async def health(request: web.Request) -> web.Response:
    chat = request.app[CHAT]
    engine = chat.chat_engine()
    return web.json_response({"status": "ok", "chat_engine": engine.id if engine else None,
                              "workspace": str(chat.dispatcher.workspace)})


async def list_models(request: web.Request) -> web.Response:
    return web.json_response(models_list(request.app[SETTINGS].models, request.app[_STARTED]))


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        raw = await request.read()
    except (web.RequestPayloadError, HttpProcessingError) as err:
        # a Content-Encoding the body does not match, a broken chunk, a body cut short
        cause = err.__cause__ if isinstance(err.__cause__, HttpProcessingError) else err
        detail = getattr(cause, "message", "") or str(cause)
        raise ApiError(400, "the request body cannot be read: "
                            f"{detail.strip().splitlines()[0] if detail.strip() else 'broken'}",
                       code="invalid_body") from None
    return decode_json_body(raw)


def _check_code_size(request: web.Request, messages: tuple[ChatMessage, ...]) -> None:
    """Refuse code too big for the repair loop: it would run for minutes, not answer."""
    limit = request.app[SETTINGS].max_code_bytes
    question = next((m.content for m in reversed(messages) if m.role == "user"), "")
    if len(question) <= limit // 4:  # at most 4 bytes a character: under the limit
        return
    code = find_code(question)
    size = len(code.encode("utf-8", "surrogatepass")) if code else 0
    if size > limit:
        raise ApiError(413, f"the code in the message is {size / 1024:,.0f} kB, over the "
                            f"limit of {limit / 1024:g} kB the repair loop takes; send the "
                            "part that fails (the function or the module the error names)",
                       code="code_too_large", param="messages")


def _check_model(request: web.Request, model: str) -> None:
    if model not in request.app[SETTINGS].models:
        known = ", ".join(request.app[SETTINGS].models)
        shown = model if len(model) <= 100 else model[:100] + "..."
        raise ApiError(404, f"the model '{shown}' does not exist; this server has: {known}",
                       "invalid_request_error", "model_not_found", "model")


async def chat_completions(request: web.Request) -> web.StreamResponse:
    req = parse_chat_request(await _body(request), CHAT_MODEL)
    _check_model(request, req.model)
    _check_code_size(request, req.messages)
    chat = request.app[CHAT]
    reply = chat.reply(req.messages, max_tokens=req.max_tokens, temperature=req.temperature,
                       stop=req.stop, cancel=threading.Event(), interrupted=DISCONNECTED)
    prompt = "".join(m.content for m in req.messages)
    if not req.stream:
        text = await _collect(reply)
        return web.json_response(chat_response(req.model, text, reply.finish_reason,
                                               usage(prompt, text)))
    cid, created = new_id("chatcmpl"), int(time.time())

    def first() -> list[dict[str, Any]]:
        return [chat_chunk(cid, req.model, created, role="assistant", content="")]

    def piece(text: str) -> dict[str, Any]:
        return chat_chunk(cid, req.model, created, content=text)

    def last() -> list[dict[str, Any]]:
        out = [chat_chunk(cid, req.model, created, finish_reason=reply.finish_reason)]
        if req.include_usage:
            out.append(usage_chunk(cid, req.model, created, usage(prompt, reply.text)))
        return out

    return await _sse(request, reply, first, piece, last)


# --------------------------------------------------------------------------- streaming


async def _collect(reply: Reply) -> str:
    try:
        async with aclosing(aiter(reply)) as pieces:
            async for _ in pieces:
                pass
    except asyncio.CancelledError:
        reply.abort(DISCONNECTED)
        raise
    return reply.text


def _event(obj: Any) -> bytes:
    return b"data: " + json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"


async def _sse(request: web.Request, reply: Reply,
               first: Callable[[], list[dict[str, Any]]],
               piece: Callable[[str], dict[str, Any]],
               last: Callable[[], list[dict[str, Any]]]) -> web.StreamResponse:
    pieces = aiter(reply)
    try:
        # the first piece before the headers: an engine that fails at once gets a real status
        head = await anext(pieces, None)
    except asyncio.CancelledError:
        reply.abort(DISCONNECTED)
        await _close(pieces)
        raise
    except BaseException:
        await _close(pieces)
        raise
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream; charset=utf-8",
                                       "Cache-Control": "no-cache",
                                       "X-Accel-Buffering": "no"})
    try:
        await resp.prepare(request)
        for obj in first():
            await resp.write(_event(obj))
        if head is not None:
            await resp.write(_event(piece(head)))
            # events that come faster than the client reads are sent together: a write per
            # event costs more than the event (flushed at least every YIELD_EVERY seconds)
            loop = asyncio.get_running_loop()
            pending, flushed = bytearray(), loop.time()
            async for text in _yielding(pieces):
                pending += _event(piece(text))
                if len(pending) >= 16384 or loop.time() - flushed >= YIELD_EVERY:
                    await resp.write(bytes(pending))
                    pending.clear()
                    flushed = loop.time()
            if pending:
                await resp.write(bytes(pending))
        for obj in last():
            await resp.write(_event(obj))
        await resp.write(b"data: [DONE]\n\n")
    except asyncio.CancelledError:
        reply.abort(DISCONNECTED)
        await _close(pieces)
        raise
    except ConnectionError:
        reply.abort(DISCONNECTED)
        await _close(pieces)
        return resp
    except NcaError as err:  # headers are out: the error goes in the stream, as OpenAI does
        await _close(pieces)
        await resp.write(_event(api_error_from(err).body()))
        await resp.write(b"data: [DONE]\n\n")
    finally:
        await _close(pieces)
    await resp.write_eof()
    return resp


#: how long a stream may hold the event loop before it lets others run (seconds)
YIELD_EVERY = 0.0005


async def _yielding(pieces: AsyncIterator[str]) -> AsyncIterator[str]:
    # a write that never waits would hold the loop for a whole stream, and LSP replies share
    # it; yielding after every event costs most of the throughput, so yield by time instead
    loop = asyncio.get_running_loop()
    held_since = loop.time()
    async for text in pieces:
        yield text
        if loop.time() - held_since >= YIELD_EVERY:
            await asyncio.sleep(0)
            held_since = loop.time()


async def _close(pieces: AsyncIterator[str]) -> None:
    close = getattr(pieces, "aclose", None)
    if close is not None:
        try:
            await close()
        except RuntimeError:  # already running or closed: nothing to do
            pass
