"""The scratch git workspace a package's copy is committed in, and the nca steps run on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = [
    "Step",
    "StepResult",
    "accepts_python",
    "git",
    "make_workspace",
    "nca_command",
    "nca_steps",
    "snapshot",
]

GIT_ID = ["-c", "user.name=pristine-bench", "-c", "user.email=pristine-bench@localhost",
          "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"]
#: what nca (and Python) may leave in a workspace that is not a change to the code
IGNORED = (".nca/", "__pycache__/", "*.pyc", "AgentMemory/")


# --------------------------------------------------------------------------- the workspace


def git(ws: Path, *args: str) -> str:
    """Return the output of ``git ARGS`` run in ``ws`` under the benchmark's own identity."""
    out = subprocess.run(["git", *GIT_ID, *args], cwd=ws, capture_output=True, text=True,
                         timeout=120, check=True)
    return out.stdout


def make_workspace(ws: Path, name: str, requires_python: str = "") -> str:
    """Make ``ws`` (already holding the copy) a git repository with a pyproject.toml naming
    ``name`` (and the package's own ``requires-python``), commit everything, return the commit."""
    ws.mkdir(parents=True, exist_ok=True)
    project = f'[project]\nname = "{name}"\nversion = "0"\n'
    if requires_python:
        project += f"requires-python = {json.dumps(requires_python)}\n"
    (ws / "pyproject.toml").write_text(project, encoding="utf-8")
    (ws / ".gitignore").write_text("\n".join(IGNORED) + "\n", encoding="utf-8")
    git(ws, "init", "-q")
    git(ws, "add", "--all", ".")
    git(ws, "commit", "-q", "--no-verify", "-m", "pristine copy")
    return git(ws, "rev-parse", "HEAD").strip()


def snapshot(ws: Path, label: str) -> str:
    """Commit whatever the last step left in ``ws`` and return the commit."""
    git(ws, "add", "--all", ".")
    git(ws, "commit", "-q", "--no-verify", "--allow-empty", "-m", label)
    return git(ws, "rev-parse", "HEAD").strip()


# --------------------------------------------------------------------------- the steps


@dataclass
class StepResult:
    """One command run on the workspace: ``nca fix`` or ``nca clean``."""

    name: str
    command: list[str]
    returncode: int | None
    seconds: float
    timed_out: bool = False
    stderr_tail: str = ""
    #: the JSON objects it printed, one per file
    reports: list[dict] = field(default_factory=list)


Step = Callable[[Path, Sequence[str]], StepResult]


@cache
def _nca_help(sub: str) -> str:
    try:
        out = subprocess.run([*nca_command(), sub, "--help"], capture_output=True, text=True,
                             timeout=120)
        return out.stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


def nca_command() -> list[str]:
    """How to run nca: the ``nca`` script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("nca.exe" if os.name == "nt" else "nca")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nca.server.cli"]


def accepts_python(sub: str) -> bool:
    """Whether ``nca SUB`` has a ``--python`` option (the project's interpreter)."""
    return "--python" in _nca_help(sub)


def project_env(python: str | Path) -> dict[str, str]:
    """nca's environment as if the project's venv were activated (VIRTUAL_ENV, PATH), with
    NCA_PYTHON naming it too, so nothing in the caller's environment picks another one."""
    env = dict(os.environ)
    bindir = Path(python).parent
    env["VIRTUAL_ENV"] = str(bindir.parent)
    env["NCA_PYTHON"] = str(python)
    env.pop("CONDA_PREFIX", None)
    env["PATH"] = str(bindir) + os.pathsep + env.get("PATH", "")
    env.pop("PYTHONHOME", None)
    env.pop("PYTHONPATH", None)
    env["NO_COLOR"] = "1"
    return env


def _json_objects(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def run_step(name: str, command: list[str], ws: Path, *, env: dict[str, str] | None = None,
             timeout: float = 600) -> StepResult:
    started = time.perf_counter()
    try:
        out = subprocess.run(command, cwd=ws, capture_output=True, text=True, timeout=timeout,
                             env=env)
    except subprocess.TimeoutExpired as err:
        stdout = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
        return StepResult(name, command, None, time.perf_counter() - started, True,
                          f"timed out after {timeout:.0f}s", _json_objects(stdout))
    return StepResult(name, command, out.returncode, time.perf_counter() - started, False,
                      out.stderr[-2000:], _json_objects(out.stdout))


def nca_steps(python: str | Path, *, clean: bool = True, timeout: float = 600) -> list[Step]:
    """``nca fix PATHS --write --format json``, then ``nca clean PATHS --write --format json``,
    run with the project's interpreter: ``--python`` where nca has it, NCA_PYTHON and
    VIRTUAL_ENV always."""

    def step(sub: str) -> Step:
        def run(ws: Path, paths: Sequence[str]) -> StepResult:
            cmd = [*nca_command(), "--workspace", str(ws), sub, *paths, "--write",
                   "--format", "json"]
            if accepts_python(sub):
                cmd += ["--python", str(python)]
            return run_step(sub, cmd, ws, env=project_env(python), timeout=timeout)
        return run

    return [step("fix"), step("clean")] if clean else [step("fix")]
