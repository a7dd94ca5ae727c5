"""Memory files on disk: schema-checked on load, written atomically, locked against other writers.

A writer holds an exclusive ``fcntl.flock`` on the file's lock (under ``.nca/locks/``) for its
whole read-change-write, so two processes never lose each other's updates; readers need no
lock because the file is
only ever replaced whole (temp file + ``os.replace``). A file that does not parse or does not
match its schema is reported with its line and left exactly as it is.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from nca.admin.memory.schemas import FILES, SCHEMAS, empty
from nca.workers.backups.gitter import atomic_write
from nca.workers.core.errors import UnreadableFile
from nca.workers.core.statedir import ignore_state_folder

__all__ = ["BrokenMemoryFile", "load", "locked", "memory_dir", "path_of", "save", "update"]

MEMORY_DIR = "AgentMemory"


class BrokenMemoryFile(UnreadableFile):
    """A memory file that does not parse or does not match its schema; it is never overwritten."""

    code = "broken_memory_file"

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason} (fix or delete the file; nca leaves it as is)")
        self.path = path
        self.line = line
        self.reason = reason


def memory_dir(workspace: Path) -> Path:
    """Return ``<workspace>/AgentMemory``."""
    return Path(workspace) / MEMORY_DIR


def path_of(workspace: Path, kind: str) -> Path:
    """Return where the memory file of ``kind`` lives in ``workspace``."""
    return memory_dir(workspace) / FILES[kind]


def _lock_path(path: Path) -> Path:
    """Return the lock file of a memory file: under the workspace's ``.nca/locks/`` (state nca
    keeps out of ``git status``), or beside the file when it is not in an AgentMemory folder."""
    for parent in path.parents:
        if parent.name == MEMORY_DIR:
            state = parent.parent / ".nca"
            state.mkdir(parents=True, exist_ok=True)
            ignore_state_folder(state)
            flat = path.relative_to(parent).as_posix().replace("/", "__")
            return state / "locks" / f"{flat}.lock"
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for writing ``path`` (blocks while another process holds it)."""
    lock = _lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@cache
def _validator(kind: str) -> Any:
    """Return the validator that explains what is wrong (slow; used once a check failed)."""
    # jsonschema takes ~50 ms to import: only a memory file that fails the check pays for it
    from jsonschema import Draft202012Validator

    return Draft202012Validator(SCHEMAS[kind])


@cache
def _check(kind: str) -> Callable[[Any], Any]:
    """Return a compiled yes/no check of ``kind``'s schema (tens of times faster)."""
    import fastjsonschema  # with the first memory file read: `nca fix` reads none

    return fastjsonschema.compile(SCHEMAS[kind])


def _valid(kind: str, data: Any) -> bool:
    from fastjsonschema import JsonSchemaException

    try:
        _check(kind)(data)
    except JsonSchemaException:
        return False
    return True


def _line_of(text: str, keys: list[Any]) -> int:
    # the schema error names a path of keys and indexes; follow it through the text
    at = 0
    for key in keys:
        if isinstance(key, str):
            found = text.find(json.dumps(key), at)
            at = found if found >= 0 else at
        else:
            at = _element(text, at, int(key))
    return text.count("\n", 0, at) + 1


def _element(text: str, at: int, index: int) -> int:
    """Return the offset of element ``index`` of the first JSON array at or after ``at``."""
    start = text.find("[", at)
    if start < 0:
        return at
    depth, count, in_string, escaped = 0, 0, False, False
    for i in range(start, len(text)):
        char = text[i]
        if in_string:
            escaped = not escaped and char == "\\"
            in_string = escaped or char != '"'
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                break
        elif char == "," and depth == 1:
            count += 1
        if depth == 1 and count == index and char in "[,":
            rest = text[i + 1:]
            return i + 1 + len(rest) - len(rest.lstrip())
    return start


def parse(text: str, kind: str, path: Path) -> dict[str, Any]:
    """Return the checked document in ``text``, or raise BrokenMemoryFile with its line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BrokenMemoryFile(path, err.lineno, f"not JSON: {err.msg}") from None
    if not isinstance(data, dict):
        raise BrokenMemoryFile(path, 1, "not a JSON object")
    version = data.get("schema_version")
    if version != SCHEMAS[kind]["properties"]["schema_version"]["const"]:
        raise BrokenMemoryFile(path, _line_of(text, ["schema_version"]),
                               f"schema_version {version!r} is not one this nca reads")
    if _valid(kind, data):
        return data
    error = next(iter(sorted(_validator(kind).iter_errors(data), key=lambda e: e.path)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise BrokenMemoryFile(path, _line_of(text, list(error.absolute_path)),
                               f"{where}: {error.message}")
    return data


#: files (by inode, mtime, size) this process wrote or checked: loading them again skips the
#: schema check, which costs more than the rest of an update of a large memory together
_CHECKED: dict[str, tuple[int, int, int]] = {}


def _stamp(fd: int) -> tuple[int, int, int]:
    st = os.fstat(fd)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def load(path: Path, kind: str) -> dict[str, Any]:
    """Return the document at ``path`` (an empty one when missing); raise BrokenMemoryFile."""
    try:
        with open(path, "rb") as handle:
            stamp = _stamp(handle.fileno())
            text = handle.read().decode("utf-8")
    except FileNotFoundError:
        return empty(kind)
    except (OSError, UnicodeDecodeError) as err:
        raise UnreadableFile(f"{path}: {err}") from None
    key = f"{kind}:{os.path.realpath(path)}"
    if _CHECKED.get(key) == stamp:
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass
    data = parse(text, kind, path)
    _CHECKED[key] = stamp
    return data


def save(path: Path, kind: str, data: dict[str, Any]) -> None:
    """Write ``data`` to ``path`` atomically after checking it against its schema."""
    errors = [] if _valid(kind, data) else list(_validator(kind).iter_errors(data))
    if errors:  # our own bug; refusing keeps a good file on disk
        raise ValueError(f"{kind}: refusing to write a document that breaks its schema: "
                         f"{errors[0].message}")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    atomic_write(path, text.encode("utf-8"))
    with contextlib.suppress(OSError), open(path, "rb") as handle:
        _CHECKED[f"{kind}:{os.path.realpath(path)}"] = _stamp(handle.fileno())


def update(path: Path, kind: str,
           change: Callable[[dict[str, Any]], dict[str, Any] | None]) -> dict[str, Any]:
    """Return the document after ``change`` ran on it under the file's lock, and write it.

    ``change`` edits the document in place (or returns a new one). A broken file raises
    BrokenMemoryFile before anything is written.
    """
    with locked(path):
        data = load(path, kind)
        new = change(data)
        data = data if new is None else new
        save(path, kind, data)
        return data
