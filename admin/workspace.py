"""The workspace: where it is, which files belong to it, and reading them safely."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from nca.workers.errors import OutsideWorkspace, UnreadableFile

__all__ = ["MAX_BYTES", "SKIP_DIRS", "find_workspace", "iter_python_files", "module_name",
           "read_source", "relative"]

#: files larger than this are skipped: nobody hand-writes them, and they would stall the loop
MAX_BYTES = 2 * 1024 * 1024
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "env", ".nca", "node_modules",
                       "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".tox",
                       "build", "dist", "site-packages"})


def find_workspace(start: str | Path | None = None) -> Path:
    """Return the workspace root: ``start`` itself when given, else the current directory."""
    root = Path(start) if start else Path.cwd()
    root = root.expanduser().resolve()
    if not root.is_dir():
        raise UnreadableFile(f"workspace {root} is not a directory")
    return root


def relative(path: str | Path, workspace: Path) -> str:
    """Return ``path`` relative to the workspace, POSIX style, or raise OutsideWorkspace."""
    full = (workspace / path).resolve() if not Path(path).is_absolute() else Path(path).resolve()
    try:
        return full.relative_to(workspace).as_posix()
    except ValueError:
        raise OutsideWorkspace(f"{path} is outside the workspace {workspace}") from None


def read_source(path: Path) -> str:
    """Return the text of a Python file, or raise UnreadableFile with a one-line reason."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile(f"{path}: no such file") from None
    except OSError as err:
        raise UnreadableFile(f"{path}: {err.strerror}") from None
    if not path.is_file():
        raise UnreadableFile(f"{path}: not a regular file")
    if size > MAX_BYTES:
        raise UnreadableFile(f"{path}: {size / 1e6:.1f} MB is larger than the {MAX_BYTES // 2**20} MiB limit")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UnreadableFile(f"{path}: {err.strerror}") from None
    return decode_source(data, str(path))


def decode_source(data: bytes, name: str = "<stdin>") -> str:
    """Return bytes decoded as UTF-8 source, or raise UnreadableFile for binary or other encodings."""
    if b"\0" in data[:8192]:
        raise UnreadableFile(f"{name}: binary file (NUL bytes), not Python source")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UnreadableFile(f"{name}: not UTF-8 (byte {err.start}); re-save it as UTF-8") from None


def iter_python_files(root: Path) -> Iterator[Path]:
    """Yield the .py files under ``root`` (or ``root`` itself), skipping tool and env folders."""
    if root.is_file():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(folder) / name


def module_name(rel: str) -> str | None:
    """Return the dotted module name of a workspace-relative path (``src/`` layouts included)."""
    if not rel.endswith(".py"):
        return None
    parts = rel[:-3].split("/")
    if parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None
