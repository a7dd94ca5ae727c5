"""``nca continue-config``: point Continue's ``~/.continue/config.yaml`` at nca's HTTP route.

Two model entries are written: ``nca`` for chat, edit and apply, and ``nca-autocomplete``
for autocomplete (Continue treats a name starting with ``gpt`` or ``o`` as an OpenAI chat
model, so it is not one). Entries of the same names are replaced; everything else in the
file stays as it was. The old file is copied aside before it is replaced, atomically.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from nca.workers.errors import ConfigError

__all__ = ["build_config", "default_path", "merge_config", "model_entries",
           "run_continue_config", "write_config"]

CHAT_NAME, AUTOCOMPLETE_NAME = "nca", "nca-autocomplete"
PLACEHOLDER_KEY = "nca-local"  # Continue wants some key; nca ignores it unless one is set


def default_path() -> Path:
    """Return where Continue reads its config: ``~/.continue/config.yaml``."""
    return Path.home() / ".continue" / "config.yaml"


def model_entries(port: int, host: str = "127.0.0.1",
                  api_key: str | None = None) -> list[dict[str, Any]]:
    """Return the chat and the autocomplete model entries for a server at ``host:port``."""
    base = f"http://{host}:{port}/v1"
    key = api_key or PLACEHOLDER_KEY
    return [
        {"name": CHAT_NAME, "provider": "openai", "model": CHAT_NAME, "apiBase": base,
         "apiKey": key, "roles": ["chat", "edit", "apply"],
         "defaultCompletionOptions": {"contextLength": 32768, "maxTokens": 4096}},
        {"name": AUTOCOMPLETE_NAME, "provider": "openai", "model": AUTOCOMPLETE_NAME,
         "apiBase": base, "apiKey": key, "roles": ["autocomplete"],
         "defaultCompletionOptions": {"maxTokens": 256}},
    ]


def merge_config(existing: dict[str, Any] | None, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Return ``existing`` with ``entries`` in place of same-named models, the rest kept."""
    config = dict(existing or {})
    config.setdefault("name", "Local config")
    config.setdefault("version", "1.0.0")
    config.setdefault("schema", "v1")
    models = config.get("models") or []
    if not isinstance(models, list):
        raise ConfigError("the existing config's 'models' is not a list; fix it by hand first")
    ours = {e["name"] for e in entries}
    kept = [m for m in models if not (isinstance(m, dict) and m.get("name") in ours)]
    config["models"] = [*entries, *kept]
    return config


def build_config(path: Path, port: int, host: str = "127.0.0.1",
                 api_key: str | None = None) -> dict[str, Any]:
    """Return the config the file at ``path`` should hold (read, merged; nothing written)."""
    return merge_config(_read(path), model_entries(port, host, api_key))


def write_config(path: Path, config: dict[str, Any]) -> Path | None:
    """Write ``config`` to ``path`` atomically; return the backup of the old file, if any."""
    backup = None
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        backup = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}.bak")
        n = 1
        while backup.exists():
            backup = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}-{n}.bak")
            n += 1
        shutil.copy2(path, backup)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(dump(config), encoding="utf-8")
    os.replace(tmp, path)
    return backup


def dump(config: dict[str, Any]) -> str:
    """Return ``config`` as YAML text, keys in the order given."""
    import yaml

    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True, default_flow_style=False)


def _read(path: Path) -> dict[str, Any] | None:
    import yaml

    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path} is not valid YAML ({err}); it was left as it is") from None
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} does not hold a YAML mapping; it was left as it is")
    return data


def add_parser(sub: Any) -> None:
    """Add the ``continue-config`` subcommand to the CLI's subparsers."""
    from nca.server.http_serve import DEFAULT_PORT

    p = sub.add_parser("continue-config",
                       help="point Continue (~/.continue/config.yaml) at nca's HTTP route")
    p.add_argument("--print", dest="print_only", action="store_true",
                   help="print the merged config instead of writing it")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="nca serve's --http-port")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--config", type=Path, help="the file to update (default ~/.continue/config.yaml)")


def run_continue_config(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise ConfigError(f"--port {args.port}: give the port nca serve listens on (1-65535)")
    path = args.config or default_path()
    config = build_config(path, args.port, args.host, os.environ.get("NCA_API_KEY") or None)
    if args.print_only:
        sys.stdout.write(dump(config))
        return 0
    backup = write_config(path, config)
    print(f"wrote {path}" + (f" (the old file is {backup})" if backup else ""))
    return 0
