"""Search providers for the Analyzer: what others found about an error, with links to cite.

Three providers: Stack Exchange (questions tagged python with an accepted answer, and those
answers), the GitHub issues of the package that raised, and, offline, the installed package's
own documentation (docstrings and the docs its distribution ships). The network ones are off
unless turned on (``NCA_WEB_SEARCH=1`` or ``[nca.search] web = true``); results are cached in
SQLite for a time-to-live, each provider keeps to its rate limits, and the ranked results are
cut to a token budget. ``search_error(text)`` is the entry point for a chat message or a log;
``as_context`` and ``sources_markdown`` turn results into prompt context and citations.

Nothing here imports aiohttp until a network provider is asked.
"""

from nca.workers.analysis.search.cache import SearchCache
from nca.workers.analysis.search.core import search, search_error, search_sync
from nca.workers.analysis.search.query import ErrorQuery
from nca.workers.analysis.search.results import (
    SearchResult,
    as_context,
    fit_budget,
    rank,
    sources_markdown,
)
from nca.workers.analysis.search.settings import SearchSettings

__all__ = [
    "ErrorQuery",
    "SearchCache",
    "SearchResult",
    "SearchSettings",
    "as_context",
    "fit_budget",
    "rank",
    "search",
    "search_error",
    "search_sync",
    "sources_markdown",
]
