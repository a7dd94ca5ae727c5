"""The HTTP route's own event loop, in a thread of its own beside the language server's.

Chat streams are many small steps (a piece in, an event out) for as long as a model talks;
on the language server's loop each step queued in front of the editor's requests, so a quick
fix waited behind a round of fifty streams. On a loop of their own they share only the
interpreter with it: the editor's request runs as soon as the HTTP thread lets go, which it
does at every read, write and wait. Both loops use the same dispatchers (made under a lock,
see ``WorkspaceRoots.dispatcher_at``), memory and engines, as before.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["HttpLoop", "ThreadedRunner"]

log = logging.getLogger(__name__)

T = TypeVar("T")

#: how long closing waits for the HTTP thread to end (seconds)
JOIN_TIMEOUT_S = 5.0
#: how long stopping the route waits for its requests to finish before the loop is stopped
CLEANUP_TIMEOUT_S = 15.0


class HttpLoop:
    """An event loop running in a daemon thread until ``close``."""

    def __init__(self, executor_threads: int, name: str = "nca-http") -> None:
        self.loop = asyncio.new_event_loop()
        # a blocking engine's stream waits in the loop's default executor for each piece (the
        # built-in model's generator): a thread for each stream the route admits
        self.loop.set_default_executor(
            ThreadPoolExecutor(max_workers=executor_threads, thread_name_prefix="nca-stream"))
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        finally:
            try:
                self.loop.run_until_complete(self.loop.shutdown_default_executor())
            except RuntimeError:  # closing anyway
                pass
            self.loop.close()

    def submit(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        """Return the future of ``coro`` run on this loop (callable from any thread)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    async def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on this loop and return its result, awaited from another loop;
        cancelling the wait cancels it there."""
        return await asyncio.wrap_future(self.submit(coro))

    def close(self) -> None:
        """Stop the loop and wait (a while) for its thread to end."""
        if self.loop.is_closed():
            return
        try:
            self.loop.call_soon_threadsafe(self.loop.stop)
        except RuntimeError:  # closed meanwhile
            return
        if threading.current_thread() is not self._thread:
            self._thread.join(JOIN_TIMEOUT_S)
            if self._thread.is_alive():
                log.warning("the HTTP thread did not end within %.0f s", JOIN_TIMEOUT_S)


class ThreadedRunner:
    """A started aiohttp runner on an ``HttpLoop``: ``cleanup`` (awaited on any loop) stops
    the route, then the loop."""

    def __init__(self, http: HttpLoop, runner: Any) -> None:
        self.http, self.runner = http, runner

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """Return the loop the route runs on."""
        return self.http.loop

    async def cleanup(self) -> None:
        """Stop the route (its requests get ``CLEANUP_TIMEOUT_S``; a loop a blocking call holds
        does not keep the language server from exiting), then its loop."""
        try:
            await asyncio.wait_for(self.http.run(self.runner.cleanup()), CLEANUP_TIMEOUT_S)
        except TimeoutError:
            log.warning("the HTTP route did not stop within %.0f s", CLEANUP_TIMEOUT_S)
        finally:
            await asyncio.to_thread(self.http.close)
