import sqlite3
import subprocess
import sys
import time

import pytest

from nca.admin.lifecycle import Lifecycle


def test_tasks_and_events_are_real_sqlite_rows_in_wal_mode(tmp_path):
    log = Lifecycle(tmp_path)
    tid = log.start("fix_file", "cli", "a.py")
    log.event(tid, "verify", "passed", title="Add import")
    log.finish(tid, "fixed", "1 fix")
    log.close()
    db = sqlite3.connect(tmp_path / ".nca" / "lifecycle.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT kind, status, summary FROM tasks").fetchall() == [
        ("fix_file", "fixed", "1 fix")]
    assert db.execute("SELECT step, status, detail FROM events").fetchall() == [
        ("verify", "passed", '{"title": "Add import"}')]


def test_two_writers_share_the_log(tmp_path):
    a, b = Lifecycle(tmp_path), Lifecycle(tmp_path)
    ids = [a.start("fix_file", "cli", "a.py"), b.start("fix_text", "lsp", "b.py")]
    assert [t["id"] for t in a.recent()] == sorted(ids, reverse=True)


def test_task_context_marks_errors(tmp_path):
    log = Lifecycle(tmp_path)
    with pytest.raises(RuntimeError), log.task("fix_file", "cli", "x.py"):
        raise RuntimeError("boom")
    (task,) = log.recent()
    assert task["status"] == "error" and "boom" in task["summary"]


def test_events_are_written_by_a_writer_thread_and_seen_after_a_flush(tmp_path):
    log = Lifecycle(tmp_path)
    tid = log.start("fix_text", "lsp", "a.py")
    other = sqlite3.connect(tmp_path / ".nca" / "lifecycle.sqlite3", timeout=10)
    # the database is busy elsewhere: recording does not wait for it
    other.execute("BEGIN IMMEDIATE")
    started = time.perf_counter()
    for n in range(200):
        log.event(tid, "verify", "passed", n=n)
    log.finish(tid, "fixed", "1 fix")
    assert time.perf_counter() - started < 0.5
    other.execute("COMMIT")
    log.flush()
    assert other.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 200
    assert other.execute("SELECT status FROM tasks").fetchone()[0] == "fixed"
    other.close()
    log.close()


def test_readers_see_every_write_of_the_process(tmp_path):
    a, b = Lifecycle(tmp_path), Lifecycle(tmp_path)
    tid = a.start("fix_file", "cli", "a.py")
    a.event(tid, "lint", problems=1)
    a.finish(tid, "fixed", "done")
    # no flush: the reader flushes every open log of the file first
    (task,) = b.recent()
    assert task["status"] == "fixed" and task["events"] == 1
    assert [e["step"] for e in b.events(tid)] == ["lint"]
    a.close()
    b.close()


def test_close_and_exit_write_what_is_queued(tmp_path):
    log = Lifecycle(tmp_path)
    tid = log.start("fix_file", "cli", "a.py")
    log.event(tid, "plan")
    log.close()
    with pytest.raises(sqlite3.ProgrammingError):
        log.event(tid, "late")
    script = (
        "import sys\n"
        "from nca.admin.lifecycle import Lifecycle\n"
        "log = Lifecycle(sys.argv[1])\n"
        "t = log.start('fix_file', 'cli', 'b.py')\n"
        "for n in range(50):\n"
        "    log.event(t, 'step', n=n)\n"
        "log.finish(t, 'fixed')\n"  # no close: the process ends with writes queued
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    db = sqlite3.connect(tmp_path / ".nca" / "lifecycle.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 51
    assert db.execute("SELECT status FROM tasks ORDER BY id").fetchall() == [
        ("running",), ("fixed",)]
    db.close()


def test_an_idle_writer_ends_and_another_starts(tmp_path, monkeypatch):
    import nca.admin.lifecycle as lifecycle

    monkeypatch.setattr(lifecycle, "IDLE_S", 0.05)
    log = Lifecycle(tmp_path)
    tid = log.start("fix_file", "cli", "a.py")
    log.event(tid, "one")
    log.flush()
    deadline = time.monotonic() + 5
    while log._writer is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert log._writer is None
    log.event(tid, "two")
    assert [e["step"] for e in log.events(tid)] == ["one", "two"]
    log.close()
