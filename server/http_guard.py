"""What keeps the HTTP route a local server that web pages cannot drive, and its errors JSON.

A page in the user's browser can send requests to ``127.0.0.1`` (a ``text/plain`` POST needs
no CORS preflight) and, through DNS rebinding, can even read the answers under a name of its
own. So every request is checked before anything runs:

- ``Host`` must name loopback (``127.0.0.1``, ``localhost``, ``[::1]``, with or without the
  port the connection came in on); a rebound name such as ``evil.example`` gets 403. When the
  route listens where other machines reach it (``--http-allow-remote``), the Host check is off
  and an API key is required instead (``start_http`` refuses to start without one).
- a request with an ``Origin`` gets 403 unless ``NCA_ORIGINS`` allows it (comma-separated
  origins, ``*`` wildcards in them, ``*`` alone allows every origin: Ollama's OLLAMA_ORIGINS);
  clients outside browsers (the openai SDK, Continue's Node client, curl) send none. A browser
  request without ``Origin`` (a no-cors GET) is known by ``Sec-Fetch-Site`` and refused alike.
- a POST body must be ``Content-Type: application/json`` (415 otherwise).

Errors are OpenAI-shaped JSON everywhere, aiohttp's own included: ``GuardedRunner`` answers
requests its HTTP parser refuses (a bad request line, a bad header, a bad chunk) and responses
raised outside the middlewares (an unknown ``Expect``) as ``{"error": {...}}``, and nothing
ever carries a traceback (it goes to the log).
"""

from __future__ import annotations

import fnmatch
import logging
import os
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestHandler

from nca.server.openai_schema import ApiError

__all__ = [
    "LOOPBACK_NAMES",
    "ORIGINS_ENV",
    "Exposure",
    "GuardedRunner",
    "error_response",
    "host_allowed",
    "http_exception_response",
    "internal_error",
    "make_guard",
    "origin_allowed",
    "origins_from_env",
]

log = logging.getLogger(__name__)

#: the names a Host header may carry (with or without the port)
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})
#: the environment variable naming the browser origins allowed to call the route
ORIGINS_ENV = "NCA_ORIGINS"
#: the only request body type the route reads
JSON_TYPE = "application/json"
#: the longest piece of a refused request echoed back in an error message
_ECHO = 120

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Exposure:
    """Where the route listens: ``remote`` is True once it listens beyond loopback."""

    remote: bool = False


def origins_from_env(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Return the allowed origins ``NCA_ORIGINS`` names (normalised), or ``()``."""
    value = (os.environ if environ is None else environ).get(ORIGINS_ENV, "")
    return tuple(_normal_origin(o) for o in value.split(",") if o.strip())


def _normal_origin(origin: str) -> str:
    return origin.strip().lower().rstrip("/")


def origin_allowed(origin: str, allowed: Iterable[str]) -> bool:
    """Return True when ``origin`` matches one of ``allowed`` (``*`` matches any text)."""
    origin = _normal_origin(origin)
    for pattern in allowed:
        if pattern == "*" or pattern == origin:
            return True
        if "*" in pattern and fnmatch.fnmatchcase(origin, pattern.replace("[", "[[]")):
            return True
    return False


def host_allowed(value: str, port: int | None = None) -> bool:
    """Return True when the Host header ``value`` names loopback (and ``port``, if it has one)."""
    value = value.strip().lower()
    if value.startswith("["):
        name, bracket, rest = value.partition("]")
        name += bracket
    else:
        name, colon, port_text = value.partition(":")
        rest = colon + port_text
    if name not in LOOPBACK_NAMES:
        return False
    if not rest:
        return True
    digits = rest[1:]
    if not rest.startswith(":") or not digits.isascii() or not digits.isdigit() \
            or len(digits) > 5:
        return False
    return port is None or int(digits) == port


def error_response(status: int, message: str, type: str = "invalid_request_error",
                   code: str | None = None, param: str | None = None,
                   headers: Mapping[str, str] | None = None) -> web.Response:
    """Return an OpenAI-shaped JSON error response."""
    body = ApiError(status, message, type, code, param).body()
    return web.json_response(body, status=status, headers=headers)


def _echo(text: str) -> str:
    return text if len(text) <= _ECHO else text[:_ECHO] + "..."


def _local_port(request: web.BaseRequest) -> int | None:
    transport = request.transport
    sockname = transport.get_extra_info("sockname") if transport is not None else None
    if isinstance(sockname, tuple) and len(sockname) >= 2 and isinstance(sockname[1], int):
        return sockname[1]
    return None


def make_guard(origins: tuple[str, ...], exposure: Exposure) -> Any:
    """Return the middleware that checks Host, Origin and the body's content type."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        hosts = request.headers.getall("Host", [])
        if len(hosts) > 1:
            raise ApiError(400, "more than one Host header", code="invalid_host")
        if hosts and not exposure.remote and not host_allowed(hosts[0], _local_port(request)):
            raise ApiError(403, f"the Host {_echo(hosts[0])!r} is not this machine: the route "
                                "answers only 127.0.0.1, localhost and [::1]",
                           "permission_error", "invalid_host")
        given = request.headers.getall("Origin", [])
        for origin in given:
            if not origin_allowed(origin, origins):
                raise ApiError(403, f"requests from the origin {_echo(origin)!r} are not "
                                    f"allowed; add it to {ORIGINS_ENV} to allow it",
                               "permission_error", "origin_not_allowed")
        if not given and "*" not in origins and request.headers.get(
                "Sec-Fetch-Site", "").lower() in ("cross-site", "same-site"):
            raise ApiError(403, "requests from web pages are not allowed; set "
                                f"{ORIGINS_ENV} to allow an origin",
                           "permission_error", "origin_not_allowed")
        if request.method == "POST" and request.match_info.http_exception is None \
                and request.content_type != JSON_TYPE:
            raise ApiError(415, f"the request body must be {JSON_TYPE} (got "
                                f"{_echo(request.headers.get('Content-Type', 'none'))!r})",
                           code="unsupported_media_type")
        return await handler(request)

    return guard


# --------------------------------------------------------------------------- aiohttp's own errors


def http_exception_response(request: web.BaseRequest, err: web.HTTPException) -> web.Response:
    """Return the JSON form of an aiohttp HTTP error (404, 405, 413, 417, ...)."""
    headers = {name: err.headers[name] for name in ("Allow",) if name in err.headers}
    if err.status == 404:
        message = (f"there is nothing at {_echo(request.path)!r}: this server answers "
                   "/v1/models, /v1/chat/completions, /v1/completions and /health")
        return error_response(404, message, "not_found_error", "404", headers=headers)
    if isinstance(err, web.HTTPMethodNotAllowed):
        allowed = ", ".join(sorted(err.allowed_methods)) or "nothing"
        message = f"{_echo(err.method)} is not allowed on {_echo(request.path)!r}: use {allowed}"
        return error_response(405, message, code="405", headers=headers)
    kind = "server_error" if err.status >= 500 else "invalid_request_error"
    return error_response(err.status, err.reason or str(err.status), kind, str(err.status),
                          headers=headers)


def internal_error() -> web.Response:
    return error_response(500, "internal error; the server's log has the details",
                          "server_error", "internal_error")


def _outermost(inner: Callable[[web.BaseRequest], Awaitable[web.StreamResponse]]) -> Any:
    """Wrap the application's handler: what it raises outside the middlewares becomes JSON."""

    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        expect = request.headers.get("Expect")
        if expect is not None and expect.strip().lower() != "100-continue":
            # aiohttp's own answer to this fails on a value that is not UTF-8
            return error_response(417, f"unknown Expect {_echo(expect)!r}: only 100-continue",
                                  code="expectation_failed")
        try:
            return await inner(request)
        except web.HTTPException as err:
            if err.status < 400:
                raise
            return http_exception_response(request, err)
        except ApiError as err:
            return error_response(err.status, err.message, err.type, err.code, err.param)

    return handle


class _JsonErrorsHandler(RequestHandler):  # type: ignore[misc]
    """aiohttp's connection handler, answering what its parser refuses in JSON."""

    __slots__ = ()

    def log_exception(self, *args: Any, **kw: Any) -> None:
        # a body that does not decode, found while aiohttp drains what a refused request
        # left unread: the client's doing, answered already; not worth a traceback
        exc = kw.get("exc_info")
        if isinstance(exc, HttpProcessingError | web.RequestPayloadError):
            log.debug("dropped the rest of a malformed request: %s", exc)
            return
        super().log_exception(*args, **kw)

    def handle_error(self, request: web.BaseRequest, status: int = 500,
                     exc: BaseException | None = None,
                     message: str | None = None) -> web.StreamResponse:
        if status >= 500:
            log.error("error handling a request from %s", request.remote, exc_info=exc)
        else:
            log.debug("refused a malformed request from %s: %s", request.remote, exc)
        if request.writer.output_size > 0:  # as aiohttp does: the answer is on its way
            raise ConnectionError("the response was sent already")
        if status >= 500:
            resp = internal_error()
            resp.set_status(status)
        else:
            text = (message or "").strip().splitlines()
            detail = f": {_echo(text[0].rstrip(':'))}" if text else ""
            resp = error_response(status, f"the request is not valid HTTP{detail}",
                                  code="bad_request")
        resp.force_close()
        return resp


class _JsonErrorsServer(web.Server):
    """An aiohttp server whose connections answer parser errors as JSON."""

    def __call__(self) -> RequestHandler:
        handler = super().__call__()
        handler.__class__ = _JsonErrorsHandler
        return handler


class GuardedRunner(web.AppRunner):
    """``web.AppRunner`` whose every error answer, aiohttp's own included, is OpenAI-shaped."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        server.__class__ = _JsonErrorsServer
        server.request_handler = _outermost(server.request_handler)
        return server
