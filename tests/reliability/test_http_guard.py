"""The HTTP route as a local server web pages cannot drive, over real loopback sockets.

Host and Origin checks (DNS rebinding, cross-site requests), JSON-only bodies, field checks,
bodies that do not decode, aiohttp's own parser errors: every refusal is an OpenAI-shaped
JSON error, never a 5xx and never a traceback, and nothing runs behind it.
"""

from __future__ import annotations

import gzip
import json
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from nca.server import http_api
from nca.server.http_api import HttpSettings
from nca.server.http_guard import host_allowed, origin_allowed, origins_from_env
from nca.workers.core.errors import ConfigError
from tests.reliability.http_wire_helpers import (
    Answer,
    Served,
    ShortEngine,
    assert_sound,
    exchange,
    request_bytes,
    serving,
)

pytestmark = pytest.mark.e2e

CHAT = "/v1/chat/completions"
HELLO = {"messages": [{"role": "user", "content": "hello"}]}
JSON = [("Content-Type", "application/json")]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, engine=ShortEngine()) as s:
        yield s


def send(served: Served, method: str, path: str, headers: list[tuple[str, str]] | None = None,
         body: bytes | dict | None = None, **kw: object) -> Answer:
    data = json.dumps(body).encode() if isinstance(body, dict) else (body or b"")
    answer = exchange(served.port, request_bytes(method, path, headers, data, port=served.port,
                                                 **kw))
    assert answer is not None, "no answer"
    assert_sound(answer, method)
    return answer


def error_code(answer: Answer) -> str | None:
    return answer.json()["error"]["code"]


# --------------------------------------------------------------------------- Host


@pytest.mark.parametrize(("value", "port", "ok"), [
    ("127.0.0.1", 8765, True), ("127.0.0.1:8765", 8765, True), ("localhost:8765", 8765, True),
    ("LOCALHOST", 8765, True), ("[::1]:8765", 8765, True), ("[::1]", None, True),
    ("127.0.0.1:8766", 8765, False), ("evil.example", 8765, False),
    ("evil.example:8765", 8765, False), ("localhost.evil.example", 8765, False),
    ("127.0.0.1.nip.io:8765", 8765, False), ("127.0.0.2", 8765, False), ("::1", 8765, False),
    ("localhost:", 8765, False), ("localhost:abc", 8765, False), ("localhost:+8765", 8765, False),
    ("", 8765, False), ("[::1]x", 8765, False), ("localhost:８７６５", 8765, False),
])
def test_host_values(value: str, port: int | None, ok: bool) -> None:
    assert host_allowed(value, port) is ok


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "127.0.0.1:{port}",
                                  "localhost:{port}", "[::1]:{port}"])
def test_loopback_names_are_answered(served: Served, host: str) -> None:
    answer = send(served, "GET", "/v1/models", host=host.format(port=served.port))
    assert answer.status == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1",
                                  "192.168.1.10:{port}", "localhost.attacker.example"])
def test_a_rebound_name_is_refused_and_nothing_runs(served: Served, host: str) -> None:
    for method, path, body in (("GET", "/v1/models", None), ("GET", "/health", None),
                               ("POST", CHAT, HELLO)):
        answer = send(served, method, path, JSON, body, host=host.format(port=served.port))
        assert answer.status == 403 and error_code(answer) == "invalid_host"
    assert served.engine is not None and served.engine.calls == 0
    assert served.tasks() == []


def test_two_host_headers_are_refused(served: Served) -> None:
    answer = send(served, "GET", "/v1/models", [("Host", "127.0.0.1"), ("Host", "evil.example")])
    assert answer.status in (400, 403)


# --------------------------------------------------------------------------- Origin


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1:3000",
                                    "vscode-webview://abc"])
def test_browser_origins_are_refused_by_default(served: Served, origin: str) -> None:
    for method, path, body in (("GET", "/v1/models", None), ("GET", "/health", None),
                               ("POST", CHAT, HELLO), ("OPTIONS", CHAT, None)):
        answer = send(served, method, path, [("Origin", origin), *JSON], body)
        assert answer.status == 403 and error_code(answer) == "origin_not_allowed"
        assert "access-control-allow-origin" not in answer.headers
    assert served.engine is not None and served.engine.calls == 0


def test_a_no_cors_request_from_a_page_is_refused(served: Served) -> None:
    answer = send(served, "GET", "/health", [("Sec-Fetch-Site", "cross-site")])
    assert answer.status == 403
    assert send(served, "GET", "/health", [("Sec-Fetch-Site", "none")]).status == 200


def test_allowed_origins(tmp_path: Path) -> None:
    with serving(tmp_path, engine=ShortEngine(),
                 origins=("https://ok.example", "vscode-webview://*")) as s:
        for origin in ("https://ok.example", "HTTPS://OK.EXAMPLE/", "vscode-webview://x1"):
            assert send(s, "POST", CHAT, [("Origin", origin), *JSON], HELLO).status == 200
        assert send(s, "GET", "/v1/models", [("Origin", "https://ok.example.evil")]).status \
            == 403
    with serving(tmp_path, origins=("*",)) as s:
        assert send(s, "GET", "/v1/models", [("Origin", "https://any.example")]).status == 200


def test_origins_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCA_ORIGINS", " https://a.example/ , chrome-extension://*,,")
    assert origins_from_env() == ("https://a.example", "chrome-extension://*")
    assert HttpSettings.from_env().origins == ("https://a.example", "chrome-extension://*")
    assert origin_allowed("chrome-extension://abcdef", origins_from_env())
    assert not origin_allowed("https://b.example", origins_from_env())
    monkeypatch.delenv("NCA_ORIGINS")
    assert HttpSettings.from_env().origins == ()


# --------------------------------------------------------------------------- content type


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/jsonx",
                                          "text/json"])
def test_a_post_must_be_json(served: Served, content_type: str | None) -> None:
    headers = [("Content-Type", content_type)] if content_type else []
    answer = send(served, "POST", CHAT, headers, HELLO)
    assert answer.status == 415 and error_code(answer) == "unsupported_media_type"
    assert served.engine is not None and served.engine.calls == 0 and served.tasks() == []


def test_json_with_a_charset_is_json(served: Served) -> None:
    answer = send(served, "POST", CHAT, [("Content-Type", "application/json; charset=utf-8")],
                  HELLO)
    assert answer.status == 200


# --------------------------------------------------------------------------- aiohttp's own errors


@pytest.mark.parametrize("data", [
    b"GARBAGE\r\n\r\n",
    b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",
    b"GET /health HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + b"a" * 20000 + b"\r\n\r\n",
    b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
    b"\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
    b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
    b"Content-Length: 6\r\n\r\nhello",
    b"GET /\x00 HTTP/1.1\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello on the plain port
], ids=["request-line", "header", "version", "long-header", "chunk", "two-lengths", "nul", "tls"])
def test_parser_errors_are_json(served: Served, data: bytes) -> None:
    answer = exchange(served.port, data)
    assert answer is not None and answer.status == 400
    assert_sound(answer)
    assert error_code(answer) == "bad_request"


def test_unknown_routes_and_methods_are_json(served: Served) -> None:
    answer = send(served, "GET", "/v2/nothing")
    assert answer.status == 404 and "/v2/nothing" in answer.json()["error"]["message"]
    answer = send(served, "GET", CHAT)
    assert answer.status == 405 and "POST" in answer.headers.get("allow", "")
    answer = send(served, "DELETE", "/health")
    assert answer.status == 405
    assert send(served, "BREW", "/health").status == 400  # llhttp knows no such method


def test_an_unknown_expectation_is_json(served: Served) -> None:
    answer = send(served, "POST", CHAT, [("Expect", "sandwich"), *JSON], HELLO)
    assert answer.status == 417
    answer = send(served, "POST", "/nowhere", [("Expect", "sandwich"), *JSON], HELLO)
    assert answer.status in (404, 417)


def test_a_bug_is_a_500_without_its_details(served: Served,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(http_api, "parse_chat_request", broken)
    answer = exchange(served.port, request_bytes("POST", CHAT, JSON, json.dumps(HELLO).encode(),
                                                 port=served.port))
    assert answer is not None and answer.status == 500
    assert b"secret detail" not in answer.raw and b"Traceback" not in answer.raw
    assert answer.json()["error"]["code"] == "internal_error"


# --------------------------------------------------------------------------- fields


@pytest.mark.parametrize(("extra", "param"), [
    ({"n": 2}, "n"), ({"n": 0}, "n"), ({"n": True}, "n"), ({"n": "1"}, "n"),
    ({"top_p": 0}, "top_p"), ({"top_p": 1.5}, "top_p"), ({"top_p": "0.5"}, "top_p"),
    ({"top_p": -1}, "top_p"), ({"top_p": True}, "top_p"),
    ({"temperature": 2.5}, "temperature"), ({"temperature": -0.1}, "temperature"),
    ({"temperature": "hot"}, "temperature"),
    ({"messages": [{"role": "hacker", "content": "x"}]}, "messages[0].role"),
    ({"messages": [{"role": "user", "content": 5}]}, "messages[0].content"),
    ({"messages": [{"role": "user", "content": {"text": "x"}}]}, "messages[0].content"),
    ({"messages": [{"role": "user", "content": [5]}]}, "messages[0].content[0]"),
    ({"messages": [{"role": "user", "content": [{"text": "x"}]}]}, "messages[0].content[0]"),
    ({"messages": [{"role": "user", "content": [{"type": "text", "text": 5}]}]},
     "messages[0].content[0].text"),
])
def test_fields_out_of_range_are_400(served: Served, extra: dict, param: str) -> None:
    answer = send(served, "POST", CHAT, JSON, {**HELLO, **extra})
    assert answer.status == 400 and answer.json()["error"]["param"] == param
    assert served.engine is not None and served.engine.calls == 0


@pytest.mark.parametrize("extra", [
    {"n": 1}, {"n": None}, {"top_p": 1}, {"top_p": 0.9}, {"temperature": 0}, {"temperature": 2},
    {"messages": [{"role": "developer", "content": "be brief"},
                  {"role": "user", "content": [{"type": "text", "text": "x"},
                                               {"type": "image_url", "image_url": {"url": "u"}}]},
                  {"role": "user", "content": " "}]},
])
def test_fields_in_range_are_taken(served: Served, extra: dict) -> None:
    assert send(served, "POST", CHAT, JSON, {**HELLO, **extra}).status == 200


def test_completions_check_n_and_top_p_too(served: Served) -> None:
    body = {"model": "nca-autocomplete", "prompt": "x", "n": 3}
    assert send(served, "POST", "/v1/completions", JSON, body).status == 400
    body = {"model": "nca-autocomplete", "prompt": "x", "top_p": 0}
    assert send(served, "POST", "/v1/completions", JSON, body).status == 400


# --------------------------------------------------------------------------- decoding


def test_bodies_that_do_not_decode_are_400(served: Served) -> None:
    body = json.dumps(HELLO).encode()
    for encoding, data in (("gzip", body), ("deflate", body), ("gzip", b"\x1f\x8b" + b"x" * 40),
                           ("br", body), ("zstd", body)):
        answer = send(served, "POST", CHAT, [*JSON, ("Content-Encoding", encoding)], data)
        assert 400 <= answer.status < 500, (encoding, answer.raw[:300])
    for data in (b'{"messages": [\xff]}', b'{"messages": NaN}', b'{"n": Infinity}',
                 b'{"x": ' + b"1" * 5000 + b"}", b"[" * 100_000, b"\xef\xbb\xbf{}", b""):
        answer = send(served, "POST", CHAT, JSON, data)
        assert answer.status == 400, (data[:40], answer.raw[:300])
    assert served.engine is not None and served.engine.calls == 0


def test_compressed_bodies_that_decode_are_read(served: Served) -> None:
    body = json.dumps(HELLO).encode()
    for encoding, data in (("gzip", gzip.compress(body)), ("deflate", zlib.compress(body))):
        answer = send(served, "POST", CHAT, [*JSON, ("Content-Encoding", encoding)], data)
        assert answer.status == 200, answer.raw[:300]


def test_a_compression_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    with serving(tmp_path, max_body_bytes=1024 * 1024) as s:
        bomb = gzip.compress(b'{"messages": "' + b" " * (64 * 1024 * 1024) + b'"}')
        assert len(bomb) < 128 * 1024
        answer = send(s, "POST", CHAT, [*JSON, ("Content-Encoding", "gzip")], bomb)
        assert answer.status == 413


@pytest.mark.parametrize("stream", [False, True])
def test_lone_surrogates_reach_nothing_that_breaks(tmp_path: Path, stream: bool) -> None:
    raw = (b'{"stream": %s, "messages": [{"role": "user", "content": '
           b'"fix this \\ud800 please ```python\\ndef f(:\\n    return 1 # \\udfff\\n```"}]}'
           % (b"true" if stream else b"false"))
    with serving(tmp_path) as s:
        answer = send(s, "POST", CHAT, JSON, raw)
        assert answer.status == 200
        assert b"Debugger" in answer.body
        task = next(t for t in s.tasks() if t["kind"] == "chat")
        assert "\ufffd" in task["subject"] and task["status"] == "done"
        raw = b'{"messages": [{"role": "user", "content": "\\udc00 hi"}], "model": "\\ud800"}'
        assert send(s, "POST", CHAT, JSON, raw).status == 404  # the model, named back safely


# --------------------------------------------------------------------------- too much code


def test_code_over_the_limit_is_refused_at_once(tmp_path: Path) -> None:
    with serving(tmp_path, max_code_bytes=4096) as s:
        code = "def f(:\n" + "    x = 1\n" * 1000
        body = {"messages": [{"role": "user", "content": f"fix this\n```python\n{code}```"}]}
        started = time.monotonic()
        answer = send(s, "POST", CHAT, JSON, body)
        assert answer.status == 413 and error_code(answer) == "code_too_large"
        assert "kB" in answer.json()["error"]["message"] and time.monotonic() - started < 5
        assert s.tasks() == []
        small = {"messages": [{"role": "user", "content": "fix ```python\ndef f(:\n  pass\n```"}]}
        assert send(s, "POST", CHAT, JSON, small).status == 200


def test_the_default_code_limit_is_256_kb() -> None:
    assert HttpSettings().max_code_bytes == 256 * 1024


# --------------------------------------------------------------------------- beyond loopback


def test_listening_beyond_loopback_needs_a_key(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # 127.0.0.1 is taken for a remote address here: no test listens beyond loopback
    monkeypatch.setattr(http_api, "is_loopback", lambda host: False)
    with pytest.raises(ConfigError, match="--http-allow-remote"), serving(tmp_path):
        pass
    with pytest.raises(ConfigError, match="NCA_API_KEY"), serving(tmp_path, allow_remote=True):
        pass
    with serving(tmp_path, allow_remote=True, api_key="k3y") as s:
        key = [("Authorization", "Bearer k3y")]
        # other machines name this one as they like: the Host check gives way to the key
        assert send(s, "GET", "/v1/models", key, host="nca.lan:8765").status == 200
        assert send(s, "GET", "/v1/models", host="nca.lan").status == 401
        assert send(s, "GET", "/health", host="nca.lan").status == 401
        assert send(s, "GET", "/health", key, host="nca.lan").status == 200
        # browsers are still refused
        assert send(s, "GET", "/v1/models", [*key, ("Origin", "https://evil.example")]).status \
            == 403


def test_on_loopback_health_needs_no_key(tmp_path: Path) -> None:
    with serving(tmp_path, api_key="k3y") as s:
        assert send(s, "GET", "/health").status == 200
        assert send(s, "GET", "/v1/models").status == 401
