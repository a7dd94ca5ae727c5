"""Import and smoke checks of a workspace's modules in the project's interpreter."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["IMPORT_TIMEOUT", "check_imports", "findable_modules", "list_modules", "smoke"]

IMPORT_TIMEOUT = 20  # seconds for one module's import
CHECK_SCRIPT = Path(__file__).with_name("importcheck.py")


# --------------------------------------------------------------------------- imports


def list_modules(ws: Path, paths: Iterable[str], *, by_file: bool = False) -> list[list[str]]:
    """Return ``[module, file, mode]`` for every module under ``paths`` (relative to ``ws``).

    Packages are walked through folders with an ``__init__.py``; ``__main__`` modules are left
    out (importing one runs a program). ``by_file`` gives mode "file" (standard-library copies).
    """
    mode = "file" if by_file else "import"
    out: list[list[str]] = []

    def walk(folder: Path, prefix: str) -> None:
        out.append([prefix, str(folder / "__init__.py"), mode])
        for child in sorted(folder.iterdir()):
            if child.is_dir() and (child / "__init__.py").is_file() and child.name.isidentifier():
                walk(child, f"{prefix}.{child.name}")
            elif (child.suffix == ".py" and child.stem.isidentifier()
                  and child.stem not in {"__init__", "__main__"}):
                out.append([f"{prefix}.{child.stem}", str(child), mode])

    for rel in paths:
        path = ws / rel
        if path.is_dir() and (path / "__init__.py").is_file():
            walk(path, path.name)
        elif path.suffix == ".py" and path.stem.isidentifier():
            out.append([path.stem, str(path), mode])
    return out


def check_imports(python: str | Path, ws: Path, modules: Sequence[Sequence[str]], *,
                  timeout: int = IMPORT_TIMEOUT) -> dict[str, str]:
    """Import ``modules`` with ``ws`` first on ``sys.path`` in ``python``; return module -> "ok"
    or why not. Runs in one child process that forks one more per module."""
    if not modules:
        return {}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    budget = 60 + timeout * len(modules)
    try:
        out = subprocess.run([str(python), "-I", "-B", str(CHECK_SCRIPT), str(ws), str(timeout)],
                             input=json.dumps([list(m) for m in modules]) + "\n", cwd=ws,
                             capture_output=True, text=True, timeout=budget, env=env)
    except subprocess.TimeoutExpired:
        return {m[0]: "the import check timed out" for m in modules}
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        why = (out.stderr.strip().splitlines() or [f"exit {out.returncode}"])[-1]
        return {m[0]: f"the import check failed: {why}" for m in modules}
    return json.loads(lines[-1])


# --------------------------------------------------------------------------- smoke checks


def smoke(python: str | Path, ws: Path, code: str, *, timeout: int = 120) -> str:
    """Run ``code`` (a few lines that use the package) with ``ws`` first on ``sys.path``;
    return "ok" or the last line of the error."""
    prelude = f"import sys; sys.path.insert(0, {str(ws)!r})\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    try:
        out = subprocess.run([str(python), "-I", "-B", "-c", prelude + code],
                             capture_output=True, text=True, timeout=timeout, env=env,
                             cwd=ws.parent)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout}s"
    if out.returncode == 0:
        return "ok"
    lines = out.stderr.strip().splitlines()
    return (lines[-1] if lines else f"exit {out.returncode}")[:300]


def findable_modules(python: str | Path, ws: Path, modules: Sequence[str]) -> dict[str, bool]:
    """Return module -> whether ``python`` finds it with ``ws`` first on ``sys.path``."""
    code = ("import importlib.util, json, sys; sys.path.insert(0, sys.argv[1]); "
            "print(json.dumps({m: importlib.util.find_spec(m) is not None for m in sys.argv[2:]}))")
    try:
        out = subprocess.run([str(python), "-I", "-c", code, str(ws), *modules],
                             capture_output=True, text=True, timeout=60)
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        return {}
