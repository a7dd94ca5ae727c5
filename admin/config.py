"""Typed configuration of a workspace: its engines and the routing of roles to engines.

Read from ``<workspace>/nca.toml`` or, failing that, ``[tool.nca]`` in ``pyproject.toml``::

    [[nca.engines]]            # in nca.toml the "nca." prefix may be left out
    id = "local"
    kind = "transformers"      # rules, transformers, openai, wolfram
    path = "~/models/qwen2.5-coder-0.5b"
    roles = ["fix", "chat"]

    [[nca.engines]]
    id = "gguf"
    kind = "transformers"
    path = "~/models"                       # the folder holding the GGUF file
    gguf_file = "qwen2.5-coder-0.5b-q8_0.gguf"
    cache_dir = "~/.cache/nca/models/qwen"   # optional: the dequantised copy, for fast loads

    [[nca.engines]]
    id = "vllm"
    kind = "openai"
    base_url = "http://gpu-box:8000/v1"
    model = "Qwen/Qwen2.5-Coder-7B-Instruct"
    api_key_env = "VLLM_API_KEY"
    timeout = 60

    [nca.routing]
    fix = ["rules", "vllm", "local"]
    chat = ["vllm", "local"]

Validated once here; a bad value is a ConfigError naming the file, the entry and the key.
The built-in models (nca.admin.embedded) join every config when installed; chat goes to them
when the config routes chat to nothing else.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from nca.admin.embedded import INSTALL_HINT, SMOLLM2, embedded_entries
from nca.workers.errors import ConfigError

__all__ = ["KINDS", "ROLES", "EngineConfig", "NcaConfig", "load_config", "parse_config"]

KINDS = ("rules", "transformers", "openai", "wolfram")
ROLES = ("fix", "chat", "fim", "math")
#: what a kind can serve when its entry names no roles
DEFAULT_ROLES = {"rules": ("fix",), "transformers": ("fix", "chat", "fim"),
                 "openai": ("fix", "chat", "fim"), "wolfram": ("math",)}


@dataclass(frozen=True)
class EngineConfig:
    """One ``[[nca.engines]]`` entry."""

    id: str
    kind: str
    path: str | None = None  # transformers: the local model directory
    gguf_file: str | None = None  # transformers: a GGUF file in ``path`` to load instead
    cache_dir: str | None = None  # transformers with gguf_file: where the dequantised copy goes
    base_url: str | None = None  # openai: the API root, e.g. http://localhost:8000/v1
    api_key_env: str | None = None  # openai: the environment variable holding the key
    model: str | None = None  # openai: the model name the upstream expects
    roles: tuple[str, ...] = ()
    timeout: float = 60.0  # seconds per request (wolfram: per evaluation)
    context_length: int | None = None
    max_tokens: int = 512
    temperature: float = 0.0
    device: str = "auto"  # transformers: auto, cpu, cuda, cuda:1, mps
    dtype: str = "auto"  # transformers: auto, float32, float16, bfloat16
    evaluator: str = "auto"  # wolfram: auto, wolfram, mathics
    kernel: str | None = None  # wolfram: the WolframKernel executable

    @property
    def serves(self) -> tuple[str, ...]:
        """Return the roles the entry serves: its own list, else its kind's default."""
        return self.roles or DEFAULT_ROLES[self.kind]


@dataclass(frozen=True)
class NcaConfig:
    engines: tuple[EngineConfig, ...] = (EngineConfig("rules", "rules"),)
    routing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""  # the file it came from; empty for the defaults

    def route(self, role: str) -> tuple[str, ...]:
        """Return the engine ids for ``role``: the routing table's, else every engine serving it."""
        if role in self.routing:
            return self.routing[role]
        return tuple(e.id for e in self.engines if role in e.serves)


_TYPES: dict[str, type | tuple[type, ...]] = {
    "id": str, "kind": str, "path": str, "gguf_file": str, "cache_dir": str, "base_url": str,
    "api_key_env": str, "model": str,
    "roles": list, "timeout": (int, float), "context_length": int, "max_tokens": int,
    "temperature": (int, float), "device": str, "dtype": str, "evaluator": str, "kernel": str,
}


def load_config(workspace: str | Path) -> NcaConfig:
    """Return the workspace's config: nca.toml, else pyproject's [tool.nca], else the defaults."""
    root = Path(workspace)
    own = root / "nca.toml"
    if own.is_file():
        data = _read(own)
        return parse_config(data.get("nca", data), str(own))
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        section = _read(pyproject).get("tool", {}).get("nca")
        if isinstance(section, dict):
            return parse_config(section, f"{pyproject} [tool.nca]")
    return parse_config({}, "")


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror}") from None


def parse_config(data: dict[str, Any], source: str = "<config>") -> NcaConfig:
    """Return the typed config of a parsed ``nca`` table; ConfigError on anything unusable."""
    unknown = set(data) - {"engines", "routing"}
    if unknown:
        raise ConfigError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}; "
                          "expected engines and routing")
    raw_engines = data.get("engines", [])
    if not isinstance(raw_engines, list):
        raise ConfigError(f"{source}: engines must be an array of tables ([[nca.engines]])")
    engines = [_engine(entry, n, source) for n, entry in enumerate(raw_engines)]
    ids = [e.id for e in engines]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"{source}: engine id(s) declared twice: {', '.join(duplicates)}")
    if "rules" not in ids:  # the offline default is always there
        engines.insert(0, EngineConfig("rules", "rules"))
    own_chat = tuple(e.id for e in engines if "chat" in e.serves)
    builtin = [_engine(entry, n, "built-in") for n, entry in enumerate(embedded_entries())
               if entry["id"] not in ids]  # an entry of the same id overrides the built-in one
    engines += builtin
    routing = _routing(data.get("routing", {}), {e.id for e in engines}, source)
    if builtin and "chat" not in routing:
        # a built-in model answers chat only when nothing of the user's own does
        routing["chat"] = own_chat or tuple(e.id for e in builtin if "chat" in e.serves)
    return NcaConfig(tuple(engines), routing, source)


def _engine(entry: Any, n: int, source: str) -> EngineConfig:
    where = f"{source}: engines[{n}]"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table")
    allowed = {f.name for f in fields(EngineConfig)}
    unknown = set(entry) - allowed
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: "
                          f"{', '.join(sorted(allowed))}")
    for key, value in entry.items():
        expected = _TYPES[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{where}: {key} = {value!r} has the wrong type")
    if "id" not in entry or "kind" not in entry:
        raise ConfigError(f"{where}: id and kind are required")
    engine_id, kind = entry["id"], entry["kind"]
    where = f"{source}: engine {engine_id!r}"
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    roles = tuple(entry.get("roles", ()))
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise ConfigError(f"{where}: role(s) {', '.join(map(str, bad))} not one of "
                          f"{', '.join(ROLES)}")
    needs = {"transformers": "path", "openai": "base_url"}.get(kind)
    if needs and not entry.get(needs):
        raise ConfigError(f"{where}: kind {kind} needs {needs}")
    numbers = {k: entry[k] for k in ("timeout", "temperature") if k in entry}
    if any(v < 0 for v in numbers.values()) or entry.get("max_tokens", 1) < 1:
        raise ConfigError(f"{where}: timeout, temperature and max_tokens must be positive")
    values = {k: v for k, v in entry.items() if k != "roles"}
    values.update({k: float(v) for k, v in numbers.items()})
    return EngineConfig(roles=roles, **values)


def _routing(raw: Any, ids: set[str], source: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: routing must be a table ([nca.routing])")
    routing: dict[str, tuple[str, ...]] = {}
    for role, order in raw.items():
        if role not in ROLES:
            raise ConfigError(f"{source}: routing.{role}: not one of {', '.join(ROLES)}")
        if not isinstance(order, list) or not all(isinstance(i, str) for i in order):
            raise ConfigError(f"{source}: routing.{role} must be a list of engine ids")
        missing = [i for i in order if i not in ids]
        if missing:
            builtin = f" ({SMOLLM2} is built in once installed: {INSTALL_HINT})" \
                if SMOLLM2 in missing else ""
            raise ConfigError(f"{source}: routing.{role} names unknown engine(s) "
                              f"{', '.join(missing)}{builtin}")
        routing[role] = tuple(order)
    return routing
