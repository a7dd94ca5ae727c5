"""Search providers for the Analyzer: what others found about an error, with links to cite.

Three providers: Stack Exchange (questions tagged python with an accepted answer, and those
answers), the GitHub issues of the package that raised, and, offline, the installed package's
own documentation (docstrings and the docs its distribution ships). The network ones are off
unless turned on (``NCA_WEB_SEARCH=1`` or ``[nca.search] web = true``); results are cached in
SQLite for a time-to-live, each provider keeps to its rate limits, and the ranked results are
cut to a token budget. ``core.search_error(text)`` is the entry point for a chat message or a log;
``results.as_context`` and ``results.sources_markdown`` turn results into prompt context and
citations. The package imports nothing itself: ``settings`` (read with the configuration)
stays light, and nothing imports aiohttp until a network provider is asked.
"""
