"""The limiter that applies ``stop`` and ``max_tokens`` to a stream of text pieces."""

import pytest

from nca.admin.replies import Limiter, estimate_tokens


@pytest.mark.parametrize(("pieces", "max_tokens", "stop", "out", "reason"), [
    (["hello ", "world"], None, (), "hello world", None),
    (["hello ", "world"], 2, (), "hello wo", "length"),
    (["hel", "lo EN", "D more"], None, ("END",), "hello ", "stop"),
    (["abc"], None, ("x", "abc"), "", "stop"),
    (["a", "b", "c"], 1, ("zz",), "abc", None),
])
def test_limiter(pieces, max_tokens, stop, out, reason):
    limiter = Limiter(max_tokens, stop)
    text = "".join(limiter.feed(p) for p in pieces) + limiter.flush()
    assert (text, limiter.finish_reason) == (out, reason)


def test_estimate_tokens():
    assert [estimate_tokens(t) for t in ("", "a", "abcd", "abcde")] == [0, 1, 1, 2]
