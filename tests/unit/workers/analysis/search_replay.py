"""Recorded Stack Exchange and GitHub answers, the local server replaying them, a traceback."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from nca.workers.analysis.search.settings import SearchSettings

requests = pytest.importorskip(
    "requests", reason="requests is not installed (the wolfram or smollm2 extra brings it in)"
)
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


def web_settings(server: Replay, tmp_path: Path, **changes: Any) -> SearchSettings:
    values: dict[str, Any] = {
        "web": True, "stackexchange_url": f"{server.url}/2.3", "github_url": server.url,
        "cache_path": tmp_path / "search.sqlite3", "requests_per_second": 100.0,
        "timeout": 5.0, "budget_tokens": 4000}
    values.update(changes)
    return SearchSettings(**values)


def run(coro: Any) -> Any:
    return asyncio.run(coro)
