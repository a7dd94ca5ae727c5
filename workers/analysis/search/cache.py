"""The search results cache: one SQLite file, each answer kept for a time-to-live.

A cache that cannot be opened or written (a read-only home, a locked or broken file) is no
cache: searches go on without it, and say so once in the log.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

__all__ = ["SearchCache"]

log = logging.getLogger(__name__)

_SCHEMA = """CREATE TABLE IF NOT EXISTS results (
    provider TEXT NOT NULL, key TEXT NOT NULL, stored REAL NOT NULL, items TEXT NOT NULL,
    PRIMARY KEY (provider, key))"""


class SearchCache:
    """Provider answers by query, each used for ``ttl`` seconds after it was stored."""

    def __init__(self, path: Path, ttl: float, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.ttl = ttl
        self.clock = clock
        self._broken = False
        self._lock = threading.Lock()

    def get(self, provider: str, key: str) -> list[dict[str, Any]] | None:
        """Return the items stored for ``key``, or None when there are none or they expired."""
        row = self._run(lambda db: db.execute(
            "SELECT stored, items FROM results WHERE provider = ? AND key = ?",
            (provider, key)).fetchone())
        if not row:
            return None
        stored, items = row
        if self.clock() - stored > self.ttl or stored > self.clock() + 60:
            self._run(lambda db: db.execute(
                "DELETE FROM results WHERE provider = ? AND key = ?", (provider, key)))
            return None
        try:
            found = json.loads(items)
        except ValueError:
            return None
        return found if isinstance(found, list) else None

    def put(self, provider: str, key: str, items: list[dict[str, Any]]) -> None:
        """Store ``items`` for ``key`` (an empty list too: nothing found is an answer)."""
        now = self.clock()
        self._run(lambda db: db.execute(
            "INSERT OR REPLACE INTO results (provider, key, stored, items) VALUES (?, ?, ?, ?)",
            (provider, key, now, json.dumps(items))))
        # now and then, drop what expired long ago
        if int(now) % 50 == 0:
            self._run(lambda db: db.execute("DELETE FROM results WHERE stored < ?",
                                            (now - 2 * self.ttl,)))

    def _run(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        if self._broken:
            return None
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with closing(sqlite3.connect(self.path, timeout=2.0)) as db:
                    db.execute(_SCHEMA)
                    result = work(db)
                    db.commit()
                    return result
            except (OSError, sqlite3.Error) as err:
                self._broken = True
                log.warning("search cache %s unusable (%s); searching without it", self.path, err)
                return None
