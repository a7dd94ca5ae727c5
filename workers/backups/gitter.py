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
import stat
from pathlib import Path, PurePosixPath

from nca.workers.backups.store import (
    BACKUP_REF,
    MIN_PREFIX,
    Store,
    git,
    head,
    locate,
    records,
    resolve_id,
    save,
    tree_entries,
)
from nca.workers.core.errors import BackupError
from nca.workers.core.registry import worker
from nca.workers.core.types import BackupRecord, BackupRequest

__all__ = [
    "BACKUP_REF",
    "MIN_PREFIX",
    "atomic_write",
    "backup",
    "list_backups",
    "restore",
]


# --------------------------------------------------------------------------- public API


@worker("backup")
def backup(request: BackupRequest) -> BackupRecord:
    """Return the record of a new backup commit holding ``request.files``."""
    store = locate(request.workspace)
    files = _checked_files(store, request.files)
    return save(store, files, request.message)


def list_backups(workspace: str, limit: int = 50) -> list[BackupRecord]:
    """Return up to ``limit`` backups holding files of ``workspace``, newest first."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise BackupError(f"limit must be a positive whole number, not {limit!r}")
    store = locate(workspace)
    if not store.exists or head(store) is None:
        return []
    found: list[BackupRecord] = []
    # In a shared repository other workspaces' backups are skipped, so the count comes after.
    for record in records(store, BACKUP_REF, None if store.prefix else limit):
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
    store = locate(workspace)
    commit = resolve_id(store, backup_id)
    record = next(records(store, commit, 1))
    if path is None:
        if not record.files:
            raise BackupError(f"backup {commit[:12]} holds no files of workspace {workspace}")
        # checked again: a folder on the way may have become a link out of the workspace since
        wanted = [_relative(store, rel) for rel in record.files]
    else:
        wanted = [_relative(store, path)]
        if wanted[0] not in record.files:
            raise BackupError(f"backup {commit[:12]} does not hold {wanted[0]}")

    saved = tree_entries(store, commit)
    contents: dict[str, tuple[str, bytes]] = {}
    for rel in wanted:
        entry = saved.get(store.to_tree(rel))
        if entry is None:
            raise BackupError(f"backup {commit[:12]} has no saved copy of {rel}")
        mode, blob = entry
        contents[rel] = (mode, git(["cat-file", "blob", blob], store.git_dir).stdout)

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
        save(store, current, f"nca: before restore of {commit[:12]}")

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
        temp = target.with_name(f".{target.name[:100]}.{os.urandom(4).hex()}.tmp")
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


# --------------------------------------------------------------------------- checks


def _checked_files(store: Store, files: object) -> dict[str, bytes]:
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


def _relative(store: Store, path: object) -> str:
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
