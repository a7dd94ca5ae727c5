"""nca installed the way users install it: a wheel built from the checkout, put into a fresh
environment (pip in a new venv, ``uv tool install``, ``pipx install``), used from outside it.

This is what an editable install cannot show: every file the code reads at run time must be
in the wheel (Function_Courier.md, the py.typed markers), found through importlib.resources.
The wheel is built from a copy of the tracked and unignored files, as a fresh clone has them.
Dependencies come from the package registry (pip's own configuration).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BROKEN = "import os\n\n\ndef load(path)\n    with open(path) as f:\n        return json.load(f)\n"
INSTALL_TIMEOUT = 600


def _version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def _source_copy(dest: Path) -> Path:
    """Return a copy of the checkout's tracked and unignored files (symlinks kept as links)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
        capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if not os.path.lexists(src) or src.is_dir() and not src.is_symlink():
            continue  # deleted in the work tree, or a nested repository
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target, follow_symlinks=False)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = _source_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "--disable-pip-version-check", "-w", str(out), str(src)],
                           capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    assert built.returncode == 0, built.stderr[-3000:]
    (found,) = out.glob("neural_coding_assistant-*.whl")
    return found


def _env(tmp: Path) -> dict[str, str]:
    """Return an environment that knows nothing of this checkout or of the test's venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "NCA_PYTHON", "PYTHONPATH", "PYTHONHOME", "CONDA_PREFIX"}}
    env["NCA_CONFIG_DIR"] = str(tmp / "config")
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(sys.prefix))
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 180
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def _project(tmp: Path) -> Path:
    """Return a small project with a broken module two folders down."""
    root = tmp / "project"
    sub = root / "app" / "data"
    sub.mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0"\n')
    (root / "app" / "__init__.py").write_text("")
    (sub / "__init__.py").write_text("")
    (sub / "loader.py").write_text(BROKEN)
    return root


def _exercise(nca: Path, tmp: Path, env: dict[str, str]) -> None:
    """Run the installed ``nca`` as a user does: --version, fix from a sub-folder, courier."""
    assert nca.is_file(), f"no {nca}"
    project = _project(tmp)
    sub = project / "app" / "data"

    out = _run([str(nca), "--version"], tmp, env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"nca {_version()}"

    out = _run([str(nca), "fix", "loader.py"], sub, env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "+import json" in out.stdout and "def load(path):" in out.stdout
    assert "--- a/app/data/loader.py" in out.stdout  # the project root was found above
    out = _run([str(nca), "fix", "loader.py", "--write"], sub, env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "import json" in (sub / "loader.py").read_text()

    out = _run([str(nca), "courier"], tmp, env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "workers agree with Function_Courier.md" in out.stdout

    out = _run([str(nca), "init"], project, env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert (project / "AgentMemory" / "Roadmap.json").is_file()
    assert (project / ".nca" / ".gitignore").is_file()


def test_the_wheel_holds_what_the_code_reads_at_run_time(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "nca/admin/Function_Courier.md" in names
    assert {"nca/admin/py.typed", "nca/server/py.typed", "nca/workers/py.typed"} <= names
    shipped = zipfile.ZipFile(wheel).read("nca/admin/Function_Courier.md").decode()
    assert shipped == (ROOT / "Function_Courier.md").read_text()  # the file, not a link


def test_pip_install_into_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    env = _env(tmp_path)
    out = _run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                str(wheel)], tmp_path, env, timeout=INSTALL_TIMEOUT)
    assert out.returncode == 0, out.stderr[-3000:]
    # the installed copy is used, not this checkout
    where = _run([str(python), "-c", "import nca.admin.courier as c; print(c.COURIER_FILE)"],
                 tmp_path, env)
    assert where.stdout.strip().startswith(str(venv)), where.stdout + where.stderr
    _exercise(venv / "bin" / "nca", tmp_path, env)


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).is_file():
        pytest.skip(f"{name} is not installed (the dev extra brings it)")
    return found


def test_uv_tool_install(wheel: Path, tmp_path: Path) -> None:
    uv = _tool("uv")
    env = _env(tmp_path)
    env.update(UV_TOOL_DIR=str(tmp_path / "uv-tools"), UV_TOOL_BIN_DIR=str(tmp_path / "uv-bin"),
               UV_PYTHON=sys.executable, UV_NO_PROGRESS="1")
    out = _run([uv, "tool", "install", str(wheel)], tmp_path, env, timeout=INSTALL_TIMEOUT)
    assert out.returncode == 0, out.stderr[-3000:]
    _exercise(tmp_path / "uv-bin" / "nca", tmp_path, env)


def test_pipx_install(wheel: Path, tmp_path: Path) -> None:
    pipx = _tool("pipx")
    env = _env(tmp_path)
    env.update(PIPX_HOME=str(tmp_path / "pipx-home"), PIPX_BIN_DIR=str(tmp_path / "pipx-bin"),
               PIPX_MAN_DIR=str(tmp_path / "pipx-man"), PIPX_DEFAULT_PYTHON=sys.executable)
    out = _run([pipx, "install", str(wheel)], tmp_path, env, timeout=INSTALL_TIMEOUT)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    _exercise(tmp_path / "pipx-bin" / "nca", tmp_path, env)
