"""The language server against a real LSP client (pytest-lsp) speaking to ``python -m nca.server``."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="function")]

SERVER = [sys.executable, "-m", "nca.server", "--no-http", "--log-level", "INFO"]

BROKEN_SYNTAX = "def total(items)\n    return sum(items)\n"
UNDEFINED = (
    "def load(path):\n"
    "    with open(path) as handle:\n"
    "        return json.load(handle)\n"
)
UNUSED_IMPORT = "import os\nimport sys\n\n\nprint(sys.argv)\n"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    ws = tmp_path / "ws"
    ws.mkdir()
    lsp_client.applied = []  # type: ignore[attr-defined]

    @lsp_client.feature(t.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: t.ApplyWorkspaceEditParams) -> t.ApplyWorkspaceEditResult:
        lsp_client.applied.append(params)  # type: ignore[attr-defined]
        return t.ApplyWorkspaceEditResult(applied=True)

    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=ws.as_uri(),
        workspace_folders=[t.WorkspaceFolder(uri=ws.as_uri(), name="ws")],
        initialization_options={"nca": {"diagnostics": {"debounceMs": 0}}}))
    yield
    await lsp_client.shutdown_session()


# --------------------------------------------------------------------------- helpers


def open_file(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(t.DidOpenTextDocumentParams(text_document=t.TextDocumentItem(
        uri=uri, language_id="python", version=version, text=text)))
    return uri


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)]))


async def until(check: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s")


def diag(line: int, start: int, end: int, message: str, code: str | None = None,
         source: str | None = None) -> t.Diagnostic:
    return t.Diagnostic(range=t.Range(t.Position(line, start), t.Position(line, end)),
                        message=message, code=code, source=source,
                        severity=t.DiagnosticSeverity.Error)


async def actions_for(client: LanguageClient, uri: str, diagnostics: list[t.Diagnostic],
                      only: list[str] | None = None) -> list[t.CodeAction]:
    line = diagnostics[0].range.start.line if diagnostics else 0
    found = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri),
        range=t.Range(t.Position(line, 0), t.Position(line, 0)),
        context=t.CodeActionContext(diagnostics=diagnostics, only=only)))
    return list(found or [])


def apply_text_edits(text: str, edits: Any) -> str:
    lines = text.splitlines(keepends=True) + [""]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(p: t.Position) -> int:
        return offsets[p.line] + p.character

    for e in sorted(edits, key=lambda e: at(e.range.start), reverse=True):
        text = text[:at(e.range.start)] + e.new_text + text[at(e.range.end):]
    return text


def edited(text: str, action: t.CodeAction, uri: str, version: int) -> str:
    assert action.edit is not None, action.title
    (doc_edit,) = action.edit.document_changes
    assert doc_edit.text_document.uri == uri
    assert doc_edit.text_document.version == version
    return apply_text_edits(text, doc_edit.edits)


async def command(client: LanguageClient, name: str, *args: Any) -> Any:
    return await client.workspace_execute_command_async(t.ExecuteCommandParams(
        command=name, arguments=list(args)))


async def run_action_command(client: LanguageClient, action: t.CodeAction) -> Any:
    """Run a resolved action's command, which a client does right after applying its edit."""
    assert action.command is not None, action.title
    return await command(client, action.command.command, *(action.command.arguments or ()))


# --------------------------------------------------------------------------- tests


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


async def test_run_tests_reports_progress_and_maps_failures(client: LanguageClient, tmp_path: Path):
    ws = tmp_path / "ws"
    (ws / "shop.py").write_text("def price(n):\n    return n * rate\n", encoding="utf-8")
    (ws / "test_shop.py").write_text(
        "from shop import price\n\n\ndef test_price():\n    assert price(2) == 4\n",
        encoding="utf-8")
    client.workspace_did_change_configuration(t.DidChangeConfigurationParams(settings={
        "nca": {"tests": {"command": f"{sys.executable} -m pytest -q -x -p no:cacheprovider"}}}))
    result = await command(client, "nca.runTests")
    assert result["returncode"] == 1 and "NameError" in result["headline"]
    shop = (ws / "shop.py").resolve().as_uri()
    assert shop in result["files"]
    found = await until(lambda: client.diagnostics.get(shop))
    assert found[0].range.start.line == 1 and "rate" in found[0].message
    (reports,) = client.progress_reports.values()
    assert reports[0].kind == "begin" and reports[0].cancellable
    assert reports[-1].kind == "end" and reports[-1].message == "done"


async def test_cancel_request_stops_a_long_command(client: LanguageClient, tmp_path: Path):
    pid_file = tmp_path / "pid"
    sleeper = (f"{sys.executable} -c \"import os, time; "
               f"open(r'{pid_file}', 'w').write(str(os.getpid())); time.sleep(60)\"")
    client.workspace_did_change_configuration(t.DidChangeConfigurationParams(
        settings={"nca.tests.command": sleeper}))
    request = asyncio.ensure_future(client.protocol.send_request_async(
        t.WORKSPACE_EXECUTE_COMMAND, t.ExecuteCommandParams(command="nca.runTests"),
        msg_id="long-run"))
    pid = int(await until(lambda: pid_file.exists() and pid_file.read_text()))
    client.protocol.notify(t.CANCEL_REQUEST, t.CancelParams(id="long-run"))
    with pytest.raises(Exception, match="cancel"):
        await asyncio.wait_for(request, 10)
    await until(lambda: not _alive(pid), timeout=5)
    (reports,) = client.progress_reports.values()
    await until(lambda: reports[-1].kind == "end", timeout=5)
    assert reports[-1].message == "cancelled"


async def test_progress_cancel_stops_a_long_command(client: LanguageClient, tmp_path: Path):
    client.workspace_did_change_configuration(t.DidChangeConfigurationParams(
        settings={"nca.tests.command": f"{sys.executable} -c \"import time; time.sleep(60)\""}))
    request = asyncio.ensure_future(command(client, "nca.runTests"))
    token = await until(lambda: next(iter(client.progress_reports), None))
    client.window_work_done_progress_cancel(t.WorkDoneProgressCancelParams(token=token))
    assert await asyncio.wait_for(request, 10) == {"cancelled": True}


async def test_bad_settings_and_arguments_keep_the_server_running(
        client: LanguageClient, tmp_path: Path):
    client.workspace_did_change_configuration(t.DidChangeConfigurationParams(
        settings={"nca": {"diagnostics": {"lint": "sometimes"}, "check": {"timeout": -1}}}))
    messages = await until(lambda: [m.message for m in client.messages if "nca." in m.message])
    assert any("nca.diagnostics.lint" in m for m in messages)
    with pytest.raises(Exception, match="must be a non-empty string"):
        await command(client, "nca.restoreBackup", 42)
    with pytest.raises(Exception, match="not defined"):
        await command(client, "nca.noSuchCommand")
    with pytest.raises(Exception, match="Method Not Found"):
        await client.protocol.send_request_async("nca/unknownMethod", {"x": 1})
    big = "x = 1\n" * 900_000  # 5.4 MB
    uri = open_file(client, tmp_path / "ws" / "big.py", big)
    assert await actions_for(client, uri, [diag(0, 0, 1, "Undefined name `x`", "F821")]) == []
    binary = open_file(client, tmp_path / "ws" / "blob.py", "\0\x01\x02 not python")
    assert await actions_for(client, binary, [diag(0, 0, 1, "bad")]) == []
    uri = open_file(client, tmp_path / "ws" / "ok.py", BROKEN_SYNTAX)
    assert await until(lambda: client.diagnostics.get(uri))  # still serving


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_fix_workspace_and_debug_log(client: LanguageClient, tmp_path: Path):
    ws = tmp_path / "ws"
    (ws / "a.py").write_text(BROKEN_SYNTAX, encoding="utf-8")
    (ws / "b.py").write_text("x = 1\n", encoding="utf-8")
    a_uri = (ws / "a.py").as_uri()
    c_uri = open_file(client, ws / "c.py", "")
    change(client, c_uri, 2, BROKEN_SYNTAX)  # the buffer, not the file on disk, is fixed
    result = await command(client, "nca.fixWorkspace")
    assert (result["files"], result["changed"], result["applied"]) == (3, 2, True)
    (params,) = client.applied
    changes = {e.text_document.uri: e for e in params.edit.document_changes}
    assert set(changes) == {a_uri, c_uri}
    assert changes[c_uri].text_document.version == 2
    assert changes[a_uri].text_document.version is None
    assert apply_text_edits(BROKEN_SYNTAX, changes[a_uri].edits).startswith("def total(items):")
    assert len(await command(client, "nca.listBackups")) == 2
    (reports,) = client.progress_reports.values()
    assert [r.kind for r in reports][::len(reports) - 1] == ["begin", "end"]
    assert any(r.kind == "report" and r.message == "b.py" for r in reports)

    log = ("Traceback (most recent call last):\n"
           f'  File "{ws / "b.py"}", line 1, in <module>\n'
           "    x = y\n"
           "NameError: name 'y' is not defined\n")
    found = await command(client, "nca.debugLog", log)
    b_uri = (ws / "b.py").as_uri()
    assert found["files"] == [b_uri] and "NameError" in found["headline"]
    published = await until(lambda: client.diagnostics.get(b_uri))
    assert published[0].source == "nca" and published[0].code == "NameError"


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


async def test_clean_workspace_reports_progress_and_applies_one_edit(
        client: LanguageClient, tmp_path: Path):
    ws = tmp_path / "ws"
    (ws / "a.py").write_text("import os\nimport sys\n\nprint(sys.argv)\n", encoding="utf-8")
    (ws / "b.py").write_text("x = 1\n", encoding="utf-8")
    (ws / "broken.py").write_text(BROKEN_SYNTAX, encoding="utf-8")
    result = await command(client, "nca.cleanWorkspace")
    assert (result["files"], result["changed"], result["applied"]) == (3, 1, True)
    assert result["removed"] == ["a.py: os"] and result["skipped"] == 1
    (params,) = client.applied
    (doc_edit,) = params.edit.document_changes
    assert doc_edit.text_document.uri == (ws / "a.py").resolve().as_uri()
    assert apply_text_edits((ws / "a.py").read_text(), doc_edit.edits) == \
        "import sys\n\nprint(sys.argv)\n"
    assert len(await command(client, "nca.listBackups")) == 1
    (reports,) = client.progress_reports.values()
    assert reports[0].kind == "begin" and reports[-1].kind == "end"


async def test_show_memory_builds_it_and_a_save_updates_it(client: LanguageClient, tmp_path: Path):
    ws = tmp_path / "ws"
    (ws / "app.py").write_text("def parse(path):\n    return path\n", encoding="utf-8")
    summary = await command(client, "nca.showMemory")
    assert (summary["modules"], summary["functions"]) == (1, 1)
    assert (ws / "AgentMemory").is_dir()

    text = "def parse(path):\n    return path\n\n\nclass Loader:\n    pass\n"
    uri = open_file(client, ws / "app.py", text)
    client.text_document_did_save(t.DidSaveTextDocumentParams(
        text_document=t.TextDocumentIdentifier(uri=uri)))
    found = await until(lambda: _classes(ws) == 1 and _classes(ws))
    assert found == 1
    assert (await command(client, "nca.showMemory"))["classes"] == 1


def _classes(ws: Path) -> int:
    from nca.admin.memory import AgentMemory

    return AgentMemory(ws).summary()["classes"]


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
