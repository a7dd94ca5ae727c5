"""The requests a chat client makes of a workspace, as methods of its ``Dispatcher`` (a base
class of it): the HTTP route calls these, and of nca.admin imports besides only the types that
cross (``nca.admin.replies``: ChatMessage in, Reply out, NoCompleter).

One method per request: the reply to a conversation (``chat_reply``), the completion of code
(``complete``), which engine answers chat (``chat_engine_id``, for ``/health``), and the code a
message holds (``find_code``, static: the route measures it before any work starts). Nothing
runs until a Reply is iterated. The answering is ``nca.admin.chat.Chat``'s: one per origin
(what the lifecycle log names), all sharing one lock on the dispatcher's repair loop.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nca.admin.chat import Chat
    from nca.admin.replies import ChatMessage, Reply

__all__ = ["ChatRequests"]


class ChatRequests:
    """What a chat client asks of one workspace; ``Dispatcher`` provides the workspace."""

    #: the Chat of each origin, made on first use (with the lock they share)
    _chats: dict[str, Chat] | None = None
    _chat_lock: threading.Lock | None = None

    @staticmethod
    def find_code(text: str) -> str | None:
        """Return the Python code a message holds: its largest Python fence, or bare code after
        prose; None when it holds none."""
        from nca.admin.find_code import find_code as code_in  # a chat's, loaded with the first

        return code_in(text)

    def chat_reply(self, messages: Sequence[ChatMessage], *, origin: str = "http",
                   max_tokens: int | None = None, temperature: float | None = None,
                   stop: Sequence[str] = (), cancel: threading.Event | None = None,
                   interrupted: str = "cancelled") -> Reply:
        """Return the reply to ``messages``: the repair loop's report for code with an error,
        the memory's answer, the routed chat engine's, else a paragraph naming the setting.

        ``cancel`` stops the work behind it; ``interrupted`` is what the lifecycle log says
        when the consumer stops reading (the client went away).
        """
        return self._chat(origin).reply(messages, max_tokens=max_tokens,
                                        temperature=temperature, stop=stop, cancel=cancel,
                                        interrupted=interrupted)

    def complete(self, prompt: str, *, suffix: str | None = None, origin: str = "http",
                 max_tokens: int | None = None, temperature: float | None = None,
                 stop: Sequence[str] = (), cancel: threading.Event | None = None,
                 interrupted: str = "cancelled") -> Reply:
        """Return the completion of the code ``prompt`` (before the cursor; ``suffix`` after
        it); NoCompleter at once when no engine can complete code."""
        return self._chat(origin).complete(prompt, suffix=suffix, max_tokens=max_tokens,
                                           temperature=temperature, stop=stop, cancel=cancel,
                                           interrupted=interrupted)

    def chat_engine_id(self) -> str | None:
        """Return the id of the first engine the council routes chat to, or None."""
        engine = self._chat("http").chat_engine()
        return engine.id if engine is not None else None

    def _chat(self, origin: str) -> Chat:
        if self._chats is None:
            self._chats, self._chat_lock = {}, threading.Lock()
        chat = self._chats.get(origin)
        if chat is None:
            # the chat's modules (search, tracebacks, prompts) load with the first chat, so
            # `nca fix` and the editor's first lint never wait for them
            from nca.admin.chat import Chat

            # a weak reference: the dispatcher owns its chats, not the other way round
            chat = Chat(weakref.ref(self), origin=origin, fix_lock=self._chat_lock)
            self._chats[origin] = chat
        return chat
