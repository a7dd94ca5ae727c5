import sqlite3

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
