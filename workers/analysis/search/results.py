"""Search results: what each provider found, ranked, cut to a token budget and cited by link."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from html.parser import HTMLParser
from typing import Any

from nca.workers.analysis.search.query import ErrorQuery, message_words

__all__ = ["PROVIDER_NAMES", "SearchResult", "as_context", "fit_budget", "html_to_text",
           "match_score", "rank", "sources_markdown"]

PROVIDER_NAMES = {"stackexchange": "Stack Overflow", "github": "GitHub issue",
                  "docs": "installed documentation"}
#: the most one result's excerpt may take, in characters, however large the budget
MAX_EXCERPT = 1600
_HEADER_ROOM = 160


@dataclass(frozen=True)
class SearchResult:
    """One thing a provider found about an error, with the link to cite it by."""

    provider: str  # stackexchange, github, docs
    title: str
    link: str
    text: str  # plain text: the answer, the body, the docstring or doc section
    score: int = 0  # votes (Stack Exchange), comments and reactions (GitHub)
    accepted: bool = False  # an accepted answer; a closed issue
    match: float = 0.0  # 0..1: how well it names the exception type and the message
    rank: float = 0.0  # set by ``rank``

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchResult:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    def label(self) -> str:
        """Return where it comes from and why it counts, in a few words."""
        bits = [PROVIDER_NAMES.get(self.provider, self.provider)]
        if self.provider == "stackexchange":
            bits.append("accepted answer" if self.accepted else "top answer")
            bits.append(f"score {self.score}")
        elif self.provider == "github":
            bits.append("closed" if self.accepted else "open")
        return ", ".join(bits)


def match_score(query: ErrorQuery, text: str) -> float:
    """Return 0..1: half for naming the exception type, half for the message's words."""
    low = text.lower()
    typed = 0.5 if re.search(rf"\b{re.escape(query.short_type.lower())}\b", low) else 0.0
    words = query.words()
    if not words:
        return typed * 2
    found = set(message_words(text))
    return typed + 0.5 * sum(w in found for w in words) / len(words)


def rank(results: Iterable[SearchResult]) -> list[SearchResult]:
    """Return ``results`` best first: the match counts most, then accepted, then the score.

    The same link twice keeps its best copy.
    """
    ranked: dict[str, SearchResult] = {}
    for r in results:
        # votes count, but a famous answer to another error must not beat a fitting one
        votes = min(2.0, 0.35 * math.log1p(max(r.score, 0)))
        value = 4.0 * r.match + (1.5 if r.accepted else 0.0) + votes
        scored = replace(r, rank=round(value, 4))
        if r.link not in ranked or ranked[r.link].rank < scored.rank:
            ranked[r.link] = scored
    return sorted(ranked.values(), key=lambda r: (-r.rank, r.provider, r.link))


def fit_budget(results: Sequence[SearchResult], budget_tokens: int,
               count_tokens: Callable[[str], int] | None = None) -> list[SearchResult]:
    """Return the best results whose rendering fits in ``budget_tokens``, excerpts trimmed.

    Tokens are counted by ``count_tokens`` when given, else as characters / 4.
    """
    count = count_tokens or (lambda text: (len(text) + 3) // 4)
    left = budget_tokens
    kept: list[SearchResult] = []
    for result in results:
        header = _header(len(kept) + 1, result)
        room = left - count(header)
        if room < 24:  # not even a sentence of it would fit
            break
        text = result.text.strip()
        chars = min(MAX_EXCERPT, room * 4)
        if len(text) > chars:
            text = _cut(text, chars)
        while text and count(header + text) > left:  # a real tokenizer may count more
            text = _cut(text, int(len(text) * 0.8))
        if not text:
            break
        kept.append(replace(result, text=text))
        left -= count(header + text) + 1
    return kept


def _cut(text: str, chars: int) -> str:
    if len(text) <= chars:
        return text
    cut = text[: max(chars - 1, 0)]
    space = cut.rfind(" ")
    if space > chars * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…" if cut else ""


def _header(n: int, result: SearchResult) -> str:
    return f"[{n}] {result.title} ({result.label()})\n{result.link}\n"


def as_context(results: Sequence[SearchResult]) -> str:
    """Return the results as prompt context: numbered, each with its link and excerpt."""
    if not results:
        return ""
    parts = [_header(n, r) + r.text.strip() for n, r in enumerate(results, 1)]
    return ("What others found about this error (cite a source by its link when you use it; "
            "they may be wrong or for another version):\n\n" + "\n\n".join(parts))


def sources_markdown(results: Sequence[SearchResult]) -> str:
    """Return a markdown list of the results' links, for an answer to cite."""
    if not results:
        return ""
    lines = [f"{n}. [{_escape(r.title)}]({r.link}) ({r.label()})"
             for n, r in enumerate(results, 1)]
    return "**Sources** (searched for this error):\n" + "\n".join(lines) + "\n"


def _escape(title: str) -> str:
    return title.replace("[", "\\[").replace("]", "\\]").replace("\n", " ")


# --------------------------------------------------------------------------- HTML bodies


class _Text(HTMLParser):
    """Plain text of a Stack Exchange body: paragraphs, lists, code fenced or in backticks."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
              "hr", "ul", "ol", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.pre = 0
        self.code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.pre += 1
            self.out.append("\n```\n")
        elif tag == "code" and not self.pre:
            self.code += 1
            self.out.append("`")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self.pre:
            self.pre -= 1
            self.out.append("\n```\n")
        elif tag == "code" and self.code:
            self.code -= 1
            self.out.append("`")
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        self.out.append(data if self.pre else re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Return the plain text of an HTML body (code kept in fences and backticks)."""
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    text = "".join(parser.out)
    text = re.sub(r"\n```\n\s*\n?```\n", "\n", text)  # an empty code block
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
