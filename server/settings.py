"""The language server's settings: typed, defaulted, parsed once from what the client sends.

Clients send settings as ``initializationOptions`` and in ``workspace/didChangeConfiguration``,
nested (``{"nca": {"diagnostics": {"lint": false}}}``), flat with dotted keys
(``{"nca.diagnostics.lint": false}``) or without the ``nca`` level. A value of the wrong type
keeps the default and is reported back in words; it never stops the server.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

__all__ = ["SETTING_KEYS", "Settings", "parse_settings"]


@dataclass(frozen=True)
class Settings:
    """What the user can set; each field's metadata names its client-side key."""

    lint: bool = True  # nca.diagnostics.lint: publish undefined names / NCA101 besides syntax errors
    debounce_ms: int = 250  # nca.diagnostics.debounceMs: wait after typing before linting
    test_command: str = "python -m pytest -q -x"  # nca.tests.command, run by nca.runTests
    check_command: str | None = None  # nca.check.command: must pass too before a fix is offered
    check_timeout: float = 120.0  # nca.check.timeout, seconds, for checks and the test command
    min_confidence: int = 80  # nca.cleaning.minConfidence (0-100) for source.removeDeadCode.nca


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
}
assert set(SETTING_KEYS) == {f.name for f in fields(Settings)}


def parse_settings(raw: Any, base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Return the settings in ``raw`` laid over ``base``, and one message per value not taken.

    Keys that are absent keep ``base``'s value; unknown keys are ignored (other tools share
    the section); a bad value keeps ``base``'s value and is named in a message.
    """
    settings = base or Settings()
    if raw is None:
        return settings, []
    if not isinstance(raw, Mapping):
        return settings, [f"nca settings must be an object, not {type(raw).__name__}; "
                          "using the defaults"]
    flat = _flatten(raw)
    changes: dict[str, Any] = {}
    problems: list[str] = []
    for name, (key, parse) in SETTING_KEYS.items():
        if key not in flat:
            continue
        value = flat[key]
        try:
            changes[name] = parse(value)
        except ValueError as err:
            kept = getattr(settings, name)
            problems.append(f"nca.{key}: {_show(value)} is not valid ({err}); using {_show(kept)}")
    return replace(settings, **changes), problems


def _flatten(raw: Mapping[Any, Any]) -> dict[str, Any]:
    """Return dotted keys without the leading ``nca.`` for nested and flat forms alike."""
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
    return {k[4:] if k.startswith("nca.") else k: v for k, v in out.items()}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
