"""The OpenAI-compatible HTTP route beside the language server (aiohttp, same process).

``/v1/models``, ``/v1/chat/completions`` and ``/v1/completions``, streamed as server-sent events
or whole, plus ``/health``. Bound to 127.0.0.1 unless told otherwise; an optional bearer token
(required when it listens beyond loopback); no CORS, and Host, Origin and content-type checks
(``nca.server.http_guard``): a web page must not drive a local agent. Every error is an
OpenAI-shaped ``{"error": {...}}``, never a traceback. A client that goes away stops the work:
aiohttp cancels the handler, the reply's cancel flag stops the engine or the repair loop, and
the lifecycle log records it.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from nca.admin.replies import ChatMessage
from nca.server.http_completions import completions
from nca.server.http_defaults import DEFAULT_PORT
from nca.server.http_guard import (
    Exposure,
    GuardedRunner,
    http_exception_response,
    internal_error,
    make_guard,
)
from nca.server.http_request import (
    CHAT_MODEL,
    DISPATCHER,
    SETTINGS,
    HttpSettings,
    check_model,
    dispatcher_of,
    read_body,
)
from nca.server.http_stream import DISCONNECTED, collect, sse
from nca.server.openai_schema import (
    ApiError,
    api_error_from,
    chat_chunk,
    chat_response,
    models_list,
    new_id,
    parse_chat_request,
    usage,
    usage_chunk,
)
from nca.workers.core.errors import ConfigError, NcaError

if TYPE_CHECKING:
    from nca.admin.dispatcher import Dispatcher

__all__ = [
    "DEFAULT_PORT",
    "DISPATCHER",
    "HttpSettings",
    "SETTINGS",
    "is_loopback",
    "make_app",
    "start_http",
]

log = logging.getLogger(__name__)

_BUSY = web.AppKey("busy", list)  # one-element list: requests in flight
_STARTED = web.AppKey("started", int)
_EXPOSURE = web.AppKey("exposure", Exposure)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def make_app(dispatcher: Dispatcher | Callable[[], Dispatcher],
             settings: HttpSettings | None = None) -> web.Application:
    """Return the aiohttp application answering through ``dispatcher`` with ``settings``.

    ``dispatcher`` may be a callable that returns it, asked once a request.
    """
    settings = settings or HttpSettings.from_env()
    exposure = Exposure()
    # the limit is enforced by the errors middleware, so the 413 body is OpenAI-shaped
    app = web.Application(client_max_size=settings.max_body_bytes,
                          middlewares=[_errors, make_guard(settings.origins, exposure), _auth,
                                       _limit])
    app[SETTINGS] = settings
    app[_EXPOSURE] = exposure
    app[DISPATCHER] = dispatcher if callable(dispatcher) else (lambda: dispatcher)
    app[_BUSY] = [0]
    app[_STARTED] = int(time.time())
    app.router.add_get("/health", health)
    app.router.add_get("/v1/models", list_models)
    app.router.add_post("/v1/chat/completions", chat_completions)
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
    dispatcher = dispatcher_of(request)
    return web.json_response({"status": "ok", "chat_engine": dispatcher.chat_engine_id(),
                              "workspace": str(dispatcher.workspace)})


async def list_models(request: web.Request) -> web.Response:
    return web.json_response(models_list(request.app[SETTINGS].models, request.app[_STARTED]))


def _check_code_size(request: web.Request, messages: tuple[ChatMessage, ...]) -> None:
    """Refuse code too big for the repair loop: it would run for minutes, not answer."""
    limit = request.app[SETTINGS].max_code_bytes
    question = next((m.content for m in reversed(messages) if m.role == "user"), "")
    if len(question) <= limit // 4:  # at most 4 bytes a character: under the limit
        return
    from nca.admin.dispatcher import Dispatcher  # loaded by the first request that needs it

    code = Dispatcher.find_code(question)
    size = len(code.encode("utf-8", "surrogatepass")) if code else 0
    if size > limit:
        raise ApiError(413, f"the code in the message is {size / 1024:,.0f} kB, over the "
                            f"limit of {limit / 1024:g} kB the repair loop takes; send the "
                            "part that fails (the function or the module the error names)",
                       code="code_too_large", param="messages")


async def chat_completions(request: web.Request) -> web.StreamResponse:
    req = parse_chat_request(await read_body(request), CHAT_MODEL)
    check_model(request, req.model)
    _check_code_size(request, req.messages)
    reply = dispatcher_of(request).chat_reply(
        req.messages, max_tokens=req.max_tokens, temperature=req.temperature, stop=req.stop,
        cancel=threading.Event(), interrupted=DISCONNECTED)
    prompt = "".join(m.content for m in req.messages)
    if not req.stream:
        text = await collect(reply)
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

    return await sse(request, reply, first, piece, last)
