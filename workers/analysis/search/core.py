"""One search: the offline documentation, and the network providers when they are on, asked
together; their results cached, ranked and cut to the token budget."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from nca.workers.analysis.search.cache import SearchCache
from nca.workers.analysis.search.docs import docs_results, package_info
from nca.workers.analysis.search.query import ErrorQuery
from nca.workers.analysis.search.results import SearchResult, fit_budget, rank
from nca.workers.analysis.search.settings import SearchSettings
from nca.workers.core.types import Problem

__all__ = ["SearchPath", "search", "search_error", "search_sync"]

log = logging.getLogger(__name__)

#: where the project's packages are installed: a list, a callable asked only when a package
#: is named (finding the project's interpreter may take a moment), or None for nca's own
SearchPath = Sequence[str] | Callable[[], Sequence[str] | None] | None


async def search(query: ErrorQuery, settings: SearchSettings | None = None, *,
                 search_path: SearchPath = None, cache: SearchCache | None = None,
                 count_tokens: Callable[[str], int] | None = None) -> list[SearchResult]:
    """Return what is known about ``query``'s error, best first, cut to the token budget.

    Never raises for a provider's trouble: an unreachable host, a bad answer or an exhausted
    rate limit leaves that provider out (logged once) and the others' results stand.
    """
    settings = settings or SearchSettings().with_env()
    path = None
    if query.package is not None:
        path = await asyncio.to_thread(search_path) if callable(search_path) else search_path
    info = await asyncio.to_thread(package_info, query.package, path) if query.package else None
    jobs: list[Awaitable[list[SearchResult]]] = [
        asyncio.to_thread(docs_results, query, path)]
    session = None
    if settings.web:
        # the network providers load aiohttp (~0.1 s): only when web search is on
        from nca.workers.analysis.search import web

        cache = cache or SearchCache(settings.cache_file(), settings.ttl)
        session = web.open_session(settings)
        jobs.append(_cached(cache, "stackexchange", settings.stackexchange_url, query,
                            lambda: web.stack_exchange(session, query, settings)))
        if query.package is not None:
            repo = info.repo if info else None
            jobs.append(_cached(cache, "github", f"{settings.github_url}|{repo}", query,
                                lambda: web.github_issues(session, query, settings, repo)))
    try:
        found = await asyncio.gather(*jobs, return_exceptions=True)
    finally:
        if session is not None:
            await session.close()
    results: list[SearchResult] = []
    for got in found:
        if isinstance(got, BaseException):
            log.warning("search: a provider failed: %s: %s", type(got).__name__, got)
            continue
        results.extend(got)
    ranked = rank(results)[: settings.max_results]
    return fit_budget(ranked, settings.budget_tokens, count_tokens)


async def _cached(cache: SearchCache, provider: str, where: str, query: ErrorQuery,
                  fetch: Callable[[], Awaitable[Any]]) -> list[SearchResult]:
    """Return the cached results of ``provider`` for ``query``, else fetch and store them.

    A full answer is stored, nothing found included; a provider that was not asked or did
    not answer in full leaves nothing behind.
    """
    key = f"{where.rstrip('/')}|{query.key()}"
    hit = await asyncio.to_thread(cache.get, provider, key)
    if hit is not None:
        return [SearchResult.from_dict(item) for item in hit if isinstance(item, dict)]
    found = await fetch()
    if found.answered:
        await asyncio.to_thread(cache.put, provider, key, [r.to_dict() for r in found.results])
    return list(found.results)


async def search_error(text: str, settings: SearchSettings | None = None, *,
                       problems: Sequence[Problem] = (), search_path: SearchPath = None,
                       count_tokens: Callable[[str], int] | None = None,
                       cache: SearchCache | None = None) -> list[SearchResult]:
    """Return search results about the error in ``text`` (a traceback, ``TypeError: ...``),
    else the first Problem that is an exception; [] when there is no error to search for."""
    query = ErrorQuery.from_text(text)
    if query is None:
        problem = next((p for p in problems if p.code.endswith(("Error", "Exception"))), None)
        query = ErrorQuery.from_problem(problem) if problem is not None else None
    if query is None:
        return []
    return await search(query, settings, search_path=search_path, cache=cache,
                        count_tokens=count_tokens)


def search_sync(query: ErrorQuery, settings: SearchSettings | None = None,
                **kwargs: Any) -> list[SearchResult]:
    """Return ``search(...)`` from blocking code (in a thread of its own inside an event loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(search(query, settings, **kwargs))
    out: list[list[SearchResult]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(asyncio.run(search(query, settings, **kwargs)))
        except BaseException as err:  # handed to the caller's thread
            errors.append(err)

    thread = threading.Thread(target=run, name="nca-search", daemon=True)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return out[0]
