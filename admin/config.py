"""Typed configuration of a workspace: its engines and the routing of roles to engines.

Read from ``<workspace>/nca.toml``, ``<workspace>/.nca/nca.toml`` or ``[tool.nca]`` in
``pyproject.toml`` (the first found), else from the user's own ``<config dir>/nca.toml``::

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

    [nca.tests]
    command = "python -m pytest -q -x"   # what nca.runTests runs (an editor setting wins)

    [nca.check]
    command = "pytest -x -q"             # must pass too before the server offers a fix

    [nca.wolfram]
    workers = ["debugger", "cleaner"]    # roles run in Wolfram Language (debugger, analyzer,
                                         # fixer_helper, cleaner), on the first wolfram engine

    [nca.search]                         # nca.workers.analysis.search; all keys optional
    web = true                           # ask Stack Exchange and GitHub (NCA_WEB_SEARCH wins)
    ttl_hours = 168                      # how long a cached answer is used
    budget_tokens = 1200                 # what the results may take in a prompt

Validated once here; a bad value is a ConfigError naming the file, the entry and the key.
Config files must be regular files of at most 1 MiB (a FIFO or a device is refused, never read).

Trust (``nca.admin.trust``): a workspace file's settings that choose where code and keys go
(``base_url``, ``api_key_env``, model ``path``/``gguf_file``/``cache_dir``, ``kernel``, the test
and check commands, and ``[nca.search]``'s ``web``, base URLs and token variable, which send
error text out) are used only when the workspace is trusted; otherwise the engines naming
them are left out, with a warning logged once. The rules engine always works.
The built-in models (nca.admin.embedded) join every config when installed; chat goes to them
when the config routes chat to nothing else.
"""

from __future__ import annotations

import logging
import os
import threading
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from nca.admin.config_files import MAX_CONFIG_BYTES, read_limited
from nca.admin.config_sections import command_of, search_settings, wolfram_workers
from nca.admin.embedded import EMBEDDED_ENV, INSTALL_HINT, SMOLLM2, embedded_entries
from nca.admin.trust import TRUST_ALL_ENV, is_trusted, trust_file, user_config_file
from nca.workers.analysis.search.settings import SearchSettings
from nca.workers.core.errors import ConfigError

__all__ = ["KINDS", "MAX_CONFIG_BYTES", "ROLES", "SENSITIVE", "EngineConfig", "NcaConfig",
           "find_config", "load_config", "parse_config", "read_limited", "read_toml",
           "untrusted_message"]

log = logging.getLogger(__name__)

#: engine keys that choose where code and keys go, or what runs: a workspace file's only when
#: the workspace is trusted
SENSITIVE = ("base_url", "api_key_env", "path", "gguf_file", "cache_dir", "kernel")
#: the workspace files a config is read from, in order (pyproject.toml's [tool.nca] last)
WORKSPACE_FILES = ("nca.toml", ".nca/nca.toml")

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
    test_command: str | None = None  # [nca.tests] command
    check_command: str | None = None  # [nca.check] command
    #: what an untrusted workspace's file asked for and did not get, in words
    ignored: tuple[str, ...] = ()
    #: [nca.search]: the Analyzer's search providers (the environment's overrides not applied)
    search: SearchSettings = field(default_factory=SearchSettings)
    #: [nca.wolfram] workers: the roles that run in Wolfram Language (the rest in Python)
    wolfram_workers: tuple[str, ...] = ()

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


def find_config(workspace: str | Path) -> tuple[Path, str | None] | None:
    """Return the workspace's config file and its section (``tool.nca`` for pyproject), or None.

    A name that exists but is not a regular file is returned too: reading it says why not.
    """
    root = Path(workspace)
    for name in WORKSPACE_FILES:
        path = root / name
        if os.path.lexists(path):
            return path, None
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        tool = read_toml(pyproject).get("tool")
        section = tool.get("nca") if isinstance(tool, dict) else None
        if isinstance(section, dict) and set(section) - {"clean"}:
            return pyproject, "tool.nca"
    return None


#: (workspace, trusted, user config, what the environment says) -> (the files' stamps, config)
_LOADED: dict[tuple[str, bool | None, str, str, str], tuple[tuple[Any, ...], NcaConfig]] = {}
_LOADED_MAX = 32


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def load_config(workspace: str | Path, *, trusted: bool | None = None) -> NcaConfig:
    """Return the workspace's config: its own file, else the user's config, else the defaults.

    ``trusted`` None asks the trust store (``nca trust``); an untrusted workspace's file gives
    no engine that names a sensitive key (base_url, api_key_env, path...) and no commands.

    The answer is kept while none of the files it comes from (the workspace's, its
    pyproject.toml, the user's config, the trust store) changes: every chat request asks, and
    a stat of each is a fraction of reading them.
    """
    root = Path(workspace)
    user, store = user_config_file(), trust_file()
    files = [*(root / name for name in WORKSPACE_FILES), root / "pyproject.toml", user, store]
    key = (str(root), trusted, str(user), os.environ.get(TRUST_ALL_ENV, ""),
           os.environ.get(EMBEDDED_ENV, ""))
    stamps = tuple(_stamp(path) for path in files)
    with _loaded_lock:
        kept = _LOADED.get(key)
    if kept is not None and kept[0] == stamps:
        return kept[1]
    config = _read_config(workspace, trusted)
    with _loaded_lock:
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.clear()
        _LOADED[key] = (stamps, config)
    return config


_loaded_lock = threading.Lock()


def _read_config(workspace: str | Path, trusted: bool | None) -> NcaConfig:
    found = find_config(workspace)
    if found is None:
        user = user_config_file()
        if not os.path.lexists(user):
            return parse_config({}, "")
        data = read_toml(user)
        return parse_config(data.get("nca", data), str(user))
    path, section = found
    data = read_toml(path)
    if section is not None:
        data, source = data["tool"]["nca"], f"{path} [tool.nca]"
    else:
        data, source = data.get("nca", data), str(path)
    if trusted is None:
        trusted = is_trusted(workspace)
    config = parse_config(data, source, trusted=trusted)
    if config.ignored:
        _warn_once(source, Path(workspace), config.ignored)
    return config


_warned: set[tuple[str, tuple[str, ...]]] = set()
_warned_lock = threading.Lock()


def _warn_once(source: str, workspace: Path, ignored: tuple[str, ...]) -> None:
    key = (source, ignored)
    with _warned_lock:
        if key in _warned:
            return
        _warned.add(key)
    log.warning("%s", untrusted_message(source, workspace, ignored))


def untrusted_message(source: str, workspace: Path, ignored: tuple[str, ...]) -> str:
    """Return the warning for settings an untrusted workspace's file asked for."""
    return (f"{source}: the workspace {workspace} is not trusted, so nca ignored "
            f"{'; '.join(ignored)} (run `nca trust {workspace}` once you have read it)")


def read_toml(path: Path) -> dict[str, Any]:
    """Return a parsed TOML config file; ConfigError for a missing, odd, huge or broken one."""
    try:
        data = read_limited(path)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None


def parse_config(data: dict[str, Any], source: str = "<config>", *,
                 trusted: bool = True) -> NcaConfig:
    """Return the typed config of a parsed ``nca`` table; ConfigError on anything unusable.

    With ``trusted`` False (a workspace the user has not trusted) everything is validated as
    usual, then the engines naming a sensitive key and the commands are left out (and named
    in ``ignored``); routes to left-out engines are dropped.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the nca settings must be a table")
    # [tool.nca.clean] belongs to the Cleaner (nca.admin.cleaning_knowledge)
    unknown = set(data) - {"engines", "routing", "tests", "check", "clean", "search", "wolfram"}
    if unknown:
        raise ConfigError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}; "
                          "expected engines, routing, tests, check, search and wolfram")
    raw_engines = data.get("engines", [])
    if not isinstance(raw_engines, list):
        raise ConfigError(f"{source}: engines must be an array of tables ([[nca.engines]])")
    engines = [_engine(entry, n, source) for n, entry in enumerate(raw_engines)]
    commands = {name: command_of(data, name, source) for name in ("tests", "check")}
    ignored: list[str] = []
    dropped: set[str] = set()
    search = search_settings(data.get("search"), source, trusted, ignored)
    if not trusted:
        for engine in engines:
            keys = [k for k in SENSITIVE if getattr(engine, k) is not None]
            if keys:
                dropped.add(engine.id)
                ignored.append(f"engine {engine.id!r} ({', '.join(keys)})")
        engines = [e for e in engines if e.id not in dropped]
        for name, command in commands.items():
            if command is not None:
                ignored.append(f"{name}.command")
        commands = dict.fromkeys(commands)
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
    routing = _routing(data.get("routing", {}), {e.id for e in engines} | dropped, source)
    # a role whose every engine was left out takes the default route, not none at all
    routing = {role: kept for role, order in routing.items()
               if (kept := tuple(i for i in order if i not in dropped)) or not order}
    if builtin and "chat" not in routing:
        # a built-in model answers chat only when nothing of the user's own does
        routing["chat"] = own_chat or tuple(e.id for e in builtin if "chat" in e.serves)
    return NcaConfig(tuple(engines), routing, source, test_command=commands["tests"],
                     check_command=commands["check"], ignored=tuple(ignored), search=search,
                     wolfram_workers=wolfram_workers(data.get("wolfram"), source))


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
