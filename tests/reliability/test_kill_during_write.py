"""``kill -9`` while ``nca fix --write`` writes: nothing the user had is lost.

Each round starts ``nca fix --write`` on a folder of broken files and kills it after a random
delay. After every kill each file is either its original or a fixed text that compiles (an
atomic write leaves no half file), every backup can be read back, and the lifecycle log, the
memory files and the backup store are intact. Rounds come from ``NCA_KILL_ROUNDS`` (a few in
``make test``; ``make fuzz`` runs 100).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROUNDS = int(os.environ.get("NCA_KILL_ROUNDS", "6"))
BROKEN = ("import os\n\n\ndef load(path):\n    with open(path) as f:\n"
          "        return json.load(f)\n\n\ndef area(w, h):\n    return w * hieght\n")


def _workspace(root: Path, files: int) -> dict[str, str]:
    (root / "pyproject.toml").write_text("[project]\nname = 'w'\n")
    originals = {}
    for n in range(files):
        rel = f"app/mod{n}.py"
        text = BROKEN.replace("hieght", f"hieght{n % 3}") if n % 2 else BROKEN
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
        originals[rel] = text
    return originals


def _compiles(text: str) -> bool:
    try:
        compile(text, "<check>", "exec")
    except SyntaxError:
        return False
    return True


def test_kill_9_during_write_loses_nothing(tmp_path: Path):
    rng = random.Random(int(os.environ.get("NCA_KILL_SEED", "7")))
    originals = _workspace(tmp_path, 12)
    killed = 0
    for _ in range(ROUNDS):
        proc = subprocess.Popen([sys.executable, "-m", "nca.server.cli", "fix", "app",
                                 "--write", "--format", "json"], cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait(30)
        for rel, original in originals.items():
            now = (tmp_path / rel).read_text()
            assert now == original or _compiles(now), f"{rel} is half written"
        # put the originals back for the next round (as a user would restore them)
        for rel, original in originals.items():
            (tmp_path / rel).write_text(original)
    assert killed, "no round was killed while running: raise the delay range"

    # every backup that was recorded can be listed and read back
    listed = subprocess.run([sys.executable, "-m", "nca.server.cli", "backups", "list",
                             "--format", "json"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60)
    assert listed.returncode == 0, listed.stderr
    backups = json.loads(listed.stdout or "[]")
    store = tmp_path / ".nca" / "backups.git"
    if store.exists():
        fsck = subprocess.run(["git", "--git-dir", str(store), "fsck", "--no-dangling"],
                              capture_output=True, text=True, timeout=60)
        assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    for backup in backups[:5]:
        for rel in backup["files"]:
            shown = subprocess.run(["git", "--git-dir", str(store), "show",
                                    f"{backup['id']}:{rel}"], capture_output=True, text=True,
                                   timeout=30)
            assert shown.returncode == 0 and shown.stdout == originals[rel]
    # the lifecycle log and the memory files are whole
    log = tmp_path / ".nca" / "lifecycle.sqlite3"
    if log.exists():
        with sqlite3.connect(log) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for memory in (tmp_path / "AgentMemory").rglob("*.json"):
        json.loads(memory.read_text())
