"""Streaming a reply of the HTTP route as OpenAI-style server-sent events, or collecting it.

A client that goes away (the handler is cancelled, the connection breaks) aborts the reply, so
the engine or the repair loop behind it stops; an engine error after the headers went out is
sent in the stream, as OpenAI does. A long stream lets the event loop's other work (the
other streams) run at least every ``YIELD_EVERY`` seconds.

Events are coalesced per write: the headers go out with the opening events and the first
piece, the closing events with ``[DONE]`` and the end of the body, and the events between with
whatever else is pending (at least every ``YIELD_EVERY`` seconds, at most ``FLUSH_BYTES``
held). A piece's event is the stream's one event with the piece's text put in (the same
bytes as encoding the whole chunk, without building and encoding it per piece).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from typing import Any

from aiohttp import web

from nca.admin.replies import Reply
from nca.server.openai_schema import api_error_from
from nca.workers.core.errors import NcaError

__all__ = ["DISCONNECTED", "FLUSH_BYTES", "YIELD_EVERY", "collect", "sse"]

#: why a reply stops when its client went away
DISCONNECTED = "client disconnected"


async def collect(reply: Reply) -> str:
    try:
        async with aclosing(aiter(reply)) as pieces:
            async for _ in pieces:
                pass
    except asyncio.CancelledError:
        reply.abort(DISCONNECTED)
        raise
    return reply.text


def _event(obj: Any) -> bytes:
    return b"data: " + json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"


#: a text no piece holds: its place in an encoded chunk is where a piece's text goes
_MARK = "\ue000nca-piece\ue000"
_MARK_JSON = json.dumps(_MARK, ensure_ascii=False)


def _piece_events(piece: Callable[[str], dict[str, Any]]) -> Callable[[str], bytes]:
    """Return the encoder of a stream's piece events: its chunk encoded once around a mark,
    each piece's text encoded into the mark's place; ``_event(piece(text))`` where the chunk
    does not hold the text once and verbatim."""
    parts = _event(piece(_MARK)).decode().split(_MARK_JSON)
    if len(parts) != 2:
        return lambda text: _event(piece(text))
    before, after = parts[0].encode(), parts[1].encode()

    def encode(text: str) -> bytes:
        return before + json.dumps(text, ensure_ascii=False).encode() + after

    return encode


async def sse(request: web.Request, reply: Reply,
               first: Callable[[], list[dict[str, Any]]],
               piece: Callable[[str], dict[str, Any]],
               last: Callable[[], list[dict[str, Any]]]) -> web.StreamResponse:
    pieces = aiter(reply)
    try:
        # the first piece before the headers: an engine that fails at once gets a real status
        head = await anext(pieces, None)
    except asyncio.CancelledError:
        reply.abort(DISCONNECTED)
        await _close(pieces)
        raise
    except BaseException:
        await _close(pieces)
        raise
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream; charset=utf-8",
                                       "Cache-Control": "no-cache",
                                       "X-Accel-Buffering": "no"})
    encode = _piece_events(piece)
    pending = bytearray()
    try:
        await resp.prepare(request)
        pending += b"".join(map(_event, first()))
        if head is not None:
            pending += encode(head)
            await resp.write(bytes(pending))  # with the headers, in one write
            pending.clear()
            # events that come faster than the client reads are sent together: a write per
            # event costs more than the event (flushed at least every YIELD_EVERY seconds)
            loop = asyncio.get_running_loop()
            flushed = loop.time()
            async for text in _yielding(pieces):
                pending += encode(text)
                if len(pending) >= FLUSH_BYTES or loop.time() - flushed >= YIELD_EVERY:
                    await resp.write(bytes(pending))
                    pending.clear()
                    flushed = loop.time()
        tail = bytes(pending) + b"".join(map(_event, last())) + b"data: [DONE]\n\n"
    except asyncio.CancelledError:
        reply.abort(DISCONNECTED)
        await _close(pieces)
        raise
    except ConnectionError:
        reply.abort(DISCONNECTED)
        await _close(pieces)
        return resp
    except NcaError as err:  # headers are out: the error goes in the stream, as OpenAI does
        await _close(pieces)
        tail = bytes(pending) + _event(api_error_from(err).body()) + b"data: [DONE]\n\n"
    finally:
        await _close(pieces)
    await resp.write_eof(tail)  # the closing events and the body's end, in one write
    return resp


#: the most a stream holds before it writes (bytes)
FLUSH_BYTES = 16384
#: how long a stream may hold the event loop before it lets others run (seconds)
YIELD_EVERY = 0.0005


async def _yielding(pieces: AsyncIterator[str]) -> AsyncIterator[str]:
    # a write that never waits would hold the loop for a whole stream, and the other streams
    # share it; yielding after every event costs most of the throughput, so yield by time
    loop = asyncio.get_running_loop()
    held_since = loop.time()
    async for text in pieces:
        yield text
        if loop.time() - held_since >= YIELD_EVERY:
            await asyncio.sleep(0)
            held_since = loop.time()


async def _close(pieces: AsyncIterator[str]) -> None:
    close = getattr(pieces, "aclose", None)
    if close is not None:
        try:
            await close()
        except RuntimeError:  # already running or closed: nothing to do
            pass
