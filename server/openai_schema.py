"""The OpenAI wire format: request validation, response and chunk shapes, error bodies.

Validation is lenient where clients differ (unknown fields, ``tools``, ``stream_options``,
image parts, content ``" "``, ``stop`` as a string or a list) and strict where a wrong value
would be silently misread (a missing ``messages``, a ``max_tokens`` that is not a positive
whole number, ``n`` other than 1, a ``top_p`` or ``temperature`` out of range, a role nobody
defines). Bodies are strict JSON (no ``NaN``); lone surrogates (``"\ud800"``), which no
UTF-8 store or stream can carry, become U+FFFD.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

from nca.admin.replies import ChatMessage, estimate_tokens
from nca.workers.core.errors import ConfigError, EngineError, InputError, NcaError

__all__ = [
    "ApiError",
    "ChatRequest",
    "CompletionRequest",
    "api_error_from",
    "chat_chunk",
    "chat_response",
    "completion_chunk",
    "completion_response",
    "decode_json_body",
    "error_body",
    "models_list",
    "parse_chat_request",
    "parse_completion_request",
    "parse_fim",
    "usage",
    "usage_chunk",
]

MAX_STOP = 4  # OpenAI's own limit on stop sequences
#: the roles OpenAI's chat API defines (``developer`` is the newer ``system``)
ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
#: a JSON string escape of a surrogate: only then can the decoded body hold a lone one
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class ApiError(Exception):
    """An error to answer with an HTTP status and an OpenAI-shaped body."""

    def __init__(self, status: int, message: str, type: str = "invalid_request_error",
                 code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param

    def body(self) -> dict[str, Any]:
        """Return the ``{"error": {...}}`` body for this error."""
        return error_body(self.message, self.type, self.code, self.param)


def error_body(message: str, type: str, code: str | None = None,
               param: str | None = None) -> dict[str, Any]:
    """Return an OpenAI-style error body."""
    return {"error": {"message": message, "type": type, "code": code, "param": param}}


def api_error_from(err: NcaError) -> ApiError:
    """Return the ApiError an NcaError becomes at the HTTP boundary."""
    if isinstance(err, EngineError):
        return ApiError(503, str(err), "server_error", err.code)
    if isinstance(err, InputError):
        return ApiError(400, str(err), "invalid_request_error", err.code)
    if isinstance(err, ConfigError):
        return ApiError(500, str(err), "server_error", err.code)
    return ApiError(500, str(err), "server_error", err.code)


# --------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class ChatRequest:
    model: str
    messages: tuple[ChatMessage, ...]
    stream: bool = False
    include_usage: bool = False
    max_tokens: int | None = None
    temperature: float | None = None
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompletionRequest:
    model: str
    prompt: str
    suffix: str | None = None
    stream: bool = False
    include_usage: bool = False
    max_tokens: int | None = None
    temperature: float | None = None
    stop: tuple[str, ...] = ()


def decode_json_body(raw: bytes) -> dict[str, Any]:
    """Return the JSON object a request body holds, or raise a 400 ApiError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ApiError(400, f"the request body is not UTF-8 (byte {err.start})",
                       code="invalid_encoding") from None
    if not text.strip():
        raise ApiError(400, "the request body is empty; send a JSON object", code="invalid_json")
    try:
        body = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise ApiError(400, f"the request body is not valid JSON: {err.msg} at line {err.lineno} "
                            f"column {err.colno}", code="invalid_json") from None
    except ValueError as err:  # NaN, Infinity; an integer of too many digits
        raise ApiError(400, f"the request body is not valid JSON: {str(err)[:200]}",
                       code="invalid_json") from None
    except RecursionError:
        raise ApiError(400, "the request body nests too deeply", code="invalid_json") from None
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a JSON object", code="invalid_json")
    if _SURROGATE_ESCAPE.search(text):
        body = _without_surrogates(body)
    return body


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _without_surrogates(value: Any) -> Any:
    """Return ``value`` with lone surrogates in its strings (keys too) replaced by U+FFFD."""
    def clean(text: str) -> str:
        return _SURROGATE.sub("\ufffd", text)

    root: list[Any] = [value]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:  # a loop, not recursion: the body may nest as deep as json allowed
        parent, key = stack.pop()
        item = parent[key]
        if isinstance(item, str):
            parent[key] = clean(item)
        elif isinstance(item, list):
            stack.extend((item, i) for i in range(len(item)))
        elif isinstance(item, dict):
            cleaned = {clean(k) if isinstance(k, str) else k: v for k, v in item.items()}
            parent[key] = cleaned
            stack.extend((cleaned, k) for k in cleaned)
    return root[0]


def parse_chat_request(body: dict[str, Any], default_model: str) -> ChatRequest:
    """Return the validated chat request; unknown fields are ignored."""
    raw = body.get("messages")
    if raw is None:
        raise ApiError(400, "'messages' is required", code="missing_required_parameter",
                       param="messages")
    if not isinstance(raw, list) or not raw:
        raise ApiError(400, "'messages' must be a non-empty array", param="messages")
    messages = tuple(_message(m, i) for i, m in enumerate(raw))
    _check_sampling(body)
    stream = _flag(body, "stream")
    return ChatRequest(model=_model(body, default_model), messages=messages, stream=stream,
                       include_usage=stream and _include_usage(body),
                       max_tokens=_max_tokens(body), temperature=_temperature(body),
                       stop=_stop(body))


def parse_completion_request(body: dict[str, Any], default_model: str) -> CompletionRequest:
    """Return the validated completion request (the first prompt when given a list)."""
    prompt = body.get("prompt", "")
    if isinstance(prompt, list):
        prompt = prompt[0] if prompt else ""
    if not isinstance(prompt, str):
        raise ApiError(400, "'prompt' must be a string or an array of strings", param="prompt")
    suffix = body.get("suffix")
    if suffix is not None and not isinstance(suffix, str):
        raise ApiError(400, "'suffix' must be a string", param="suffix")
    _check_sampling(body)
    stream = _flag(body, "stream")
    return CompletionRequest(model=_model(body, default_model), prompt=prompt, suffix=suffix,
                             stream=stream, include_usage=stream and _include_usage(body),
                             max_tokens=_max_tokens(body), temperature=_temperature(body),
                             stop=_stop(body))


_FIM = re.compile(r"<fim_prefix>(?P<prefix>.*?)<fim_suffix>(?P<suffix>.*?)<fim_middle>\s*\Z",
                  re.S)


def parse_fim(prompt: str, suffix: str | None = None) -> tuple[str, str] | None:
    """Return ``(prefix, suffix)`` of a StarCoder FIM prompt or a prompt+suffix request."""
    match = _FIM.search(prompt)
    if match:
        prefix = match.group("prefix")
        # a repository-level prompt puts file headers before <fim_prefix>; they are context
        return prefix, match.group("suffix")
    if suffix is not None:
        return prompt, suffix
    return None


def _message(raw: Any, index: int) -> ChatMessage:
    param = f"messages[{index}]"
    if not isinstance(raw, dict):
        raise ApiError(400, f"{param} must be an object", param=param)
    role = raw.get("role")
    if not isinstance(role, str) or not role:
        raise ApiError(400, f"{param}.role is required", param=f"{param}.role")
    if role not in ROLES:
        shown = role if len(role) <= 40 else role[:40] + "..."
        raise ApiError(400, f"{param}.role {shown!r} is not one of "
                            f"{', '.join(sorted(ROLES))}", param=f"{param}.role")
    return ChatMessage(role=role, content=_content(raw.get("content"), param))


def _content(content: Any, param: str) -> str:
    # None is normal for an assistant turn that only called tools
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for i, part in enumerate(content):
            where = f"{param}.content[{i}]"
            if isinstance(part, str):
                parts.append(part)
                continue
            if not isinstance(part, dict) or not isinstance(part.get("type"), str):
                raise ApiError(400, f"{where} must be a part: an object with a 'type'",
                               param=where)
            if part["type"] == "text":
                text = part.get("text")
                if text is not None and not isinstance(text, str):
                    raise ApiError(400, f"{where}.text must be a string", param=f"{where}.text")
                parts.append(text or "")
            # image, audio and file parts carry nothing the agent reads: skipped, not refused
        return "\n".join(parts)
    raise ApiError(400, f"{param}.content must be a string or an array of parts",
                   param=f"{param}.content")


def _model(body: dict[str, Any], default: str) -> str:
    model = body.get("model", default)
    if model is None:
        return default
    if not isinstance(model, str):
        raise ApiError(400, "'model' must be a string", param="model")
    return model or default


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ApiError(400, f"'{name}' must be true or false", param=name)
    return value


def _check_sampling(body: dict[str, Any]) -> None:
    """Refuse ``n`` other than 1 and a ``top_p`` outside (0, 1]: they would be ignored."""
    n = body.get("n")
    if n is not None and (isinstance(n, bool) or n != 1):
        raise ApiError(400, "'n' must be 1: this server gives one choice per request",
                       param="n")
    top_p = body.get("top_p")
    if top_p is not None and (isinstance(top_p, bool) or not isinstance(top_p, int | float)
                              or not 0 < top_p <= 1):
        raise ApiError(400, "'top_p' must be a number above 0 and at most 1", param="top_p")


def _include_usage(body: dict[str, Any]) -> bool:
    options = body.get("stream_options")
    return isinstance(options, dict) and options.get("include_usage") is True


def _max_tokens(body: dict[str, Any]) -> int | None:
    for name in ("max_completion_tokens", "max_tokens"):
        value = body.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ApiError(400, f"'{name}' must be a whole number of at least 1", param=name)
        return value
    return None


def _temperature(body: dict[str, Any]) -> float | None:
    value = body.get("temperature")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 2:
        raise ApiError(400, "'temperature' must be a number from 0 to 2", param="temperature")
    return float(value)


def _stop(body: dict[str, Any]) -> tuple[str, ...]:
    value = body.get("stop")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise ApiError(400, "'stop' must be a string or an array of strings", param="stop")
    if len(value) > MAX_STOP:
        # Continue sends more than OpenAI allows; the first ones are the ones that matter
        value = value[:MAX_STOP]
    return tuple(s for s in value if s)


# --------------------------------------------------------------------------- responses


def new_id(prefix: str) -> str:
    """Return a fresh response id such as ``chatcmpl-...``."""
    return f"{prefix}-{uuid.uuid4().hex[:24]}"


def usage(prompt: str, completion: str) -> dict[str, int]:
    """Return the usage object, in estimated tokens."""
    p, c = estimate_tokens(prompt), estimate_tokens(completion)
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


def chat_chunk(cid: str, model: str, created: int, *, content: str | None = None,
               role: str | None = None, finish_reason: str | None = None) -> dict[str, Any]:
    """Return one ``chat.completion.chunk``."""
    delta: dict[str, Any] = {}
    if role is not None:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    return {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
            "choices": [{"index": 0, "delta": delta, "logprobs": None,
                         "finish_reason": finish_reason}]}


def usage_chunk(cid: str, model: str, created: int, used: dict[str, int]) -> dict[str, Any]:
    """Return the last chunk of a stream that asked for usage: no choices, only usage."""
    return {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
            "choices": [], "usage": used}


def chat_response(model: str, text: str, finish_reason: str,
                  used: dict[str, int]) -> dict[str, Any]:
    """Return a whole ``chat.completion``."""
    return {"id": new_id("chatcmpl"), "object": "chat.completion", "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "logprobs": None, "finish_reason": finish_reason}],
            "usage": used}


def completion_chunk(cid: str, model: str, created: int, text: str,
                     finish_reason: str | None = None) -> dict[str, Any]:
    """Return one streamed ``text_completion`` chunk."""
    return {"id": cid, "object": "text_completion", "created": created, "model": model,
            "choices": [{"index": 0, "text": text, "logprobs": None,
                         "finish_reason": finish_reason}]}


def completion_response(model: str, text: str, finish_reason: str,
                        used: dict[str, int]) -> dict[str, Any]:
    """Return a whole ``text_completion``."""
    body = completion_chunk(new_id("cmpl"), model, int(time.time()), text, finish_reason)
    body["usage"] = used
    return body


def models_list(ids: tuple[str, ...], created: int) -> dict[str, Any]:
    """Return the ``GET /v1/models`` body."""
    return {"object": "list",
            "data": [{"id": m, "object": "model", "created": created, "owned_by": "nca"}
                     for m in ids]}
