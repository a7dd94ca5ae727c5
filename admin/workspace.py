"""The workspace: where it is, which files belong to it, and reading them safely."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from nca.workers.core.errors import OutsideWorkspace, UnreadableFile

__all__ = ["MAX_BYTES", "SKIP_DIRS", "check_input", "find_workspace", "is_python_file",
           "iter_python_files", "module_name", "read_source", "relative", "resolve_path"]

#: files larger than this are skipped: nobody hand-writes them, and they would stall the loop
MAX_BYTES = 2 * 1024 * 1024
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "env", ".nca", "node_modules",
                       "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".tox",
                       "build", "dist", "site-packages"})


def find_workspace(start: str | Path | None = None) -> Path:
    """Return the workspace root: ``start`` itself when given, else the current directory."""
    root = Path(start) if start else Path.cwd()
    root = resolve_path(root.expanduser())
    if not root.is_dir():
        raise UnreadableFile(f"workspace {root} is not a directory")
    return root


def resolve_path(path: str | Path) -> Path:
    """Return ``path`` made absolute with every symlink followed; UnreadableFile for a loop."""
    try:
        return Path(path).resolve()
    except RuntimeError:  # Python 3.11 reports a symlink loop so
        raise UnreadableFile(f"{path}: a symlink loop") from None
    except OSError as err:
        raise UnreadableFile(f"{path}: cannot resolve: {err.strerror or err}") from None
    except ValueError:  # a NUL byte: no file can have that name
        raise UnreadableFile(f"{str(path)[:200]!r} is not a valid path") from None


def relative(path: str | Path, workspace: Path) -> str:
    """Return ``path`` relative to the workspace, POSIX style, or raise OutsideWorkspace."""
    full = resolve_path(workspace / path if not Path(path).is_absolute() else path)
    try:
        return full.relative_to(workspace).as_posix()
    except ValueError:
        raise OutsideWorkspace(f"{path} is outside the workspace {workspace}") from None


def is_python_file(path: Path) -> bool:
    """Return True for a ``.py``/``.pyw`` name or a script whose first line runs python."""
    if path.suffix in (".py", ".pyw"):
        return True
    try:
        with path.open("rb") as handle:
            first = handle.readline(256)
    except OSError:
        return False
    return first.startswith(b"#!") and b"python" in first


def check_input(given: str | Path) -> str | None:
    """Return why a path given on the command line cannot be worked on, or None when it can.

    Refused: a missing path, a symlink loop, a FIFO, socket or device (reading one would hang
    or never end), a file that is not Python source (``notes.txt``). Folders are fine: their
    Python files are found by walking them. Nothing is opened for reading but a regular file.
    """
    path = Path(given)
    try:
        info = path.stat()
    except ValueError:
        return "not a valid path"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "a symlink loop"
        if path.is_symlink():
            return "a broken symlink"
        if isinstance(err, FileNotFoundError):
            return "no such file or directory"
        return err.strerror or str(err)
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "not a regular file"
        return f"{kind}; nca reads regular files only"
    if not is_python_file(path):
        return "not a Python file (.py)"
    return None


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


def iter_python_files(root: Path,
                      skipped: list[tuple[Path, str]] | None = None) -> Iterator[Path]:
    """Yield the .py files under ``root`` (or ``root`` itself), skipping tool and env folders.

    A ``.py`` name that is a symlink loop or a broken link is left out (appended to
    ``skipped`` with the reason, when given): no reader could open it. FIFOs and other
    special files are yielded; ``read_source`` refuses them without opening them.
    """
    if root.is_file():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        for name in sorted(files):
            if name.endswith(".py"):
                path = Path(folder) / name
                why = _broken_link(path)
                if why is None:
                    yield path
                elif skipped is not None:
                    skipped.append((path, why))


def _broken_link(path: Path) -> str | None:
    """Return why a symlink leads nowhere (a loop, a missing target), or None."""
    if not path.is_symlink():
        return None
    try:
        path.stat()
    except OSError as err:
        return "a symlink loop" if err.errno == errno.ELOOP else "a broken symlink"
    return None


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
