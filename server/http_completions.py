"""``POST /v1/completions``: code completion (fill in the middle) for editors' autocomplete.

The prompt is split into the code before and after the cursor, whichever FIM markers the
client wrapped it in (StarCoder's, Qwen's, DeepSeek's, CodeLlama's) or ``prompt`` plus
``suffix``; the routed engine puts them back in its own model's format (or continues the
prefix and cuts where the suffix takes over). With no engine that completes code the answer
is an OpenAI-shaped 404 naming the setting, never an empty completion.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from aiohttp import web

from nca.admin.replies import NoCompleter
from nca.server.http_request import AUTOCOMPLETE_MODEL, check_model, dispatcher_of, read_body
from nca.server.http_stream import DISCONNECTED, collect, sse
from nca.server.openai_schema import (
    ApiError,
    completion_chunk,
    completion_response,
    new_id,
    parse_completion_request,
    parse_fim,
    usage,
    usage_chunk,
)
from nca.workers.engines.prompts import FIM_STYLES

__all__ = ["completions", "split_prompt"]


def _marker_pattern(prefix: str, suffix: str, middle: str) -> re.Pattern[str]:
    # CodeLlama spaces its markers ("<PRE> {prefix} <SUF>{suffix} <MID>"): one space each
    space = " ?" if prefix == "<PRE>" else ""
    return re.compile(f"{re.escape(prefix)}{space}(?P<prefix>.*?){space}{re.escape(suffix)}"
                      f"(?P<suffix>.*?){space}{re.escape(middle)}\\s*\\Z", re.S)


_STYLES = tuple(_marker_pattern(s.prefix, s.suffix, s.middle) for s in FIM_STYLES)


def split_prompt(prompt: str, suffix: str | None = None) -> tuple[str, str | None]:
    """Return ``(code before the cursor, code after it)``; None after it for a bare prompt."""
    found = parse_fim(prompt, suffix)
    if found is not None:
        return found
    for pattern in _STYLES:
        match = pattern.search(prompt)
        if match:
            # text before the first marker (repository headers, file names) is context only
            return match.group("prefix"), match.group("suffix")
    return prompt, None


async def completions(request: web.Request) -> web.StreamResponse:
    req = parse_completion_request(await read_body(request), AUTOCOMPLETE_MODEL)
    check_model(request, req.model)
    prompt, suffix = split_prompt(req.prompt, req.suffix)
    try:
        reply = dispatcher_of(request).complete(
            prompt, suffix=suffix, max_tokens=req.max_tokens, temperature=req.temperature,
            stop=req.stop, cancel=threading.Event(), interrupted=DISCONNECTED)
    except NoCompleter as err:
        # the server is fine and the request too: the model named has nothing behind it
        raise ApiError(404, f"the model '{req.model}' cannot complete code here: {err}",
                       "invalid_request_error", err.code, "model") from None
    if not req.stream:
        text = await collect(reply)
        return web.json_response(completion_response(req.model, text, reply.finish_reason,
                                                     usage(req.prompt, text)))
    cid, created = new_id("cmpl"), int(time.time())

    def last() -> list[dict[str, Any]]:
        out = [completion_chunk(cid, req.model, created, "", reply.finish_reason)]
        if req.include_usage:
            out.append(usage_chunk(cid, req.model, created, usage(req.prompt, reply.text))
                       | {"object": "text_completion"})
        return out

    return await sse(request, reply, list, lambda text: completion_chunk(
        cid, req.model, created, text), last)
