"""The project model's ground facts: where a project's root is and which interpreter it runs on.

Nothing here decides what the user's code can import from nca's own environment: the
project's interpreter is found the way ruff, ty and editors find it (an explicit choice,
``VIRTUAL_ENV``, ``CONDA_PREFIX``, ``.venv``/``venv`` in the root, ``python3`` on PATH), and
its ``sys.path`` is read by running it once. nca's own interpreter is only a stated fallback,
and then only its standard library counts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["ROOT_MARKERS", "Interpreter", "find_interpreter", "find_root", "probe"]

#: what marks a project's root, nearest first wins (the way ruff and pytest find theirs)
ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", ".git")
#: seconds the project's interpreter may take to say where it looks for modules
PROBE_TIMEOUT = 15.0

_PROBE = (
    "import json, sys, sysconfig\n"
    "print(json.dumps({'path': [p for p in sys.path if p], 'version': list(sys.version_info[:2]),"
    " 'platform': sys.platform, 'implementation': sys.implementation.name,"
    " 'stdlib': sysconfig.get_paths().get('stdlib', ''),"
    " 'prefix': sys.prefix}))\n"
)


def find_root(start: str | os.PathLike[str] | None = None) -> Path:
    """Return the project root above ``start`` (a file or folder; default the cwd).

    The nearest folder holding a ``pyproject.toml``, ``setup.cfg``, ``setup.py`` or ``.git``.
    When none does: the current directory if ``start`` is inside it (as ruff and pytest
    fall back), else the folder of ``start``.
    """
    here = Path(start) if start else Path.cwd()
    here = here.expanduser().resolve()
    folder = here if here.is_dir() else here.parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    cwd = Path.cwd().resolve()
    return cwd if folder.is_relative_to(cwd) else folder


@dataclass(frozen=True)
class Interpreter:
    """The Python a project runs on, and what it can import.

    ``source`` says how it was found (``--python``, ``VIRTUAL_ENV``, ``.venv``, ``PATH``,
    ``nca`` for the fallback); ``sys_path`` is where it looks for modules (for the fallback,
    the standard library only: nca's own site-packages say nothing about the project).
    """

    python: str
    source: str
    sys_path: tuple[str, ...] = ()
    version: tuple[int, int] = (sys.version_info[0], sys.version_info[1])
    platform: str = sys.platform
    implementation: str = sys.implementation.name
    error: str = ""  # why the interpreter could not be asked, when it could not
    prefix: str = ""  # its sys.prefix: the environment (venv) a type checker should read

    @property
    def is_fallback(self) -> bool:
        return self.source == "nca"

    @property
    def checker_env(self) -> str | None:
        """Return the environment a type checker should read: the project's, or None for the
        fallback (nca's own says nothing about the project)."""
        return None if self.is_fallback else self.prefix

    def describe(self) -> str:
        """Return one line for logs and ``nca doctor``: which Python, found how."""
        line = f"{self.python} (Python {self.version[0]}.{self.version[1]}, from {self.source})"
        if self.is_fallback:
            line += ": no project interpreter found; only the standard library counts"
        if self.error:
            line += f"; {self.error}"
        return line


def _python_in(env_dir: Path) -> Path | None:
    for name in ("bin/python", "bin/python3", "Scripts/python.exe"):
        candidate = env_dir / name
        if candidate.is_file():
            return candidate
    return None


def _own_python() -> Path:
    return Path(sys.executable).absolute()


def _same_env(python: Path) -> bool:
    """Return True when ``python`` is nca's own interpreter (the same environment)."""
    if sys.prefix == sys.base_prefix:
        return False  # nca runs on a shared interpreter: the user's own, not nca's
    try:
        return python.parent.parent.resolve() == Path(sys.prefix).resolve()
    except OSError:
        return False


def find_interpreter(root: str | os.PathLike[str], explicit: str | None = None,
                     environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Return ``(python, source)``: the interpreter of the project at ``root``, and how it was found.

    Order: ``explicit`` (``--python``, the editor's setting), ``NCA_PYTHON``, ``VIRTUAL_ENV``,
    ``CONDA_PREFIX``, ``.venv``/``venv``/``env`` in the root, ``python3`` on PATH when it is not
    nca's own environment, then nca's own interpreter (source ``nca``).
    """
    env = os.environ if environ is None else environ
    root = Path(root)
    for value, source in ((explicit, "--python"), (env.get("NCA_PYTHON"), "NCA_PYTHON")):
        if value:
            path = Path(value).expanduser()
            found = _python_in(path) if path.is_dir() else path
            if found is None or not found.exists():
                raise FileNotFoundError(f"{source} {value}: no Python interpreter there")
            return str(found.absolute()), source
    for var in ("VIRTUAL_ENV", "CONDA_PREFIX"):
        if env.get(var) and (found := _python_in(Path(env[var]))) is not None:
            return str(found.absolute()), var
    for name in (".venv", "venv", "env"):
        if (found := _python_in(root / name)) is not None:
            return str(found.absolute()), name
    on_path = shutil.which("python3", path=env.get("PATH")) or shutil.which(
        "python", path=env.get("PATH"))
    if on_path and not _same_env(Path(on_path)):
        return str(Path(on_path).absolute()), "PATH"
    return str(_own_python()), "nca"


@lru_cache(maxsize=16)
def _ask(python: str, stamp: tuple[int, int]) -> dict:
    proc = subprocess.run([python, "-E", "-c", _PROBE], capture_output=True, text=True,
                          timeout=PROBE_TIMEOUT, stdin=subprocess.DEVNULL, cwd=os.path.sep)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise OSError(f"exited {proc.returncode}: {tail}")
    return json.loads(proc.stdout)


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nca" / "interpreters.json"


def _context() -> str:
    # what makes a version manager's shim (pyenv) run another Python with the same file
    local = Path(".python-version")
    try:
        pinned = local.read_text(encoding="utf-8").strip() if local.is_file() else ""
    except OSError:
        pinned = ""
    return f"{os.environ.get('PYENV_VERSION', '')}|{pinned}"


def _dirs_stamp(paths: list[str]) -> list[int]:
    out = []
    for folder in paths:
        try:
            out.append(os.stat(folder).st_mtime_ns)
        except OSError:
            out.append(0)
    return out


def _cached(python: str, stamp: tuple[int, int]) -> dict | None:
    """Return what ``python`` said before, while it and its module folders are unchanged.

    Asking an interpreter costs a process start (over 100 ms through a pyenv shim); a package
    installed or removed changes its site-packages folder, which makes the answer stale.
    """
    try:
        entry = json.loads(_cache_file().read_text(encoding="utf-8")).get(python)
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(entry, dict) or entry.get("stamp") != list(stamp) or entry.get(
            "context") != _context():
        return None
    info = entry.get("info")
    if not isinstance(info, dict) or entry.get("dirs") != _dirs_stamp(info.get("path", [])):
        return None
    return info


def _remember(python: str, stamp: tuple[int, int], info: dict) -> None:
    path = _cache_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        data = {}
    data[python] = {"stamp": list(stamp), "context": _context(), "info": info,
                    "dirs": _dirs_stamp(info.get("path", []))}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # no cache: the interpreter is asked again next time


def _fallback(python: str, source: str, error: str = "") -> Interpreter:
    paths = sysconfig.get_paths()
    stdlib = [paths.get("stdlib", ""), paths.get("platstdlib", "")]
    dynload = [str(Path(p) / "lib-dynload") for p in stdlib if p]
    keep = tuple(dict.fromkeys(p for p in [*stdlib, *dynload] if p and Path(p).is_dir()))
    return Interpreter(python, source, keep, error=error)


def probe(python: str, source: str) -> Interpreter:
    """Return the :class:`Interpreter` for ``python``: its ``sys.path``, version and platform.

    Run once per interpreter and cached while the executable is unchanged. An interpreter that
    cannot be run is reported in ``error``; the standard library still counts.
    """
    if source == "nca":
        return _fallback(python, source)
    try:
        st = os.stat(python)
        stamp = (st.st_mtime_ns, st.st_size)
        info = _cached(python, stamp)
        if info is None:
            info = _ask(python, stamp)
            _remember(python, stamp, info)
    except (OSError, subprocess.SubprocessError, ValueError) as err:
        return _fallback(python, source, f"cannot ask it where modules are: {err}")
    return Interpreter(
        python=python,
        source=source,
        sys_path=tuple(str(p) for p in info.get("path", []) if isinstance(p, str)),
        version=tuple(info.get("version", sys.version_info[:2]))[:2],  # type: ignore[arg-type]
        platform=str(info.get("platform", sys.platform)),
        implementation=str(info.get("implementation", sys.implementation.name)),
        prefix=str(info.get("prefix", "")),
    )
