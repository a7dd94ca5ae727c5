"""What a chat exchanges with its client, and replies as they stream: the ChatMessages in,
the Reply out (or NoCompleter: nothing can complete code), the stop/max_tokens limiter, and the
bridge from an engine's chunks (async, or blocking in a thread) to an async iterator."""

from __future__ import annotations

import threading
from collections.abc import AsyncGenerator, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

from nca.workers.core.errors import EngineError
from nca.workers.engines.base import aiterate

__all__ = ["ChatMessage", "Limiter", "NoCompleter", "Reply", "engine_stream", "estimate_tokens",
           "ignore", "once"]


@dataclass(frozen=True)
class ChatMessage:
    role: str  # system, user, assistant, tool
    content: str


class NoCompleter(EngineError):
    """No engine can complete code: none is routed to fim and no built-in model is there."""

    code = "no_completion_engine"


def estimate_tokens(text: str) -> int:
    """Return an estimate of the token count of ``text`` (about 4 characters a token)."""
    return (len(text) + 3) // 4


class Limiter:
    """Applies ``stop`` sequences and a ``max_tokens`` budget to a stream of text pieces."""

    def __init__(self, max_tokens: int | None = None, stop: Sequence[str] = ()) -> None:
        self.budget = max_tokens * 4 if max_tokens else None  # characters, as estimate_tokens
        self.stop = tuple(s for s in stop if s)
        self.hold = max((len(s) for s in self.stop), default=1) - 1
        self.pending = ""
        self.used = 0
        self.finish_reason: str | None = None  # set once the stream must end

    def feed(self, piece: str) -> str:
        """Return the text that may be sent now; sets ``finish_reason`` when the stream must end."""
        if self.finish_reason:
            return ""
        self.pending += piece
        cut = min((i for i in (self.pending.find(s) for s in self.stop) if i >= 0), default=-1)
        if cut >= 0:
            out, self.pending = self.pending[:cut], ""
            self.finish_reason = "stop"
            return self._spend(out)
        # a stop sequence may straddle two pieces: keep back what could be its start
        keep = min(self.hold, len(self.pending))
        out = self.pending[:len(self.pending) - keep]
        self.pending = self.pending[len(self.pending) - keep:]
        return self._spend(out)

    def flush(self) -> str:
        """Return what was held back once the source has ended."""
        out, self.pending = self.pending, ""
        return "" if self.finish_reason else self._spend(out)

    def _spend(self, out: str) -> str:
        if self.budget is None:
            return out
        left = self.budget - self.used
        if len(out) >= left:
            out = out[:max(left, 0)]
            self.finish_reason = "length"
        self.used += len(out)
        return out


class Reply:
    """One answer being produced: iterate it for text; then read ``text`` and ``finish_reason``.

    Leaving the iteration early (the consumer cancelled, ``abort``) sets ``cancel`` so the work
    behind it stops, and the lifecycle log records why: ``interrupted`` names what a
    cancellation of the consumer means (for HTTP, the client went away).
    """

    def __init__(self, route: str, source: AsyncGenerator[str, None], limiter: Limiter,
                 cancel: threading.Event, finish: Callable[[str, str], None], *,
                 interrupted: str = "cancelled") -> None:
        self.route = route
        self.cancel = cancel
        self.finish_reason = "stop"
        self.parts: list[str] = []
        self._source = source
        self._limiter = limiter
        self._finish = finish
        self._reason = interrupted

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def abort(self, reason: str) -> None:
        """Stop the work behind this reply; ``reason`` goes to the lifecycle log."""
        self._reason = reason
        self.cancel.set()

    def __aiter__(self) -> AsyncGenerator[str, None]:
        return self._run()

    async def _run(self) -> AsyncGenerator[str, None]:
        status, summary = "cancelled", ""
        try:
            async with aclosing(self._source) as source:
                async for piece in source:
                    if self.cancel.is_set():
                        break
                    out = self._limiter.feed(piece)
                    if out:
                        self.parts.append(out)
                        yield out
                    if self._limiter.finish_reason:
                        self.cancel.set()  # the engine need not produce what nobody reads
                        break
                else:
                    tail = self._limiter.flush()
                    if tail:
                        self.parts.append(tail)
                        yield tail
                if not self.cancel.is_set() or self._limiter.finish_reason:
                    status = "done"
            self.finish_reason = self._limiter.finish_reason or "stop"
            summary = f"{estimate_tokens(self.text)} tokens, {self.finish_reason}"
        except Exception as err:
            status, summary = "error", f"{type(err).__name__}: {err}"
            raise
        finally:
            if status == "cancelled":
                self.cancel.set()
                summary = self._reason
            self._finish(status, summary)


def ignore(status: str, summary: str) -> None:
    """Return nothing: the finish hook of a reply nobody logs."""
    return None


async def once(text: str) -> AsyncGenerator[str, None]:
    """Yield ``text`` once (nothing when empty)."""
    if text:
        yield text


async def engine_stream(engine: Any, method: str, *args: Any,
                        **kwargs: Any) -> AsyncGenerator[str, None]:
    """Yield an engine's chunks from ``a<method>`` (async) or ``<method>`` (blocking, in a thread)."""
    native = getattr(engine, f"a{method}", None)
    if native is not None:
        async with aclosing(native(*args, **kwargs)) as chunks:
            async for chunk in chunks:
                yield chunk
        return
    async with aclosing(aiterate(iter(getattr(engine, method)(*args, **kwargs)))) as chunks:
        async for chunk in chunks:
            yield chunk
