"""The language server's object (pygls 2): settings, one dispatcher per workspace root (see
``lsp_roots``), caches per document version, worker pools, our lint and its diagnostics.

The event loop only schedules: every check runs in a pool. The cheap checks of a change (a
syntax error, undefined names) have a thread of their own, so they never wait behind a repair
or a scan; the dead-code scans and memory updates have one too (one at a time, never taking
a request's worker); the rest (lint, verify, commands) share a pool sized for the machine.

The handlers (``nca.server.lsp``) and the helper modules (``lsp_actions``, ``lsp_commands``,
``lsp_background``, ``lsp_workspace``) are handed this object; it imports none of them.
stdout is the LSP channel: nothing here prints.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

from lsprotocol import types as t
from pygls.exceptions import FeatureRequestError
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from nca.server.logs import set_log_level
from nca.server.lsp_backups import PendingBackups
from nca.server.lsp_cache import ResultCache, carried_problems
from nca.server.lsp_convert import to_diagnostic
from nca.server.lsp_protocol import NcaProtocol, one_line
from nca.server.lsp_roots import WorkspaceRoots
from nca.server.settings import Settings, parse_settings
from nca.workers.core.errors import NcaError

if TYPE_CHECKING:
    from nca.admin.config import NcaConfig
    from nca.admin.dispatcher import Dispatcher
    from nca.workers.core.types import CleanFinding, Problem

__all__ = ["MAX_DIAGNOSTICS", "POOL_SIZE", "PUBLISHED_CODES", "NcaServer"]

log = logging.getLogger(__name__)
R = TypeVar("R")

#: what is published besides syntax errors when ``nca.diagnostics.lint`` is on
PUBLISHED_CODES = frozenset({"F821", "F822", "NCA101", "NCA103", "NCA104"})
#: the undefined-name code, which the cheap checks report as ruff does
UNDEFINED = "F821"
#: the shared worker pool: a thread per core for the checks (ruff, the type checker and check
#: commands are processes: their threads wait), and four for commands and resolves
POOL_SIZE = min(32, (os.cpu_count() or 1) + 4)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


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
        #: the cheap checks' problems per version (see ``quick_now``), until the lint is in
        self.quick_cache: ResultCache[tuple[Problem, ...]] = ResultCache(512)
        #: per uri, the slow checks' findings in its latest text that has them (a lint's, or
        #: those a cheap publish carried): version, text, problems
        self.slow_found: dict[str, tuple[int | None, str, tuple[Problem, ...]]] = {}
        #: documents whose undefined names the lint disagreed with (the project's ruff
        #: configuration ignores or excludes them): the cheap checks leave names to the lint
        self.names_off: set[str] = set()
        self.resolved: ResultCache[tuple[str, t.WorkspaceEdit | None, t.Command | None]] = \
            ResultCache(256)
        #: the Cleaner's removable findings per document version, found while it was idle
        self.findings: ResultCache[tuple[CleanFinding, ...]] = ResultCache(256)
        self._where: dict[tuple[Any, ...], tuple[Dispatcher, str]] = {}
        self._roots: tuple[Any, list[Path]] | None = None
        self._resolved: dict[Path, Path] = {}
        self._main: tuple[Any, Path] | None = None
        self.running: dict[Any, asyncio.Task[Any]] = {}
        #: extra diagnostics per uri from commands (test runs, logs), by origin
        self.extra: dict[str, dict[str, list[t.Diagnostic]]] = {}
        self.pool = ThreadPoolExecutor(max_workers=POOL_SIZE, thread_name_prefix="nca-work")
        #: the cheap checks of a change: one thread, never behind slow work
        self.quick_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nca-quick")
        #: background work (dead-code scans, memory updates): one at a time
        self.background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nca-scan")
        #: the debounced lints waiting per uri (see ``lsp_background.schedule_lint``)
        self.pending_lints: dict[str, asyncio.Task[None]] = {}
        #: the lints running per (uri, version): a code action that comes while the lint of
        #: its version runs (typing, then the lightbulb) waits for that one, not a second
        self._linting: dict[tuple[str, int | None], asyncio.Future[tuple[Problem, ...]]] = {}
        self._refused: set[str] = set()
        #: the texts resolved edits were made from, until their command backs them up
        self.pending_backups = PendingBackups()
        #: called once the initialize request was answered (the HTTP route starts then)
        self.on_initialized: Callable[[], None] | None = None
        #: the loop the protocol runs on (set when it starts): other threads send through it
        self.lsp_loop: asyncio.AbstractEventLoop | None = None

    def warn(self, message: str) -> None:
        """Log ``message`` and show it to the user (from any thread: the HTTP route's too)."""
        log.warning("%s", message)
        params = t.ShowMessageParams(type=t.MessageType.Warning, message=message)
        loop = self.lsp_loop
        if loop is not None and not loop.is_closed() and _running_loop() is not loop:
            loop.call_soon_threadsafe(self.window_show_message, params)
        else:
            self.window_show_message(params)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log a failure with its traceback; show the user one line, never the traceback."""
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

    async def in_background(self, func: Callable[..., R], *args: Any) -> R:
        """Return ``func(*args)`` run in the background thread (one task at a time)."""
        return await asyncio.get_running_loop().run_in_executor(self.background,
                                                                 partial(func, *args))

    def shutdown_pools(self) -> None:
        """Stop the pools without waiting for what runs (the client is gone)."""
        for pool in (self.pool, self.quick_pool, self.background):
            pool.shutdown(wait=False, cancel_futures=True)

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
            else:
                self._linted(uri, version, text, problems)
        self.lint_cache.put(uri, version, "", problems)
        return problems

    async def lint(self, doc: TextDocument) -> tuple[Problem, ...]:
        cached = self.lint_cache.get(doc.uri, doc.version)
        if cached is not None:
            return cached
        key = (doc.uri, doc.version)
        running = self._linting.get(key)
        if running is None:
            running = asyncio.ensure_future(
                self.in_thread(self.lint_now, doc.uri, doc.version, doc.source))
            self._linting[key] = running
            running.add_done_callback(lambda _: self._linting.pop(key, None))
        # shielded: a waiter cancelled (a newer change) leaves the lint to the others waiting
        return await asyncio.shield(running)

    def quick_now(self, uri: str, version: int | None, text: str) -> tuple[Problem, ...]:
        """Return the cheap checks' problems of a document version (cached); runs in the
        cheap checks' thread.

        A syntax error stands alone, as in the lint. Otherwise the undefined names come with
        what the latest lint found that the cheap checks cannot (the type checker's findings,
        F822...), carried from version to version: moved with the lines each edit moved,
        dropped where it changed lines.
        """
        cached = self.quick_cache.get(uri, version)
        if cached is not None:
            return cached
        from nca.admin.dispatcher import Dispatcher  # loaded on first need, as dispatcher_at does

        if Dispatcher.not_lintable(text) is not None:
            return ()  # the lint says why, once
        found = tuple(p for p in Dispatcher.quick_lint(text)
                      if p.code != UNDEFINED or uri not in self.names_off)
        last = self.slow_found.get(uri)
        if last is not None and not any(p.is_syntax for p in found):
            slow = tuple(carried_problems(last[2], last[1], text))
            self._slow(uri, version, text, slow)  # the next change is carried from here
            found = tuple(sorted((*found, *(p for p in slow if p.code != UNDEFINED
                                            or uri in self.names_off)),
                                 key=lambda p: (p.line, p.col, p.code)))
        self.quick_cache.put(uri, version, "", found)
        return found

    def _slow(self, uri: str, version: int | None, text: str,
              problems: tuple[Problem, ...]) -> None:
        last = self.slow_found.get(uri)
        if last is None or version is None or last[0] is None or version >= last[0]:
            self.slow_found[uri] = (version, text, problems)

    def _linted(self, uri: str, version: int | None, text: str,
                problems: tuple[Problem, ...]) -> None:
        """Remember a lint for the cheap checks that follow; stop their undefined names for a
        document where the lint does not report what they found (the project's config)."""
        self._slow(uri, version, text, tuple(p for p in problems if not p.is_syntax))
        quick = self.quick_cache.get(uri, version)
        if quick is not None and uri not in self.names_off:
            said = {(p.line, p.col, p.symbol) for p in problems if p.code == UNDEFINED}
            if any((p.line, p.col, p.symbol) not in said for p in quick if p.code == UNDEFINED):
                log.info("%s: undefined names are left to the lint (it does not report "
                         "all the cheap checks found)", uri)
                self.names_off.add(uri)

    def forget(self, uri: str) -> None:
        """Drop what is known of a closed document's versions."""
        for cache in (self.lint_cache, self.quick_cache, self.resolved, self.findings):
            cache.forget(uri)
        self.slow_found.pop(uri, None)
        self.names_off.discard(uri)

    def publish(self, uri: str) -> None:
        """Send the diagnostics of ``uri``: ours of the current version (the lint's, else the
        cheap checks' until the lint is in) plus commands' ones."""
        doc = self.open_document(uri)
        diagnostics: list[t.Diagnostic] = []
        version = None
        if doc is not None:
            version = doc.version
            problems = self.lint_cache.get(uri, doc.version)
            if problems is None:
                problems = self.quick_cache.get(uri, doc.version) or ()
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
