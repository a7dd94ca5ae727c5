"""The language server's settings: typed, defaulted, parsed once from what the client sends.

Clients send settings as ``initializationOptions`` and in ``workspace/didChangeConfiguration``,
nested (``{"nca": {"diagnostics": {"lint": false}}}``), flat with dotted keys
(``{"nca.diagnostics.lint": false}``) or without the ``nca`` level. The VS Code extension sends
``{engines: {file}, http: {host, port, token}, diagnostics: {lint}, tests: {command},
logLevel}``. A value of the wrong type keeps the default and is reported back in words, and so
is a key of ours nobody reads (a typo); neither ever stops the server.

Two top-level keys are not settings: ``token`` (asked of TCP clients, see ``nca serve``) and
``trusted`` (the editor's workspace trust). A client over TCP is a peer, not the user's own
editor: its ``tests.command``, ``check.command`` and ``engines.file`` are refused (``REMOTE_REFUSED``);
commands then come from the project's trusted ``nca.toml``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nca.workers.core.errors import ConfigError

if TYPE_CHECKING:
    from nca.admin.config import NcaConfig

__all__ = ["DEFAULT_TEST_COMMAND", "LOG_LEVELS", "NOT_SETTINGS", "REMOTE_REFUSED",
           "SETTING_KEYS", "Settings", "load_engines", "parse_settings"]

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
DEFAULT_TEST_COMMAND = "python -m pytest -q -x"
#: settings that run programs or pick engines: never taken from a TCP peer
REMOTE_REFUSED = frozenset({"test_command", "check_command", "engines_file"})
#: top-level keys of initializationOptions that are not settings
NOT_SETTINGS = frozenset({"token", "trusted"})


@dataclass(frozen=True)
class Settings:
    """What the user can set; each field's metadata names its client-side key."""

    lint: bool = True  # nca.diagnostics.lint: publish undefined names / NCA101 besides syntax errors
    # nca.diagnostics.debounceMs: how long a document must be left alone before the slow checks
    # (ruff's full set, the type checker) run; the cheap ones (a syntax error, undefined names)
    # are published at once. Measured, not guessed (python -m benchmarks.lsp_diagnostics_speed
    # --bursts: a line typed key by key into a 1,000-line file at an average typist's
    # intervals, lognormal around 200 ms with a tenth past 400 ms): at 250 ms the slow checks
    # still finished for 8 of 53 versions already gone (at 0 ms for 52), at 400 ms for 1, and
    # the cheap publish stayed about 15 ms at every setting; so the slow checks run about once
    # a burst, their publish 0.4 s after the last key
    debounce_ms: int = 400
    test_command: str = DEFAULT_TEST_COMMAND  # nca.tests.command, run by nca.runTests
    check_command: str | None = None  # nca.check.command: must pass too before a fix is offered
    check_timeout: float = 120.0  # nca.check.timeout, seconds, for checks and the test command
    min_confidence: int = 80  # nca.cleaning.minConfidence (0-100) for source.removeDeadCode.nca
    engines_file: str | None = None  # nca.engines.file: engines and routing (a TOML file)
    http_host: str = "127.0.0.1"  # nca.http.host: the OpenAI-compatible route's address
    http_port: int = 8765  # nca.http.port (0 picks a free one)
    http_token: str | None = None  # nca.http.token: asked of HTTP clients when NCA_API_KEY is unset
    log_level: str | None = None  # nca.logLevel: DEBUG, INFO, WARNING, ERROR (None: as started)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ValueError("expected true or false")


def _text(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValueError("expected a non-empty string")


def _optional_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return _text(value)


def _host(value: Any) -> str:
    host = _text(value)
    if any(c.isspace() or c == "/" for c in host):
        raise ValueError("expected a host name or address")
    return host


def _level(value: Any) -> str:
    if isinstance(value, str) and value.strip().upper() in LOG_LEVELS:
        return value.strip().upper()
    raise ValueError(f"expected one of {', '.join(LOG_LEVELS)}")


def _number(low: float, high: float) -> Callable[[Any], float]:
    def parse(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"expected a number from {low:g} to {high:g}")
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"expected a number from {low:g} to {high:g}") from None
        if not low <= number <= high:
            raise ValueError(f"expected a number from {low:g} to {high:g}")
        return number

    return parse


def _whole(low: int, high: int) -> Callable[[Any], int]:
    number = _number(low, high)

    def parse(value: Any) -> int:
        found = number(value)
        if found != int(found):
            raise ValueError(f"expected a whole number from {low} to {high}")
        return int(found)

    return parse


#: field name -> (client-side key, parser); a parser returns the value or raises ValueError
SETTING_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "lint": ("diagnostics.lint", _bool),
    "debounce_ms": ("diagnostics.debounceMs", _whole(0, 10_000)),
    "test_command": ("tests.command", _text),
    "check_command": ("check.command", _optional_text),
    "check_timeout": ("check.timeout", _number(0.1, 3600)),
    "min_confidence": ("cleaning.minConfidence", _whole(0, 100)),
    "engines_file": ("engines.file", _optional_text),
    "http_host": ("http.host", _host),
    "http_port": ("http.port", _whole(0, 65535)),
    "http_token": ("http.token", _optional_text),
    "log_level": ("logLevel", _level),
}
assert set(SETTING_KEYS) == {f.name for f in fields(Settings)}

#: values never repeated back in a message
_SECRET = {"http.token"}
#: the top-level names of our keys: an unknown key under one of them is reported as a typo
_SECTIONS = {key.split(".")[0] for key, _ in SETTING_KEYS.values()}
#: keys of the editor's own ``nca`` section that only the editor reads
_CLIENT_ONLY = {"interpreter", "trace.server"}
#: the editor's names of some of our keys
_ALIASES = {"enginesFile": "engines.file"}


def parse_settings(raw: Any, base: Settings | None = None, *,
                   remote: bool = False) -> tuple[Settings, list[str]]:
    """Return the settings in ``raw`` laid over ``base``, and one message per value not taken.

    Keys that are absent keep ``base``'s value; a bad value keeps ``base``'s value and is
    named in a message. An unknown key is named too when it is plainly ours (under ``nca`` or
    one of our sections); other keys are ignored: other tools share the object. With
    ``remote`` (a TCP peer), the settings in ``REMOTE_REFUSED`` are refused.
    """
    settings = base or Settings()
    if raw is None:
        return settings, []
    if not isinstance(raw, Mapping):
        return settings, [f"nca settings must be an object, not {type(raw).__name__}; "
                          "using the defaults"]
    raw = {k: v for k, v in raw.items() if k not in NOT_SETTINGS}
    flat, ours = _flatten(raw)
    changes: dict[str, Any] = {}
    problems: list[str] = []
    for name, (key, parse) in SETTING_KEYS.items():
        if key not in flat:
            continue
        value = flat[key]
        if remote and name in REMOTE_REFUSED:
            problems.append(f"nca.{key}: not taken from a client over TCP; set it in the "
                            "project's nca.toml and trust the workspace (nca trust)")
            continue
        try:
            changes[name] = parse(value)
        except ValueError as err:
            kept = getattr(settings, name)
            shown = ("(hidden)", "the current one") if key in _SECRET else (_show(value),
                                                                          _show(kept))
            problems.append(f"nca.{key}: {shown[0]} is not valid ({err}); using {shown[1]}")
    known = {key for key, _ in SETTING_KEYS.values()}
    for key in sorted(ours - known):
        problems.append(f"nca.{key} is not a setting nca knows; ignored")
    return replace(settings, **changes), problems


def _flatten(raw: Mapping[Any, Any]) -> tuple[dict[str, Any], set[str]]:
    """Return dotted keys without the leading ``nca.`` for nested and flat forms alike, and
    the keys that are plainly ours (under ``nca`` or one of our sections)."""
    out: dict[str, Any] = {}

    def walk(prefix: str, node: Mapping[Any, Any]) -> None:
        for key, value in node.items():
            if not isinstance(key, str):
                continue
            dotted = f"{prefix}{key}"
            if isinstance(value, Mapping):
                walk(dotted + ".", value)
            else:
                out[dotted] = value

    walk("", raw)
    flat = {k[4:] if k.startswith("nca.") else k: v for k, v in out.items()}
    for alias, key in _ALIASES.items():
        if alias in flat:
            flat.setdefault(key, flat.pop(alias))
    ours = {k[4:] if k.startswith("nca.") else k for k in out
            if k.startswith("nca.") or k.split(".")[0] in _SECTIONS}
    return flat, ours - _CLIENT_ONLY - set(_ALIASES)


def load_engines(name: str | None, root: Path) -> NcaConfig | None:
    """Return the engines an engines file (``nca.toml`` format) declares; raise ConfigError.

    ``name`` is absolute or relative to the workspace ``root``; no name gives None (the
    workspace's own engines). The file is the user's own choice (an editor setting), so it is
    trusted; it must be a regular file of at most 1 MiB (a FIFO is refused, never read).
    """
    if not name:
        return None
    # only for an engines file, when a root's dispatcher is made after initialize: tomllib and
    # nca.admin.config (about 50 modules) stay out of the server's start
    import tomllib

    from nca.admin.config import parse_config, read_limited

    path = root / Path(name).expanduser()
    try:
        content = read_limited(path)
    except FileNotFoundError:
        raise ConfigError(f"cannot read {path}: no such file") from None
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path} is not valid TOML: {err}") from None
    tool = data.get("tool", {})
    section = data.get("nca", tool.get("nca", data) if isinstance(tool, dict) else data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: the engines must be a table")
    return parse_config(section, str(path))


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
