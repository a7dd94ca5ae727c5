"""`nca` given what it cannot use: non-Python files, FIFOs, symlink loops, a `.nca` that is a
file, a damaged lifecycle log, a backup id that is not hex. A clear line, the documented exit
code, never a traceback, never a hang, and nothing written for a run with a bad input."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

BROKEN = "def load(path)\n    return open(path).read()\n"


def nca(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nca.server.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("remember the milk\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# readme\n", encoding="utf-8")
    return tmp_path


def clean_failure(out: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr
    for needle in needles:
        assert needle in out.stderr, out.stderr


@pytest.mark.parametrize("command", ["fix", "clean"])
@pytest.mark.parametrize("name", ["notes.txt", "README.md"])
def test_a_file_that_is_not_python_is_skipped_and_nothing_written(ws: Path, command: str,
                                                                  name: str):
    out = nca(command, "app.py", name, "--write", cwd=ws)
    clean_failure(out, name, "not a Python file", "nothing was done")
    assert (ws / "app.py").read_text(encoding="utf-8") == BROKEN  # the good input too
    assert (ws / name).read_bytes() in (b"remember the milk\n", b"# readme\n")
    assert not (ws / ".nca").exists()


def test_a_python_script_without_the_suffix_is_taken(ws: Path):
    (ws / "tool").write_text("#!/usr/bin/env python3\n" + BROKEN, encoding="utf-8")
    out = nca("fix", "tool", "--format", "json", cwd=ws)
    assert json.loads(out.stdout)["status"] == "fixed"


@pytest.mark.parametrize("command", ["fix", "clean"])
def test_a_fifo_is_skipped_without_hanging(ws: Path, command: str):
    os.mkfifo(ws / "pipe.py")
    out = nca(command, "pipe.py", cwd=ws, timeout=30)
    clean_failure(out, "pipe.py", "FIFO")
    # inside a folder it is one skipped file among the others, never read
    out = nca(command, ".", "--format", "json", cwd=ws, timeout=60)
    assert "Traceback" not in out.stderr and out.returncode in (0, 1)
    results = {r["path"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert results["pipe.py"]["status"] == "skipped"


@pytest.mark.parametrize("command", ["fix", "clean"])
def test_a_symlink_loop_is_skipped_with_a_message(ws: Path, command: str):
    (ws / "loop.py").symlink_to(ws / "loop.py")
    (ws / "gone.py").symlink_to(ws / "missing-target.py")
    out = nca(command, "loop.py", "--write", cwd=ws)
    clean_failure(out, "loop.py", "symlink loop")
    out = nca(command, "loop.py", "gone.py", "app.py", "--write", cwd=ws)
    clean_failure(out, "loop.py", "gone.py", "broken symlink", "2 inputs")
    assert (ws / "app.py").read_text(encoding="utf-8") == BROKEN
    out = nca(command, ".", "--format", "json", cwd=ws)
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr
    assert "loop.py: skipped: a symlink loop" in out.stderr
    paths = {json.loads(line)["path"] for line in out.stdout.splitlines()}
    assert "app.py" in paths and "loop.py" not in paths


def test_a_missing_path_is_bad_input(ws: Path):
    clean_failure(nca("fix", "nope.py", cwd=ws), "nope.py", "no such file")


@pytest.mark.parametrize("args", [("fix", "app.py"), ("fix", "app.py", "--write"), ("log",),
                                  ("clean", "app.py", "--write"), ("backups", "list"),
                                  ("memory", "build")])
def test_a_nca_file_instead_of_a_folder_is_a_clear_error(ws: Path, args: tuple[str, ...]):
    (ws / ".nca").write_text("not a folder\n", encoding="utf-8")
    out = nca(*args, cwd=ws)
    clean_failure(out, ".nca is not a folder")
    assert (ws / "app.py").read_text(encoding="utf-8") == BROKEN
    assert (ws / ".nca").read_text(encoding="utf-8") == "not a folder\n"


def test_a_damaged_lifecycle_log_is_moved_aside_and_made_again(ws: Path):
    (ws / ".nca").mkdir()
    (ws / ".nca" / "lifecycle.sqlite3").write_bytes(b"this is not a database" * 100)
    out = nca("fix", "app.py", "--format", "json", cwd=ws)
    assert out.returncode in (0, 1) and "Traceback" not in out.stderr
    assert "damaged" in out.stderr and "moved it to" in out.stderr
    assert json.loads(out.stdout)["status"] == "fixed"
    aside = [p for p in (ws / ".nca").iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    db = sqlite3.connect(ws / ".nca" / "lifecycle.sqlite3")
    assert db.execute("SELECT kind FROM tasks").fetchall() == [("fix_file",)]
    db.close()
    out = nca("log", "--format", "json", cwd=ws)
    assert out.returncode == 0 and json.loads(out.stdout)[0]["kind"] == "fix_file"
    assert "damaged" not in out.stderr


@pytest.mark.parametrize("backup_id", ["not-hex", "xyz", "12", "g" * 12, "a" * 65])
def test_restoring_a_backup_id_that_is_not_hex_is_bad_usage(ws: Path, backup_id: str):
    out = nca("backups", "restore", backup_id, cwd=ws)
    clean_failure(out, "not a backup id")
    assert not (ws / ".nca").exists()
