"""The smaller sections of nca's configuration, each checked as it is read: ``[nca.wolfram]``
(roles with a Wolfram Language worker), ``[nca.search]`` (search providers) and the
``tests``/``check`` commands. nca.admin.config reads the whole file."""

from __future__ import annotations

from typing import Any

from nca.workers.analysis.search.settings import SearchSettings
from nca.workers.core.errors import ConfigError
from nca.workers.engines.wolfram import ROLES as WOLFRAM_WORKERS

__all__ = ["SEARCH_SENSITIVE", "command_of", "search_settings", "wolfram_workers"]


def wolfram_workers(table: Any, source: str) -> tuple[str, ...]:
    """Return ``[nca.wolfram] workers``: roles with a Wolfram Language worker, () when absent."""
    if table is None:
        return ()
    if not isinstance(table, dict) or set(table) - {"workers"}:
        raise ConfigError(f"{source}: [wolfram] takes one key, workers")
    workers = table.get("workers", [])
    if not isinstance(workers, list) or not all(w in WOLFRAM_WORKERS for w in workers):
        raise ConfigError(f"{source}: wolfram.workers must be a list of "
                          f"{', '.join(WOLFRAM_WORKERS)}")
    return tuple(dict.fromkeys(workers))


#: [nca.search] keys: their types, and the SearchSettings field each sets
_SEARCH_KEYS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "web": (bool, "web"), "stackexchange_url": (str, "stackexchange_url"),
    "stackexchange_site": (str, "stackexchange_site"), "github_url": (str, "github_url"),
    "github_token_env": (str, "github_token_env"), "timeout": ((int, float), "timeout"),
    "ttl_hours": ((int, float), "ttl"), "budget_tokens": (int, "budget_tokens"),
    "max_results": (int, "max_results"), "requests_per_second": ((int, float),
                                                                 "requests_per_second"),
}
#: what sends error text to a host, or chooses which: a workspace file's only when trusted
SEARCH_SENSITIVE = ("web", "stackexchange_url", "github_url", "github_token_env")


def search_settings(table: Any, source: str, trusted: bool, ignored: list[str]) -> SearchSettings:
    """Return ``[nca.search]`` as SearchSettings (the defaults when absent)."""
    if table is None:
        return SearchSettings()
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: search must be a table ([nca.search])")
    unknown = set(table) - set(_SEARCH_KEYS)
    if unknown:
        raise ConfigError(f"{source}: search: unknown key(s) {', '.join(sorted(unknown))}; "
                          f"allowed: {', '.join(sorted(_SEARCH_KEYS))}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected, name = _SEARCH_KEYS[key]
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise ConfigError(f"{source}: search.{key} = {value!r} has the wrong type")
        if isinstance(value, int | float) and not isinstance(value, bool) and value <= 0:
            raise ConfigError(f"{source}: search.{key} must be positive")
        if key.endswith("_url") and not str(value).startswith(("http://", "https://")):
            raise ConfigError(f"{source}: search.{key} must be an http(s) URL")
        values[name] = table[key] * 3600.0 if key == "ttl_hours" else value
    if not trusted:
        kept = [k for k in SEARCH_SENSITIVE if k in table]
        if kept:
            ignored.append(f"search ({', '.join(kept)})")
            for key in kept:
                values.pop(_SEARCH_KEYS[key][1], None)
    return SearchSettings(**values)


def command_of(data: dict[str, Any], name: str, source: str) -> str | None:
    """Return ``[nca.<name>] command``: a non-empty string, or None when absent."""
    table = data.get(name)
    if table is None:
        return None
    if not isinstance(table, dict) or set(table) - {"command"}:
        raise ConfigError(f"{source}: [{name}] takes one key, command")
    command = table.get("command")
    if command is None:
        return None
    if not isinstance(command, str) or not command.strip():
        raise ConfigError(f"{source}: {name}.command must be a non-empty string")
    return command.strip()
