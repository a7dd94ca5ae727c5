"""The language server's commands against a real LSP client (pytest-lsp).

Running the tests with progress and cancellation, fixing and cleaning the workspace, the
debug log, the memory, and bad settings or arguments that leave the server running.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from lsprotocol import types as t
from pytest_lsp import LanguageClient

from tests.e2e.lsp_helpers import (
    BROKEN_SYNTAX,
    actions_for,
    apply_text_edits,
    change,
    command,
    diag,
    open_file,
    until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="function")]


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


