"""Search results: HTML bodies as text, ranking, and the cut to a token budget."""

from __future__ import annotations

import pytest

from nca.workers.analysis.search.query import ErrorQuery
from nca.workers.analysis.search.results import (
    SearchResult,
    as_context,
    fit_budget,
    html_to_text,
    match_score,
    rank,
)

pytestmark = pytest.mark.usefixtures("fresh_limits")


# --------------------------------------------------------------------------- results


def test_html_bodies_become_text_with_code():
    text = html_to_text("<p>Use <code>x &amp; y</code>:</p><pre><code>a = 1\nb = 2\n</code></pre>"
                        "<ul><li>one</li><li>two</li></ul>")
    assert "Use `x & y`:" in text
    assert "```\na = 1\nb = 2\n\n```" in text or "```\na = 1\nb = 2\n```" in text
    assert "- one" in text and "- two" in text


def test_ranking_prefers_the_match_then_accepted_then_score():
    query = ErrorQuery.from_text("KeyError: 'name'")
    assert query is not None
    weak = SearchResult("stackexchange", "x", "https://a", "t", score=5000, match=0.3)
    accepted = SearchResult("stackexchange", "y", "https://b", "t", score=2, accepted=True,
                            match=0.8)
    plain = SearchResult("stackexchange", "z", "https://c", "t", score=50, match=0.8)
    assert [r.link for r in rank([weak, plain, accepted])] == \
        ["https://b", "https://c", "https://a"]
    assert match_score(query, "KeyError when reading a dict") == 0.5


def test_budget_cuts_excerpts_and_drops_what_does_not_fit():
    results = [SearchResult("github", f"issue {n}", f"https://github.com/o/r/issues/{n}",
                            "word " * 2000, match=1.0) for n in range(5)]
    kept = fit_budget(results, 300)
    assert kept and len(kept) < 5
    context = as_context(kept)
    assert (len(context) - len(as_context([]) or "")) // 4 <= 300 + 60  # the preamble aside
    assert all(r.link in context for r in kept)
    assert all(r.text.endswith("…") for r in kept)
    # a tokenizer of its own is used when given (here: every character a token)
    assert sum(len(r.text) for r in fit_budget(results, 300, len)) < 300
