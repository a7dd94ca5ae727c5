"""The bridge from a blocking engine to the event loop: every chunk arrives, in order; chunks
that wait together arrive joined; errors and early closes reach the other side."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from nca.workers.engines.base import aiterate


async def _read(gen, *, block_first: float = 0.0) -> list[str]:
    out = []
    async for chunk in aiterate(gen):
        if not out and block_first:
            time.sleep(block_first)  # the loop busy: the rest of the answer waits together
        out.append(chunk)
    return out


def test_each_chunk_arrives_in_order():
    def slow():
        for piece in ("one ", "two ", "three"):
            time.sleep(0.02)
            yield piece

    assert asyncio.run(_read(slow())) == ["one ", "two ", "three"]


def test_chunks_that_wait_together_arrive_joined():
    pieces = [f"t{i} " for i in range(200)]
    got = asyncio.run(_read(iter(pieces), block_first=0.2))
    assert "".join(got) == "".join(pieces)
    assert len(got) <= 3  # the first, then what waited while the loop was busy


def test_an_engine_error_is_raised_on_the_loop():
    def broken():
        yield "partial"
        raise ValueError("model crashed")

    with pytest.raises(ValueError, match="model crashed"):
        asyncio.run(_read(broken()))


def test_closing_early_stops_the_engine_thread_and_closes_its_generator():
    closed = threading.Event()

    def endless():
        try:
            while True:
                time.sleep(0.005)
                yield "x"
        finally:
            closed.set()

    async def first():
        chunks = aiterate(endless())
        got = await anext(chunks)
        await chunks.aclose()
        return got

    assert asyncio.run(first()).startswith("x")
    assert closed.wait(2)
