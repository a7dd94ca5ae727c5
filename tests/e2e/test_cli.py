"""`nca` as a user runs it: a real process, a real git repository, real SQLite."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

BROKEN = "import os\n\n\ndef load(path)\n    with open(path) as f:\n        return json.load(f)\n"
FIXED = "import json\n\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)\n"


def nca(*args, cwd, stdin=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "nca.server.cli", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=timeout)


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    git("init", "-q", "-b", "main", cwd=tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text(BROKEN)
    env = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    git("add", "-A", cwd=tmp_path)
    git(*env, "commit", "-qm", "start", cwd=tmp_path)
    return tmp_path


def test_dry_run_shows_the_diff_and_writes_nothing(repo):
    out = nca("fix", "app/models.py", cwd=repo)
    assert out.returncode == 0, out.stderr
    assert "+import json" in out.stdout and "def load(path):" in out.stdout
    assert (repo / "app" / "models.py").read_text() == BROKEN


def test_json_report(repo):
    out = nca("fix", "app/models.py", "--format", "json", cwd=repo)
    report = json.loads(out.stdout)
    assert report["path"] == "app/models.py" and report["status"] == "fixed"
    assert report["verified"] is True
    assert [e["code"] for e in report["errors_before"]] == ["E999"]
    assert report["errors_after"] == []
    assert {f["engine"] for f in report["fixes"]} == {"rules"}
    assert all(f["verification"] for f in report["fixes"])
    assert report["diff"].startswith("--- a/app/models.py") and report["elapsed_ms"] >= 0
    assert set(report) >= {"path", "status", "verified", "errors_before", "errors_after",
                           "fixes", "diff", "elapsed_ms"}


def test_write_backs_up_first_without_touching_head_index_or_tree(repo):
    head, status = git("rev-parse", "HEAD", cwd=repo), git("status", "--porcelain", cwd=repo)
    out = nca("fix", "app/models.py", "--write", cwd=repo)
    assert out.returncode == 0, out.stderr
    assert (repo / "app" / "models.py").read_text() == FIXED
    assert git("rev-parse", "HEAD", cwd=repo) == head
    assert git("symbolic-ref", "HEAD", cwd=repo) == "refs/heads/main"
    # the only change in the work tree is the fixed file itself
    assert git("status", "--porcelain", cwd=repo) != status
    assert git("diff", "--cached", "--name-only", cwd=repo) == ""
    backup = git("rev-parse", "refs/nca/backups", cwd=repo)
    assert git("cat-file", "-p", f"{backup}:app/models.py", cwd=repo) + "\n" == BROKEN

    listed = json.loads(nca("backups", "list", "--format", "json", cwd=repo).stdout)
    assert listed[0]["id"] == backup and listed[0]["files"] == ["app/models.py"]
    restored = nca("backups", "restore", backup[:10], cwd=repo)
    assert restored.returncode == 0, restored.stderr
    assert (repo / "app" / "models.py").read_text() == BROKEN


def test_stdin_to_stdout(repo):
    out = nca("fix", "-", "--path", "app/models.py", cwd=repo, stdin=BROKEN)
    assert out.returncode == 0, out.stderr
    assert out.stdout == FIXED


def test_check_command_verifies_with_the_tests(repo):
    (repo / "tests").mkdir()
    (repo / "tests" / "test_models.py").write_text(
        "from app.models import load\n\n\ndef test_load(tmp_path):\n"
        "    p = tmp_path / 'x.json'\n    p.write_text('[1]')\n    assert load(p) == [1]\n")
    check = f"{sys.executable} -m pytest -x -q -p no:cacheprovider tests"
    out = nca("fix", "app/", "--check", check, "--format", "json", cwd=repo)
    reports = [json.loads(line) for line in out.stdout.splitlines()]
    models = next(r for r in reports if r["path"] == "app/models.py")
    assert models["verified"] is True
    assert "pytest" in models["fixes"][0]["verification"]


def test_hanging_check_is_killed_and_reported(repo):
    check = f"{sys.executable} -c 'import time; time.sleep(30)'"
    out = nca("fix", "app/models.py", "--check", check, "--check-timeout", "1", "--write",
              "--format", "json", cwd=repo)
    report = json.loads(out.stdout)
    assert report["verified"] is False and report["written"] is False
    assert "timed out" in report["reason"]
    assert out.returncode == 1
    assert (repo / "app" / "models.py").read_text() == BROKEN


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.py", None, "no such file"),
        ("binary.py", b"\x00\x01\x02PK", "binary"),
        ("latin.py", "x = 'caf\xe9'\n".encode("latin-1"), "not UTF-8"),
        ("huge.py", b"x = 1\n" * 900_000, "larger than"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(repo, name, content, message):
    if content is not None:
        (repo / name).write_bytes(content)
    out = nca("fix", name, "--write", cwd=repo)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    if content is not None:
        assert (repo / name).read_bytes() == content


def test_outside_workspace_and_empty_file(repo, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "x.py"
    elsewhere.write_text(BROKEN)
    out = nca("--workspace", str(repo), "fix", str(elsewhere), cwd=repo)
    assert out.returncode == 2 and "outside the workspace" in out.stderr
    # without --workspace, a file is fixed in its own project (the root above it)
    out = nca("fix", str(elsewhere), "--format", "json", cwd=repo)
    assert out.returncode == 0 and json.loads(out.stdout)["status"] == "fixed"
    (repo / "empty.py").write_text("")
    out = nca("fix", "empty.py", "--format", "json", cwd=repo)
    assert out.returncode == 0 and json.loads(out.stdout)["status"] == "unchanged"


def test_folder_run_skips_unreadable_files(repo):
    (repo / "app" / "blob.py").write_bytes(b"\x00\x00")
    out = nca("fix", "app", "--format", "json", cwd=repo)
    reports = {r["path"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert reports["app/blob.py"]["status"] == "skipped"
    assert reports["app/models.py"]["status"] == "fixed"


def test_lifecycle_log_is_sqlite_and_shown(repo):
    nca("fix", "app/models.py", cwd=repo)
    db = sqlite3.connect(repo / ".nca" / "lifecycle.sqlite3")
    (kind, status), = db.execute("SELECT kind, status FROM tasks").fetchall()
    assert (kind, status) == ("fix_file", "fixed")
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 3
    out = nca("log", "--format", "json", cwd=repo)
    assert json.loads(out.stdout)[0]["subject"].endswith("models.py")


def test_bad_usage_exits_2():
    out = nca("fix", cwd=Path.cwd())
    assert out.returncode == 2 and "usage" in out.stderr


def test_importing_nca_does_not_import_torch():
    code = ("import sys, nca, nca.server.cli, nca.server.commands, nca.admin.dispatcher;"
            "print(any(m.split('.')[0] in ('torch', 'transformers') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_nca_fix_on_the_rules_loads_no_wolfram_worker_nor_chat_module(tmp_path):
    # what the fix does not use is loaded where it is first needed: `nca doctor`, a chat, a
    # config that sends a role to Wolfram
    (tmp_path / "mod.py").write_text("import os\n\n\ndef where():\n    return os.getcwd()\n")
    code = ("import sys, contextlib, io\n"
            "from nca.server.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['fix', 'mod.py'])\n"
            "print(sorted(m for m in sys.modules if m in ('nca.workers.engines.wolfram.workers',"
            " 'nca.workers.engines.wolfram_engine', 'nca.admin.chat', 'nca.admin.replies',"
            " 'nca.admin.scaffold', 'nca.workers.engines.openai_engine')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path)
    assert out.stdout.strip() == "[]", out.stderr
