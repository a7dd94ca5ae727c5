"""`nca fix` imports what the project's own interpreter can import, not what nca's can."""

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

USES_PROJECT = "def f():\n    return onlyinproject.VALUE\n"
# attrs is installed where nca runs (the bench extra), never in the project's venv
USES_ATTR = "def g():\n    return attr.s\n"


def nca(*args, cwd, env, timeout=120):
    return subprocess.run([sys.executable, "-m", "nca.server.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def clean_env(**extra: str) -> dict[str, str]:
    """Return the environment of a user with no interpreter chosen (the suite sets NCA_PYTHON)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NCA_PYTHON", "VIRTUAL_ENV", "CONDA_PREFIX")}
    env.update(extra)
    return env


@cache
def cli_has_python_option() -> bool:
    out = subprocess.run([sys.executable, "-m", "nca.server.cli", "fix", "--help"],
                         capture_output=True, text=True, timeout=60)
    return "--python" in out.stdout


def make_venv(where: Path) -> Path:
    """Create a bare venv at ``where`` holding only the package ``onlyinproject``."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True,
                   capture_output=True, timeout=120)
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    package = where / "lib" / version / "site-packages" / "onlyinproject"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VALUE = 1\n")
    return where / "bin" / "python"


@pytest.fixture(params=[".venv", "NCA_PYTHON", "--python"])
def project(request, tmp_path):
    """Return ``(workspace, env, extra CLI args)`` for a project whose venv has onlyinproject."""
    if request.param == "--python" and not cli_has_python_option():
        pytest.skip("nca fix has no --python option")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "pyproject.toml").write_text("[project]\nname = 'w'\n")
    (ws / "uses_project.py").write_text(USES_PROJECT)
    (ws / "uses_attr.py").write_text(USES_ATTR)
    if request.param == ".venv":
        make_venv(ws / ".venv")
        return ws, clean_env(), []
    python = make_venv(tmp_path / "elsewhere")
    if request.param == "NCA_PYTHON":
        return ws, clean_env(NCA_PYTHON=str(python)), []
    return ws, clean_env(), ["--python", str(python)]


def fix_json(ws, env, args, path):
    out = nca("fix", path, "--format", "json", *args, cwd=ws, env=env)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


def test_a_package_only_the_project_has_is_imported(project):
    ws, env, args = project
    report = fix_json(ws, env, args, "uses_project.py")
    assert report["status"] == "fixed", report
    assert [f["title"] for f in report["fixes"]] == ["Add `import onlyinproject`"]
    assert report["diff"].count("+import onlyinproject") == 1
    assert (ws / "uses_project.py").read_text() == USES_PROJECT  # a dry run


def test_a_package_only_nca_has_is_not_imported(project):
    ws, env, args = project
    report = fix_json(ws, env, args, "uses_attr.py")
    assert not any("attr" in f["title"] for f in report["fixes"]), report
    assert "import attr" not in report["diff"]
    assert report["status"] != "fixed"


def test_with_ncas_own_interpreter_the_same_file_gets_attr(tmp_path):
    # the control: the project that runs on nca's interpreter can import attrs
    pytest.importorskip("attr", reason="attrs is not installed: the bench extra has it")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'w'\n")
    (tmp_path / "uses_attr.py").write_text(USES_ATTR)
    (tmp_path / "uses_project.py").write_text(USES_PROJECT)
    env = clean_env(NCA_PYTHON=sys.executable)
    report = fix_json(tmp_path, env, [], "uses_attr.py")
    assert [f["title"] for f in report["fixes"]] == ["Add `import attr`"]
    report = fix_json(tmp_path, env, [], "uses_project.py")
    assert report["fixes"] == []


def test_a_missing_interpreter_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'w'\n")
    (tmp_path / "uses_attr.py").write_text(USES_ATTR)
    out = nca("fix", "uses_attr.py", cwd=tmp_path,
              env=clean_env(NCA_PYTHON=str(tmp_path / "no" / "python")))
    assert out.returncode != 0
    assert "no Python interpreter there" in out.stderr and str(tmp_path / "no") in out.stderr
    assert "import attr" not in out.stdout  # no fix made with nca's own interpreter instead
