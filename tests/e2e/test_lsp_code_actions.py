"""The language server's diagnostics and code actions against a real LSP client (pytest-lsp).

Its own diagnostics, quick fixes for other tools' diagnostics resolved to verified edits, the
fix-all, dead-code and remove-unused source actions, and when no action is offered.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as t
from pytest_lsp import LanguageClient

from tests.e2e.lsp_helpers import (
    BROKEN_SYNTAX,
    UNDEFINED,
    UNUSED_IMPORT,
    actions_for,
    apply_text_edits,
    change,
    command,
    diag,
    edited,
    open_file,
    run_action_command,
    until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="function")]


async def test_own_diagnostics_are_published(client: LanguageClient, tmp_path: Path):
    uri = open_file(client, tmp_path / "ws" / "broken.py", BROKEN_SYNTAX)
    found = await until(lambda: client.diagnostics.get(uri))
    assert [d.source for d in found] == ["nca"]
    assert found[0].code == "E999" and found[0].range.start.line == 0

    change(client, uri, 2, UNDEFINED)
    found = await until(lambda: [d for d in client.diagnostics.get(uri, ()) if d.code == "F821"])
    assert found[0].range.start == t.Position(2, 15) and "json" in found[0].message


async def test_foreign_diagnostic_resolves_to_verified_edit_with_backup(
        client: LanguageClient, tmp_path: Path):
    path = tmp_path / "ws" / "loader.py"
    uri = open_file(client, path, UNDEFINED)
    pylance = diag(2, 15, 19, '"json" is not defined', "reportUndefinedVariable", "Pylance")
    foreign = diag(2, 25, 31, "Some unrelated warning", "reportGeneralTypeIssues", "Pylance")
    started = time.perf_counter()
    actions = await actions_for(client, uri, [pylance, foreign])
    assert time.perf_counter() - started < 5
    quick = [a for a in actions if a.kind == t.CodeActionKind.QuickFix]
    assert len(quick) == 1
    action = quick[0]
    # listed only because a verified fix exists, titled with what the fix does
    assert action.title == "Fix with NCA: Add `import json`" and action.edit is None
    assert action.is_preferred is False and action.data["version"] == 1
    assert [d.source for d in action.diagnostics] == ["Pylance"]
    assert any(a.kind == "source.fixAll.nca" for a in actions)

    resolved = await client.code_action_resolve_async(action)
    fixed = edited(UNDEFINED, resolved, uri, 1)
    assert fixed.startswith("import json\n") and fixed.endswith(UNDEFINED)
    compile(fixed, "loader.py", "exec")
    assert await command(client, "nca.listBackups") == []  # resolving waits for no backup
    again = await client.code_action_resolve_async(action)  # cached
    assert (again.edit, again.command) == (resolved.edit, resolved.command)

    # the user applies the fix: the edit, then the action's command, as VS Code does
    change(client, uri, 2, fixed)
    path.write_text(fixed, encoding="utf-8")
    recorded = await run_action_command(client, resolved)
    backups = await command(client, "nca.listBackups")
    assert backups and backups[0]["files"] == ["loader.py"]
    assert backups[0]["id"] == recorded["backup"]
    assert await run_action_command(client, again) == recorded  # run twice: one backup
    assert len(await command(client, "nca.listBackups")) == 1

    # the user saved the fix, then wants the original back
    result = await command(client, "nca.restoreBackup", backups[0]["id"])
    assert result["restored"] == ["loader.py"]
    assert path.read_text(encoding="utf-8") == UNDEFINED
    (params,) = client.applied  # the open buffer is brought back too
    assert apply_text_edits(fixed, params.edit.document_changes[0].edits) == UNDEFINED


async def test_fix_all_and_dead_code_source_actions(client: LanguageClient, tmp_path: Path):
    text = "import os\n\n\ndef total(items)\n    return sum(items)\n"
    uri = open_file(client, tmp_path / "ws" / "calc.py", text)
    (fix_all,) = await actions_for(client, uri, [], only=["source.fixAll"])
    fixed = edited(text, await client.code_action_resolve_async(fix_all), uri, 1)
    assert "def total(items):" in fixed

    change(client, uri, 2, UNUSED_IMPORT)
    (clean,) = await actions_for(client, uri, [], only=["source.removeDeadCode"])
    cleaned = edited(UNUSED_IMPORT, await client.code_action_resolve_async(clean), uri, 2)
    assert cleaned == "import sys\n\n\nprint(sys.argv)\n"


async def test_stale_version_gets_no_edit(client: LanguageClient, tmp_path: Path):
    uri = open_file(client, tmp_path / "ws" / "calc.py", BROKEN_SYNTAX)
    (action,) = await actions_for(client, uri, [diag(0, 16, 17, "Expected ':'", None, "Pylance")],
                                  only=["quickfix"])
    change(client, uri, 2, BROKEN_SYNTAX + "\n# typing on\n")
    await until(lambda: client.diagnostics.get(uri))
    resolved = await client.code_action_resolve_async(action)
    assert resolved.edit is None and "changed" in resolved.title


async def test_no_action_for_problems_we_do_not_have(client: LanguageClient, tmp_path: Path):
    uri = open_file(client, tmp_path / "ws" / "fine.py", "x = 1\n")
    unrelated = diag(0, 0, 1, '"x" is not accessed', "reportUnusedVariable", "Pylance")
    far = diag(5000, 0, 3, "Undefined name `y`", "F821", "Ruff")  # past the end of the text
    assert await actions_for(client, uri, [unrelated, far], only=["quickfix"]) == []
    never_opened = (tmp_path / "ws" / "nowhere.py").as_uri()
    assert await actions_for(client, never_opened, [unrelated]) == []


DEAD_CODE = (
    "import os\n"
    "import sys\n"
    "\n"
    "\n"
    "def helper():\n"
    "    return os.getcwd()\n"
    "\n"
    "\n"
    "def main():\n"
    "    print(sys.argv)\n"
    "\n"
    "\n"
    "main()\n"
)


async def test_remove_one_unused_definition_where_it_is(client: LanguageClient, tmp_path: Path):
    path = tmp_path / "ws" / "tool.py"
    uri = open_file(client, path, DEAD_CODE)

    async def removals_at(line: int, only: list[str] | None = None) -> list[t.CodeAction]:
        found = await client.text_document_code_action_async(t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            range=t.Range(t.Position(line, 0), t.Position(line, 0)),
            context=t.CodeActionContext(diagnostics=[], only=only)))
        return [a for a in found or [] if a.title.startswith("Remove unused")]

    # found once the document is open and left alone; listing only reads what was found
    action = await _eventually(lambda: removals_at(5))
    assert action.title == "Remove unused function `helper` with NCA" and action.edit is None
    # a source action (the Source Action menu), never in the Quick Fix menu beside real fixes
    assert action.kind == "source.removeUnused.nca"
    assert await removals_at(5, ["quickfix"]) == []
    assert [a.kind for a in await removals_at(5, ["source"])] == ["source.removeUnused.nca"]
    assert await removals_at(0) == []  # `os` is used by helper: not removable on its own
    assert await removals_at(8) == []  # main is used

    resolved = await client.code_action_resolve_async(action)
    removed = edited(DEAD_CODE, resolved, uri, 1)
    # the import only helper used goes with it, as the Cleaner's next round would take it
    assert removed == "import sys\n\n\ndef main():\n    print(sys.argv)\n\n\nmain()\n"
    change(client, uri, 2, removed)
    path.write_text(removed, encoding="utf-8")
    backup = await run_action_command(client, resolved)
    await command(client, "nca.restoreBackup", backup["backup"])
    assert path.read_text(encoding="utf-8") == DEAD_CODE


async def _eventually(ask: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = await ask()
        if found:
            (one,) = found
            return one
        await asyncio.sleep(0.1)
    raise AssertionError(f"nothing after {timeout} s")


async def test_a_broken_engines_file_is_shown_and_the_rules_still_fix(
        client: LanguageClient, tmp_path: Path):
    (tmp_path / "ws" / "nca.toml").write_text("[[nca.engines]\nid = \n")
    uri = open_file(client, tmp_path / "ws" / "loader.py", UNDEFINED)
    pylance = diag(2, 15, 19, '"json" is not defined', "reportUndefinedVariable", "Pylance")
    actions = await actions_for(client, uri, [pylance])
    quick = [a for a in actions if a.kind == t.CodeActionKind.QuickFix]
    resolved = await client.code_action_resolve_async(quick[0])
    assert edited(UNDEFINED, resolved, uri, 1).startswith("import json\n")
    shown = [m.message for m in client.messages]
    assert any("nca.toml" in m and "rules engine only" in m for m in shown)
