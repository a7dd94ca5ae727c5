"""One workspace boundary: paths from the client or a command must lie inside a workspace root.

A real client (pytest-lsp) talks to ``python -m nca.server``. Outside the root: a command is
refused (nothing read, sent or written), a file is linted read-only (no code actions, no
``.nca/``, no memory next to it).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.e2e.lsp_helpers import BROKEN_SYNTAX as BROKEN
from tests.e2e.lsp_helpers import SERVER, UNDEFINED, command, start_session, until

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="function")]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "canary.py").write_text(BROKEN, encoding="utf-8")
    await start_session(lsp_client, ws)
    yield
    await lsp_client.shutdown_session()


def untouched(folder: Path, names: set[str]) -> None:
    """Assert ``folder`` holds exactly ``names``: no .nca/, no AgentMemory/, nothing new."""
    assert {p.name for p in folder.iterdir()} == names


def open_doc(client: LanguageClient, path: Path, text: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(t.DidOpenTextDocumentParams(text_document=t.TextDocumentItem(
        uri=uri, language_id="python", version=1, text=text)))
    return uri


@pytest.mark.parametrize("form", ["relative", "absolute", "uri"])
async def test_fix_file_outside_the_root_is_refused(client: LanguageClient, tmp_path: Path,
                                                    form: str):
    canary = tmp_path / "outside" / "canary.py"
    given = {"relative": "../outside/canary.py", "absolute": str(canary),
             "uri": canary.as_uri()}[form]
    result = await command(client, "nca.fixFile", given)
    assert result["applied"] is False and "outside the workspace" in result["reason"]
    assert client.applied == []  # type: ignore[attr-defined]
    assert canary.read_text(encoding="utf-8") == BROKEN
    untouched(tmp_path / "outside", {"canary.py"})


async def test_a_symlink_out_of_the_root_is_outside(client: LanguageClient, tmp_path: Path):
    link = tmp_path / "ws" / "link.py"
    link.symlink_to(tmp_path / "outside" / "canary.py")
    result = await command(client, "nca.fixFile", link.as_uri())
    assert result["applied"] is False and "outside" in result["reason"]
    # a workspace-wide fix does not follow the link either
    (tmp_path / "ws" / "inside.py").write_text(BROKEN, encoding="utf-8")
    result = await command(client, "nca.fixWorkspace")
    assert result["files"] == 1 and result["applied"] is True
    (params,) = client.applied  # type: ignore[attr-defined]
    uris = {e.text_document.uri for e in params.edit.document_changes}
    assert uris == {(tmp_path / "ws" / "inside.py").resolve().as_uri()}
    untouched(tmp_path / "outside", {"canary.py"})


async def test_fix_file_inside_the_root_still_works(client: LanguageClient, tmp_path: Path):
    (tmp_path / "ws" / "a.py").write_text(BROKEN, encoding="utf-8")
    result = await command(client, "nca.fixFile", "a.py")
    assert result["applied"] is True and result["fixes"] == 1


async def test_show_memory_restore_and_debug_log_refuse_outside_paths(
        client: LanguageClient, tmp_path: Path):
    outside = tmp_path / "outside"
    with pytest.raises(Exception, match="outside the workspace"):
        await command(client, "nca.showMemory", str(outside))
    with pytest.raises(Exception, match="outside the workspace"):
        await command(client, "nca.showMemory", "..")
    with pytest.raises(Exception, match="outside the workspace"):
        await command(client, "nca.restoreBackup", "abcd1234", str(outside / "canary.py"))
    log = outside / "app.log"
    log.write_text("Traceback (most recent call last):\n  File \"x.py\", line 1\n"
                   "NameError: name 'secret' is not defined\n", encoding="utf-8")
    with pytest.raises(Exception, match="outside the workspace"):
        await command(client, "nca.debugLog", str(log))
    untouched(outside, {"canary.py", "app.log"})
    # inside, the memory is built as before
    summary = await command(client, "nca.showMemory", str(tmp_path / "ws"))
    assert summary["modules"] == 0 and (tmp_path / "ws" / "AgentMemory").is_dir()


async def test_a_library_file_is_linted_read_only(client: LanguageClient, tmp_path: Path):
    lib = tmp_path / "venv" / "lib" / "site-packages" / "pkg"
    lib.mkdir(parents=True)
    (lib / "mod.py").write_text(UNDEFINED, encoding="utf-8")
    (lib / "nca.toml").write_text('[[engines]]\nid = "x"\nkind = "openai"\n'
                                  'base_url = "http://127.0.0.1:9/v1"\n', encoding="utf-8")
    uri = open_doc(client, lib / "mod.py", UNDEFINED)
    found = await until(lambda: client.diagnostics.get(uri))  # diagnostics are fine
    assert any("json" in d.message for d in found)
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri),
        range=t.Range(t.Position(2, 0), t.Position(2, 0)),
        context=t.CodeActionContext(diagnostics=list(found))))
    assert not actions
    forged = t.CodeAction(title="x", data={"uri": uri, "version": 1, "action": "fixAll"})
    resolved = await client.code_action_resolve_async(forged)
    assert resolved.edit is None and "outside the workspace" in resolved.title
    client.text_document_did_save(t.DidSaveTextDocumentParams(
        text_document=t.TextDocumentIdentifier(uri=uri)))
    await asyncio.sleep(2)  # past the idle scan and the save's memory update
    # the server still answers, and nothing was written next to the library file
    assert await command(client, "nca.listBackups") == []
    untouched(lib, {"mod.py", "nca.toml"})
    assert not any(p.name in (".nca", "AgentMemory") for p in tmp_path.rglob("*")
                   if "ws" not in p.parts)


async def test_no_state_next_to_a_file_in_a_folder_nobody_named(client: LanguageClient,
                                                                 tmp_path: Path):
    other = tmp_path / "other"
    other.mkdir()
    uri = open_doc(client, other / "x.py", BROKEN)
    await until(lambda: client.diagnostics.get(uri))
    with pytest.raises(Exception, match="outside"):
        await command(client, "nca.restoreBackup", "abcd1234", uri)
    result = await command(client, "nca.fixFile", uri)
    assert result["applied"] is False
    await asyncio.sleep(1.5)
    assert os.listdir(other) == []  # the file was never even written: only the buffer


async def test_a_document_whose_path_needs_quoting_is_served(client: LanguageClient,
                                                             tmp_path: Path):
    """``a b.py`` arrives as ``a%20b.py``: it is the same open document, inside the root."""
    path = tmp_path / "ws" / "my dir" / "a b.py"
    path.parent.mkdir()
    path.write_text(BROKEN, encoding="utf-8")
    uri = open_doc(client, path, BROKEN)
    assert "%20" in uri
    await until(lambda: client.diagnostics.get(uri))
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri),
        range=t.Range(t.Position(0, 0), t.Position(0, 0)),
        context=t.CodeActionContext(diagnostics=[], only=["source.fixAll.nca"])))
    assert [a.kind for a in actions or []] == ["source.fixAll.nca"]
