"""The language server (pygls 2): document sync, our diagnostics, code actions listed fast and
resolved lazily into verified edits, and the ``nca.*`` commands (see ``lsp_commands``).

Handlers are thin: they fetch the document, call the dispatcher or ``nca.admin.editor`` in a
worker thread, and return lsprotocol types. stdout is the LSP channel: nothing here prints.

One workspace boundary: every path a client or a command names is resolved (symlinks too) and
must lie inside a workspace root (the client's folders or rootUri; the server's working
directory when it names none). A file outside every root is linted read-only: no code
actions, no dead-code scan, no memory, nothing written next to it.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

from lsprotocol import types as t
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcServerNotInitialized,
)
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from nca.admin.editor import ResultCache, not_lintable
from nca.admin.workspace import relative, resolve_path
from nca.server.logs import set_log_level
from nca.server.settings import DEFAULT_TEST_COMMAND, Settings, parse_settings
from nca.workers.core.errors import ConfigError, InputError, NcaError, OutsideWorkspace

if TYPE_CHECKING:
    from nca.admin.cleaning_knowledge import CleanKnowledge
    from nca.admin.config import NcaConfig
    from nca.admin.dispatcher import Dispatcher
    from nca.workers.core.types import CleanFinding, Problem

__all__ = ["NcaProtocol", "NcaServer", "make_server", "to_diagnostic"]

log = logging.getLogger(__name__)
R = TypeVar("R")

#: what is published besides syntax errors when ``nca.diagnostics.lint`` is on
PUBLISHED_CODES = frozenset({"F821", "F822", "NCA101", "NCA103", "NCA104"})


class NcaProtocol(LanguageServerProtocol):
    """pygls's protocol, made safe at the boundary.

    - ``$/cancelRequest`` also cancels a running command: pygls runs a
      ``workspace/executeCommand`` handler as a task of its own, so cancelling the request
      answers RequestCancelled while the command runs on; each command registers its task
      under its request id in ``server.running`` and is cancelled here too.
    - A request before ``initialize`` gets -32002 ServerNotInitialized, a second
      ``initialize`` or a request after ``shutdown`` gets -32600 InvalidRequest; notifications
      then are dropped (``exit`` excepted). pygls 2.1.1 would answer nothing after shutdown.
    - ``shutdown`` while a command runs answers cleanly (pygls cancels the pending futures
      while iterating the dict their callbacks change) and stops the running commands.
    - No reply carries a Python traceback: pygls puts one in an internal error's ``data``;
      it goes to the log instead.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: set once initialize was accepted; requests before then are refused
        self.initialized = False
        #: set when initialize was refused (a TCP client without the token): nothing more
        self.refused = False

    def structure_message(self, data: dict[str, Any]) -> Any:
        """Return the typed message; a request that is not served is answered here.

        pygls raises for a request whose params do not fit while parsing, and the client
        would wait forever for an answer: it gets an InvalidParams error instead, and the
        message is dropped. So are requests the server's state refuses (see the class).
        """
        if isinstance(data, dict) and "jsonrpc" in data and "method" in data:
            if "id" in data and not _valid_id(data["id"]):
                self._answer_error(None, JsonRpcInvalidRequest(
                    message="a request id must be a string, a number or null"))
                return _ANSWERED
            refusal = self._refusal(data)
            if refusal is not None:
                if "id" in data and isinstance(refusal, JsonRpcException):
                    self._answer_error(data["id"], refusal)
                return _ANSWERED
            if "params" not in data:  # optional in JSON-RPC; pygls's generic types need it
                data = {**data, "params": None}
        elif isinstance(data, dict) and "jsonrpc" in data and "id" in data \
                and not _valid_id(data["id"]):
            log.warning("dropped a response with an id no request has: %.100r", data["id"])
            return _ANSWERED
        try:
            return super().structure_message(data)
        except JsonRpcException as err:
            if not ("id" in data and "method" in data):
                raise
            reason = err.__cause__ or err
            self._answer_error(data["id"], JsonRpcInvalidParams(
                message=f"Invalid params for {data['method']}: {_one_line(reason)}"))
            return _ANSWERED

    def _refusal(self, data: dict[str, Any]) -> JsonRpcException | object | None:
        """Return the error a message gets from the server's state (``_DROP``: no answer)."""
        method = data.get("method")
        if method == "exit":
            return None
        if self.refused:
            return _DROP
        if not self.initialized:
            if method == "initialize":
                return None
            return JsonRpcServerNotInitialized(
                message=f"ServerNotInitialized: {method!s:.80} before initialize")
        if method == "initialize":
            return JsonRpcInvalidRequest(message="initialize was already answered")
        if self._shutdown:
            return JsonRpcInvalidRequest(message="the server is shutting down (shutdown was "
                                                 "received): only exit is accepted")
        return None

    def _answer_error(self, msg_id: Any, error: JsonRpcException) -> None:
        try:
            self._send_response(msg_id, None, error.to_response_error())
        except Exception:  # noqa: BLE001 - an id no response can carry: nothing to answer
            log.warning("cannot answer request id %r", msg_id, exc_info=True)

    def _send_response(self, msg_id: Any, result: Any | None = None,
                       error: t.ResponseError | None = None) -> None:
        if error is not None and isinstance(error.data, dict) and "traceback" in error.data:
            log.error("request %r failed: %s\n%s", msg_id, error.message,
                      "".join(map(str, error.data.get("traceback") or ())))
            error = t.ResponseError(code=error.code,
                                    message=f"{_one_line(error.message)} (see the server log)")
        super()._send_response(msg_id, result, error)

    def handle_message(self, message: Any) -> None:
        if message is _ANSWERED:
            return
        if getattr(message, "jsonrpc", None) != "2.0":
            # a JSON value that is no JSON-RPC 2.0 message: pygls would fail on it
            raw = message if isinstance(message, dict) else {}
            if "method" in raw and "id" in raw and _valid_id(raw["id"]):
                self._answer_error(raw["id"], JsonRpcInvalidRequest(
                    message='not a JSON-RPC 2.0 request ("jsonrpc": "2.0" is missing)'))
            else:
                log.warning("ignored a message that is not JSON-RPC 2.0: %.200r", message)
            return
        super().handle_message(message)

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        super()._handle_cancel_notification(msg_id)
        task = getattr(self._server, "running", {}).pop(msg_id, None)
        if task is not None and not task.done():
            log.info("cancelling command of request %s", msg_id)
            task.cancel()

    def _execute_handler(self, msg_id: Any, handler: Any, callback: Any,
                         args: Any = None, kwargs: Any = None) -> None:
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        # pygls keeps the futures of notification handlers and of the steps of its own
        # handlers (registered under random ids) forever: forget each one once it is done
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(partial(self._forget, msg_id))

    def _forget(self, msg_id: Any, future: Any) -> None:
        if self._request_futures.get(msg_id) is future:
            self._request_futures.pop(msg_id, None)

    @lsp_method(t.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: t.DidChangeTextDocumentParams) -> Any:
        """pygls's, except that a change to a document that is not open is logged, not raised."""
        if unquote(params.text_document.uri) not in self.workspace.text_documents:
            log.warning("ignored a change to %.200s: it is not open", params.text_document.uri)
            return None
        return (yield from super().lsp_text_document__did_change(params))

    @lsp_method(t.SHUTDOWN)
    def lsp_shutdown(self, *args: Any) -> Any:
        """Stop every pending request and running command; answer null."""
        if (user_handler := self.fm.features.get(t.SHUTDOWN)) is not None:
            yield user_handler, args, None
        current = self.msg_id
        # a copy: cancelling runs callbacks that remove entries from the dict
        for msg_id, future in list(self._request_futures.items()):
            if msg_id != current and not future.done():
                future.cancel()
        for task in list(getattr(self._server, "running", {}).values()):
            if not task.done():
                task.cancel()
        self._shutdown = True
        return None

    def close_after_reply(self) -> None:
        """Close the connection once what is written now went out (a refused client)."""
        self.refused = True
        writer = self.writer

        def close() -> None:
            try:
                result = writer.close() if writer is not None else None
                if asyncio.iscoroutine(result):
                    asyncio.ensure_future(result)
            except Exception:  # noqa: BLE001 - closing a connection that is gone
                log.debug("closing the connection failed", exc_info=True)

        asyncio.get_running_loop().call_soon(close)


#: handle_message ignores a message whose jsonrpc is not "2.0": this one was answered already
_ANSWERED = SimpleNamespace(jsonrpc="answered")
#: a refusal that is not answered (the client was refused and is being disconnected)
_DROP = object()


def _valid_id(value: Any) -> bool:
    """Return True for an id JSON-RPC allows: a string, a number (not a bool) or null."""
    return value is None or (isinstance(value, str | int | float) and not isinstance(value, bool))


def _one_line(value: Any, limit: int = 500) -> str:
    """Return the first line of an error's text, cut to ``limit`` characters."""
    text = str(value).strip().splitlines()
    first = text[0] if text else type(value).__name__
    return first if len(first) <= limit else first[: limit - 3] + "..."


class NcaServer(LanguageServer):
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
        self.knowledge_cache: dict[Path, CleanKnowledge] = {}
        self._where: dict[tuple[Any, ...], tuple[Dispatcher, str]] = {}
        self._roots: tuple[Any, list[Path]] | None = None
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

    def workspace_roots(self) -> list[Path]:
        """Return the resolved roots, longest first (the working directory when the client
        named none); remembered while the client's folders stay the same."""
        key = (frozenset(self.workspace.folders), self.workspace.root_path)
        if self._roots is not None and self._roots[0] == key:
            return self._roots[1]
        roots = []
        for root in self.roots() or [Path.cwd()]:
            try:
                roots.append(resolve_path(root))
            except InputError:
                continue
        found = sorted(dict.fromkeys(roots), key=lambda p: len(p.parts), reverse=True)
        self._roots = (key, found)
        return found

    def root_of(self, path: Path) -> Path | None:
        """Return the root holding ``path`` (already resolved), or None when it is outside."""
        for root in self.workspace_roots():
            if path == root or root in path.parents:
                return root
        return None

    def inside(self, given: str, base: Path | None = None) -> Path:
        """Return the resolved path of a uri or path a client gave; OutsideWorkspace unless it
        lies inside a workspace root. A relative path is taken from ``base`` (the main root)."""
        if given.startswith("file:"):
            raw = to_fs_path(given)
        elif ":" in given.split("/", 1)[0] and len(given.split(":", 1)[0]) > 1:
            raise InputError(f"{given[:200]} is not a file: only file: uris and paths are taken")
        else:
            raw = given
        if not raw or "\0" in raw:
            raise InputError(f"{given[:200]!r} is not a file path")
        path = Path(raw)
        if not path.is_absolute():
            path = (base or self.main_root()) / path
        full = resolve_path(path)
        if self.root_of(full) is None:
            raise OutsideWorkspace(f"{given[:200]} is outside the workspace folders "
                                   f"({', '.join(map(str, self.workspace_roots()))})")
        return full

    def dispatcher_for(self, uri: str) -> tuple[Dispatcher, str]:
        """Return the dispatcher of the root holding ``uri`` and the document's relative path.

        Remembered per uri while the workspace folders stay the same: finding the root
        resolves paths, which costs more than the rest of listing code actions. A file outside
        every root gets a read-only dispatcher (see ``is_outside``).
        """
        key = (uri, frozenset(self.workspace.folders), self.workspace.root_path)
        found = self._where.get(key)
        if found is not None and (self.dispatchers.get(found[0].workspace) is found[0]
                                  or self.outside.get(found[0].workspace) is found[0]):
            return found
        found = self._find_dispatcher(uri)
        if len(self._where) > 1024:
            self._where.clear()
        self._where[key] = found
        return found

    def _find_dispatcher(self, uri: str) -> tuple[Dispatcher, str]:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        try:
            full = resolve_path(path) if path else None
        except InputError:
            full = None
        if full is None:  # an untitled buffer (or a path no file can have)
            dispatcher = self.dispatcher_at(self.main_root())
            return dispatcher, "untitled.py"
        root = self.root_of(full)
        if root is None:  # outside every root: linted, never written to
            dispatcher = self.outside_dispatcher(full.parent)
        else:
            dispatcher = self.dispatcher_at(root)
        return dispatcher, relative(full, dispatcher.workspace)

    def is_outside(self, dispatcher: Dispatcher) -> bool:
        """Return True for the read-only dispatcher of a file outside every root."""
        return self.outside.get(dispatcher.workspace) is dispatcher

    def outside_dispatcher(self, folder: Path) -> Dispatcher:
        """Return a dispatcher that lints files of a folder outside every root.

        It records nothing, reads no config of that folder (the rules engine only) and is
        never given work that writes: no code actions, scans or memory for such files.
        """
        dispatcher = self.outside.get(folder)
        if dispatcher is None:
            from nca.admin.council import Council
            from nca.admin.dispatcher import Dispatcher

            dispatcher = Dispatcher(folder, origin="lsp", record=False, council=Council(),
                                    check_timeout=self.settings.check_timeout)
            if len(self.outside) > 64:
                self.outside.clear()
            self.outside[folder] = dispatcher
        return dispatcher

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

    def trusted(self, root: Path) -> bool:
        """Return whether the workspace's own config may choose engines, keys and commands:
        the editor's word when a local client gave it, else the trust store (``nca trust``)."""
        if self.peer == "stdio" and self.client_trusted is not None:
            return self.client_trusted
        from nca.admin.trust import is_trusted

        return is_trusted(root)

    def project_config(self, root: Path) -> NcaConfig:
        """Return the workspace's config, as far as its trust allows; ConfigError when broken."""
        root = root.resolve()
        if root not in self.configs:
            from nca.admin.config import load_config

            try:
                self.configs[root] = load_config(root, trusted=self.trusted(root))
            except ConfigError:
                self.configs[root] = None
                raise
        config = self.configs[root]
        if config is None:
            from nca.admin.config import NcaConfig

            return NcaConfig()
        return config

    def _engines_council(self, root: Path) -> Any:
        """Return the council of the client's engines file, else of the workspace's config."""
        from nca.server.settings import load_engines

        try:
            council = load_engines(self.settings.engines_file, root)
        except NcaError as err:
            self.warn(f"nca.engines.file: {err}; using the workspace's engines")
            council = None
        if council is not None:
            return council
        from nca.admin.council import Council
        from nca.admin.courier import Courier

        config = self.project_config(root)
        if config.ignored:
            from nca.admin.config import untrusted_message

            self.warn(untrusted_message(config.source, root, config.ignored))
        return Council.from_config(config, contract=Courier().contract("fix"))

    def test_command(self, root: Path) -> str:
        """Return what ``nca.runTests`` runs: the editor's setting (a local client's only),
        else the trusted project's ``[nca.tests] command``, else the default."""
        if self.settings.test_command != DEFAULT_TEST_COMMAND:
            return self.settings.test_command
        try:
            return self.project_config(root).test_command or DEFAULT_TEST_COMMAND
        except ConfigError:
            return DEFAULT_TEST_COMMAND

    def check_command(self, dispatcher: Dispatcher) -> str | None:
        """Return the command a fix must keep passing: the editor's setting, else the trusted
        project's ``[nca.check] command``; none for a file outside every root."""
        if self.is_outside(dispatcher):
            return None
        if self.settings.check_command:
            return self.settings.check_command
        try:
            return self.project_config(dispatcher.workspace).check_command
        except ConfigError:
            return None

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
            log.warning("dropped a message that is not JSON: %s", _one_line(error))
            return
        log.error("server error (%s): %s", getattr(source, "__name__", source), error,
                  exc_info=(type(error), error, error.__traceback__))
        try:
            self.window_show_message(t.ShowMessageParams(
                type=t.MessageType.Error,
                message=f"nca: {_one_line(error)} (details in the server log)"))
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
        options = params.initialization_options
        if ls.lsp_token is not None:
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
