"""The language server (pygls 2): document sync, our diagnostics, code actions listed fast and
resolved lazily into verified edits, and the ``nca.*`` commands.

This module registers the handlers; each is thin: it hands the server object
(``lsp_server.NcaServer``) to the module that does the work, which calls the dispatcher in a
worker thread and returns lsprotocol types (``lsp_convert``). The protocol's safety at the
boundary is ``lsp_protocol``, the workspace boundary ``lsp_roots``. None of those modules
imports this one. stdout is the LSP channel: nothing here prints.
"""

from __future__ import annotations

import logging

from lsprotocol import types as t
from pygls.exceptions import JsonRpcException

from nca.server import lsp_actions, lsp_background, lsp_commands, lsp_workspace
from nca.server.lsp_protocol import NcaProtocol
from nca.server.lsp_server import NcaServer
from nca.server.lsp_work import as_command

__all__ = ["NcaProtocol", "NcaServer", "make_server"]

log = logging.getLogger(__name__)


def make_server() -> NcaServer:
    """Return a server with every handler registered."""
    server = NcaServer()

    @server.feature(t.INITIALIZE)
    def initialize(ls: NcaServer, params: t.InitializeParams) -> None:
        options = params.initialization_options
        if ls.lsp_token is not None:
            import hmac  # on first use: only a TCP client with a token needs it (OpenSSL)

            given = options.get("token") if isinstance(options, dict) else None
            if not (isinstance(given, str) and
                    hmac.compare_digest(given.encode("utf-8", "replace"),
                                        ls.lsp_token.encode("utf-8"))):
                log.warning("refused a client: %s token in initializationOptions",
                            "a wrong" if given else "no")
                ls.protocol.close_after_reply()
                raise JsonRpcException(
                    code=-32001, data={"retry": False},
                    message="nca: this server needs its token: send initializationOptions "
                            '{"token": "..."} (the value of NCA_LSP_TOKEN where it runs)')
        ls.protocol.initialized = True
        ls.apply_settings(options)
        if ls.on_initialized is not None:
            # the response is written when this returns, before anything waiting on it runs
            ls.on_initialized()

    @server.feature(t.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: NcaServer, params: t.DidChangeConfigurationParams) -> None:
        ls.apply_settings(params.settings)
        for uri in list(ls.workspace.text_documents):
            ls.publish(uri)

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NcaServer, params: t.DidOpenTextDocumentParams) -> None:
        lsp_background.schedule_lint(ls, params.text_document.uri, 0, scan_delay=0)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NcaServer, params: t.DidChangeTextDocumentParams) -> None:
        # the cheap checks publish while the lint waits; without a wait they would delay it
        delay = ls.settings.debounce_ms / 1000
        lsp_background.schedule_lint(ls, params.text_document.uri, delay, quick=delay > 0)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NcaServer, params: t.DidSaveTextDocumentParams) -> None:
        lsp_background.saved(ls, params.text_document.uri)
        lsp_background.schedule_lint(ls, params.text_document.uri, 0, scan_delay=0)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NcaServer, params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        lsp_background.cancel_lint(ls, uri)
        ls.forget(uri)
        lsp_background.cancel_scan(ls, uri)
        ls.extra.pop(uri, None)
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION,
                    t.CodeActionOptions(code_action_kinds=lsp_actions.ACTION_KINDS,
                                          resolve_provider=True))
    async def code_action(ls: NcaServer, params: t.CodeActionParams) -> list[t.CodeAction]:
        return await lsp_actions.list_actions(ls, params)

    @server.feature(t.CODE_ACTION_RESOLVE)
    async def resolve(ls: NcaServer, action: t.CodeAction) -> t.CodeAction:
        return await lsp_actions.resolve_action(ls, action)

    for name, func in {**lsp_commands.COMMANDS, **lsp_workspace.COMMANDS}.items():
        server.command(name)(as_command(func))
    return server
