"""A CLI run starts the type checker before the rest of nca loads; the dispatcher gets it."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from nca.server.cli import main
from nca.workers.facts import typecheck
from nca.workers.facts.typecheck import find_ty, start_checker, warm_start

pytestmark = pytest.mark.skipif(find_ty() is None, reason="ty is not installed (pip install ty)")

TEXT = "class Base:\n    def __init__(self):\n        self.count = 0\n\n    def up(self):\n        self.cuont += 1\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    (tmp_path / "mod.py").write_text(TEXT)
    return tmp_path


def test_the_started_checker_is_handed_over_with_its_answer_ready(project):
    warm_start(project, sys.prefix, "mod.py", TEXT)
    checker = start_checker(project, sys.prefix)
    try:
        assert checker is not None and checker.alive
        deadline = time.monotonic() + 30
        while not checker._findings and time.monotonic() < deadline:  # the read-ahead's answer
            time.sleep(0.02)
        assert [k for k in checker._findings] == [("mod.py", TEXT)]
        assert any("cuont" in f.message for f in checker.findings("mod.py", TEXT))
        # handed over once: the next caller starts its own
        other = start_checker(project, sys.prefix)
        assert other is not None and other is not checker
        other.close()
    finally:
        checker.close()


def test_a_checker_for_another_environment_is_not_handed_over(project):
    warm_start(project, sys.prefix, "mod.py", TEXT)
    (warm,) = typecheck._WARM.values()
    checker = start_checker(project, None)
    try:
        assert checker is not warm
        assert typecheck._WARM  # still waiting for its own environment; stopped at exit
    finally:
        checker.close()
        typecheck._close_unclaimed()
    assert not warm.alive and not typecheck._WARM


def test_nca_fix_uses_the_checker_it_started_early(project, monkeypatch, capsys):
    started: list[object] = []
    real = typecheck._start
    monkeypatch.setattr(typecheck, "_start", lambda *a: started.append(real(*a)) or started[-1])
    main(["--workspace", str(project), "fix", str(project / "mod.py"),
          "--python", sys.executable])
    assert "self.count += 1" in capsys.readouterr().out
    assert len(started) == 1  # the one the CLI started before loading the dispatcher
    assert not typecheck._WARM


def test_nca_fix_takes_ruffs_answer_from_the_run_it_started_early(project, monkeypatch, capsys):
    from nca.workers.debugging import ruff_check as ruff

    runs: list[tuple[str, str]] = []
    real = ruff._run_ruff

    def run(text: str, *args: object) -> object:
        runs.append((text, threading.current_thread().name))
        return real(text, *args)

    monkeypatch.setattr(ruff, "_run_ruff", run)
    main(["--workspace", str(project), "fix", str(project / "mod.py"),
          "--python", sys.executable])
    assert "self.count += 1" in capsys.readouterr().out
    # the file's text was checked once, by the run started before the dispatcher loaded (the
    # other run is of the fixed text, in verify), and no early answer is left over
    assert [thread for text, thread in runs if text == TEXT] == ["ruff-early"]
    assert len(runs) == 2 and not ruff._EARLY
