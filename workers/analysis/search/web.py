"""The network providers: Stack Exchange questions and answers, and a package's GitHub issues.

Both speak their real APIs (Stack Exchange 2.3 ``search/advanced`` then
``questions/{ids}/answers``; GitHub REST ``search/issues``) through aiohttp with a time-out,
keep to their rate limits (nca.workers.analysis.search.limits) and never raise: a host that
cannot be reached is logged once and the search goes on with what the others found.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from nca.workers.analysis.search.limits import RateLimit, limit_for
from nca.workers.analysis.search.query import ErrorQuery
from nca.workers.analysis.search.results import SearchResult, html_to_text, match_score
from nca.workers.analysis.search.settings import SearchSettings

__all__ = ["MIN_MATCH", "Found", "github_issues", "open_session", "stack_exchange"]

log = logging.getLogger(__name__)

#: a result that names neither the exception type nor most of the message is left out
MIN_MATCH = 0.3
#: seconds a provider found unreachable is not asked again
UNREACHABLE_PAUSE = 60.0
USER_AGENT = "nca (neural-coding-assistant) search"

_said: set[tuple[str, str]] = set()


def _once(provider: str, kind: str, message: str, *args: Any) -> None:
    """Log ``message`` the first time ``provider`` has trouble of this ``kind``."""
    if (provider, kind) in _said:
        log.debug(message, *args)
        return
    _said.add((provider, kind))
    log.warning(message, *args)


def open_session(settings: SearchSettings) -> aiohttp.ClientSession:
    """Return a client session with the settings' time-out."""
    timeout = aiohttp.ClientTimeout(total=settings.timeout, sock_connect=min(settings.timeout, 5))
    return aiohttp.ClientSession(timeout=timeout, headers={"User-Agent": USER_AGENT})


@dataclass(frozen=True)
class Found:
    """What a provider found; ``answered`` False: it was not asked, or did not answer in full
    (a result that must not be cached)."""

    results: list[SearchResult]
    answered: bool


NOT_ANSWERED = Found([], False)


@dataclass(frozen=True)
class _Got:
    status: int
    data: Any
    headers: Mapping[str, str]


async def _get(session: aiohttp.ClientSession, provider: str, limit: RateLimit, method: str,
               url: str, params: dict[str, str], settings: SearchSettings,
               headers: dict[str, str] | None = None) -> _Got | None:
    """Return the answer to one GET, or None when it was not sent or did not come back."""
    wait = limit.reserve(method, settings.max_wait)
    if wait is None:
        log.info("search: %s asked to wait %.0f s more; skipped this time", provider,
                 limit.blocked_for(method))
        return None
    if wait > 0:
        await asyncio.sleep(wait)
    host = urlsplit(url).netloc
    try:
        async with session.get(url, params=params, headers=headers) as resp:
            try:
                data = await resp.json(content_type=None)
            except ValueError:
                data = None
            return _Got(resp.status, data, {k.lower(): v for k, v in resp.headers.items()})
    except aiohttp.ClientConnectorError as err:  # refused, DNS failure, no route
        limit.block(UNREACHABLE_PAUSE)
        _once(provider, "offline", "search: %s (%s) is unreachable (%s); going on without it",
              provider, host, err.os_error or err)
    except TimeoutError:
        limit.block(UNREACHABLE_PAUSE)
        _once(provider, "timeout", "search: %s (%s) did not answer within %.0f s; going on "
              "without it", provider, host, settings.timeout)
    except aiohttp.ClientError as err:
        _once(provider, "error", "search: %s (%s) failed: %s", provider, host, err)
    return None


# --------------------------------------------------------------------------- Stack Exchange


async def stack_exchange(session: aiohttp.ClientSession, query: ErrorQuery,
                         settings: SearchSettings, limit_questions: int = 5) -> Found:
    """Return accepted (else top) answers to the questions that match the error."""
    base = settings.stackexchange_url.rstrip("/")
    site = settings.stackexchange_site
    limit = limit_for("stackexchange", base, settings.requests_per_second)
    found = await _se_get(session, limit, base, "search/advanced", "search/advanced", {
        "order": "desc", "sort": "relevance", "q": query.search_text(), "tagged": "python",
        "accepted": "True", "site": site, "pagesize": "10", "filter": "withbody"}, settings)
    if found is None:
        return NOT_ANSWERED
    questions = []
    for item in found.get("items") or ():
        if not isinstance(item, dict) or not isinstance(item.get("question_id"), int):
            continue
        title = html.unescape(str(item.get("title", "")))
        match = match_score(query, f"{title}\n{html_to_text(str(item.get('body', '')))}")
        if match >= MIN_MATCH:
            questions.append((match, item, title))
    questions.sort(key=lambda q: (-q[0], -int(q[1].get("score") or 0)))
    questions = questions[:limit_questions]
    if not questions:
        return Found([], True)
    ids = ";".join(str(q[1]["question_id"]) for q in questions)
    answered = await _se_get(session, limit, base, f"questions/{ids}/answers",
                             "questions/answers", {
                                 "order": "desc", "sort": "votes", "site": site,
                                 "filter": "withbody", "pagesize": "50"}, settings)
    answers: dict[int, list[dict[str, Any]]] = {}
    for answer in (answered or {}).get("items") or ():
        if isinstance(answer, dict) and isinstance(answer.get("question_id"), int):
            answers.setdefault(answer["question_id"], []).append(answer)
    results = []
    for match, question, title in questions:
        qid = question["question_id"]
        best = _best_answer(answers.get(qid, []), question.get("accepted_answer_id"))
        link = str(question.get("link") or _question_link(base, site, qid))
        if best is None:  # the answers did not come: the question still says where to look
            text = html_to_text(str(question.get("body", "")))
            results.append(SearchResult("stackexchange", title, link, text,
                                        int(question.get("score") or 0), False, match))
            continue
        accepted = bool(best.get("is_accepted")) or best.get("answer_id") == \
            question.get("accepted_answer_id")
        results.append(SearchResult("stackexchange", title, link,
                                    html_to_text(str(best.get("body", ""))),
                                    int(best.get("score") or 0), accepted, match))
    return Found(results, answered is not None)


def _best_answer(answers: list[dict[str, Any]], accepted_id: Any) -> dict[str, Any] | None:
    for answer in answers:
        if answer.get("is_accepted") or (accepted_id and answer.get("answer_id") == accepted_id):
            return answer
    return max(answers, key=lambda a: int(a.get("score") or 0), default=None)


def _question_link(base: str, site: str, qid: int) -> str:
    host = "stackoverflow.com" if site == "stackoverflow" else f"{site}.stackexchange.com"
    return f"https://{host}/questions/{qid}"


async def _se_get(session: aiohttp.ClientSession, limit: RateLimit, base: str, path: str,
                  method: str, params: dict[str, str],
                  settings: SearchSettings) -> dict[str, Any] | None:
    got = await _get(session, "Stack Exchange", limit, method, f"{base}/{path}", params,
                     settings)
    if got is None:
        return None
    data = got.data if isinstance(got.data, dict) else {}
    backoff = data.get("backoff")
    if isinstance(backoff, int | float) and backoff > 0:
        # the API's word: this method must not be called again for that many seconds
        limit.block(float(backoff), method)
        log.info("search: Stack Exchange asks for a %s s backoff on %s", backoff, method)
    if data.get("quota_remaining") == 0:
        limit.block(_until_utc_midnight())
        _once("Stack Exchange", "quota", "search: the Stack Exchange quota for today is used up")
    if got.status != 200 or "error_id" in data:
        message = str(data.get("error_message") or "")
        if data.get("error_id") == 502 or got.status == 429:  # throttle_violation
            wait = re.search(r"(\d+) seconds", message)
            limit.block(float(wait.group(1)) if wait else UNREACHABLE_PAUSE)
        _once("Stack Exchange", f"http{got.status}", "search: Stack Exchange answered HTTP "
              "%s %s %s", got.status, data.get("error_name", ""), message)
        return None
    return data


def _until_utc_midnight() -> float:
    now = dt.datetime.now(dt.UTC)
    tomorrow = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (tomorrow - now).total_seconds()


# --------------------------------------------------------------------------- GitHub issues


async def github_issues(session: aiohttp.ClientSession, query: ErrorQuery,
                        settings: SearchSettings, repo: str | None) -> Found:
    """Return the issues of ``repo`` (else issues naming the package) that match the error."""
    if query.package is None:
        return Found([], True)
    base = settings.github_url.rstrip("/")
    limit = limit_for("github", base, settings.requests_per_second)
    terms = query.search_text().replace('"', " ").replace("'", " ")
    terms = re.sub(r"\s+", " ", terms)[:200]
    q = f"{terms} repo:{repo} is:issue" if repo else \
        f"{terms} {query.package} in:title,body is:issue"
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    token = os.environ.get(settings.github_token_env) if settings.github_token_env else None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    got = await _get(session, "GitHub", limit, "search", f"{base}/search/issues",
                     {"q": q, "per_page": "10"}, settings, headers)
    if got is None:
        return NOT_ANSWERED
    _github_limits(got, limit)
    if got.status != 200 or not isinstance(got.data, dict):
        message = got.data.get("message", "") if isinstance(got.data, dict) else ""
        _once("GitHub", f"http{got.status}", "search: GitHub answered HTTP %s %s", got.status,
              message)
        return NOT_ANSWERED
    results = []
    for item in got.data.get("items") or ():
        if not isinstance(item, dict) or not item.get("html_url") or "pull_request" in item:
            continue
        title = str(item.get("title") or "")
        body = _markdown_text(str(item.get("body") or ""))
        match = match_score(query, f"{title}\n{body}")
        if match < MIN_MATCH:
            continue
        reactions = item.get("reactions")
        score = int(item.get("comments") or 0) + int(
            reactions.get("total_count", 0) if isinstance(reactions, dict) else 0)
        results.append(SearchResult("github", title, str(item["html_url"]), body, score,
                                    item.get("state") == "closed", match))
    return Found(results, True)


def _github_limits(got: _Got, limit: RateLimit) -> None:
    """Keep to GitHub's rate-limit headers: none left until the reset, or a Retry-After."""
    headers = got.headers
    retry = headers.get("retry-after")
    if retry and retry.strip().isdigit():
        limit.block(float(retry))
    remaining, reset = headers.get("x-ratelimit-remaining"), headers.get("x-ratelimit-reset")
    if remaining is not None and remaining.strip() == "0":
        until = float(reset) - time.time() + 1 if reset and reset.strip().isdigit() else 60.0
        limit.block(until)
        log.info("search: GitHub's search rate limit is used up for %.0f s", until)
    elif got.status in (403, 429) and not retry:
        limit.block(UNREACHABLE_PAUSE)  # a secondary limit without a stated wait


def _markdown_text(body: str) -> str:
    """Return an issue body without its template's HTML comments and extra blank lines."""
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    return re.sub(r"\n{3,}", "\n\n", body).strip()
