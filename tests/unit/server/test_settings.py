"""Settings parsing: nested, flat and bare keys; bad values keep the default with a message."""

from __future__ import annotations

from typing import Any

import pytest

from nca.server.settings import Settings, parse_settings


@pytest.mark.parametrize(("raw", "field", "expected"), [
    ({"nca": {"diagnostics": {"lint": False}}}, "lint", False),
    ({"nca.diagnostics.lint": False}, "lint", False),
    ({"diagnostics": {"lint": "false"}}, "lint", False),
    ({"nca": {"tests": {"command": " pytest -x "}}}, "test_command", "pytest -x"),
    ({"nca": {"check": {"command": "make check"}}}, "check_command", "make check"),
    ({"nca": {"check": {"command": ""}}}, "check_command", None),
    ({"nca": {"check": {"timeout": 30}}}, "check_timeout", 30.0),
    ({"nca": {"check": {"timeout": "2.5"}}}, "check_timeout", 2.5),
    ({"nca": {"cleaning": {"minConfidence": 60}}}, "min_confidence", 60),
    ({"nca": {"diagnostics": {"debounceMs": 0}}}, "debounce_ms", 0),
])
def test_values_are_taken(raw: Any, field: str, expected: Any):
    settings, problems = parse_settings(raw)
    assert problems == []
    assert getattr(settings, field) == expected


@pytest.mark.parametrize(("raw", "field", "key"), [
    ({"nca": {"diagnostics": {"lint": "sometimes"}}}, "lint", "nca.diagnostics.lint"),
    ({"nca": {"diagnostics": {"lint": 1}}}, "lint", "nca.diagnostics.lint"),
    ({"nca": {"check": {"timeout": -1}}}, "check_timeout", "nca.check.timeout"),
    ({"nca": {"check": {"timeout": True}}}, "check_timeout", "nca.check.timeout"),
    ({"nca": {"check": {"timeout": "soon"}}}, "check_timeout", "nca.check.timeout"),
    ({"nca": {"cleaning": {"minConfidence": 80.5}}}, "min_confidence", "nca.cleaning.minConfidence"),
    ({"nca": {"cleaning": {"minConfidence": 101}}}, "min_confidence", "nca.cleaning.minConfidence"),
    ({"nca": {"tests": {"command": ["pytest"]}}}, "test_command", "nca.tests.command"),
    ({"nca": {"tests": {"command": "   "}}}, "test_command", "nca.tests.command"),
])
def test_bad_values_keep_the_default_and_say_so(raw: Any, field: str, key: str):
    settings, problems = parse_settings(raw)
    assert getattr(settings, field) == getattr(Settings(), field)
    assert len(problems) == 1 and problems[0].startswith(key) and "using" in problems[0]


def test_a_bad_value_keeps_the_current_value_not_the_default():
    current = Settings(check_timeout=9.0)
    settings, problems = parse_settings({"nca.check.timeout": "x"}, current)
    assert settings.check_timeout == 9.0 and "using 9.0" in problems[0]


@pytest.mark.parametrize("raw", [None, {}, {"python": {"analysis": {"typeCheckingMode": "basic"}}},
                                 {7: "not a string key"}])
def test_absent_or_foreign_settings_change_nothing(raw: Any):
    assert parse_settings(raw) == (Settings(), [])


@pytest.mark.parametrize("raw", [[1, 2], "lint=false", 42])
def test_a_non_object_is_refused_as_a_whole(raw: Any):
    settings, problems = parse_settings(raw)
    assert settings == Settings() and "must be an object" in problems[0]


def test_several_values_at_once_other_values_still_taken():
    settings, problems = parse_settings({"nca": {"diagnostics": {"lint": "no", "debounceMs": 10},
                                                 "tests": {"command": "tox"}}})
    assert (settings.lint, settings.debounce_ms, settings.test_command) == (True, 10, "tox")
    assert len(problems) == 1


def test_what_the_vscode_extension_sends_is_taken():
    options = {"engines": {"file": "engines.toml"},
               "http": {"host": "127.0.0.2", "port": 9000, "token": "s3cret"},
               "diagnostics": {"lint": False}, "tests": {"command": "tox -q"},
               "logLevel": "DEBUG"}
    settings, problems = parse_settings(options)
    assert problems == []
    assert (settings.engines_file, settings.http_host, settings.http_port, settings.http_token,
            settings.lint, settings.test_command, settings.log_level) == (
        "engines.toml", "127.0.0.2", 9000, "s3cret", False, "tox -q", "DEBUG")
    # the same nested under "nca", as workspace/didChangeConfiguration carries it
    assert parse_settings({"nca": options}) == (settings, [])


@pytest.mark.parametrize(("raw", "start"), [
    ({"logLevel": "LOUD"}, "nca.logLevel: 'LOUD' is not valid"),
    ({"http": {"port": 70000}}, "nca.http.port: 70000 is not valid"),
    ({"http": {"host": "a b"}}, "nca.http.host"),
    ({"engines": {"file": 3}}, "nca.engines.file: 3 is not valid"),
    ({"nca": {"diagnostics": {"lnit": False}}}, "nca.diagnostics.lnit is not a setting"),
    ({"http": {"tokn": "x"}}, "nca.http.tokn is not a setting"),
])
def test_malformed_or_unknown_keys_of_ours_are_named(raw: Any, start: str):
    settings, problems = parse_settings(raw)
    assert settings == Settings()
    assert len(problems) == 1 and problems[0].startswith(start), problems


def test_a_bad_token_is_never_repeated_back():
    _, problems = parse_settings({"http": {"token": ["s3cret"]}})
    assert len(problems) == 1 and "s3cret" not in problems[0]


def test_the_editors_own_keys_are_accepted_quietly():
    raw = {"nca": {"interpreter": "/usr/bin/python3", "enginesFile": "e.toml",
                   "trace": {"server": "verbose"}}}
    settings, problems = parse_settings(raw)
    assert problems == [] and settings.engines_file == "e.toml"


def test_engines_file_gives_its_engines_and_bad_files_a_config_error(tmp_path):
    from nca.server.settings import load_engines
    from nca.workers.core.errors import ConfigError

    assert load_engines(None, tmp_path) is None
    (tmp_path / "engines.toml").write_text(
        '[[nca.engines]]\nid = "rules"\nkind = "rules"\n', encoding="utf-8")
    assert "rules" in [e.id for e in load_engines("engines.toml", tmp_path).engines]
    (tmp_path / "bad.toml").write_text("[[nca.engines]\n", encoding="utf-8")
    for name in ("bad.toml", "missing.toml"):
        with pytest.raises(ConfigError):
            load_engines(name, tmp_path)
