"""Backups on a hidden ref, against real git repositories in tmp_path."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from nca.workers.backups import store as backup_store
from nca.workers.backups.gitter import BACKUP_REF, atomic_write, backup, list_backups, restore
from nca.workers.core.errors import BackupError
from nca.workers.core.registry import WORKERS
from nca.workers.core.types import BackupRequest

BINARY = bytes(range(256)) + b"\r\n\x00 tail\r\n"


@pytest.fixture(autouse=True)
def bare_git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run git with no global or system config (so no identity) and never above tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    for name in ("NAME", "EMAIL"):
        for who in ("AUTHOR", "COMMITTER"):
            monkeypatch.delenv(f"GIT_{who}_{name}", raising=False)


def git(repo: Path, *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], input=data, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8", "replace")


def git_bytes(git_dir: str, *args: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], capture_output=True, check=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository on branch 'work' with one commit, a staged change and an unstaged one."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "work")
    (root / "app.py").write_text("print('v1')\n")
    (root / "lib.py").write_text("X = 1\n")
    git(root, "add", "app.py", "lib.py")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "init")
    (root / "lib.py").write_text("X = 2\n")
    git(root, "add", "lib.py")
    (root / "app.py").write_text("print('v2')\n")
    (root / "untracked.txt").write_text("u\n")
    return root


def snapshot(root: Path) -> dict[str, object]:
    return {
        "head": git(root, "rev-parse", "HEAD"),
        "branch": git(root, "symbolic-ref", "HEAD"),
        "stage": git(root, "ls-files", "--stage"),
        "index": (root / ".git" / "index").read_bytes(),
        "status": git(root, "--no-optional-locks", "status", "--porcelain"),
        "files": {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()},
    }


def save(workspace: Path, *files: tuple[str, bytes], message: str = "nca backup"):
    return backup(BackupRequest(workspace=str(workspace), files=tuple(files), message=message))


def test_backup_is_registered_as_a_worker() -> None:
    assert WORKERS["backup"] is backup


def test_backup_leaves_head_index_branch_and_status_alone(repo: Path) -> None:
    before = snapshot(repo)
    save(repo, ("app.py", b"saved app\n"), ("new/dir/data.bin", BINARY))
    save(repo, ("lib.py", b"saved lib\n"))
    assert snapshot(repo) == before
    assert not list(repo.glob(".git/index.lock"))


def test_backup_is_a_real_commit_holding_the_exact_bytes(repo: Path) -> None:
    record = save(repo, ("app.py", b"saved app\n"), ("new/data.bin", BINARY), message="before fix")
    store = record.store
    assert Path(store) == (repo / ".git").resolve()
    assert git_bytes(store, "rev-parse", BACKUP_REF).decode().strip() == record.id
    assert git_bytes(store, "cat-file", "-t", record.id) == b"commit\n"
    assert git_bytes(store, "cat-file", "blob", f"{record.id}:app.py") == b"saved app\n"
    assert git_bytes(store, "cat-file", "blob", f"{record.id}:new/data.bin") == BINARY
    raw = git_bytes(store, "cat-file", "commit", record.id).decode()
    assert "author nca <nca@localhost>" in raw
    assert "nca-file: app.py\nnca-file: new/data.bin\n" in raw
    assert record.message == "before fix"
    assert record.files == ("app.py", "new/data.bin")
    assert record.created.endswith("+00:00")


def test_second_backup_has_the_first_as_parent_and_keeps_its_files(repo: Path) -> None:
    first = save(repo, ("app.py", b"one\n"))
    second = save(repo, ("lib.py", b"two\n"))
    assert git_bytes(second.store, "rev-parse", f"{second.id}^").decode().strip() == first.id
    tree = git_bytes(second.store, "ls-tree", "-r", "--name-only", second.id).decode().split()
    assert tree == ["app.py", "lib.py"]
    assert second.files == ("lib.py",)


def test_list_is_newest_first_and_honours_limit(repo: Path) -> None:
    ids = [save(repo, ("app.py", f"v{i}\n".encode()), message=f"m{i}").id for i in range(3)]
    records = list_backups(str(repo))
    assert [r.id for r in records] == ids[::-1]
    assert [r.message for r in records] == ["m2", "m1", "m0"]
    assert all(r.files == ("app.py",) for r in records)
    assert [r.id for r in list_backups(str(repo), limit=2)] == ids[:0:-1]


def test_list_without_backups_is_empty_and_creates_nothing(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert list_backups(str(plain)) == []
    assert not (plain / ".nca").exists()


@pytest.mark.parametrize("id_length", [40, 7, 4])
def test_restore_by_full_id_or_prefix(repo: Path, id_length: int) -> None:
    record = save(repo, ("app.py", b"old app\n"), ("lib.py", b"old lib\n"))
    restored = restore(str(repo), record.id[:id_length].upper())
    assert restored == ["app.py", "lib.py"]
    assert (repo / "app.py").read_bytes() == b"old app\n"
    assert (repo / "lib.py").read_bytes() == b"old lib\n"


def test_restore_of_one_path_leaves_the_others(repo: Path) -> None:
    record = save(repo, ("app.py", b"old app\n"), ("lib.py", b"old lib\n"))
    assert restore(str(repo), record.id, "./lib.py") == ["lib.py"]
    assert (repo / "lib.py").read_bytes() == b"old lib\n"
    assert (repo / "app.py").read_bytes() == b"print('v2')\n"


def test_restore_backs_up_current_content_first_so_it_can_be_undone(repo: Path) -> None:
    record = save(repo, ("app.py", b"old app\n"))
    restore(str(repo), record.id)
    newest = list_backups(str(repo))[0]
    assert newest.id != record.id
    assert newest.files == ("app.py",)
    assert git_bytes(newest.store, "cat-file", "blob", f"{newest.id}:app.py") == b"print('v2')\n"
    restore(str(repo), newest.id)
    assert (repo / "app.py").read_bytes() == b"print('v2')\n"


def test_restore_skips_the_extra_backup_when_nothing_would_change(repo: Path) -> None:
    record = save(repo, ("app.py", (repo / "app.py").read_bytes()))
    restore(str(repo), record.id)
    assert [r.id for r in list_backups(str(repo))] == [record.id]


def test_restore_keeps_mode_and_recreates_missing_files(repo: Path) -> None:
    script = repo / "run.sh"
    script.write_bytes(b"#!/bin/sh\necho old\n")
    script.chmod(0o750)
    record = save(repo, ("run.sh", script.read_bytes()), ("gone/x.txt", b"x\n"))
    assert git_bytes(record.store, "ls-tree", record.id, "run.sh").startswith(b"100755 ")
    script.write_bytes(b"#!/bin/sh\necho new\n")
    restore(str(repo), record.id)
    assert script.read_bytes() == b"#!/bin/sh\necho old\n"
    assert stat.S_IMODE(script.stat().st_mode) == 0o750
    assert (repo / "gone" / "x.txt").read_bytes() == b"x\n"


def test_non_git_workspace_uses_a_private_bare_store(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.py").write_bytes(b"mine\n")
    record = save(plain, ("a.py", b"saved\n"))
    store = plain / ".nca" / "backups.git"
    assert Path(record.store) == store.resolve()
    assert git_bytes(record.store, "rev-parse", "--is-bare-repository") == b"true\n"
    assert git_bytes(record.store, "cat-file", "blob", f"{record.id}:a.py") == b"saved\n"
    assert not (plain / ".git").exists()
    assert restore(str(plain), record.id) == ["a.py"]
    assert (plain / "a.py").read_bytes() == b"saved\n"


def test_binary_content_round_trips_even_with_autocrlf(repo: Path) -> None:
    git(repo, "config", "core.autocrlf", "true")
    (repo / ".gitattributes").write_text("* text=auto\n")
    record = save(repo, ("blob.bin", BINARY), ("crlf.txt", b"a\r\nb\n"))
    (repo / "blob.bin").write_bytes(b"changed")
    (repo / "crlf.txt").write_bytes(b"changed")
    restore(str(repo), record.id)
    assert (repo / "blob.bin").read_bytes() == BINARY
    assert (repo / "crlf.txt").read_bytes() == b"a\r\nb\n"


def test_workspace_in_a_subdirectory_of_a_repo(repo: Path) -> None:
    sub = repo / "pkg" / "mod"
    sub.mkdir(parents=True)
    (sub / "m.py").write_bytes(b"now\n")
    other = save(repo, ("app.py", b"top level\n"))
    record = save(sub, ("m.py", b"then\n"))
    assert Path(record.store) == (repo / ".git").resolve()
    assert record.files == ("m.py",)
    assert git_bytes(record.store, "cat-file", "blob", f"{record.id}:pkg/mod/m.py") == b"then\n"
    assert [r.id for r in list_backups(str(sub))] == [record.id]  # the top-level one is skipped
    assert [r.id for r in list_backups(str(repo))] == [record.id, other.id]
    assert list_backups(str(repo))[0].files == ("pkg/mod/m.py",)
    assert restore(str(sub), record.id[:8], "m.py") == ["m.py"]
    assert (sub / "m.py").read_bytes() == b"then\n"


@pytest.mark.parametrize(
    "path",
    ["../outside.py", "a/../../outside.py", "/etc/passwd", "", ".", ".git/config", "a\nb"],
)
def test_path_escapes_are_rejected_and_nothing_is_saved(repo: Path, path: str) -> None:
    with pytest.raises(BackupError):
        save(repo, ("app.py", b"fine\n"), (path, b"bad\n"))
    assert list_backups(str(repo)) == []


def test_symlink_out_of_the_workspace_is_rejected(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (repo / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(BackupError, match="leaves the workspace"):
        save(repo, ("link/x.py", b"bad\n"))


@pytest.mark.parametrize(
    "files, message",
    [
        ((), "at least one"),
        ((("a.py", "text, not bytes"),), "must be bytes"),
        ((("a", b"1"), ("a/b", b"2")), "both a file and a folder"),
    ],
)
def test_bad_requests_are_rejected(repo: Path, files: tuple, message: str) -> None:
    with pytest.raises(BackupError, match=message):
        backup(BackupRequest(workspace=str(repo), files=files))


@pytest.mark.parametrize(
    "backup_id, message",
    [("deadbeef", "no backup deadbeef"), ("abc", "not a backup id"), ("zzzzzz", "not a backup id")],
)
def test_unknown_or_malformed_id_is_rejected(repo: Path, backup_id: str, message: str) -> None:
    save(repo, ("app.py", b"x\n"))
    before = (repo / "app.py").read_bytes()
    with pytest.raises(BackupError, match=message):
        restore(str(repo), backup_id)
    assert (repo / "app.py").read_bytes() == before


def test_a_commit_of_the_user_is_not_a_backup(repo: Path) -> None:
    save(repo, ("app.py", b"x\n"))
    with pytest.raises(BackupError, match="no backup"):
        restore(str(repo), git(repo, "rev-parse", "HEAD").strip())


def test_restore_of_a_path_the_backup_does_not_hold(repo: Path) -> None:
    record = save(repo, ("app.py", b"x\n"))
    with pytest.raises(BackupError, match="does not hold lib.py"):
        restore(str(repo), record.id, "lib.py")


def test_ref_moved_by_another_process_is_retried_on_top(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build = backup_store._build_tree
    interlopers = []

    def build_then_race(store, parent, entries):
        tree = real_build(store, parent, entries)
        if not interlopers:
            monkeypatch.setattr(backup_store, "_build_tree", real_build)
            interlopers.append(save(repo, ("lib.py", b"from elsewhere\n")))
        return tree

    monkeypatch.setattr(backup_store, "_build_tree", build_then_race)
    record = save(repo, ("app.py", b"mine\n"))
    assert (
        git_bytes(record.store, "rev-parse", f"{record.id}^").decode().strip() == interlopers[0].id
    )
    names = git_bytes(record.store, "ls-tree", "--name-only", record.id).decode().split()
    assert names == ["app.py", "lib.py"]


def test_git_failure_carries_git_stderr(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    (plain / ".nca").mkdir(parents=True)
    (plain / ".nca" / "backups.git").write_text("not a repository")
    with pytest.raises(BackupError, match=r"^git init failed: \S"):
        save(plain, ("a.py", b"x\n"))


def test_missing_git_binary_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(BackupError, match="git is not installed"):
        save(tmp_path, ("a.py", b"x\n"))


def test_missing_workspace_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="not a folder"):
        list_backups(str(tmp_path / "nope"))


def test_atomic_write_keeps_mode_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "f.py"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.py", "home"]


def test_atomic_write_creates_with_umask_mode_and_follows_links(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.txt"
    atomic_write(fresh, b"1")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    link = tmp_path / "link.txt"
    link.symlink_to(fresh)
    atomic_write(link, b"2")
    assert link.is_symlink()
    assert fresh.read_bytes() == b"2"
