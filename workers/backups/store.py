"""The git object store behind backups: where it lives, and the plumbing that reads and writes it."""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from nca.workers.core.errors import BackupError
from nca.workers.core.statedir import ignore_state_folder
from nca.workers.core.types import BackupRecord

__all__ = [
    "BACKUP_REF",
    "MIN_PREFIX",
    "PRIVATE_STORE",
    "Store",
    "git",
    "head",
    "locate",
    "records",
    "resolve_id",
    "save",
    "tree_entries",
]

BACKUP_REF = "refs/nca/backups"
PRIVATE_STORE = PurePosixPath(".nca/backups.git")  # relative to a workspace outside git
FILE_TRAILER = "nca-file: "
MIN_PREFIX = 4
GIT_TIMEOUT = 60.0

# Set here, not in git config, so backups work where the user never configured an identity.
_IDENTITY = {
    f"GIT_{who}_{what}": value
    for who in ("AUTHOR", "COMMITTER")
    for what, value in (("NAME", "nca"), ("EMAIL", "nca@localhost"))
}
# Inherited (say, from a git hook) these would point git at another repository, index or tree.
_LOCATING = frozenset(
    "GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES"
    " GIT_COMMON_DIR GIT_NAMESPACE GIT_PREFIX".split()
)


@dataclass(frozen=True)
class Store:
    """Where a workspace's backups live."""

    git_dir: Path
    workspace: Path  # resolved
    prefix: str  # the workspace's folder inside the repository's trees, "" at the top

    @property
    def exists(self) -> bool:
        return (self.git_dir / "HEAD").is_file()

    def to_tree(self, rel: str) -> str:
        """Return the tree path of a workspace-relative path."""
        return f"{self.prefix}/{rel}" if self.prefix else rel

    def from_tree(self, tree_path: str) -> str | None:
        """Return the workspace-relative path of a tree path, None when outside the workspace."""
        if not self.prefix:
            return tree_path
        head = self.prefix + "/"
        return tree_path[len(head) :] if tree_path.startswith(head) else None


# --------------------------------------------------------------------------- locating


def locate(workspace: str) -> Store:
    """Return where the backups of ``workspace`` live (the private store may not exist yet)."""
    if not isinstance(workspace, str | os.PathLike) or not str(workspace):
        raise BackupError("no workspace given")
    root = Path(workspace).expanduser()
    if not root.is_dir():
        raise BackupError(f"workspace {workspace} is not a folder")
    root = root.resolve()
    found = git(["rev-parse", "--show-toplevel", "--absolute-git-dir"], cwd=root, check=False)
    lines = found.stdout.decode("utf-8", "surrogateescape").splitlines()
    if found.returncode == 0 and len(lines) == 2:
        top, git_dir = Path(lines[0]).resolve(), Path(lines[1])
        common = git_dir / "commondir"  # a linked worktree: refs and objects live in the main one
        if common.is_file():
            git_dir = git_dir / common.read_text().strip()
        if root == top or top in root.parents:
            prefix = root.relative_to(top).as_posix()
            return Store(git_dir.resolve(), root, "" if prefix == "." else prefix)
    return Store(root / PRIVATE_STORE, root, "")


# --------------------------------------------------------------------------- git


def git(
    args: list[str],
    git_dir: Path | None = None,
    *,
    cwd: Path | None = None,
    data: bytes | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[bytes]:
    """Return the finished git command; raise BackupError with git's first stderr line."""
    command = ["git"] + ([f"--git-dir={git_dir}"] if git_dir else []) + args
    full_env = {k: v for k, v in os.environ.items() if k not in _LOCATING}
    full_env.update(_IDENTITY, LC_ALL="C", GIT_TERMINAL_PROMPT="0")
    full_env.update(env or {})
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            cwd=cwd or git_dir,
            env=full_env,
            timeout=GIT_TIMEOUT,
            check=False,
            input=b"" if data is None else data,  # an empty stdin: git never waits on a terminal
        )
    except FileNotFoundError:
        raise BackupError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise BackupError(f"git {args[0]} took longer than {GIT_TIMEOUT:.0f} s") from None
    except OSError as err:
        raise BackupError(f"git {args[0]} could not run: {err}") from None
    if check and done.returncode != 0:
        raise BackupError(f"git {args[0]} failed: {_first_line(done.stderr)}")
    return done


def _first_line(stderr: bytes) -> str:
    """Return the first non-empty line of git's stderr."""
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.strip():
            return line.strip()
    return "no message from git"


# --------------------------------------------------------------------------- saving


def save(store: Store, files: Mapping[str, bytes], message: str) -> BackupRecord:
    """Return the record of a new commit on the backup ref holding ``files``."""
    _create(store)
    entries = [
        (
            _mode_of(store.workspace / rel),
            git(["hash-object", "-w", "--no-filters", "--stdin"], store.git_dir, data=content)
            .stdout.decode()
            .strip(),
            store.to_tree(rel),
        )
        for rel, content in files.items()
    ]
    subject = message.strip() if isinstance(message, str) and message.strip() else "nca backup"
    text = subject + "\n\n" + "".join(f"{FILE_TRAILER}{tree_path}\n" for *_, tree_path in entries)
    now = datetime.now(UTC).replace(microsecond=0)
    stamp = f"{int(now.timestamp())} +0000"
    dates = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    for attempt in range(2):
        parent = head(store)
        tree = _build_tree(store, parent, entries)
        args = ["commit-tree", "--no-gpg-sign", tree] + (["-p", parent] if parent else [])
        commit = git(args, store.git_dir, data=text.encode(), env=dates).stdout.decode().strip()
        # compare-and-swap: fails when another process moved the ref since head() read it
        moved = git(
            ["update-ref", "-m", "nca backup", BACKUP_REF, commit, parent or ""],
            store.git_dir,
            check=False,
        )
        if moved.returncode == 0:
            return BackupRecord(
                id=commit,
                created=now.isoformat(),
                message=subject,
                files=tuple(files),
                store=str(store.git_dir),
            )
        if attempt:
            raise BackupError(f"git update-ref failed: {_first_line(moved.stderr)}")
    raise AssertionError("unreachable")


def _build_tree(store: Store, parent: str | None, entries: Sequence[tuple[str, str, str]]) -> str:
    """Return the id of the parent backup's tree with ``entries`` (mode, blob, path) added."""
    with tempfile.TemporaryDirectory(prefix="nca-index-") as scratch:
        # a private index file: the user's index is never read or written
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        if parent:
            git(["read-tree", f"{parent}^{{tree}}"], store.git_dir, env=env)
        lines = b"".join(f"{mode} {blob}\t{path}".encode() + b"\0" for mode, blob, path in entries)
        git(
            ["update-index", "--add", "--replace", "-z", "--index-info"],
            store.git_dir,
            data=lines,
            env=env,
        )
        return git(["write-tree"], store.git_dir, env=env).stdout.decode().strip()


def _create(store: Store) -> None:
    """Create the private bare repository when the store is one and does not exist yet."""
    if store.exists:
        return
    try:
        store.git_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BackupError(f"cannot create {store.git_dir.parent}: {err}") from None
    ignore_state_folder(store.git_dir.parent)  # .nca/ stays out of a later `git init`'s status
    git(["init", "--bare", "-q", str(store.git_dir)], cwd=store.workspace)


def _mode_of(path: Path) -> str:
    """Return the git file mode for what is at ``path`` now: executable or not."""
    try:
        st = path.stat()
    except OSError:
        return "100644"
    return "100755" if stat.S_ISREG(st.st_mode) and st.st_mode & 0o100 else "100644"


# --------------------------------------------------------------------------- reading


def records(store: Store, rev: str, limit: int | None) -> Iterator[BackupRecord]:
    """Yield the backups from ``rev`` back along its parents, newest first."""
    args = ["log", "--no-color", "--no-show-signature", "--first-parent", "-z"]
    args += ["--format=%H%n%cI%n%B"] + ([f"-n{limit}"] if limit else []) + [rev, "--"]
    out = git(args, store.git_dir).stdout.decode("utf-8", "replace")
    for chunk in out.split("\0"):
        if not chunk.strip():
            continue
        commit, created, body = (chunk.strip("\n").split("\n", 2) + ["", ""])[:3]
        lines = body.rstrip("\n").split("\n")
        tree_paths: list[str] = []
        while lines and lines[-1].startswith(FILE_TRAILER):
            tree_paths.append(lines.pop()[len(FILE_TRAILER) :])
        tree_paths.reverse()
        files = tuple(p for p in map(store.from_tree, tree_paths) if p is not None)
        yield BackupRecord(
            id=commit,
            created=created,
            message="\n".join(lines).strip(),
            files=files,
            store=str(store.git_dir),
        )


def tree_entries(store: Store, commit: str) -> dict[str, tuple[str, str]]:
    """Return tree path -> (mode, blob id) for every file in a backup commit's tree."""
    out = git(["ls-tree", "-r", "-z", "--full-tree", commit], store.git_dir).stdout
    entries: dict[str, tuple[str, str]] = {}
    for item in out.split(b"\0"):
        if not item:
            continue
        meta, _, name = item.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        if kind == "blob":
            entries[name.decode("utf-8", "surrogateescape")] = (mode, blob)
    return entries


def head(store: Store) -> str | None:
    """Return the newest backup commit id, None when there is no backup yet."""
    found = git(
        ["rev-parse", "-q", "--verify", f"{BACKUP_REF}^{{commit}}"], store.git_dir, check=False
    )
    if found.returncode != 0:
        return None
    return found.stdout.decode().strip() or None


def resolve_id(store: Store, backup_id: str) -> str:
    """Return the full id of the backup commit that ``backup_id`` (or a prefix of it) names."""
    text = backup_id.strip().lower() if isinstance(backup_id, str) else ""
    if not MIN_PREFIX <= len(text) <= 64 or text.strip("0123456789abcdef"):
        raise BackupError(f"{backup_id!r} is not a backup id ({MIN_PREFIX} to 64 hex digits)")
    ids: list[str] = []
    if store.exists and head(store) is not None:
        ids = (
            git(["rev-list", "--first-parent", BACKUP_REF, "--"], store.git_dir)
            .stdout.decode()
            .split()
        )
    matches = [i for i in ids if i.startswith(text)]
    if not matches:
        raise BackupError(f"no backup {backup_id} in {store.workspace}")
    if len(matches) > 1:
        raise BackupError(f"backup id {backup_id} is ambiguous: give more digits")
    return matches[0]
