"""The language server's protocol: pygls's ``LanguageServerProtocol``, made safe at the boundary
(see ``NcaProtocol``). It knows the server object only as pygls's ``_server``; nothing here
imports the rest of the language server.
"""

from __future__ import annotations

import asyncio
import logging
import time
from functools import partial
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

from lsprotocol import types as t
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcServerNotInitialized,
)
from pygls.protocol import LanguageServerProtocol, lsp_method

__all__ = ["NcaProtocol", "one_line"]

log = logging.getLogger(__name__)


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
        #: the ids of the requests being answered, and when the last one came (monotonic):
        #: background work waits for a quiet moment (``lsp_background.requests_quiet``)
        self.answering: set[Any] = set()
        self.last_request = 0.0

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
                message=f"Invalid params for {data['method']}: {one_line(reason)}"))
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
        self.answering.discard(msg_id)
        if error is not None and isinstance(error.data, dict) and "traceback" in error.data:
            log.error("request %r failed: %s\n%s", msg_id, error.message,
                      "".join(map(str, error.data.get("traceback") or ())))
            error = t.ResponseError(code=error.code,
                                    message=f"{one_line(error.message)} (see the server log)")
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
        msg_id = getattr(message, "id", None)
        if msg_id is not None and getattr(message, "method", None) is not None:  # a request
            self.answering.add(msg_id)
            self.last_request = time.monotonic()
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


def one_line(value: Any, limit: int = 500) -> str:
    """Return the first line of an error's text, cut to ``limit`` characters."""
    text = str(value).strip().splitlines()
    first = text[0] if text else type(value).__name__
    return first if len(first) <= limit else first[: limit - 3] + "..."
