"""The Analyzer's search providers: the query built from an error, Stack Exchange and GitHub
issues through a local server that replays their real JSON shapes, the SQLite cache and its
time-to-live, rate limits and backoff, offline behaviour, the installed-documentation provider
against real packages, the [nca.search] setting, and the chat answers that cite the results.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from nca.admin.config import parse_config
from nca.workers.analysis.search import (
    ErrorQuery,
    SearchCache,
    SearchResult,
    SearchSettings,
    as_context,
    fit_budget,
    rank,
    search_error,
    search_sync,
    sources_markdown,
)
from nca.workers.analysis.search import web as web_module
from nca.workers.analysis.search.docs import docs_results, package_info, repo_from_urls
from nca.workers.analysis.search.limits import reset_limits
from nca.workers.analysis.search.results import html_to_text, match_score
from nca.workers.core.errors import ConfigError
from tests.unit.conftest import closed_port

requests = pytest.importorskip("requests")
REQUESTS_MODELS = str(Path(requests.models.__file__))

# a traceback whose innermost library frame is requests' own installed file
TRACEBACK = f"""Traceback (most recent call last):
  File "/home/someone/app/fetch.py", line 7, in <module>
    response.raise_for_status()
  File "{REQUESTS_MODELS}", line 1026, in raise_for_status
    raise HTTPError(http_error_msg, response=self)
requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://example.com/api/v1/items/12345
"""

# --------------------------------------------------------------------------- recorded shapes

# GET /2.3/search/advanced?...&filter=withbody, in the common wrapper object
# (https://api.stackexchange.com/docs/advanced-search, /docs/wrapper, /docs/types/question)
SE_SEARCH: dict[str, Any] = {
    "items": [
        {
            "tags": ["python", "python-requests", "http-status-code-404"],
            "owner": {"account_id": 1, "reputation": 1200, "user_id": 101, "user_type":
                      "registered", "display_name": "asker", "link":
                      "https://stackoverflow.com/users/101/asker"},
            "is_answered": True, "view_count": 48210, "accepted_answer_id": 22222,
            "answer_count": 2, "score": 57, "last_activity_date": 1700000000,
            "creation_date": 1500000000, "question_id": 11111,
            "content_license": "CC BY-SA 4.0",
            "link": "https://stackoverflow.com/questions/11111/raise-for-status-httperror-404",
            "title": "Why does raise_for_status() raise HTTPError: 404 Client Error: Not Found "
                     "for url?",
            "body": "<p>I call <code>response.raise_for_status()</code> and get</p>\n<pre><code>"
                    "requests.exceptions.HTTPError: 404 Client Error: Not Found for url"
                    "</code></pre>",
        },
        {
            "tags": ["javascript", "json"], "owner": {"user_id": 7, "display_name": "x"},
            "is_answered": True, "view_count": 9, "accepted_answer_id": 66666,
            "answer_count": 1, "score": 900, "last_activity_date": 1700000000,
            "creation_date": 1500000000, "question_id": 33333,
            "content_license": "CC BY-SA 4.0",
            "link": "https://stackoverflow.com/questions/33333/parse-json-in-javascript",
            "title": "Parse JSON in JavaScript?", "body": "<p>How do I parse a string?</p>",
        },
        {
            "tags": ["python", "python-requests"], "owner": {"user_id": 8, "display_name": "y"},
            "is_answered": True, "view_count": 120, "accepted_answer_id": 55555,
            "answer_count": 1, "score": 3, "last_activity_date": 1700000000,
            "creation_date": 1500000000, "question_id": 44444,
            "content_license": "CC BY-SA 4.0",
            "link": "https://stackoverflow.com/questions/44444/requests-404-client-error",
            "title": "requests HTTPError 404 Client Error &#39;Not Found&#39; with a trailing "
                     "slash",
            "body": "<p>The url works in a browser.</p>",
        },
    ],
    "has_more": True, "quota_max": 300, "quota_remaining": 287,
}

# GET /2.3/questions/11111;44444/answers?...&filter=withbody (/docs/types/answer)
SE_ANSWERS: dict[str, Any] = {
    "items": [
        {"owner": {"user_id": 201, "display_name": "helper"}, "is_accepted": False,
         "score": 100, "last_activity_date": 1600000000, "creation_date": 1600000000,
         "answer_id": 22223, "question_id": 11111, "content_license": "CC BY-SA 4.0",
         "body": "<p>Popular but not accepted: just catch it.</p>"},
        {"owner": {"user_id": 202, "display_name": "expert"}, "is_accepted": True,
         "score": 80, "last_activity_date": 1600000000, "creation_date": 1600000000,
         "answer_id": 22222, "question_id": 11111, "content_license": "CC BY-SA 4.0",
         "body": "<p>The server answered 404; check <code>response.status_code</code> first:"
                 "</p>\n<pre><code>if response.status_code == 404:\n    return None\n"
                 "response.raise_for_status()\n</code></pre>"},
        {"owner": {"user_id": 203, "display_name": "z"}, "is_accepted": True, "score": 4,
         "last_activity_date": 1600000000, "creation_date": 1600000000, "answer_id": 55555,
         "question_id": 44444, "content_license": "CC BY-SA 4.0",
         "body": "<p>Remove the trailing slash from the url.</p>"},
    ],
    "has_more": False, "quota_max": 300, "quota_remaining": 286,
}

# GET /search/issues?q=... (https://docs.github.com/en/rest/search/search#search-issues-and-pull-requests)
GH_ISSUES: dict[str, Any] = {
    "total_count": 3,
    "incomplete_results": False,
    "items": [
        {
            "url": "https://api.github.com/repos/psf/requests/issues/1234",
            "repository_url": "https://api.github.com/repos/psf/requests",
            "html_url": "https://github.com/psf/requests/issues/1234",
            "id": 1, "node_id": "I_1", "number": 1234,
            "title": "raise_for_status raises HTTPError 404 Client Error for a redirect",
            "user": {"login": "reporter", "id": 5}, "labels": [], "state": "closed",
            "locked": False, "assignee": None, "assignees": [], "milestone": None,
            "comments": 6, "created_at": "2023-01-01T00:00:00Z",
            "updated_at": "2023-02-01T00:00:00Z", "closed_at": "2023-02-01T00:00:00Z",
            "author_association": "NONE", "active_lock_reason": None,
            "body": "<!-- Summary of the issue -->\nAfter a 301 the 404 Client Error: Not Found "
                    "comes from the redirected url. Fixed by allow_redirects=False.",
            "reactions": {"url": "x", "total_count": 4, "+1": 4},
            "score": 1.0,
        },
        {
            "url": "https://api.github.com/repos/psf/requests/issues/99",
            "repository_url": "https://api.github.com/repos/psf/requests",
            "html_url": "https://github.com/psf/requests/pull/99", "id": 2, "number": 99,
            "title": "Fix HTTPError 404 Client Error message", "state": "open", "comments": 0,
            "pull_request": {"url": "https://api.github.com/repos/psf/requests/pulls/99"},
            "body": "a pull request, not an issue", "score": 1.0,
        },
        {
            "url": "https://api.github.com/repos/psf/requests/issues/77",
            "repository_url": "https://api.github.com/repos/psf/requests",
            "html_url": "https://github.com/psf/requests/issues/77", "id": 3, "number": 77,
            "title": "Document proxies better", "state": "open", "comments": 1,
            "body": "The proxies page is short.", "score": 1.0,
        },
    ],
}


@dataclass
class Replay:
    """A local server answering as Stack Exchange 2.3 and GitHub's REST search do."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    se_backoff: int | None = None  # put into the next search/advanced answer
    gh_headers: dict[str, str] = field(default_factory=dict)
    gh_status: int = 200
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self, prefix: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"].startswith(prefix)]

    def start(self) -> None:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        assert ready.wait(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self, ready: threading.Event) -> None:
        from aiohttp import web

        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_get("/2.3/search/advanced", self._se_search)
        app.router.add_get("/2.3/questions/{ids}/answers", self._se_answers)
        app.router.add_get("/search/issues", self._gh_search)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        ready.set()
        self._loop.run_forever()

    def _record(self, request: Any) -> None:
        self.requests.append({"path": request.path, "query": dict(request.query),
                              "headers": dict(request.headers), "at": time.monotonic()})

    async def _se_search(self, request: Any) -> Any:
        from aiohttp import web

        self._record(request)
        body = dict(SE_SEARCH)
        if self.se_backoff is not None:
            body["backoff"] = self.se_backoff
        return web.json_response(body)

    async def _se_answers(self, request: Any) -> Any:
        from aiohttp import web

        self._record(request)
        ids = {int(i) for i in request.match_info["ids"].split(";")}
        items = [a for a in SE_ANSWERS["items"] if a["question_id"] in ids]
        return web.json_response({**SE_ANSWERS, "items": items})

    async def _gh_search(self, request: Any) -> Any:
        from aiohttp import web

        self._record(request)
        headers = {"x-ratelimit-limit": "10", "x-ratelimit-remaining": "9",
                   "x-ratelimit-reset": str(int(time.time()) + 60),
                   "x-ratelimit-resource": "search", **self.gh_headers}
        if self.gh_status != 200:
            return web.json_response({"message": "API rate limit exceeded",
                                      "documentation_url": "https://docs.github.com/rest"},
                                     status=self.gh_status, headers=headers)
        return web.json_response(GH_ISSUES, headers=headers)


@pytest.fixture()
def replay():
    pytest.importorskip("aiohttp")
    server = Replay()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def fresh_limits():
    reset_limits()
    web_module._said.clear()
    yield
    reset_limits()


def web_settings(server: Replay, tmp_path: Path, **changes: Any) -> SearchSettings:
    values: dict[str, Any] = {
        "web": True, "stackexchange_url": f"{server.url}/2.3", "github_url": server.url,
        "cache_path": tmp_path / "search.sqlite3", "requests_per_second": 100.0,
        "timeout": 5.0, "budget_tokens": 4000}
    values.update(changes)
    return SearchSettings(**values)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


# --------------------------------------------------------------------------- the query


def test_query_from_a_traceback_names_the_package_that_raised():
    query = ErrorQuery.from_text("some log line\n" + TRACEBACK)
    assert query is not None
    assert query.exc_type == "requests.exceptions.HTTPError"
    assert query.short_type == "HTTPError"
    assert (query.package, query.module, query.obj) == \
        ("requests", "requests.models", "raise_for_status")
    # the url and its numbers are this run's own: they are not searched for
    assert query.search_text() == "HTTPError 404 Client Error: Not Found for url"


@pytest.mark.parametrize(("text", "package", "obj", "searched"), [
    ("AttributeError: module 'requests' has no attribute 'gett'", "requests", "gett",
     "AttributeError module 'requests' has no attribute"),
    ("ImportError: cannot import name 'Sessionn' from 'requests' (/x/requests/__init__.py)",
     "requests", "Sessionn", "ImportError cannot import name from 'requests'"),
    ("NameError: name 'my_counter' is not defined", None, None,
     "NameError name is not defined"),
    ("AttributeError: 'NoneType' object has no attribute 'group'", None, None,
     "AttributeError 'NoneType' object has no attribute"),
    ("packaging.version.InvalidVersion: Invalid version: '1.x'", "packaging", "InvalidVersion",
     "InvalidVersion Invalid version"),
])
def test_query_from_an_exception_line(text, package, obj, searched):
    query = ErrorQuery.from_text(f"It fails with\n{text}\nany idea?")
    assert query is not None
    assert (query.package, query.obj) == (package, obj)
    assert query.search_text() == searched


@pytest.mark.parametrize("text", ["What is a monad?", "", "the error rate is 2%"])
def test_no_error_no_query(text):
    assert ErrorQuery.from_text(text) is None
    assert run(search_error(text, SearchSettings())) == []


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


# --------------------------------------------------------------------------- network providers


def test_stack_exchange_and_github_through_the_replay(replay, tmp_path):
    settings = web_settings(replay, tmp_path)
    results = run(search_error(TRACEBACK, settings))
    links = [r.link for r in results]
    # the accepted answer of the best question, not the more popular unaccepted one
    first_se = next(r for r in results if r.provider == "stackexchange")
    assert first_se.link == SE_SEARCH["items"][0]["link"]
    assert first_se.accepted and first_se.score == 80
    assert "response.status_code" in first_se.text and "```" in first_se.text
    # filtered by the exception and the message: the JavaScript question is left out
    assert SE_SEARCH["items"][1]["link"] not in links
    assert any(r.title.startswith("requests HTTPError 404 Client Error 'Not Found'")
               for r in results)  # HTML entities of titles decoded
    # GitHub: the issue, not the pull request nor the unrelated issue; template comment gone
    issue = next(r for r in results if r.provider == "github")
    assert issue.link == "https://github.com/psf/requests/issues/1234"
    assert issue.accepted and issue.score == 10 and "<!--" not in issue.text
    assert not any("/pull/" in link or link.endswith("/77") for link in links)
    # the offline docs are there too, with a file link
    assert any(r.provider == "docs" and r.link.startswith("file://") for r in results)

    (found,) = replay.paths("/2.3/search/advanced")
    assert found["query"]["tagged"] == "python" and found["query"]["accepted"] == "True"
    assert found["query"]["q"] == "HTTPError 404 Client Error: Not Found for url"
    assert found["query"]["filter"] == "withbody" and found["query"]["site"] == "stackoverflow"
    (answers,) = replay.paths("/2.3/questions/")
    assert answers["path"] == "/2.3/questions/11111;44444/answers"
    assert answers["query"]["filter"] == "withbody"
    (issues,) = replay.paths("/search/issues")
    # the repository comes from requests' own metadata (Project-URL: Source)
    assert "repo:psf/requests" in issues["query"]["q"] and "is:issue" in issues["query"]["q"]
    assert issues["headers"]["Accept"] == "application/vnd.github+json"

    cited = sources_markdown(results)
    assert all(r.link in cited for r in results)


def test_a_cached_answer_is_used_until_it_expires(replay, tmp_path):
    now = [1_000_000.0]
    settings = web_settings(replay, tmp_path, ttl=3600.0)
    cache = SearchCache(settings.cache_file(), settings.ttl, clock=lambda: now[0])
    first = run(search_error(TRACEBACK, settings, cache=cache))
    asked = len(replay.requests)
    assert asked == 3  # search, answers, issues

    again = run(search_error(TRACEBACK, settings, cache=cache))
    assert len(replay.requests) == asked  # nothing asked: the cache answered
    assert [r.link for r in again] == [r.link for r in first]

    # a second process reads the same file
    other = SearchCache(settings.cache_file(), settings.ttl, clock=lambda: now[0])
    run(search_error(TRACEBACK, settings, cache=other))
    assert len(replay.requests) == asked

    now[0] += 3601  # past the time-to-live: asked again
    run(search_error(TRACEBACK, settings, cache=cache))
    assert len(replay.requests) == 2 * asked


def test_an_unusable_cache_is_no_cache(replay, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    settings = web_settings(replay, tmp_path, cache_path=blocker / "search.sqlite3")
    assert run(search_error(TRACEBACK, settings))  # found, though nothing could be cached


def test_offline_logs_once_and_keeps_the_offline_docs(tmp_path, caplog):
    port = closed_port()
    settings = SearchSettings(web=True, stackexchange_url=f"http://127.0.0.1:{port}/2.3",
                              github_url=f"http://127.0.0.1:{port}",
                              cache_path=tmp_path / "c.sqlite3", timeout=5.0)
    caplog.set_level(logging.INFO, logger="nca.workers.analysis.search")
    for _ in range(3):
        results = run(search_error(TRACEBACK, settings))
        assert results and {r.provider for r in results} == {"docs"}
        assert any("raise_for_status" in r.title for r in results)
        reset_limits()  # not even a fresh try logs it again
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len([w for w in warnings if "Stack Exchange" in w]) == 1, warnings
    assert len([w for w in warnings if "GitHub" in w]) == 1, warnings
    assert all("unreachable" in w for w in warnings)
    # nothing was cached for an answer that never came
    assert SearchCache(settings.cache_file(), settings.ttl).get("stackexchange", "x") is None


def test_an_unreachable_host_is_not_asked_again_at_once(tmp_path):
    port = closed_port()
    settings = SearchSettings(web=True, stackexchange_url=f"http://127.0.0.1:{port}/2.3",
                              github_url=f"http://127.0.0.1:{port}",
                              cache_path=tmp_path / "c.sqlite3")
    run(search_error(TRACEBACK, settings))
    from nca.workers.analysis.search.limits import limit_for

    assert limit_for("stackexchange", settings.stackexchange_url).blocked_for() > 30


def test_stack_exchange_backoff_is_respected(replay, tmp_path):
    settings = web_settings(replay, tmp_path, max_wait=5.0)
    replay.se_backoff = 1
    run(search_error("KeyError: 'first'\n" + TRACEBACK, settings))
    replay.se_backoff = None
    run(search_error("HTTPError: 404 Client Error: Not Found for url: second", settings))
    first, second = replay.paths("/2.3/search/advanced")
    assert second["at"] - first["at"] >= 0.95  # waited out the backoff of search/advanced
    # the other method (answers) was not held back by it
    assert replay.paths("/2.3/questions/")[0]["at"] - first["at"] < 0.9

    # told to back off longer than the caller waits: the request is not sent at all
    replay.se_backoff = 30
    run(search_error("HTTPError: 404 Client Error: third", settings))
    asked = len(replay.paths("/2.3/search/advanced"))
    results = run(search_error("HTTPError: 404 Client Error: fourth", settings))
    assert len(replay.paths("/2.3/search/advanced")) == asked
    assert not any(r.provider == "stackexchange" for r in results)


def test_requests_per_second_cap(replay, tmp_path):
    settings = web_settings(replay, tmp_path, requests_per_second=5.0, max_wait=5.0)
    for n in range(3):
        run(search_error(f"HTTPError: 404 Client Error: Not Found {'x' * n}", settings))
    times = [r["at"] for r in replay.requests if r["path"].startswith("/2.3/")]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) >= 4 and min(gaps) >= 0.18, gaps


def test_github_rate_limit_headers_are_respected(replay, tmp_path):
    settings = web_settings(replay, tmp_path)
    replay.gh_headers = {"x-ratelimit-remaining": "0",
                         "x-ratelimit-reset": str(int(time.time()) + 120)}
    run(search_error(TRACEBACK, settings))
    assert len(replay.paths("/search/issues")) == 1
    results = run(search_error(TRACEBACK.replace("Not Found", "Gone"), settings))
    assert len(replay.paths("/search/issues")) == 1  # none left until the reset: not asked
    assert len(replay.paths("/2.3/search/advanced")) == 2  # Stack Exchange still is
    assert not any(r.provider == "github" for r in results)


def test_github_secondary_limit_with_retry_after(replay, tmp_path):
    settings = web_settings(replay, tmp_path)
    replay.gh_status, replay.gh_headers = 403, {"retry-after": "60"}
    results = run(search_error(TRACEBACK, settings))
    assert not any(r.provider == "github" for r in results)
    replay.gh_status, replay.gh_headers = 200, {}
    run(search_error(TRACEBACK.replace("Not Found", "Gone"), settings))
    assert len(replay.paths("/search/issues")) == 1
    # and the refusal was not cached as "nothing found"
    cache = SearchCache(settings.cache_file(), settings.ttl)
    assert cache.get("github", "anything") is None


def test_web_providers_are_off_by_default(replay, tmp_path, monkeypatch):
    monkeypatch.delenv("NCA_WEB_SEARCH", raising=False)
    settings = SearchSettings(stackexchange_url=f"{replay.url}/2.3", github_url=replay.url,
                              cache_path=tmp_path / "c.sqlite3").with_env()
    results = run(search_error(TRACEBACK, settings))
    assert replay.requests == []
    assert {r.provider for r in results} == {"docs"}


def test_search_sync_inside_a_running_loop():
    query = ErrorQuery.from_text(TRACEBACK)
    assert query is not None

    async def inside() -> list[SearchResult]:
        return search_sync(query, SearchSettings())

    assert run(inside())[0].provider == "docs"
    assert search_sync(query, SearchSettings())[0].provider == "docs"


# --------------------------------------------------------------------------- settings


def test_the_environment_turns_web_search_on_and_off():
    base = SearchSettings()
    assert not base.web
    assert base.with_env({"NCA_WEB_SEARCH": "1"}).web
    assert not SearchSettings(web=True).with_env({"NCA_WEB_SEARCH": "0"}).web
    moved = base.with_env({"NCA_SEARCH_STACKEXCHANGE_URL": "http://127.0.0.1:9/2.3",
                           "NCA_SEARCH_GITHUB_URL": "http://127.0.0.1:9",
                           "NCA_SEARCH_CACHE": "/tmp/x.sqlite3"})
    assert moved.stackexchange_url == "http://127.0.0.1:9/2.3"
    assert moved.github_url == "http://127.0.0.1:9"
    assert moved.cache_file() == Path("/tmp/x.sqlite3")


def test_the_default_cache_lives_in_nca_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert SearchSettings().cache_file() == tmp_path / "nca" / "search.sqlite3"


def test_nca_toml_search_section():
    config = parse_config({"search": {"web": True, "ttl_hours": 2, "budget_tokens": 500,
                                      "github_url": "http://127.0.0.1:1"}})
    assert config.search.web and config.search.ttl == 7200.0
    assert config.search.budget_tokens == 500 and config.search.github_url == "http://127.0.0.1:1"
    assert parse_config({}).search == SearchSettings()
    # an untrusted workspace's file may not send error text anywhere
    untrusted = parse_config({"search": {"web": True, "budget_tokens": 500,
                                         "stackexchange_url": "http://evil.example"}},
                             "nca.toml", trusted=False)
    assert not untrusted.search.web
    assert untrusted.search.stackexchange_url == SearchSettings().stackexchange_url
    assert untrusted.search.budget_tokens == 500
    assert any("search" in i for i in untrusted.ignored)
    for bad in ({"web": "yes"}, {"colour": 1}, {"budget_tokens": 0},
                {"github_url": "ftp://x"}, {"ttl_hours": True}):
        with pytest.raises(ConfigError):
            parse_config({"search": bad})
    with pytest.raises(ConfigError):
        parse_config({"search": ["web"]})


# --------------------------------------------------------------------------- offline docs


def test_docs_docstring_of_the_function_that_raised():
    query = ErrorQuery.from_text(TRACEBACK)
    assert query is not None
    results = docs_results(query)
    top = results[0]
    assert top.title.startswith("requests.models.Response.raise_for_status docstring (requests ")
    assert top.link.startswith(Path(REQUESTS_MODELS).resolve().as_uri() + "#L")
    assert "def raise_for_status(self" in top.text and "HTTPError" in top.text


@pytest.mark.parametrize(("text", "title"), [
    ("packaging.version.InvalidVersion: Invalid version: '1.x'",
     "packaging.version.InvalidVersion docstring"),
    ("rich.errors.MarkupError: closing tag '[/bold]' at position 3 doesn't match any open tag",
     "rich.errors.MarkupError docstring"),
    # a name a package re-exports: found where it is defined
    ("AttributeError: module 'requests' has no attribute 'Session'",
     "requests.sessions.Session docstring"),
])
def test_docs_of_real_installed_packages(text, title):
    pytest.importorskip(text.split(".")[0] if "." in text.split(":")[0] else "requests")
    query = ErrorQuery.from_text(text)
    assert query is not None
    results = docs_results(query)
    assert results and results[0].title.startswith(title), results
    assert results[0].link.startswith("file://")


def test_docs_metadata_gives_the_repository():
    info = package_info("requests")
    assert info is not None and info.repo == "psf/requests"
    assert info.readme and info.readme_link.startswith("file://")
    yaml = package_info("yaml")  # the import name differs from the distribution's
    if yaml is not None:
        assert yaml.name == "PyYAML" and yaml.repo == "yaml/pyyaml"
    assert repo_from_urls(["https://github.com/sponsors/hynek",
                           "https://github.com/python-attrs/attrs.git"]) == "python-attrs/attrs"
    assert package_info("no_such_package_here") is None


def test_docs_read_the_md_and_rst_a_distribution_ships(tmp_path):
    site = tmp_path / "site"
    pkg = site / "fakepkg"
    (pkg / "docs").mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Fake package."""\n\nclass Frobnicator:\n'
                                     '    """Frobnicates things."""\n')
    (pkg / "docs" / "errors.md").write_text(
        "# Errors\n\nIntro.\n\n## FrobError\n\nA FrobError with 'too many widgets' means the "
        "widget limit was hit; raise it with `Frobnicator(limit=...)`.\n\n## Other\n\nNone.\n")
    (pkg / "docs" / "guide.rst").write_text(
        "Guide\n=====\n\nNothing here.\n\nWidgets\n-------\n\nToo many widgets? Use fewer "
        "widgets per FrobError-prone call.\n")
    info = site / "fakepkg-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fakepkg\nVersion: 1.0\n"
        "Project-URL: Source, https://github.com/someone/fakepkg\n\n# fakepkg\n\nFrobnicates.\n")
    (info / "RECORD").write_text("fakepkg/__init__.py,,\nfakepkg/docs/errors.md,,\n"
                                 "fakepkg/docs/guide.rst,,\nfakepkg-1.0.dist-info/METADATA,,\n"
                                 "fakepkg-1.0.dist-info/RECORD,,\n")
    query = ErrorQuery.from_text("fakepkg.FrobError: too many widgets")
    assert query is not None and query.package == "fakepkg"
    results = docs_results(query, [str(site)])
    titles = [r.title for r in results]
    assert "fakepkg: errors.md: FrobError" in titles, titles
    hit = results[titles.index("fakepkg: errors.md: FrobError")]
    assert hit.link == (pkg / "docs" / "errors.md").resolve().as_uri() + "#L5"
    assert "widget limit" in hit.text
    assert any(t.startswith("fakepkg: guide.rst: Widgets") for t in titles)
    assert package_info("fakepkg", [str(site)]).repo == "someone/fakepkg"


# --------------------------------------------------------------------------- the chat hook


class Recorder:
    """A chat engine that answers one sentence and keeps what it was sent."""

    id, kind = "echo", "model"
    capabilities = frozenset({"chat"})

    def __init__(self) -> None:
        self.seen: list[list[dict[str, str]]] = []

    def health(self):
        from nca.workers.core.types import Health

        return Health(True)

    def chat(self, messages, *, max_tokens=None, temperature=None, stop=(), cancel=None):
        self.seen.append(list(messages))
        yield "Check the status code first [1]."


def chat_with(tmp_path, engine=None):
    from nca.admin.chat import Chat
    from nca.admin.council import Council
    from nca.admin.dispatcher import Dispatcher
    from nca.workers.engines.rules.engine import RulesEngine

    engines = [RulesEngine()] + ([engine] if engine else [])
    routing = {"fix": ("rules",), "chat": ("echo",) if engine else ()}
    tmp_path.mkdir(exist_ok=True)
    return Chat(Dispatcher(tmp_path, council=Council(engines, routing)), origin="http")


def answer(chat, text) -> str:
    from nca.admin.chat import ChatMessage

    async def go() -> str:
        return "".join([p async for p in chat.reply([ChatMessage("user", text)])])

    return run(go())


def test_chat_answer_about_an_error_cites_the_search_results(replay, tmp_path, monkeypatch):
    monkeypatch.setenv("NCA_WEB_SEARCH", "1")
    monkeypatch.setenv("NCA_SEARCH_STACKEXCHANGE_URL", f"{replay.url}/2.3")
    monkeypatch.setenv("NCA_SEARCH_GITHUB_URL", replay.url)
    monkeypatch.setenv("NCA_SEARCH_CACHE", str(tmp_path / "cache.sqlite3"))
    engine = Recorder()
    text = answer(chat_with(tmp_path / "ws", engine), f"Why do I get this?\n{TRACEBACK}")
    assert text.startswith("Check the status code first [1].")
    assert "**Sources**" in text
    assert SE_SEARCH["items"][0]["link"] in text
    assert "https://github.com/psf/requests/issues/1234" in text
    (sent,) = engine.seen
    assert sent[0]["role"] == "system" and SE_SEARCH["items"][0]["link"] in sent[0]["content"]
    assert "cite" in sent[0]["content"]


def test_chat_without_an_error_is_unchanged(replay, tmp_path, monkeypatch):
    monkeypatch.setenv("NCA_WEB_SEARCH", "1")
    monkeypatch.setenv("NCA_SEARCH_STACKEXCHANGE_URL", f"{replay.url}/2.3")
    engine = Recorder()
    text = answer(chat_with(tmp_path / "ws", engine), "What is a monad?")
    assert text == "Check the status code first [1]."
    assert replay.requests == [] and engine.seen[0][0]["role"] == "user"


def test_chat_fix_path_lists_the_offline_docs(tmp_path, monkeypatch):
    monkeypatch.delenv("NCA_WEB_SEARCH", raising=False)
    code = "```python\nimport requests\nrequests.get('https://example.com').raise_for_status()\n```"
    text = answer(chat_with(tmp_path / "ws"), f"fix this\n{code}\n{TRACEBACK}")
    assert "**Sources**" in text
    assert "raise_for_status docstring" in text and "file://" in text
