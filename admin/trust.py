"""Workspace trust: whether a workspace's own config may choose where code and keys go.

A cloned repository's ``nca.toml`` could name an upstream (``base_url``), the environment
variable whose secret is sent there (``api_key_env``), a model directory to load, or a command
to run. Those settings are read from a workspace file only once the user trusted the workspace
(``nca trust PATH``), or when the editor says it trusts it; the user's own config
(``<config dir>/nca.toml``) is always trusted.

Trusted roots live in ``<config dir>/trusted.json`` (written atomically, readable by the user
only). The config dir is ``$NCA_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/nca``, else
``~/.config/nca``. ``NCA_TRUST_ALL=1`` trusts every workspace (CI and throwaway containers).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nca.admin.config_files import read_limited
from nca.workers.core.errors import ConfigError, InputError

__all__ = ["TRUST_ALL_ENV", "config_dir", "is_trusted", "revoke", "trust", "trust_file",
           "trusted_roots", "user_config_file"]

log = logging.getLogger(__name__)

TRUST_ALL_ENV = "NCA_TRUST_ALL"
CONFIG_DIR_ENV = "NCA_CONFIG_DIR"
#: a trust store larger than this is not ours: it is refused, not parsed
_MAX_STORE_BYTES = 1 << 20
_lock = threading.Lock()


def config_dir() -> Path:
    """Return the user's nca config folder (it may not exist yet)."""
    own = os.environ.get(CONFIG_DIR_ENV)
    if own:
        return Path(own).expanduser()
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".config"
    return base / "nca"


def trust_file() -> Path:
    return config_dir() / "trusted.json"


def user_config_file() -> Path:
    """Return the user-level config: always trusted, used where a workspace has none."""
    return config_dir() / "nca.toml"


def trust_all() -> bool:
    return os.environ.get(TRUST_ALL_ENV, "").strip().lower() in {"1", "true", "yes"}


def trusted_roots() -> dict[str, dict[str, Any]]:
    """Return the trusted roots (resolved paths) and what was stored with each."""
    path = trust_file()
    try:
        data = json.loads(read_limited(path, _MAX_STORE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return {}
    except (ConfigError, ValueError, UnicodeDecodeError) as err:
        log.warning("the trust store %s cannot be read (%s): no workspace is trusted", path, err)
        return {}
    roots = data.get("trusted") if isinstance(data, dict) else None
    if not isinstance(roots, dict):
        return {}
    return {k: v if isinstance(v, dict) else {} for k, v in roots.items() if isinstance(k, str)}


def _resolve(root: str | Path) -> Path:
    try:
        return Path(root).expanduser().resolve()
    except (OSError, RuntimeError) as err:  # a symlink loop
        raise InputError(f"{root}: cannot resolve: {err}") from None


def is_trusted(root: str | Path) -> bool:
    """Return True when ``root`` or a folder above it was trusted (or NCA_TRUST_ALL is set)."""
    if trust_all():
        return True
    try:
        path = _resolve(root)
    except InputError:
        return False
    roots = trusted_roots()
    return any(str(p) in roots for p in (path, *path.parents))


def trust(root: str | Path) -> Path:
    """Trust the workspace at ``root``; return its resolved path."""
    path = _resolve(root)
    if not path.is_dir():
        raise InputError(f"{root}: not a folder; trust is given to a workspace folder")
    with _lock:
        roots = trusted_roots()
        roots[str(path)] = {"since": datetime.now(UTC).isoformat(timespec="seconds")}
        _store(roots)
    return path


def revoke(root: str | Path) -> bool:
    """Stop trusting ``root``; return False when it was not trusted."""
    path = _resolve(root)
    with _lock:
        roots = trusted_roots()
        if roots.pop(str(path), None) is None:
            return False
        _store(roots)
    return True


def _store(roots: dict[str, dict[str, Any]]) -> None:
    """Write the trust store atomically (a temp file in the same folder, then os.replace)."""
    target = trust_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".trusted-", suffix=".json", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"version": 1, "trusted": dict(sorted(roots.items()))}, handle,
                          indent=2)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise ConfigError(f"cannot write the trust store {target}: {err.strerror or err}") from None
