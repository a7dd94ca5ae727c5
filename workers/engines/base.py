"""What every model engine shares: capabilities, the call hook, fix via chat, sync/async bridges.

A model engine answers ``chat`` (an iterator of text chunks), ``achat`` (the same as an async
iterator), ``complete`` (fill-in-the-middle) and ``propose`` (fix candidates). ``propose`` builds
a fix prompt from the worker's contract, asks ``chat`` and parses the answer into candidates
that then go through fixer_helper and verify like any rules candidate.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from nca.workers.core.types import Candidate, FixRequest, Health
from nca.workers.engines.answers import parse_answer
from nca.workers.engines.prompts import build_fix_messages

__all__ = [
    "CAPABILITIES",
    "CHAT",
    "FIM",
    "FIX",
    "STREAM",
    "CancelFlag",
    "Message",
    "ModelEngine",
    "OnCall",
    "aiterate",
    "iterate",
]

log = logging.getLogger(__name__)

CHAT, FIX, FIM, STREAM = "chat", "fix", "fim", "stream"
CAPABILITIES = frozenset({CHAT, FIX, FIM, STREAM})

#: {"role": "system" | "user" | "assistant", "content": "..."}
Message = Mapping[str, str]
#: (engine id, tokens in, tokens out, milliseconds, outcome: ok, cancelled, error: ...)
OnCall = Callable[[str, int, int, int, str], None]


class CancelFlag(Protocol):
    """Anything with ``is_set()``: a ``threading.Event`` is the usual one."""

    def is_set(self) -> bool: ...


class ModelEngine:
    """Base of the engines backed by a language model (or an evaluator answering like one)."""

    kind = "model"
    capabilities: frozenset[str] = CAPABILITIES
    #: tokens the engine reads at most (prompt plus answer); 0 when unknown
    context_length = 0

    def __init__(self, engine_id: str, *, contract: str = "", on_call: OnCall | None = None,
                 max_tokens: int = 512, temperature: float = 0.0) -> None:
        self.id = engine_id
        self.contract = contract
        self.on_call = on_call
        self.max_tokens = max_tokens
        self.temperature = temperature

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"

    def health(self) -> Health:  # pragma: no cover - every engine overrides it
        return Health(True)

    # ------------------------------------------------------------------ fix

    def propose(self, request: FixRequest) -> list[Candidate]:
        """Return the candidates parsed from the model's answer to a fix prompt."""
        budget = self.context_length or 4096
        # about 3 characters per token of code; the answer needs room too
        max_chars = max(2000, (budget - self.max_tokens) * 3)
        messages = build_fix_messages(request, contract=self.contract, max_chars=max_chars)
        answer = "".join(self.chat(messages, max_tokens=self.max_tokens,
                                   temperature=self.temperature))
        return parse_answer(answer, request, engine=self.id)

    # ------------------------------------------------------------------ chat and completion

    def chat(self, messages: Sequence[Message], *, max_tokens: int | None = None,
             temperature: float | None = None, stop: Sequence[str] = (),
             cancel: CancelFlag | None = None) -> Iterator[str]:
        """Return an iterator of the answer's text chunks."""
        raise NotImplementedError

    async def achat(self, messages: Sequence[Message], *, max_tokens: int | None = None,
                    temperature: float | None = None, stop: Sequence[str] = (),
                    cancel: CancelFlag | None = None) -> AsyncIterator[str]:
        """Return an async iterator of the answer's text chunks (the event loop never blocks)."""
        gen = self.chat(messages, max_tokens=max_tokens, temperature=temperature, stop=stop,
                        cancel=cancel)
        async for chunk in aiterate(gen):
            yield chunk

    def complete(self, prompt: str, *, suffix: str | None = None, max_tokens: int | None = None,
                 temperature: float | None = None, stop: Sequence[str] = (),
                 cancel: CancelFlag | None = None) -> Iterator[str]:
        """Return an iterator of the text that goes between ``prompt`` and ``suffix``."""
        raise NotImplementedError

    async def acomplete(self, prompt: str, *, suffix: str | None = None,
                        max_tokens: int | None = None, temperature: float | None = None,
                        stop: Sequence[str] = (),
                        cancel: CancelFlag | None = None) -> AsyncIterator[str]:
        """Return an async iterator of the completion's text chunks."""
        gen = self.complete(prompt, suffix=suffix, max_tokens=max_tokens,
                            temperature=temperature, stop=stop, cancel=cancel)
        async for chunk in aiterate(gen):
            yield chunk

    # ------------------------------------------------------------------ bookkeeping

    def _called(self, tokens_in: int, tokens_out: int, started: float, outcome: str) -> None:
        if self.on_call is None:
            return
        ms = int((time.perf_counter() - started) * 1000)
        try:
            self.on_call(self.id, tokens_in, tokens_out, ms, outcome)
        except Exception:  # a broken log must not break the answer
            log.exception("on_call hook failed for %s", self.id)


# --------------------------------------------------------------------------- bridges

class _Mailbox:
    """Chunks a producer thread made, handed to the event loop in batches: one wake-up of the
    loop per batch. An idle loop takes each chunk as it comes; a busy one (fifty chat streams
    beside the language server) finds several waiting and takes them in one step, so the
    loop's work per chunk shrinks as the load grows."""

    def __init__(self, loop: Any, ready: Any) -> None:
        self._loop, self._ready = loop, ready  # the loop, and an asyncio.Event of it
        self._lock = threading.Lock()
        self._items: list[str] = []
        self._error: BaseException | None = None
        self._done = False
        self._waking = False  # a wake-up is scheduled and not yet taken

    def put(self, chunk: str | None = None, *, error: BaseException | None = None,
            done: bool = False) -> None:
        """Return nothing; hand ``chunk`` (or the end, or an error) over (producer thread)."""
        with self._lock:
            if chunk is not None:
                self._items.append(chunk)
            self._error = error or self._error
            self._done = self._done or done
            if self._waking:
                return
            self._waking = True
        try:
            self._loop.call_soon_threadsafe(self._ready.set)
        except RuntimeError:  # the loop closed: nobody reads any more
            pass

    async def take(self) -> tuple[list[str], BaseException | None, bool]:
        """Return the chunks waiting, the producer's error, and whether it ended."""
        await self._ready.wait()
        with self._lock:
            self._ready.clear()
            self._waking = False
            items, self._items = self._items, []
            return items, self._error, self._done


async def aiterate(gen: Iterator[str]) -> AsyncGenerator[str, None]:
    """Return an async iterator over a blocking iterator run in a thread of its own.

    Chunks that wait together are joined into one (see ``_Mailbox``). Closing the async
    iterator stops the thread after the chunk it waits for (the engine's cancel flag stops it
    sooner) and closes ``gen`` there.
    """
    import asyncio  # the bridges only: a fix or a lint never loads the event loop

    box = _Mailbox(asyncio.get_running_loop(), asyncio.Event())
    stop = threading.Event()

    def pump() -> None:
        try:
            for chunk in gen:
                box.put(chunk)
                if stop.is_set():
                    break
        except BaseException as err:  # handed to the reader, who raises it
            box.put(error=err)
        finally:
            close = getattr(gen, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:
                    log.debug("closing an engine's generator failed", exc_info=True)
            box.put(done=True)

    threading.Thread(target=pump, name="nca-engine-pump", daemon=True).start()
    try:
        while True:
            items, error, done = await box.take()
            if items:
                yield "".join(items)
            if error is not None:
                raise error
            if done:
                return
    finally:
        stop.set()


def iterate(make: Callable[[], AsyncIterator[str]],
            cancel: CancelFlag | None = None) -> Iterator[str]:
    """Return a blocking iterator over an async one, run on a private loop in its own thread.

    Works whether or not the caller's thread already runs an event loop. Closing the iterator
    early, or setting ``cancel``, cancels the async side.
    """
    import asyncio  # the bridges only: a fix or a lint never loads the event loop

    out: queue.Queue[Any] = queue.Queue(maxsize=64)
    stop = threading.Event()
    holder: dict[str, Any] = {}

    async def pump() -> None:
        holder["task"] = asyncio.current_task()
        try:
            async for chunk in make():
                if stop.is_set():
                    break
                out.put(("chunk", chunk))
        except asyncio.CancelledError:
            pass
        except BaseException as err:
            out.put(("error", err))
        finally:
            out.put(("end", None))

    def run() -> None:
        loop = asyncio.new_event_loop()
        holder["loop"] = loop
        try:
            loop.run_until_complete(pump())
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="nca-engine-io", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = out.get()
            if cancel is not None and cancel.is_set():
                return
            if kind == "chunk":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        stop.set()
        loop, task = holder.get("loop"), holder.get("task")
        if loop is not None and task is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop closed in between: nothing left to cancel
                pass
        while thread.is_alive():  # drain so a blocked put never holds the thread
            try:
                out.get(timeout=0.05)
            except queue.Empty:
                pass
        thread.join()
