"""The lifecycle log: every dispatch, step and result as a row in SQLite under ``.nca/``.

A task's row is written when it starts (its id is the row's). Its events and its end are
queued and written by one writer thread per log, in batches of one transaction each, so the
thread that records (the language server's, a worker's) never waits for SQLite. Readers see
every write made before they read: :meth:`Lifecycle.recent` and :meth:`Lifecycle.events`
flush first (every open log of the same file, in this process); :meth:`Lifecycle.flush` waits
for the queue to be written, :meth:`Lifecycle.close` flushes, and what is still queued when
the process exits is written then.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import queue
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nca.workers.core.errors import UnreadableFile
from nca.workers.core.statedir import ignore_state_folder

__all__ = ["Lifecycle", "SCHEMA_VERSION", "state_folder"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
#: writes the writer thread puts in one transaction at most
BATCH = 500
#: seconds the writer lets writes gather before it commits (a task's events come in bursts)
GATHER_S = 0.002
#: seconds an idle writer thread waits for more before it ends
IDLE_S = 2.0

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
        folder = state_folder(workspace, create=True)
        self.path = folder / filename
        self._lock = threading.Lock()  # the connection: one statement or batch at a time
        self._queue: queue.SimpleQueue[tuple[str, tuple[Any, ...]] | threading.Event] = (
            queue.SimpleQueue())
        self._writer: threading.Thread | None = None
        self._writer_lock = threading.Lock()  # the writer thread, the count of pending writes
        self._pending = 0
        self._closed = False
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as err:  # not a database, or a damaged one
            moved = self._move_aside()
            log.warning("the lifecycle log %s is damaged (%s); moved it to %s and started a "
                        "new one", self.path, err, moved.name)
            try:
                self._db = self._open()
            except sqlite3.Error as again:
                raise UnreadableFile(f"{self.path}: cannot create the lifecycle log: "
                                     f"{again}") from None
        except sqlite3.Error as err:  # read-only folder, disk full...
            raise UnreadableFile(f"{self.path}: cannot open the lifecycle log: {err}") from None
        _OPEN.add(self)

    def _open(self) -> sqlite3.Connection:
        if os.path.lexists(self.path) and not self.path.is_file():
            raise UnreadableFile(f"{self.path} is not a regular file; move it away")
        db = sqlite3.connect(self.path, timeout=10, check_same_thread=False,
                             isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                       (str(SCHEMA_VERSION),))
            db.execute("SELECT COUNT(*) FROM tasks").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self) -> Path:
        """Return where the damaged database went (with its -wal and -shm files)."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while os.path.lexists(target):
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            for suffix in ("", "-wal", "-shm"):
                part = Path(f"{self.path}{suffix}")
                if os.path.lexists(part):
                    os.replace(part, f"{target}{suffix}")
        except OSError as err:
            raise UnreadableFile(f"{self.path} is damaged and cannot be moved aside: "
                                 f"{err.strerror or err}") from None
        return target

    # ------------------------------------------------------------------ the writer

    def _put(self, sql: str, params: tuple[Any, ...]) -> None:
        if self._closed:
            raise sqlite3.ProgrammingError("the lifecycle log is closed")
        with self._writer_lock:
            self._pending += 1
        self._queue.put((sql, params))
        self._ensure_writer()

    def _ensure_writer(self) -> None:
        with self._writer_lock:
            if self._writer is None:
                # the thread holds the log only while there is something to write: an idle one
                # ends, and the next write starts another
                self._writer = threading.Thread(target=self._write_loop, daemon=True,
                                                name="nca-lifecycle-writer")
                self._writer.start()

    def _write_loop(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=IDLE_S)
            except queue.Empty:
                with self._writer_lock:
                    if self._queue.empty():
                        self._writer = None
                        return
                continue
            batch: list[tuple[str, tuple[Any, ...]]] = []
            waiting: list[threading.Event] = []
            deadline = time.monotonic() + GATHER_S
            while True:
                if isinstance(item, threading.Event):
                    waiting.append(item)
                else:
                    batch.append(item)
                if len(batch) >= BATCH or waiting:
                    break
                try:
                    item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
            if batch:
                self._commit(batch)
                with self._writer_lock:
                    self._pending -= len(batch)
            for event in waiting:
                event.set()

    def _commit(self, batch: list[tuple[str, tuple[Any, ...]]]) -> None:
        with self._lock:
            try:
                self._db.execute("BEGIN")
                for sql, params in batch:
                    self._db.execute(sql, params)
                self._db.execute("COMMIT")
            except sqlite3.Error as err:  # disk full, locked past the busy timeout...
                log.warning("lifecycle log %s: %d writes lost: %s", self.path, len(batch), err)
                try:
                    self._db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass

    def flush(self, timeout: float = 30.0) -> None:
        """Return once every write queued before the call is in the database."""
        with self._writer_lock:
            if not self._pending:
                return  # nothing queued, nothing being written
        done = threading.Event()
        self._queue.put(done)
        self._ensure_writer()
        done.wait(timeout)

    def _flush_all(self) -> None:
        """Flush every open log of this file in the process: a reader sees what any wrote."""
        for other in list(_OPEN):
            if other.path == self.path:
                other.flush()

    def close(self) -> None:
        """Write what is queued, stop the writer and close the database."""
        if self._closed:
            return
        self._closed = True  # no new writes; what is queued is written now
        self.flush()
        _OPEN.discard(self)
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------------ writing

    def start(self, kind: str, origin: str, subject: str) -> int:
        """Return the id of a new task row (written now: the id is the row's)."""
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO tasks (kind, origin, subject, started) VALUES (?, ?, ?, ?)",
                (kind, origin, subject, time.time()))
            return int(cur.lastrowid or 0)

    def event(self, task_id: int, step: str, status: str = "done", **detail: Any) -> None:
        """Queue an event of a task (written by the writer thread)."""
        self._put("INSERT INTO events (task_id, at, step, status, detail) VALUES (?, ?, ?, ?, ?)",
                  (task_id, time.time(), step, status, json.dumps(detail, default=str)))

    def finish(self, task_id: int, status: str, summary: str = "") -> None:
        """Queue the end of a task (written by the writer thread, after its events)."""
        self._put("UPDATE tasks SET finished = ?, status = ?, summary = ? WHERE id = ?",
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
        self._flush_all()
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
        self._flush_all()
        with self._lock:
            rows = self._db.execute(
                "SELECT at, step, status, detail FROM events WHERE task_id = ? ORDER BY id",
                (task_id,)).fetchall()
        return [{"at": at, "step": step, "status": status, "detail": json.loads(detail)}
                for at, step, status, detail in rows]


#: the logs open in this process (flushed together for a reader, and at exit)
_OPEN: weakref.WeakSet[Lifecycle] = weakref.WeakSet()


@atexit.register
def _flush_at_exit() -> None:
    for lifecycle in list(_OPEN):
        try:
            lifecycle.flush(timeout=10)
        except Exception:  # pragma: no cover - the process is ending anyway
            pass


def state_folder(workspace: str | Path, *, create: bool = False) -> Path:
    """Return ``<workspace>/.nca``; UnreadableFile when something else has that name."""
    folder = Path(workspace) / ".nca"
    if os.path.lexists(folder) and not folder.is_dir():
        raise UnreadableFile(f"{folder} is not a folder: nca keeps its state there "
                             "(lifecycle log, backups, index); move it away")
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise UnreadableFile(f"cannot create {folder}: {err.strerror or err}") from None
        ignore_state_folder(folder)  # `git status` stays clean of .nca/
    return folder
