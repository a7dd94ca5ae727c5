"""``nca fix --check CMD``: one scratch copy with all of a run's fixes, the command run once."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from nca.workers.core.types import CheckOutcome
from nca.workers.fixing.check_tree import describe, output_tail, run_check_on

pytestmark = pytest.mark.e2e

A_BROKEN = "import os\n\n\ndef load(path)\n    with open(path) as f:\n        return json.load(f)\n"
B_BROKEN = "def two()\n    return 2\n"


def nca(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nca.server.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "a.py").write_text(A_BROKEN)
    (root / "app" / "b.py").write_text(B_BROKEN)
    return root


def counted(tmp_path: Path, command: str) -> tuple[str, Path]:
    """Return ``command`` made to append a line to a file outside the workspace on each run."""
    runs = tmp_path / "runs.txt"
    return f"echo run >> {shlex.quote(str(runs))}; {command}", runs


def runs_of(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def reports(out: subprocess.CompletedProcess[str]) -> dict[str, dict]:
    return {r["path"]: r for r in map(json.loads, out.stdout.splitlines())}


def test_all_fixes_are_checked_together_in_one_run_then_written(repo: Path, tmp_path: Path):
    # the check imports both modules: it passes only when both files are fixed together
    check, runs = counted(tmp_path, f"{shlex.quote(sys.executable)} -c 'import app.a, app.b'")
    out = nca("fix", "app", "--check", check, "--write", "--format", "json", cwd=repo)
    assert out.returncode == 0, out.stdout + out.stderr
    assert runs_of(runs) == 1
    got = reports(out)
    for rel in ("app/a.py", "app/b.py"):
        assert got[rel]["written"] is True and got[rel]["verified"] is True
        assert got[rel]["check"]["passed"] is True
        assert sorted(got[rel]["check"]["files"]) == ["app/a.py", "app/b.py"]
        assert all("passed with all the fixes" in f["verification"] for f in got[rel]["fixes"])
    assert "check" not in got["app/__init__.py"]
    assert (repo / "app" / "b.py").read_text() == "def two():\n    return 2\n"
    assert "import json" in (repo / "app" / "a.py").read_text()


def test_text_report_marks_the_check(repo: Path, tmp_path: Path):
    check, runs = counted(tmp_path, f"{shlex.quote(sys.executable)} -c 'import app.a, app.b'")
    out = nca("fix", "app", "--check", check, cwd=repo)
    assert out.returncode == 0, out.stderr
    assert "✓ check:" in out.stdout and "with the fixes of 2 file(s)" in out.stdout
    assert "✗" not in out.stdout
    assert runs_of(runs) == 1
    assert (repo / "app" / "b.py").read_text() == B_BROKEN  # a dry run writes nothing


def test_a_missing_command_is_reported_as_such_and_nothing_is_written(repo: Path):
    out = nca("fix", "app", "--check", "no-such-checker-xyz --all", "--write", cwd=repo)
    assert out.returncode == 1
    assert "was not found (exit 127" in out.stdout
    assert "no-such-checker-xyz" in out.stdout and "not found" in out.stdout.split("│")[-1]
    assert "✓" not in out.stdout and "✗ E999" in out.stdout
    assert "0 verified fix(es)" in out.stdout
    assert (repo / "app" / "a.py").read_text() == A_BROKEN
    assert (repo / "app" / "b.py").read_text() == B_BROKEN


def test_fixes_that_break_a_passing_check_are_dropped(repo: Path, tmp_path: Path):
    # passes on the original tree (the unused `import os` is there), fails once it is removed
    check, runs = counted(tmp_path, "echo checking; grep -q 'import os' app/a.py")
    out = nca("fix", "app", "--check", check, "--write", "--format", "json", cwd=repo)
    assert out.returncode == 1
    assert runs_of(runs) == 2  # once with the fixes, once without them
    got = reports(out)
    for rel, original in (("app/a.py", A_BROKEN), ("app/b.py", B_BROKEN)):
        report = got[rel]
        assert report["status"] == "unfixable" and report["written"] is False
        assert report["fixes"] == [] and report["diff"] == ""
        assert report["reason"].startswith("fixes dropped:") and "exit 1" in report["reason"]
        assert report["check"]["before"]["passed"] is True
        assert report["check"]["output"].strip() == "checking"
        assert (repo / rel).read_text() == original


def test_a_check_failing_without_the_fixes_too_verifies_nothing(repo: Path, tmp_path: Path):
    check, runs = counted(tmp_path, "echo broken suite >&2; exit 3")
    out = nca("fix", "app/b.py", "--check", check, "--write", "--format", "json", cwd=repo)
    assert out.returncode == 1 and runs_of(runs) == 2
    report = json.loads(out.stdout)
    assert report["written"] is False and report["fixes_verified"] is False
    assert report["fixes"] and not any(f["verified"] for f in report["fixes"])
    assert "failed (exit 3)" in report["reason"] and "without the fixes too" in report["reason"]
    assert "broken suite" in report["check"]["output"]
    assert (repo / "app" / "b.py").read_text() == B_BROKEN


def test_stdin_is_checked_with_its_text_in_place(repo: Path):
    check = f"{shlex.quote(sys.executable)} -c 'import app.b; assert app.b.two() == 2'"
    out = subprocess.run([sys.executable, "-m", "nca.server.cli", "fix", "-", "--path",
                          "app/b.py", "--check", check, "--format", "json"], cwd=repo,
                         input=B_BROKEN, capture_output=True, text=True, timeout=120)
    report = json.loads(out.stdout)
    assert out.returncode == 0, out.stderr
    assert report["verified"] is True and report["check"]["passed"] is True


# --------------------------------------------------------------------------- the worker


def test_run_check_on_leaves_the_workspace_alone(tmp_path: Path):
    ws = tmp_path / "ws"
    (ws / "pkg").mkdir(parents=True)
    (ws / "pkg" / "m.py").write_text("x = 1\n")
    outcome = run_check_on("cat pkg/m.py pkg/new.py", {"pkg/m.py": "x = 2\n",
                                                       "pkg/new.py": "y = 3\n"}, ws, 30)
    assert outcome.ok and outcome.output == "x = 2\ny = 3\n"
    assert (ws / "pkg" / "m.py").read_text() == "x = 1\n" and not (ws / "pkg" / "new.py").exists()


def test_describe_and_tail():
    assert describe("c", CheckOutcome(True, 0)) == "`c` passed"
    assert "not found (exit 127" in describe("c", CheckOutcome(False, 127))
    assert "could not be run (exit 126" in describe("c", CheckOutcome(False, 126))
    assert "timed out" in describe("c", CheckOutcome(False, None, timed_out=True, elapsed_ms=2000))
    assert "killed by signal 9" in describe("c", CheckOutcome(False, -9))
    assert describe("c", CheckOutcome(False, 2)) == "`c` failed (exit 2)"
    tail = output_tail(CheckOutcome(False, 1, "\n".join(str(n) for n in range(100))))
    assert tail.splitlines() == [str(n) for n in range(85, 100)]
