"""What the search providers may do: off the network unless turned on, and where they go.

The network providers (Stack Exchange, GitHub issues) are off by default. ``[nca.search] web =
true`` in nca.toml (nca.admin.config) or ``NCA_WEB_SEARCH=1`` turns them on; the environment
wins both ways (``NCA_WEB_SEARCH=0`` turns them off whatever the file says). Each provider's
base URL can be moved (a mirror, a proxy, a test server): ``NCA_SEARCH_STACKEXCHANGE_URL`` and
``NCA_SEARCH_GITHUB_URL``, or the file's ``stackexchange_url`` and ``github_url``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from nca.workers.facts.index_base import cache_dir

__all__ = ["ENV_CACHE", "ENV_GITHUB_URL", "ENV_STACKEXCHANGE_URL", "ENV_WEB", "SearchSettings"]

ENV_WEB = "NCA_WEB_SEARCH"
ENV_STACKEXCHANGE_URL = "NCA_SEARCH_STACKEXCHANGE_URL"
ENV_GITHUB_URL = "NCA_SEARCH_GITHUB_URL"
#: the SQLite file of the result cache (default: ``search.sqlite3`` in nca's cache folder)
ENV_CACHE = "NCA_SEARCH_CACHE"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class SearchSettings:
    """The search providers' settings; the defaults send nothing over the network."""

    web: bool = False  # Stack Exchange and GitHub may be asked
    stackexchange_url: str = "https://api.stackexchange.com/2.3"
    stackexchange_site: str = "stackoverflow"
    github_url: str = "https://api.github.com"
    #: the environment variable holding a GitHub token (raises the search limit); None: anonymous
    github_token_env: str | None = None
    timeout: float = 8.0  # seconds per request
    ttl: float = 7 * 24 * 3600.0  # seconds a cached answer is used
    budget_tokens: int = 1200  # what the results may take in a prompt (characters / 4)
    max_results: int = 6
    #: Stack Exchange: requests a second at most (its hard limit is 30; keep far below)
    requests_per_second: float = 1.0
    #: a provider told to wait longer than this (backoff, rate limit) is skipped this time
    max_wait: float = 3.0
    cache_path: Path | None = None  # None: ENV_CACHE, else nca's cache folder

    def with_env(self, env: dict[str, str] | None = None) -> SearchSettings:
        """Return these settings with the environment's overrides applied (it wins)."""
        env = dict(os.environ) if env is None else env
        changes: dict[str, object] = {}
        web = env.get(ENV_WEB)
        if web is not None and web.strip().lower() in _TRUE | _FALSE:
            changes["web"] = web.strip().lower() in _TRUE
        if env.get(ENV_STACKEXCHANGE_URL):
            changes["stackexchange_url"] = env[ENV_STACKEXCHANGE_URL]
        if env.get(ENV_GITHUB_URL):
            changes["github_url"] = env[ENV_GITHUB_URL]
        if env.get(ENV_CACHE):
            changes["cache_path"] = Path(env[ENV_CACHE])
        return replace(self, **changes) if changes else self  # type: ignore[arg-type]

    def cache_file(self) -> Path:
        """Return the SQLite file results are cached in."""
        if self.cache_path is not None:
            return self.cache_path
        return cache_dir() / "search.sqlite3"
