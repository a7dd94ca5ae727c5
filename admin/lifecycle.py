"""The lifecycle log: every dispatch, step and result as a row in SQLite under ``.nca/``."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["Lifecycle", "SCHEMA_VERSION"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,          -- cli, lsp, http
    subject TEXT NOT NULL,         -- a path, a uri, a prompt's first line
    started REAL NOT NULL,
    finished REAL,
    status TEXT NOT NULL DEFAULT 'running',
    summary TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    at REAL NOT NULL,
    step TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS events_task ON events(task_id);
"""


class Lifecycle:
    """Append-only task and event log in ``<workspace>/.nca/lifecycle.sqlite3`` (WAL mode).

    Several processes (the CLI and a running server) may write at once: WAL plus a busy
    timeout lets them. Within a process one connection is shared under a lock.
    """

    def __init__(self, workspace: str | Path, filename: str = "lifecycle.sqlite3") -> None:
        folder = Path(workspace) / ".nca"
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / filename
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=10, check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def start(self, kind: str, origin: str, subject: str) -> int:
        """Return the id of a new task row."""
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO tasks (kind, origin, subject, started) VALUES (?, ?, ?, ?)",
                (kind, origin, subject, time.time()))
            return int(cur.lastrowid or 0)

    def event(self, task_id: int, step: str, status: str = "done", **detail: Any) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO events (task_id, at, step, status, detail) VALUES (?, ?, ?, ?, ?)",
                (task_id, time.time(), step, status, json.dumps(detail, default=str)))

    def finish(self, task_id: int, status: str, summary: str = "") -> None:
        with self._lock:
            self._db.execute("UPDATE tasks SET finished = ?, status = ?, summary = ? WHERE id = ?",
                             (time.time(), status, summary, task_id))

    @contextmanager
    def task(self, kind: str, origin: str, subject: str) -> Iterator[int]:
        """Yield a task id; the task is finished as 'error' if the body raises."""
        task_id = self.start(kind, origin, subject)
        try:
            yield task_id
        except BaseException as err:
            self.finish(task_id, "error", f"{type(err).__name__}: {err}")
            raise

    def recent(self, limit: int = 20) -> list[dict[str, Any]]:
        """Return the last tasks, newest first, with their event counts."""
        with self._lock:
            rows = self._db.execute(
                "SELECT t.id, t.kind, t.origin, t.subject, t.started, t.finished, t.status,"
                " t.summary, COUNT(e.id) FROM tasks t LEFT JOIN events e ON e.task_id = t.id"
                " GROUP BY t.id ORDER BY t.id DESC LIMIT ?", (limit,)).fetchall()
        keys = ("id", "kind", "origin", "subject", "started", "finished", "status", "summary",
                "events")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def events(self, task_id: int) -> list[dict[str, Any]]:
        """Return a task's events in order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT at, step, status, detail FROM events WHERE task_id = ? ORDER BY id",
                (task_id,)).fetchall()
        return [{"at": at, "step": step, "status": status, "detail": json.loads(detail)}
                for at, step, status, detail in rows]
