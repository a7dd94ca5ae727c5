"""Helpers shared by the tests of the language server against a real LSP client (pytest-lsp).

The server command, the sample texts, and what a client does: open and change a document,
ask for code actions, apply their edits, run commands; ``until`` waits for a condition.
The ``client`` fixture itself is in ``tests/e2e/conftest.py``; ``start_session`` is what it (and
the workspace-boundary tests' own fixture) does to start one.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types as t
from pytest_lsp import LanguageClient, client_capabilities

SERVER = [sys.executable, "-m", "nca.server", "--no-http", "--log-level", "INFO"]

BROKEN_SYNTAX = "def total(items)\n    return sum(items)\n"
UNDEFINED = (
    "def load(path):\n"
    "    with open(path) as handle:\n"
    "        return json.load(handle)\n"
)
UNUSED_IMPORT = "import os\nimport sys\n\n\nprint(sys.argv)\n"


async def start_session(client: LanguageClient, ws: Path) -> None:
    """Initialize ``client`` on the workspace folder ``ws`` as VS Code would (no debounce); the
    edits the server asks it to apply are kept in ``client.applied``."""
    client.applied = []  # type: ignore[attr-defined]

    @client.feature(t.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: t.ApplyWorkspaceEditParams) -> t.ApplyWorkspaceEditResult:
        client.applied.append(params)  # type: ignore[attr-defined]
        return t.ApplyWorkspaceEditResult(applied=True)

    await client.initialize_session(t.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=ws.as_uri(),
        workspace_folders=[t.WorkspaceFolder(uri=ws.as_uri(), name="ws")],
        initialization_options={"nca": {"diagnostics": {"debounceMs": 0}}}))


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
