"""The language server's object (pygls 2): settings, one dispatcher per workspace root (see
``lsp_roots``), caches per document version, a worker pool, our lint and its diagnostics.

The handlers (``nca.server.lsp``) and the helper modules (``lsp_actions``, ``lsp_commands``,
``lsp_background``, ``lsp_workspace``) are handed this object; it imports none of them.
stdout is the LSP channel: nothing here prints.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from nca.server.logs import set_log_level
from nca.server.lsp_backups import PendingBackups
from nca.server.lsp_cache import ResultCache
from nca.server.lsp_convert import to_diagnostic
from nca.server.lsp_protocol import NcaProtocol, one_line
from nca.server.lsp_roots import WorkspaceRoots
from nca.server.settings import Settings, parse_settings
from nca.workers.core.errors import NcaError

if TYPE_CHECKING:
    from nca.admin.config import NcaConfig
    from nca.admin.dispatcher import Dispatcher
    from nca.workers.core.types import CleanFinding, Problem

__all__ = ["MAX_DIAGNOSTICS", "PUBLISHED_CODES", "NcaServer"]

log = logging.getLogger(__name__)
R = TypeVar("R")

#: what is published besides syntax errors when ``nca.diagnostics.lint`` is on
PUBLISHED_CODES = frozenset({"F821", "F822", "NCA101", "NCA103", "NCA104"})


class NcaServer(WorkspaceRoots, LanguageServer):
    """The server object: settings, one dispatcher per workspace root, caches, a worker pool."""

    protocol: NcaProtocol

    def __init__(self) -> None:
        super().__init__("nca", "0.1.0", protocol_cls=NcaProtocol,
                         text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.settings = Settings()
        #: "stdio": the user's own editor; "tcp": a peer, whose settings never run programs
        self.peer = "stdio"
        #: the token a client must send in initializationOptions (``nca serve --tcp``)
        self.lsp_token: str | None = None
        #: the editor's workspace trust (initializationOptions ``trusted``); None: not said
        self.client_trusted: bool | None = None
        self.dispatchers: dict[Path, Dispatcher] = {}
        #: read-only dispatchers of folders outside every root (lint only, nothing written)
        self.outside: dict[Path, Dispatcher] = {}
        self.configs: dict[Path, NcaConfig | None] = {}
        self.lint_cache: ResultCache[tuple[Problem, ...]] = ResultCache(512)
        self.resolved: ResultCache[tuple[str, t.WorkspaceEdit | None, t.Command | None]] = \
            ResultCache(256)
        #: the Cleaner's removable findings per document version, found while it was idle
        self.findings: ResultCache[tuple[CleanFinding, ...]] = ResultCache(256)
        self._where: dict[tuple[Any, ...], tuple[Dispatcher, str]] = {}
        self._roots: tuple[Any, list[Path]] | None = None
        self.running: dict[Any, asyncio.Task[Any]] = {}
        #: extra diagnostics per uri from commands (test runs, logs), by origin
        self.extra: dict[str, dict[str, list[t.Diagnostic]]] = {}
        self.pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="nca-work")
        #: the debounced lints waiting per uri (see ``lsp_background.schedule_lint``)
        self.pending_lints: dict[str, asyncio.Task[None]] = {}
        self._refused: set[str] = set()
        #: the texts resolved edits were made from, until their command backs them up
        self.pending_backups = PendingBackups()
        #: called once the initialize request was answered (the HTTP route starts then)
        self.on_initialized: Callable[[], None] | None = None

    def warn(self, message: str) -> None:
        """Log ``message`` and show it to the user."""
        log.warning("%s", message)
        self.window_show_message(t.ShowMessageParams(type=t.MessageType.Warning, message=message))

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log a failure with its traceback; show the user one line, never the traceback."""
        from pygls.exceptions import FeatureRequestError

        if source is FeatureRequestError:
            return  # pygls logged it, and the request's own answer says it
        if isinstance(error, ValueError):  # a body that is not JSON (or not UTF-8): dropped
            log.warning("dropped a message that is not JSON: %s", one_line(error))
            return
        log.error("server error (%s): %s", getattr(source, "__name__", source), error,
                  exc_info=(type(error), error, error.__traceback__))
        try:
            self.window_show_message(t.ShowMessageParams(
                type=t.MessageType.Error,
                message=f"nca: {one_line(error)} (details in the server log)"))
        except Exception:  # noqa: BLE001 - no connection to say it on
            log.debug("cannot show the error", exc_info=True)

    def open_document(self, uri: Any) -> TextDocument | None:
        """Return the open document at ``uri``; None for one the client never opened."""
        if not isinstance(uri, str):
            return None
        # pygls keeps documents under their unquoted uri ("a%20b.py" as "a b.py")
        return self.workspace.text_documents.get(unquote(uri))

    async def in_thread(self, func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """Return ``func(*args, **kwargs)`` run in the worker pool, off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, partial(func, *args, **kwargs))

    def apply_settings(self, raw: Any) -> None:
        """Take new settings; each value not taken is shown to the user, its default kept."""
        before = self.settings
        before_trust = self.client_trusted
        if isinstance(raw, dict) and "trusted" in raw:
            if self.peer != "stdio":
                self.warn("the workspace trust a client over TCP sends is not taken "
                          "(nca trust PATH gives it)")
            elif isinstance(raw["trusted"], bool):
                self.client_trusted = raw["trusted"]
            else:
                self.warn(f"trusted: expected true or false, not {type(raw['trusted']).__name__}")
        self.settings, problems = parse_settings(raw, self.settings,
                                                 remote=self.peer != "stdio")
        if (self.settings.engines_file != before.engines_file
                or self.client_trusted != before_trust):
            self.dispatchers.clear()  # made again, with the new engines, on first use
            self.configs.clear()
        for dispatcher in self.dispatchers.values():
            dispatcher.check_timeout = self.settings.check_timeout
        if self.settings.log_level and self.settings.log_level != before.log_level:
            set_log_level(self.settings.log_level)
        for message in problems:
            self.warn(message)

    # ------------------------------------------------------------------ linting and diagnostics

    def lint_now(self, uri: str, version: int | None, text: str) -> tuple[Problem, ...]:
        """Return our lint problems of a document version (cached); runs in a worker thread."""
        cached = self.lint_cache.get(uri, version)
        if cached is not None:
            return cached
        from nca.admin.dispatcher import Dispatcher  # loaded on first need, as dispatcher_at does

        reason = Dispatcher.not_lintable(text)
        if reason is not None:
            problems: tuple[Problem, ...] = ()
            if uri not in self._refused:
                self._refused.add(uri)
                log.warning("not linting %s: %s", uri, reason)
        else:
            dispatcher, rel = self.dispatcher_for(uri)
            try:
                problems = dispatcher.lint(text, rel)
            except (NcaError, ValueError, OSError) as err:
                log.warning("linting %s failed: %s", uri, err)
                problems = ()
        self.lint_cache.put(uri, version, "", problems)
        return problems

    async def lint(self, doc: TextDocument) -> tuple[Problem, ...]:
        cached = self.lint_cache.get(doc.uri, doc.version)
        if cached is not None:
            return cached
        return await self.in_thread(self.lint_now, doc.uri, doc.version, doc.source)

    def publish(self, uri: str) -> None:
        """Send the diagnostics of ``uri``: ours of the current version plus commands' ones."""
        doc = self.open_document(uri)
        diagnostics: list[t.Diagnostic] = []
        version = None
        if doc is not None:
            version = doc.version
            problems = self.lint_cache.get(uri, doc.version) or ()
            wanted = [p for p in problems
                      if p.is_syntax or (self.settings.lint and p.code in PUBLISHED_CODES)]
            # one split of the text per publish (pygls re-splits on every `lines`), and a cap:
            # nobody reads the 14,000th diagnostic of a generated file
            lines = doc.lines
            codec = doc.position_codec
            diagnostics.extend(to_diagnostic(p, lines, codec) for p in wanted[:MAX_DIAGNOSTICS])
        for extra in self.extra.get(uri, {}).values():
            diagnostics.extend(extra)
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics))


#: diagnostics published per document: the first ones, in order
MAX_DIAGNOSTICS = 500
