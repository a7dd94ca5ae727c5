"""What every route of the HTTP API shares about a request: the app's settings and the
dispatcher that answers it (the app keys), the models it serves, reading the body, checking the
model named.

``nca.server.http_api`` (the app, its middlewares, ``/v1/chat/completions``) and
``nca.server.http_completions`` (``/v1/completions``) both import it; neither imports the other
back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from nca.server.http_guard import origins_from_env
from nca.server.openai_schema import ApiError, decode_json_body

if TYPE_CHECKING:
    from nca.admin.dispatcher import Dispatcher

__all__ = ["AUTOCOMPLETE_MODEL", "CHAT_MODEL", "DISPATCHER", "HttpSettings", "SETTINGS",
           "check_model", "dispatcher_of", "read_body"]

CHAT_MODEL, AUTOCOMPLETE_MODEL = "nca", "nca-autocomplete"


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
#: what answers: a callable returning the dispatcher of the workspace the route works in (asked
#: once a request: a language server knows its workspace only after initialize)
DISPATCHER: web.AppKey[Callable[[], Dispatcher]] = web.AppKey("dispatcher")


def dispatcher_of(request: web.Request) -> Dispatcher:
    """Return the dispatcher that answers ``request``."""
    return request.app[DISPATCHER]()


async def read_body(request: web.Request) -> dict[str, Any]:
    """Return the request's JSON object; ApiError 400 for a body that cannot be read or parsed."""
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


def check_model(request: web.Request, model: str) -> None:
    """Raise ApiError 404 when this server does not serve ``model``."""
    if model not in request.app[SETTINGS].models:
        known = ", ".join(request.app[SETTINGS].models)
        shown = model if len(model) <= 100 else model[:100] + "..."
        raise ApiError(404, f"the model '{shown}' does not exist; this server has: {known}",
                       "invalid_request_error", "model_not_found", "model")
