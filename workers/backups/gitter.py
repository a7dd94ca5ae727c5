"""Backups of files before nca writes them, kept as git commits on a hidden ref.

Each backup is a commit on ``refs/nca/backups`` whose parent is the previous backup and whose
tree is the previous backup's tree plus the files saved, so both the history and the latest
copy of every saved path are there. Commits are built with plumbing and a temporary index
file, so the user's HEAD, index, branch and working tree are never touched. Inside a git work
tree the backups live in that repository (``git log refs/nca/backups`` shows them and
``git gc`` keeps them); anywhere else in a private bare repository at
``<workspace>/.nca/backups.git``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from nca.workers.core.errors import BackupError
from nca.workers.core.registry import worker
from nca.workers.core.statedir import ignore_state_folder
from nca.workers.core.types import BackupRecord, BackupRequest

__all__ = ["BACKUP_REF", "PRIVATE_STORE", "atomic_write", "backup", "list_backups", "restore"]

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
class _Store:
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


# --------------------------------------------------------------------------- public API


@worker("backup")
def backup(request: BackupRequest) -> BackupRecord:
    """Return the record of a new backup commit holding ``request.files``."""
    store = _locate(request.workspace)
    files = _checked_files(store, request.files)
    return _save(store, files, request.message)


def list_backups(workspace: str, limit: int = 50) -> list[BackupRecord]:
    """Return up to ``limit`` backups holding files of ``workspace``, newest first."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise BackupError(f"limit must be a positive whole number, not {limit!r}")
    store = _locate(workspace)
    if not store.exists or _head(store) is None:
        return []
    found: list[BackupRecord] = []
    # In a shared repository other workspaces' backups are skipped, so the count comes after.
    for record in _records(store, BACKUP_REF, None if store.prefix else limit):
        if record.files:
            found.append(record)
            if len(found) == limit:
                break
    return found


def restore(workspace: str, backup_id: str, path: str | None = None) -> list[str]:
    """Return the workspace-relative paths written back from backup ``backup_id``.

    All files the backup holds are restored, or only ``path``. The current content of every
    file about to change is backed up first, so a restore can itself be undone.
    """
    store = _locate(workspace)
    commit = _resolve_id(store, backup_id)
    record = next(_records(store, commit, 1))
    if path is None:
        if not record.files:
            raise BackupError(f"backup {commit[:12]} holds no files of workspace {workspace}")
        # checked again: a folder on the way may have become a link out of the workspace since
        wanted = [_relative(store, rel) for rel in record.files]
    else:
        wanted = [_relative(store, path)]
        if wanted[0] not in record.files:
            raise BackupError(f"backup {commit[:12]} does not hold {wanted[0]}")

    saved = _tree_entries(store, commit)
    contents: dict[str, tuple[str, bytes]] = {}
    for rel in wanted:
        entry = saved.get(store.to_tree(rel))
        if entry is None:
            raise BackupError(f"backup {commit[:12]} has no saved copy of {rel}")
        mode, blob = entry
        contents[rel] = (mode, _git(["cat-file", "blob", blob], store.git_dir).stdout)

    current: dict[str, bytes] = {}
    for rel, (_, data) in contents.items():
        target = store.workspace / rel
        if target.is_dir():
            raise BackupError(f"cannot restore {rel}: it is a folder now")
        if target.exists():
            try:
                now = target.read_bytes()
            except OSError as err:
                raise BackupError(f"cannot read {rel} before restoring it: {err}") from None
            if now != data:
                current[rel] = now
    if current:
        _save(store, current, f"nca: before restore of {commit[:12]}")

    for rel, (mode, data) in contents.items():
        target = store.workspace / rel
        try:
            is_new = not target.exists()
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
            if is_new and mode == "100755":
                bits = stat.S_IMODE(target.stat().st_mode)
                target.chmod(bits | (bits & 0o444) >> 2)  # execute wherever read is allowed
        except OSError as err:
            raise BackupError(f"cannot write {rel}: {err}") from None
    return wanted


def atomic_write(path: Path, data: bytes) -> None:
    """Return nothing; replace ``path`` with ``data`` so readers see old or new bytes, never a mix.

    The bytes go to a temporary file in the same folder, are flushed to disk and moved over
    the target with ``os.replace``. An existing file keeps its permission bits; a symlink is
    followed, so the link stays a link. Raises ``OSError`` when the folder is not writable.
    """
    target = Path(os.path.realpath(path))
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = target.with_name(f".{target.name[:100]}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temp, flags, 0o666)  # 0o666 so a new file gets the umask's usual mode
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(target.parent)


# --------------------------------------------------------------------------- saving


def _save(store: _Store, files: Mapping[str, bytes], message: str) -> BackupRecord:
    """Return the record of a new commit on the backup ref holding ``files``."""
    _create(store)
    entries = [
        (
            _mode_of(store.workspace / rel),
            _git(["hash-object", "-w", "--no-filters", "--stdin"], store.git_dir, data=content)
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
        parent = _head(store)
        tree = _build_tree(store, parent, entries)
        args = ["commit-tree", "--no-gpg-sign", tree] + (["-p", parent] if parent else [])
        commit = _git(args, store.git_dir, data=text.encode(), env=dates).stdout.decode().strip()
        # compare-and-swap: fails when another process moved the ref since _head read it
        moved = _git(
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


def _build_tree(store: _Store, parent: str | None, entries: Sequence[tuple[str, str, str]]) -> str:
    """Return the id of the parent backup's tree with ``entries`` (mode, blob, path) added."""
    with tempfile.TemporaryDirectory(prefix="nca-index-") as scratch:
        # a private index file: the user's index is never read or written
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        if parent:
            _git(["read-tree", f"{parent}^{{tree}}"], store.git_dir, env=env)
        lines = b"".join(f"{mode} {blob}\t{path}".encode() + b"\0" for mode, blob, path in entries)
        _git(
            ["update-index", "--add", "--replace", "-z", "--index-info"],
            store.git_dir,
            data=lines,
            env=env,
        )
        return _git(["write-tree"], store.git_dir, env=env).stdout.decode().strip()


def _create(store: _Store) -> None:
    """Create the private bare repository when the store is one and does not exist yet."""
    if store.exists:
        return
    try:
        store.git_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BackupError(f"cannot create {store.git_dir.parent}: {err}") from None
    ignore_state_folder(store.git_dir.parent)  # .nca/ stays out of a later `git init`'s status
    _git(["init", "--bare", "-q", str(store.git_dir)], cwd=store.workspace)


def _mode_of(path: Path) -> str:
    """Return the git file mode for what is at ``path`` now: executable or not."""
    try:
        st = path.stat()
    except OSError:
        return "100644"
    return "100755" if stat.S_ISREG(st.st_mode) and st.st_mode & 0o100 else "100644"


# --------------------------------------------------------------------------- reading


def _records(store: _Store, rev: str, limit: int | None) -> Iterator[BackupRecord]:
    """Yield the backups from ``rev`` back along its parents, newest first."""
    args = ["log", "--no-color", "--no-show-signature", "--first-parent", "-z"]
    args += ["--format=%H%n%cI%n%B"] + ([f"-n{limit}"] if limit else []) + [rev, "--"]
    out = _git(args, store.git_dir).stdout.decode("utf-8", "replace")
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


def _tree_entries(store: _Store, commit: str) -> dict[str, tuple[str, str]]:
    """Return tree path -> (mode, blob id) for every file in a backup commit's tree."""
    out = _git(["ls-tree", "-r", "-z", "--full-tree", commit], store.git_dir).stdout
    entries: dict[str, tuple[str, str]] = {}
    for item in out.split(b"\0"):
        if not item:
            continue
        meta, _, name = item.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        if kind == "blob":
            entries[name.decode("utf-8", "surrogateescape")] = (mode, blob)
    return entries


def _head(store: _Store) -> str | None:
    """Return the newest backup commit id, None when there is no backup yet."""
    found = _git(
        ["rev-parse", "-q", "--verify", f"{BACKUP_REF}^{{commit}}"], store.git_dir, check=False
    )
    if found.returncode != 0:
        return None
    return found.stdout.decode().strip() or None


def _resolve_id(store: _Store, backup_id: str) -> str:
    """Return the full id of the backup commit that ``backup_id`` (or a prefix of it) names."""
    text = backup_id.strip().lower() if isinstance(backup_id, str) else ""
    if not MIN_PREFIX <= len(text) <= 64 or text.strip("0123456789abcdef"):
        raise BackupError(f"{backup_id!r} is not a backup id ({MIN_PREFIX} to 64 hex digits)")
    ids: list[str] = []
    if store.exists and _head(store) is not None:
        ids = (
            _git(["rev-list", "--first-parent", BACKUP_REF, "--"], store.git_dir)
            .stdout.decode()
            .split()
        )
    matches = [i for i in ids if i.startswith(text)]
    if not matches:
        raise BackupError(f"no backup {backup_id} in {store.workspace}")
    if len(matches) > 1:
        raise BackupError(f"backup id {backup_id} is ambiguous: give more digits")
    return matches[0]


# --------------------------------------------------------------------------- checks and git


def _locate(workspace: str) -> _Store:
    """Return where the backups of ``workspace`` live (the private store may not exist yet)."""
    if not isinstance(workspace, str | os.PathLike) or not str(workspace):
        raise BackupError("no workspace given")
    root = Path(workspace).expanduser()
    if not root.is_dir():
        raise BackupError(f"workspace {workspace} is not a folder")
    root = root.resolve()
    found = _git(["rev-parse", "--show-toplevel", "--absolute-git-dir"], cwd=root, check=False)
    lines = found.stdout.decode("utf-8", "surrogateescape").splitlines()
    if found.returncode == 0 and len(lines) == 2:
        top, git_dir = Path(lines[0]).resolve(), Path(lines[1])
        common = git_dir / "commondir"  # a linked worktree: refs and objects live in the main one
        if common.is_file():
            git_dir = git_dir / common.read_text().strip()
        if root == top or top in root.parents:
            prefix = root.relative_to(top).as_posix()
            return _Store(git_dir.resolve(), root, "" if prefix == "." else prefix)
    return _Store(root / PRIVATE_STORE, root, "")


def _checked_files(store: _Store, files: object) -> dict[str, bytes]:
    """Return workspace-relative path -> content, each path checked to stay inside."""
    if not isinstance(files, tuple | list) or not files:
        raise BackupError("a backup needs at least one (path, bytes) file")
    chosen: dict[str, bytes] = {}
    for item in files:
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise BackupError(f"each file must be a (path, bytes) pair, not {item!r:.60}")
        path, content = item
        rel = _relative(store, path)
        if not isinstance(content, bytes | bytearray | memoryview):
            raise BackupError(f"content of {rel} must be bytes, not {type(content).__name__}")
        chosen[rel] = bytes(content)
    for rel in chosen:
        for folder in PurePosixPath(rel).parents:
            if str(folder) in chosen:
                raise BackupError(f"{folder} is both a file and a folder in this backup")
    return chosen


def _relative(store: _Store, path: object) -> str:
    """Return ``path`` as a normalised workspace-relative POSIX path, or raise BackupError."""
    if not isinstance(path, str) or not path.strip():
        raise BackupError("a backup path must be a non-empty string")
    if any(ch in path for ch in "\0\n\r"):
        raise BackupError(f"path {path!r} holds a control character")
    given = Path(path)
    if given.is_absolute() or given.anchor:
        raise BackupError(f"path {path} must be relative to the workspace")
    parts = given.parts
    if not parts or ".." in parts:
        raise BackupError(f"path {path} leaves the workspace")
    if any(part.lower() == ".git" for part in parts):
        raise BackupError(f"path {path} is inside git's own folder")
    target = store.workspace.joinpath(*parts).resolve()
    if store.workspace not in target.parents:
        raise BackupError(f"path {path} leaves the workspace through a link")
    if target == store.git_dir or store.git_dir in target.parents:
        raise BackupError(f"path {path} is inside the backup store")
    return "/".join(parts)


def _git(
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


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entry list so a replaced file survives a crash (POSIX only)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
