"""Property-based fuzzing of the HTTP route over real loopback sockets.

Random requests (methods, paths, Host and Origin values, headers, content types and
encodings, bodies from raw bytes to near-valid chat requests) and random bytes on the wire:
the route never answers 5xx, every 4xx is an OpenAI-shaped ``{"error": {...}}`` in JSON, and
no reply carries a traceback.

``NCA_FUZZ_EXAMPLES`` sets how many requests each property sends (default 200;
``make fuzz`` sends 10,000).
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.http_wire_helpers import (
    Served,
    ShortEngine,
    assert_sound,
    exchange,
    request_bytes,
    serving,
)

pytestmark = pytest.mark.e2e

EXAMPLES = int(os.environ.get("NCA_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

PATHS = ["/v1/chat/completions", "/v1/completions", "/v1/models", "/health", "/", "/v1",
         "/v1/chat/completions/", "/v1/embeddings", "/v1/models/nca", "//v1/models",
         "/v1/chat/completions?x=1", "/%2e%2e/etc/passwd", "/v1/../health", "*"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT"]
CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "text/plain",
                 "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
                 "application/json; charset=latin-1", "", "*/*", "application/octet-stream"]
ROLES = ["system", "developer", "user", "assistant", "tool", "function", "", "admin", None, 3]
SNIPPETS = [" ", "hi", "fix this\n```python\ndef f(:\n    pass\n```", "\ud800", "é ü 中",
            "why? ```py\nimport os\nos.path.jion('a')\n```", "<fim_prefix>x<fim_suffix>y"]

def mostly(likely: st.SearchStrategy[Any], rarely: st.SearchStrategy[Any],
           odds: int = 8) -> st.SearchStrategy[Any]:
    """Draw from ``likely`` ``odds`` times in ten, else from ``rarely``: most requests get
    far enough to reach the handlers, the rest test the edges."""
    return st.integers(0, 9).flatmap(lambda n: likely if n < odds else rarely)


token_text = st.text(st.characters(min_codepoint=33, max_codepoint=126,
                                   exclude_characters='()<>@,;:\\"/[]?={} '), min_size=1,
                     max_size=20)
header_value = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=60)
json_leaf = (st.none() | st.booleans() | st.integers(-2**70, 2**70)
             | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40))
any_json = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                        max_leaves=12)
content = (st.sampled_from(SNIPPETS) | st.sampled_from(SNIPPETS) | st.text(max_size=80) | any_json
           | st.lists(st.sampled_from([{"type": "text", "text": "x"}, {"type": "image_url"},
                                       "plain", {"type": "text", "text": 3}, 4, {}]),
                      max_size=3))
message = st.fixed_dictionaries(
    {"role": st.sampled_from(ROLES[:5] * 3 + ROLES), "content": content},
    optional={"name": st.text(max_size=5), "tool_calls": any_json})
chat_body = st.fixed_dictionaries({"messages": mostly(st.lists(message, min_size=1, max_size=3),
                                                     any_json)}, optional={
    "model": st.sampled_from(["nca", "nca-autocomplete", "gpt-4o", "", None, 5]),
    "stream": st.sampled_from([True, False, None, "yes", 1]),
    "stream_options": st.sampled_from([{"include_usage": True}, None, [], "x"]),
    "max_tokens": st.sampled_from([1, 16, 0, -1, None, 2.5, "8", 10**12]),
    "max_completion_tokens": st.sampled_from([8, 0, None]),
    "temperature": st.sampled_from([0, 0.7, 2, 2.1, -1, None, "0", True]),
    "top_p": st.sampled_from([1, 0.5, 0, 1.1, None, "1"]),
    "n": st.sampled_from([1, 2, 0, None, True]),
    "stop": st.sampled_from([None, "x", ["a", "b", "c", "d", "e"], [1], "", []]),
    "tools": any_json,
    "prompt": st.sampled_from(["x", ["a", "b"], [], [1], 3, "<fim_prefix>a<fim_suffix>b<fim_middle>"]),
    "suffix": st.sampled_from([None, "x", 3]),
    "unknown": any_json,
})


def _encode(body: Any, encoding: str) -> bytes:
    data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8", "surrogatepass")
    if encoding == "gzip":
        return gzip.compress(data)
    if encoding == "deflate":
        return zlib.compress(data)
    return data


@st.composite
def requests(draw: st.DrawFn, port: int) -> tuple[str, bytes]:
    method = draw(mostly(st.sampled_from(["POST"] * 4 + METHODS), token_text))
    path = draw(mostly(st.sampled_from(PATHS[:4] * 3 + PATHS),
                       st.builds(lambda p: "/" + p, token_text)))
    headers: list[tuple[str, str]] = []
    host = draw(mostly(st.sampled_from([f"127.0.0.1:{port}", "localhost", f"[::1]:{port}"]),
                       st.sampled_from(["evil.example", f"evil.example:{port}", "127.0.0.1:1",
                                        None]) | header_value))
    if host is not None:
        headers.append(("Host", host))
    if draw(st.integers(0, 9)) == 0:
        headers.append(("Origin", draw(st.sampled_from(["https://evil.example", "null",
                                                        "vscode-webview://x"]) | header_value)))
    content_type = draw(mostly(st.just("application/json"),
                               st.sampled_from(CONTENT_TYPES) | header_value | st.none()))
    if content_type is not None:
        headers.append(("Content-Type", content_type))
    encoding = draw(mostly(st.just(""), st.sampled_from(["gzip", "deflate", "br", "identity",
                                                        "x"])))
    if encoding:
        headers.append(("Content-Encoding", encoding))
    extra = st.lists(st.tuples(st.sampled_from(
        ["Authorization", "Expect", "Sec-Fetch-Site", "Accept", "Accept-Encoding", "X-Any",
         "Transfer-Encoding", "Connection", "Cookie"]) | token_text, header_value), max_size=3)
    headers += draw(mostly(st.just([]), extra, odds=7))
    body = draw(mostly(chat_body, any_json | st.binary(max_size=200) | st.sampled_from(
        [b"", b"{", b"null", b"[]", b'{"messages": NaN}', b'"\\ud800"', b"\xff\xfe"]), odds=7))
    data = _encode(body, encoding if encoding in ("gzip", "deflate")
                   and draw(st.booleans()) else "")
    framed = request_bytes(method, path, headers, data, port=port)
    return method, framed


@st.composite
def json_posts(draw: st.DrawFn, port: int) -> tuple[str, bytes]:
    """A well-formed POST from a loopback client: only the JSON body varies, so every one
    reaches the field checks and, when they pass, the chat or completion behind them."""
    path = draw(st.sampled_from(["/v1/chat/completions", "/v1/completions"]))
    headers = [("Host", f"127.0.0.1:{port}"), ("Content-Type", "application/json")]
    body = draw(mostly(chat_body, any_json, odds=9))
    data = _encode(body, "")
    if draw(st.integers(0, 4)) == 0:
        headers.append(("Content-Encoding", "gzip"))
        data = gzip.compress(data)
    return "POST", request_bytes("POST", path, headers, data, port=port)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    workspace: Path = tmp_path_factory.mktemp("http-fuzz")
    with serving(workspace, engine=ShortEngine()) as s:
        yield s


def test_random_requests_get_sound_answers(served: Served) -> None:
    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        method, framed = data.draw(requests(served.port))
        assert_sound(exchange(served.port, framed, timeout=30, patience=0.5, method=method),
                     method)

    run()


def test_random_json_bodies_get_sound_answers(served: Served) -> None:
    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        method, framed = data.draw(json_posts(served.port))
        answer = exchange(served.port, framed, timeout=60, method=method)
        assert answer is not None
        assert_sound(answer, method)

    run()


def test_random_bytes_on_the_wire_get_sound_answers(served: Served) -> None:
    @FUZZ
    @given(prefix=st.sampled_from([b"", b"GET ", b"POST /v1/chat/completions HTTP/1.1\r\n",
                                   b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"]),
           noise=st.binary(max_size=300))
    def run(prefix: bytes, noise: bytes) -> None:
        answer = exchange(served.port, prefix + noise, timeout=30, half_close=True)
        assert_sound(answer)

    run()


def test_the_server_still_answers_after_the_fuzzing(served: Served) -> None:
    body = json.dumps({"messages": [{"role": "user", "content": "hello"}]}).encode()
    answer = exchange(served.port, request_bytes(
        "POST", "/v1/chat/completions", [("Content-Type", "application/json")], body,
        port=served.port))
    assert answer is not None and answer.status == 200
    assert answer.json()["choices"][0]["message"]["content"] == "w0 w1 w2 "
