"""Diagnostics after a change: the cheap checks' publish first, the lint's replacing it.

The lint waits ``debounceMs`` after a change; here that is ten seconds, so a publish that
arrives before it (or before a save, which lints at once) comes from the cheap checks alone.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.lsp_wire_helpers import StdioServer, initialize_params

pytestmark = pytest.mark.e2e

SLOW = {"nca": {"diagnostics": {"debounceMs": 10_000}}}
GOOD = "def total(items):\n    count = len(items)\n    return sum(items) / count\n"
NO_COLON = "def total(items)\n    count = len(items)\n    return sum(items) / count\n"
MISSPELT = "def total(items):\n    count = len(items)\n    return sum(items) / cuont\n"


@pytest.fixture
def server(tmp_path: Path):
    running = StdioServer(tmp_path)
    answer = running.client.request("init", "initialize", initialize_params(tmp_path, **SLOW))
    assert "capabilities" in answer["result"]
    running.client.notify("initialized", {})
    yield running
    running.stop()


def publishes(server: StdioServer, uri: str, version: int) -> list[list[dict[str, Any]]]:
    return [m["params"]["diagnostics"] for m in server.client.notifications(
        "textDocument/publishDiagnostics")
        if m["params"]["uri"] == uri and m["params"].get("version") == version]


def wait_for(server: StdioServer, uri: str, version: int, count: int = 1,
             timeout: float = 60) -> list[list[dict[str, Any]]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = publishes(server, uri, version)
        if len(found) >= count:
            return found
        time.sleep(0.02)
    raise AssertionError(f"no publish {count} of version {version} within {timeout} s")


def open_doc(server: StdioServer, path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    server.client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}})
    return uri


def change(server: StdioServer, uri: str, version: int, text: str) -> None:
    server.client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})


def save(server: StdioServer, uri: str) -> None:
    server.client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})


def shown(diagnostics: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
             d["range"]["end"]["character"], d["message"]) for d in diagnostics]


def test_first_publish_after_a_change_holds_the_syntax_error_before_the_lint(server, tmp_path):
    uri = open_doc(server, tmp_path / "total.py", GOOD)
    wait_for(server, uri, 1, 2)  # the cheap checks', then the lint's (no debounce on open)
    change(server, uri, 2, NO_COLON)
    (first,) = wait_for(server, uri, 2)
    assert [(d["code"], d["range"]["start"]["line"]) for d in first] == [("E999", 0)]
    time.sleep(0.5)
    assert len(publishes(server, uri, 2)) == 1  # the lint waits for the debounce
    save(server, uri)  # a save lints at once: its publish replaces the first
    lint = wait_for(server, uri, 2, 2)[1]
    assert [(d["code"], d["range"]["start"]["line"]) for d in lint][:1] == [("E999", 0)]


def test_undefined_name_first_as_the_lint_reports_it(server, tmp_path):
    uri = open_doc(server, tmp_path / "total.py", GOOD)
    wait_for(server, uri, 1, 2)
    change(server, uri, 2, MISSPELT)
    (first,) = wait_for(server, uri, 2)
    assert shown(first) == [("F821", 2, 24, 29, "Undefined name `cuont`")]
    save(server, uri)
    assert shown(wait_for(server, uri, 2, 2)[1]) == shown(first)


def test_the_lints_other_findings_stay_moved_with_the_edit(server, tmp_path):
    # F822 (a name in __all__ the module lacks) comes from ruff only: the cheap publish
    # carries it from the last lint, two lines down after two lines were added above it
    uri = open_doc(server, tmp_path / "api.py", '__all__ = ["gone"]\n' + GOOD)
    lint = wait_for(server, uri, 1, 2)[1]
    assert [(d["code"], d["range"]["start"]["line"]) for d in lint] == [("F822", 0)]
    change(server, uri, 2, '"""The api."""\n\n__all__ = ["gone"]\n' + GOOD)
    (first,) = wait_for(server, uri, 2)
    assert [(d["code"], d["range"]["start"]["line"]) for d in first] == [("F822", 2)]
    change(server, uri, 3, '"""The api."""\n\n__all__ = ["gone"]\n' + MISSPELT)
    (first,) = wait_for(server, uri, 3)  # the line the edit changed is the cheap checks' own
    assert [(d["code"], d["range"]["start"]["line"]) for d in first] == [("F822", 2),
                                                                         ("F821", 5)]


def test_names_the_project_ignores_are_left_to_the_lint(server, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "w"\n\n[tool.ruff.lint.per-file-ignores]\n"quiet.py" = ["F821"]\n',
        encoding="utf-8")
    uri = open_doc(server, tmp_path / "quiet.py", MISSPELT)
    cheap, lint = wait_for(server, uri, 1, 2)
    assert [d["code"] for d in cheap] == ["F821"] and lint == []
    change(server, uri, 2, MISSPELT.replace("cuont", "cnout"))
    assert wait_for(server, uri, 2) == [[]]
