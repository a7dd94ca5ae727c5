"""The language server (pygls 2): document sync, our diagnostics, code actions listed fast and
resolved lazily into verified edits, and the ``nca.*`` commands (see ``lsp_commands``).

Handlers are thin: they fetch the document, call the dispatcher or ``nca.admin.editor`` in a
worker thread, and return lsprotocol types. stdout is the LSP channel: nothing here prints.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types as t
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from nca.admin.editor import ResultCache, not_lintable
from nca.admin.workspace import relative
from nca.server.logs import set_log_level
from nca.server.settings import Settings, parse_settings
from nca.workers.errors import ConfigError, NcaError

if TYPE_CHECKING:
    from nca.admin.cleaning_knowledge import CleanKnowledge
    from nca.admin.dispatcher import Dispatcher
    from nca.workers.types import CleanFinding, Problem

__all__ = ["NcaProtocol", "NcaServer", "make_server", "to_diagnostic"]

log = logging.getLogger(__name__)
R = TypeVar("R")

#: what is published besides syntax errors when ``nca.diagnostics.lint`` is on
PUBLISHED_CODES = frozenset({"F821", "F822", "NCA101"})


class NcaProtocol(LanguageServerProtocol):
    """pygls's protocol, plus: ``$/cancelRequest`` also cancels a running command.

    pygls runs a ``workspace/executeCommand`` handler as a task of its own, so cancelling the
    request answers RequestCancelled while the command runs on; each command registers its
    task under its request id in ``server.running`` and is cancelled here too.
    """

    def structure_message(self, data: dict[str, Any]) -> Any:
        """Return the typed message; a request whose params do not fit is answered here.

        pygls raises for such a request while parsing, and the client would wait forever
        for an answer: it gets an InvalidParams error instead, and the message is dropped.
        """
        try:
            return super().structure_message(data)
        except JsonRpcException as err:
            if not ("id" in data and "method" in data):
                raise
            reason = err.__cause__ or err
            self._send_response(data["id"], None, JsonRpcInvalidParams(
                message=f"Invalid params for {data['method']}: {reason}").to_response_error())
            return _ANSWERED

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        super()._handle_cancel_notification(msg_id)
        task = getattr(self._server, "running", {}).pop(msg_id, None)
        if task is not None and not task.done():
            log.info("cancelling command of request %s", msg_id)
            task.cancel()


#: handle_message ignores a message whose jsonrpc is not "2.0": this one was answered already
_ANSWERED = SimpleNamespace(jsonrpc="answered")


class NcaServer(LanguageServer):
    """The server object: settings, one dispatcher per workspace root, caches, a worker pool."""

    def __init__(self) -> None:
        super().__init__("nca", "0.1.0", protocol_cls=NcaProtocol,
                         text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.settings = Settings()
        self.dispatchers: dict[Path, Dispatcher] = {}
        self.lint_cache: ResultCache[tuple[Problem, ...]] = ResultCache(512)
        self.resolved: ResultCache[tuple[str, t.WorkspaceEdit | None, t.Command | None]] = \
            ResultCache(256)
        #: the Cleaner's removable findings per document version, found while it was idle
        self.findings: ResultCache[tuple[CleanFinding, ...]] = ResultCache(256)
        self.knowledge_cache: dict[Path, CleanKnowledge] = {}
        self._where: dict[tuple[Any, ...], tuple[Dispatcher, str]] = {}
        self.running: dict[Any, asyncio.Task[Any]] = {}
        #: extra diagnostics per uri from commands (test runs, logs), by origin
        self.extra: dict[str, dict[str, list[t.Diagnostic]]] = {}
        self.pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="nca-work")
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._refused: set[str] = set()
        from nca.server.lsp_actions import PendingBackups

        #: the texts resolved edits were made from, until their command backs them up
        self.pending_backups = PendingBackups()
        #: called once the initialize request was answered (the HTTP route starts then)
        self.on_initialized: Callable[[], None] | None = None

    def clean_knowledge(self, dispatcher: Dispatcher) -> CleanKnowledge:
        """Return which names of a workspace other files use, cached until a file is saved."""
        knowledge = self.knowledge_cache.get(dispatcher.workspace)
        if knowledge is None:
            from nca.admin.cleaning_knowledge import CleanKnowledge

            knowledge = CleanKnowledge.load(dispatcher.workspace)
            self.knowledge_cache[dispatcher.workspace] = knowledge
        return knowledge

    # ------------------------------------------------------------------ workspace and documents

    def roots(self) -> list[Path]:
        """Return the workspace roots the client named, longest first."""
        found = {Path(p) for f in self.workspace.folders.values() if (p := to_fs_path(f.uri))}
        if self.workspace.root_path:
            found.add(Path(self.workspace.root_path))
        return sorted(found, key=lambda p: len(p.parts), reverse=True)

    def dispatcher_for(self, uri: str) -> tuple[Dispatcher, str]:
        """Return the dispatcher of the root holding ``uri`` and the document's relative path.

        Remembered per uri while the workspace folders stay the same: finding the root
        resolves paths, which costs more than the rest of listing code actions.
        """
        key = (uri, frozenset(self.workspace.folders), self.workspace.root_path)
        found = self._where.get(key)
        if found is not None and self.dispatchers.get(found[0].workspace) is found[0]:
            return found
        found = self._find_dispatcher(uri)
        if len(self._where) > 1024:
            self._where.clear()
        self._where[key] = found
        return found

    def _find_dispatcher(self, uri: str) -> tuple[Dispatcher, str]:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        full = Path(path).resolve() if path else None
        root = None
        for candidate in self.roots():
            if full is not None and (candidate == full or candidate.resolve() in full.parents):
                root = candidate.resolve()
                break
        if root is None:  # a file outside every root, or an untitled buffer
            root = full.parent if full is not None else self.main_root()
        dispatcher = self.dispatcher_at(root)
        rel = relative(full, dispatcher.workspace) if full is not None else "untitled.py"
        return dispatcher, rel

    def main_root(self) -> Path:
        """Return the root commands without a file work in: the first folder, else the cwd."""
        roots = self.roots()
        return roots[-1] if roots else Path.cwd()

    def dispatcher_at(self, root: Path) -> Dispatcher:
        """Return the dispatcher of a workspace root, made on first use."""
        root = root.resolve()
        dispatcher = self.dispatchers.get(root)
        if dispatcher is None:
            # imported on first use: the initialize response need not wait for the loop's imports
            from nca.admin.dispatcher import Dispatcher

            try:
                dispatcher = Dispatcher(root, origin="lsp",
                                        check_timeout=self.settings.check_timeout,
                                        council=self._engines_council(root))
            except ConfigError as err:  # a broken nca.toml: say so, and fix with the rules
                from nca.admin.council import Council

                self.warn(f"{err}; using the offline rules engine only")
                dispatcher = Dispatcher(root, origin="lsp",
                                        check_timeout=self.settings.check_timeout,
                                        council=Council())
            self.dispatchers[root] = dispatcher
        return dispatcher

    def _engines_council(self, root: Path) -> Any:
        """Return the council of the client's engines file; None: the workspace's own."""
        from nca.server.settings import load_engines

        try:
            return load_engines(self.settings.engines_file, root)
        except NcaError as err:
            self.warn(f"nca.engines.file: {err}; using the workspace's engines")
            return None

    def warn(self, message: str) -> None:
        """Log ``message`` and show it to the user."""
        log.warning("%s", message)
        self.window_show_message(t.ShowMessageParams(type=t.MessageType.Warning, message=message))

    def open_document(self, uri: Any) -> TextDocument | None:
        """Return the open document at ``uri``; None for one the client never opened."""
        if not isinstance(uri, str):
            return None
        return self.workspace.text_documents.get(uri)

    async def in_thread(self, func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """Return ``func(*args, **kwargs)`` run in the worker pool, off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, partial(func, *args, **kwargs))

    def apply_settings(self, raw: Any) -> None:
        """Take new settings; each value not taken is shown to the user, its default kept."""
        before = self.settings
        self.settings, problems = parse_settings(raw, self.settings)
        if self.settings.engines_file != before.engines_file:
            self.dispatchers.clear()  # made again, with the new engines, on first use
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
        reason = not_lintable(text)
        if reason is not None:
            problems: tuple[Problem, ...] = ()
            if uri not in self._refused:
                self._refused.add(uri)
                log.warning("not linting %s: %s", uri, reason)
        else:
            dispatcher, rel = self.dispatcher_for(uri)
            try:
                problems = tuple(dispatcher.linter.lint(text, rel))
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

    def schedule_lint(self, uri: str, delay: float, scan_delay: float | None = None) -> None:
        """Lint and publish after ``delay`` seconds, replacing a lint still waiting.

        The Cleaner's scan for dead code follows ``scan_delay`` seconds later (by default
        once the document has been left alone for a while).
        """
        old = self._pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self._pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay, scan_delay))

    async def _lint_later(self, uri: str, delay: float, scan_delay: float | None) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            doc = self.open_document(uri)
            if doc is None:
                return
            version = doc.version
            await self.lint(doc)
            if doc.version == version:  # a newer change has its own lint coming
                self.publish(uri)
                from nca.server.lsp_background import schedule_scan

                schedule_scan(self, uri, scan_delay)
        except asyncio.CancelledError:
            pass
        except Exception:  # a lint that fails must leave the server running
            log.exception("linting %s failed", uri)
        finally:
            if self._pending.get(uri) is asyncio.current_task():
                self._pending.pop(uri, None)

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
            diagnostics.extend(to_diagnostic(p, doc.lines, doc.position_codec) for p in wanted)
        for extra in self.extra.get(uri, {}).values():
            diagnostics.extend(extra)
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics))


def to_diagnostic(problem: Problem, lines: Any, codec: Any = None,
                  source: str = "nca") -> t.Diagnostic:
    """Return a Problem (1-based, code points) as an LSP Diagnostic in client units."""
    last = max(len(lines) - 1, 0)
    line = min(max(problem.line - 1, 0), last)
    text = lines[line].rstrip("\r\n") if lines else ""
    start = min(max(problem.col - 1, 0), len(text))
    if problem.end_line is not None and problem.end_col is not None and problem.end_line >= problem.line:
        end_line = min(problem.end_line - 1, last)
        end_text = lines[end_line].rstrip("\r\n") if lines else ""
        end = min(max(problem.end_col - 1, 0), len(end_text))
    else:  # a position only (compile, tracebacks): mark the rest of the line
        end_line, end = line, len(text)
        if problem.col <= 1:
            start = len(text) - len(text.lstrip())
    if (end_line, end) <= (line, start):
        end_line, end = line, min(start + 1, max(len(text), start))
    server_range = ServerTextRange(ServerTextPosition(line, start), ServerTextPosition(end_line, end))
    try:
        rng = codec.range_to_client_units(lines, server_range) if codec and lines else None
    except (IndexError, ValueError):
        rng = None
    if not rng:
        rng = t.Range(t.Position(line, start), t.Position(end_line, end))
    return t.Diagnostic(range=rng, message=problem.message, severity=t.DiagnosticSeverity.Error,
                        code=problem.code, source=source)


def make_server() -> NcaServer:
    """Return a server with every handler registered."""
    from nca.server import lsp_actions, lsp_background, lsp_commands

    server = NcaServer()

    @server.feature(t.INITIALIZE)
    def initialize(ls: NcaServer, params: t.InitializeParams) -> None:
        ls.apply_settings(params.initialization_options)
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
        ls.schedule_lint(params.text_document.uri, 0, scan_delay=0)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NcaServer, params: t.DidChangeTextDocumentParams) -> None:
        ls.schedule_lint(params.text_document.uri, ls.settings.debounce_ms / 1000)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NcaServer, params: t.DidSaveTextDocumentParams) -> None:
        lsp_background.saved(ls, params.text_document.uri)
        ls.schedule_lint(params.text_document.uri, 0, scan_delay=0)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NcaServer, params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.lint_cache.forget(uri)
        ls.resolved.forget(uri)
        ls.findings.forget(uri)
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

    lsp_commands.register(server)
    return server


# --------------------------------------------------------------------------- starting
