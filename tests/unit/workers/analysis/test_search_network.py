"""Stack Exchange and GitHub through a local replay: the cache, rate limits, backoff, offline."""

from __future__ import annotations

import logging
import time

import pytest

from nca.workers.analysis.search.cache import SearchCache
from nca.workers.analysis.search.core import search_error, search_sync
from nca.workers.analysis.search.limits import reset_limits
from nca.workers.analysis.search.query import ErrorQuery
from nca.workers.analysis.search.results import SearchResult, sources_markdown
from nca.workers.analysis.search.settings import SearchSettings
from tests.unit.conftest import closed_port
from tests.unit.workers.analysis.search_replay import SE_SEARCH, TRACEBACK, run, web_settings

pytestmark = pytest.mark.usefixtures("fresh_limits")


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
    # 0.2 s apart when sent; arrival times jitter on a busy machine, and without the cap the
    # requests arrive milliseconds apart
    assert len(times) >= 4 and min(gaps) >= 0.1, gaps


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
