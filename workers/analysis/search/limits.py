"""Rate limits of the network providers, shared by every search in the process.

Each provider (at one base URL) has a request-per-second cap, and windows in which it must not
be asked at all: Stack Exchange's ``backoff`` (per method), GitHub's exhausted rate limit
(until ``x-ratelimit-reset``), a ``Retry-After``, or a host found unreachable. A request that
would have to wait longer than the caller allows is not sent.
"""

from __future__ import annotations

import threading
import time

__all__ = ["ANY", "RateLimit", "limit_for", "reset_limits"]

ANY = "*"  # the method key that blocks every method of a provider


class RateLimit:
    """The pace of one provider: at most ``per_second`` requests, and blocked windows."""

    def __init__(self, per_second: float = 0.0) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self._next = 0.0
        self._blocked: dict[str, float] = {}  # method -> monotonic time it may be asked again
        self._lock = threading.Lock()

    def reserve(self, method: str, max_wait: float) -> float | None:
        """Return the seconds to wait before a request to ``method`` may go; None: skip it."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next, self._blocked.get(method, 0.0),
                        self._blocked.get(ANY, 0.0))
            if start - now > max_wait:
                return None
            self._next = start + self.interval
            return start - now

    def block(self, seconds: float, method: str = ANY) -> None:
        """Let ``method`` (every method with ANY) not be asked for ``seconds``."""
        if seconds <= 0:
            return
        with self._lock:
            until = time.monotonic() + seconds
            self._blocked[method] = max(self._blocked.get(method, 0.0), until)

    def blocked_for(self, method: str = ANY) -> float:
        """Return the seconds ``method`` is still blocked for (0 when it is not)."""
        with self._lock:
            until = max(self._blocked.get(method, 0.0), self._blocked.get(ANY, 0.0))
        return max(0.0, until - time.monotonic())


_limits: dict[tuple[str, str], RateLimit] = {}
_limits_lock = threading.Lock()


def limit_for(provider: str, base_url: str, per_second: float = 0.0) -> RateLimit:
    """Return the process's rate limit of ``provider`` at ``base_url``."""
    key = (provider, base_url.rstrip("/"))
    with _limits_lock:
        found = _limits.get(key)
        if found is None:
            found = _limits[key] = RateLimit(per_second)
        elif per_second > 0:
            found.interval = 1.0 / per_second
        return found


def reset_limits() -> None:
    """Forget every provider's limits (for tests)."""
    with _limits_lock:
        _limits.clear()
