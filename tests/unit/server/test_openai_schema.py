"""Request validation and response shapes of the OpenAI wire format."""

import pytest

from nca.server.openai_schema import (
    ApiError,
    chat_chunk,
    decode_json_body,
    parse_chat_request,
    parse_completion_request,
    parse_fim,
    usage_chunk,
)
from nca.workers.core.errors import EngineError, InputError


def chat(**body):
    return parse_chat_request({"messages": [{"role": "user", "content": "hi"}], **body}, "nca")


@pytest.mark.parametrize(("raw", "code"), [
    (b"", "invalid_json"),
    (b"{", "invalid_json"),
    (b"[]", "invalid_json"),
    (b"\xc3\x28", "invalid_encoding"),
    (b"[" * 100_000 + b"]" * 100_000, "invalid_json"),
])
def test_bad_bodies_are_400(raw, code):
    with pytest.raises(ApiError) as err:
        decode_json_body(raw)
    assert (err.value.status, err.value.code) == (400, code)


@pytest.mark.parametrize(("body", "param"), [
    ({}, "messages"),
    ({"messages": []}, "messages"),
    ({"messages": [{"content": "x"}]}, "messages[0].role"),
    ({"messages": [{"role": "user", "content": 3}]}, "messages[0].content"),
    ({"messages": [{"role": "user"}], "max_tokens": -1}, "max_tokens"),
    ({"messages": [{"role": "user"}], "max_tokens": True}, "max_tokens"),
    ({"messages": [{"role": "user"}], "temperature": 3}, "temperature"),
    ({"messages": [{"role": "user"}], "stop": [1]}, "stop"),
    ({"messages": [{"role": "user"}], "stream": "yes"}, "stream"),
    ({"messages": [{"role": "user"}], "model": 5}, "model"),
])
def test_invalid_chat_requests_name_the_parameter(body, param):
    with pytest.raises(ApiError) as err:
        parse_chat_request(body, "nca")
    assert err.value.status == 400 and err.value.param == param
    assert err.value.body()["error"]["param"] == param


def test_lenient_where_clients_differ():
    req = parse_chat_request({
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": "a"},
                                         {"type": "image_url", "image_url": {"url": "x"}},
                                         {"type": "text", "text": "b"}]},
            {"role": "assistant", "content": None, "tool_calls": []},
            {"role": "user", "content": " "},
        ],
        "tools": [{}], "tool_choice": "auto", "whatever": 1, "stop": "END",
        "stream": True, "stream_options": {"include_usage": True}, "max_completion_tokens": 9,
    }, "nca")
    assert [m.content for m in req.messages] == ["a\nb", "", " "]
    assert req.stop == ("END",) and req.include_usage and req.max_tokens == 9
    assert chat(stop=["a", "b", "c", "d", "e"]).stop == ("a", "b", "c", "d")
    assert chat(stream_options={"include_usage": True}).include_usage is False  # not streaming
    assert chat(model=None).model == "nca"


@pytest.mark.parametrize(("prompt", "suffix", "expected"), [
    ("<fim_prefix>def f():\n    <fim_suffix>\n<fim_middle>", None, ("def f():\n    ", "\n")),
    ("<file_sep>a.py\n<fim_prefix>x = <fim_suffix><fim_middle>", None, ("x = ", "")),
    ("x = ", "\n", ("x = ", "\n")),
    ("just text", None, None),
])
def test_fim_prompts(prompt, suffix, expected):
    assert parse_fim(prompt, suffix) == expected


def test_completion_takes_the_first_prompt_of_a_list():
    req = parse_completion_request({"prompt": ["a", "b"], "stream": True}, "nca-autocomplete")
    assert (req.prompt, req.model, req.stream) == ("a", "nca-autocomplete", True)


def test_chunks_have_the_shapes_clients_read():
    first = chat_chunk("id", "nca", 1, role="assistant", content="")
    assert first["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    end = chat_chunk("id", "nca", 1, finish_reason="length")
    assert end["choices"][0] == {"index": 0, "delta": {}, "logprobs": None,
                                 "finish_reason": "length"}
    assert usage_chunk("id", "nca", 1, {"total_tokens": 3})["choices"] == []


def test_nca_errors_map_to_statuses():
    from nca.server.openai_schema import api_error_from

    assert api_error_from(EngineError("no model", "set X")).status == 503
    assert api_error_from(InputError("bad")).status == 400
