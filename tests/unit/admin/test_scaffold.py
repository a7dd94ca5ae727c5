"""``nca init``: the scaffold is made from the code, never overwrites, and a rerun changes nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from nca.admin.config import load_config, parse_config
from nca.admin.lifecycle import Lifecycle
from nca.admin.memory.schemas import FILES
from nca.admin.memory.store import load, path_of
from nca.admin.scaffold import CONFIG_TEMPLATE, init_project, launch_entries, task_entries
from nca.workers.backups.gitter import backup
from nca.workers.core.statedir import GITIGNORE
from nca.workers.core.types import BackupRequest

SOURCE = "def area(w, h):\n    return w * h\n\n\nclass Box:\n    def size(self):\n        return 1\n"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          check=True).stdout


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Return every file under ``root`` but .git with its bytes and mtime."""
    out = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            path = Path(folder) / name
            out[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    git(root, "init", "-q")
    (root / "shapes.py").write_text(SOURCE)
    return root


def test_init_twice_in_a_git_project_makes_everything_once(project: Path) -> None:
    first = init_project(project)
    assert first.changed and not first.merged
    made = set(first.created)
    assert {f"AgentMemory/{f}" for f in FILES.values()} <= made
    assert {".nca/.gitignore", ".nca/nca.toml", ".vscode/tasks.json", ".vscode/launch.json"} <= made

    # every memory file is there and valid against its schema (load checks it)
    for kind in FILES:
        assert path_of(project, kind).is_file(), kind
        load(path_of(project, kind), kind)
    architecture = load(path_of(project, "architecture"), "architecture")
    assert "shapes.py" in architecture["modules"]
    assert load(path_of(project, "buildtips"), "buildtips")["tips"] == []
    assert load(path_of(project, "roadmap"), "roadmap")["goals"] == []

    assert (project / ".nca" / ".gitignore").read_text() == GITIGNORE
    status = git(project, "status", "--porcelain", "--untracked-files=all")
    assert ".nca" not in status
    assert "AgentMemory/Roadmap.json" in status and ".vscode/tasks.json" in status

    before = tree(project)
    second = init_project(project)
    assert not second.changed and not second.by_hand
    assert tree(project) == before  # not a byte, not a timestamp
    assert {rel for rel, _why in second.kept} >= made


def test_config_template_is_commented_defaults_that_parse_when_uncommented(project: Path) -> None:
    init_project(project)
    text = (project / ".nca" / "nca.toml").read_text()
    assert text == CONFIG_TEMPLATE
    assert tomllib.loads(text) == {}  # every setting is commented out: the defaults apply
    config = load_config(project)
    assert config.source.endswith(".nca/nca.toml") and [e.id for e in config.engines] == ["rules"]
    # uncommented, the settings are a valid config (one engine block of each kind)
    lines = [line[2:] for line in text.splitlines()
             if re.match(r"# (\[|[a-z_]+ = )", line)]
    uncommented = tomllib.loads("\n".join(lines))
    parsed = parse_config(uncommented, "template")
    assert {"coder", "big", "rules"} <= {e.id for e in parsed.engines}
    assert parsed.routing["fix"] == ("rules", "coder", "big")
    assert parsed.check_command and parsed.test_command


@pytest.mark.parametrize("where", ["nca.toml", "pyproject.toml"])
def test_existing_settings_are_not_hidden_by_a_new_file(project: Path, where: str) -> None:
    text = '[tool.nca.routing]\nfix = ["rules"]\n' if where == "pyproject.toml" else \
        '[routing]\nfix = ["rules"]\n'
    (project / where).write_text(text)
    report = init_project(project)
    assert not (project / ".nca" / "nca.toml").exists()
    why = dict(report.kept)[".nca/nca.toml"]
    assert where in why
    assert load_config(project).source.startswith(str(project / where))


def test_the_users_own_config_is_not_replaced(project: Path, monkeypatch, tmp_path: Path) -> None:
    own = tmp_path / "own-config"
    own.mkdir()
    (own / "nca.toml").write_text('[routing]\nfix = ["rules"]\n')
    monkeypatch.setenv("NCA_CONFIG_DIR", str(own))
    report = init_project(project)
    assert not (project / ".nca" / "nca.toml").exists()
    assert "your own" in dict(report.kept)[".nca/nca.toml"]


def test_vscode_files_are_merged_keeping_other_entries(project: Path) -> None:
    vscode = project / ".vscode"
    vscode.mkdir()
    mine = {"label": "build", "type": "shell", "command": "make"}
    (vscode / "tasks.json").write_text(json.dumps({"version": "2.0.0", "tasks": [mine]}))
    ours_already = {"name": "nca: serve", "type": "debugpy", "request": "launch",
                    "module": "mine"}
    (vscode / "launch.json").write_text(json.dumps({"configurations": [ours_already]}))

    report = init_project(project)
    tasks = json.loads((vscode / "tasks.json").read_text())
    assert tasks["tasks"][0] == mine
    assert [t["label"] for t in tasks["tasks"][1:]] == [t["label"] for t in task_entries()]
    assert any(t["args"][0] == "serve" for t in tasks["tasks"][1:])
    assert any(t["args"][0] == "fix" for t in tasks["tasks"][1:])
    launch = json.loads((vscode / "launch.json").read_text())
    # an entry of the same name is the user's now: kept as it is, the others added
    assert launch["configurations"][0] == ours_already
    assert [c["name"] for c in launch["configurations"]] == [c["name"] for c in launch_entries()]
    assert launch["version"] == "0.2.0"
    assert any(m.startswith(".vscode/tasks.json") for m in report.merged)

    before = tree(project)
    assert not init_project(project).changed
    assert tree(project) == before


def test_a_vscode_file_with_comments_is_left_alone(project: Path) -> None:
    vscode = project / ".vscode"
    vscode.mkdir()
    text = '{\n  // my tasks\n  "version": "2.0.0",\n  "tasks": [],\n}\n'
    (vscode / "tasks.json").write_text(text)
    (vscode / "launch.json").write_text("not json at all")
    report = init_project(project)
    assert (vscode / "tasks.json").read_text() == text
    assert (vscode / "launch.json").read_text() == "not json at all"
    why = dict(report.kept)
    assert "comments" in why[".vscode/tasks.json"] and "not valid JSON" in why[".vscode/launch.json"]
    shown = json.loads(report.by_hand[".vscode/tasks.json"])
    assert [t["label"] for t in shown["tasks"]] == [t["label"] for t in task_entries()]


def test_existing_memory_files_and_gitignore_are_kept(project: Path) -> None:
    arch = path_of(project, "architecture")
    arch.parent.mkdir(parents=True)
    arch.write_text('{"schema_version": 1, "modules": {}}\n')
    tips = path_of(project, "buildtips")
    tips.write_text('{"schema_version": 1, "tips": []}')
    (project / ".nca").mkdir()
    (project / ".nca" / ".gitignore").write_text("lifecycle.sqlite3\n")
    report = init_project(project)
    assert arch.read_text() == '{"schema_version": 1, "modules": {}}\n'
    assert tips.read_text() == '{"schema_version": 1, "tips": []}'
    assert (project / ".nca" / ".gitignore").read_text() == "lifecycle.sqlite3\n"
    created = set(report.created)
    assert "AgentMemory/Architecture/Diagram.json" in created
    assert "AgentMemory/Architecture/Architecture.json" not in created
    assert "without a `*` line" in dict(report.kept)[".nca/.gitignore"]


def test_a_missing_folder_is_made_and_a_file_is_refused(tmp_path: Path) -> None:
    from nca.workers.core.errors import InputError

    report = init_project(tmp_path / "new" / "proj")
    assert "AgentMemory/Roadmap.json" in report.created
    (tmp_path / "afile").write_text("x")
    with pytest.raises(InputError):
        init_project(tmp_path / "afile")


# --------------------------------------------------------------------------- .nca/.gitignore


def test_the_lifecycle_log_makes_nca_ignore_itself(project: Path) -> None:
    Lifecycle(project)
    assert (project / ".nca" / ".gitignore").read_text() == GITIGNORE
    assert ".nca" not in git(project, "status", "--porcelain", "--untracked-files=all")


def test_an_old_state_folder_gets_its_gitignore(project: Path) -> None:
    (project / ".nca").mkdir()
    (project / ".nca" / "lifecycle.sqlite3").write_bytes(b"")
    Lifecycle(project)
    assert (project / ".nca" / ".gitignore").read_text() == GITIGNORE


def test_backups_outside_git_make_nca_ignore_itself(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.py").write_text("x = 1\n")
    backup(BackupRequest(workspace=str(plain), files=(("a.py", b"x = 1\n"),), message="t"))
    assert (plain / ".nca" / "backups.git").is_dir()
    assert (plain / ".nca" / ".gitignore").read_text() == GITIGNORE
    git(plain, "init", "-q")  # a repository made later does not see nca's state
    assert git(plain, "status", "--porcelain", "--untracked-files=all").split() == ["??", "a.py"]


def test_nca_init_command_prints_the_continue_block(project: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "nca.server.cli", "init"], cwd=project,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "created AgentMemory/Roadmap.json" in out.stdout
    assert "apiBase: http://127.0.0.1:8765/v1" in out.stdout and "nca continue-config" in out.stdout
    again = subprocess.run([sys.executable, "-m", "nca.server.cli", "init", str(project)],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "nothing to do" in again.stdout
