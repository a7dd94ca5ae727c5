"""The project model's ground facts: the project's root and the interpreter it runs on."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from nca.workers.core.project import find_interpreter, find_root, probe
from nca.workers.facts.modulefacts import locate_module

# --------------------------------------------------------------------------- find_root


@pytest.mark.parametrize("marker", ["pyproject.toml", "setup.cfg", "setup.py", ".git"])
def test_find_root_walks_up_to_the_nearest_marker(tmp_path, marker):
    root = tmp_path / "project"
    deep = root / "src" / "pkg" / "sub"
    deep.mkdir(parents=True)
    if marker == ".git":
        (root / ".git").mkdir()
    else:
        (root / marker).write_text("")
    module = deep / "mod.py"
    module.write_text("x = 1\n")
    assert find_root(deep) == root.resolve()
    assert find_root(module) == root.resolve()  # a file starts from its folder
    assert find_root(root) == root.resolve()


def test_find_root_prefers_the_nearest_marker(tmp_path):
    (tmp_path / ".git").mkdir()
    inner = tmp_path / "packages" / "inner"
    (inner / "src").mkdir(parents=True)
    (inner / "pyproject.toml").write_text("")
    assert find_root(inner / "src") == inner.resolve()
    assert find_root(tmp_path / "packages") == tmp_path.resolve()


def test_find_root_falls_back_to_the_folder_itself(tmp_path):
    # tmp_path lies under the system's temp folder, which should hold no project marker above it
    if any((p / m).exists() for p in (tmp_path, *tmp_path.parents)
           for m in ("pyproject.toml", "setup.cfg", "setup.py", ".git")):
        pytest.skip("a project marker above the temp folder")
    folder = tmp_path / "loose"
    folder.mkdir()
    script = folder / "script.py"
    script.write_text("print(1)\n")
    assert find_root(folder) == folder.resolve()
    assert find_root(script) == folder.resolve()


def test_find_root_defaults_to_the_cwd(tmp_path, monkeypatch):
    (tmp_path / "setup.cfg").write_text("")
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    assert find_root() == tmp_path.resolve()


# --------------------------------------------------------------------------- find_interpreter


def fake_env(folder: Path, *, name: str = "python") -> Path:
    """Return ``folder/bin/<name>``: a link to the running interpreter (a venv's layout)."""
    (folder / "bin").mkdir(parents=True)
    python = folder / "bin" / name
    python.symlink_to(sys.executable)
    return python


@pytest.fixture
def layers(tmp_path):
    """One interpreter for each way of finding one, and the environ naming them all."""
    root = tmp_path / "root"
    root.mkdir()
    on_path = tmp_path / "pathbin"
    on_path.mkdir()
    python3 = on_path / "python3"
    python3.write_text(f"#!/bin/sh\nexec {sys.executable} \"$@\"\n")
    python3.chmod(0o755)
    found = {
        "--python": fake_env(tmp_path / "explicit"),
        "NCA_PYTHON": fake_env(tmp_path / "nca_python"),
        "VIRTUAL_ENV": fake_env(tmp_path / "virtual_env"),
        "CONDA_PREFIX": fake_env(tmp_path / "conda", name="python3"),
        ".venv": fake_env(root / ".venv"),
        "venv": fake_env(root / "venv"),
        "PATH": python3,
    }
    environ = {
        "NCA_PYTHON": str(found["NCA_PYTHON"]),
        "VIRTUAL_ENV": str(tmp_path / "virtual_env"),
        "CONDA_PREFIX": str(tmp_path / "conda"),
        "PATH": str(on_path),
    }
    return root, found, environ


def test_find_interpreter_order(layers, tmp_path):
    root, found, environ = layers
    explicit = str(found["--python"])
    assert find_interpreter(root, explicit, environ) == (explicit, "--python")
    # each source, once the ones before it are gone
    assert find_interpreter(root, None, environ) == (str(found["NCA_PYTHON"]), "NCA_PYTHON")
    del environ["NCA_PYTHON"]
    assert find_interpreter(root, None, environ) == (str(found["VIRTUAL_ENV"]), "VIRTUAL_ENV")
    del environ["VIRTUAL_ENV"]
    assert find_interpreter(root, None, environ) == (str(found["CONDA_PREFIX"]), "CONDA_PREFIX")
    del environ["CONDA_PREFIX"]
    assert find_interpreter(root, None, environ) == (str(found[".venv"]), ".venv")
    os.unlink(found[".venv"])
    assert find_interpreter(root, None, environ) == (str(found["venv"]), "venv")
    os.unlink(found["venv"])
    assert find_interpreter(root, None, environ) == (str(found["PATH"]), "PATH")
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    environ["PATH"] = str(empty)
    assert find_interpreter(root, None, environ) == (str(Path(sys.executable).absolute()), "nca")


def test_an_explicit_choice_may_name_the_environment_folder(layers, tmp_path):
    root, found, environ = layers
    assert find_interpreter(root, str(tmp_path / "explicit"), environ) == (
        str(found["--python"]), "--python")
    environ["NCA_PYTHON"] = str(tmp_path / "nca_python")
    assert find_interpreter(root, None, environ) == (str(found["NCA_PYTHON"]), "NCA_PYTHON")


def test_an_environment_variable_naming_no_interpreter_is_passed_over(layers, tmp_path):
    root, found, environ = layers
    del environ["NCA_PYTHON"]
    environ["VIRTUAL_ENV"] = str(tmp_path / "not-there")
    environ["CONDA_PREFIX"] = str(tmp_path)  # a folder, but no bin/python in it
    assert find_interpreter(root, None, environ) == (str(found[".venv"]), ".venv")


@pytest.mark.parametrize("source", ["--python", "NCA_PYTHON"])
def test_a_missing_explicit_interpreter_is_an_error(layers, tmp_path, source):
    root, _found, environ = layers
    missing = str(tmp_path / "nowhere" / "bin" / "python")
    with pytest.raises(FileNotFoundError, match="nowhere"):
        if source == "--python":
            find_interpreter(root, missing, environ)
        else:
            find_interpreter(root, None, {**environ, "NCA_PYTHON": missing})
    # a folder without an interpreter in it is no better
    with pytest.raises(FileNotFoundError):
        find_interpreter(root, str(tmp_path / "pathbin"), environ)


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="nca runs outside a virtualenv")
def test_ncas_own_environment_on_path_is_not_the_projects(tmp_path):
    own_bin = str(Path(sys.executable).parent)
    python, source = find_interpreter(tmp_path, None, {"PATH": own_bin})
    assert source == "nca" and python == str(Path(sys.executable).absolute())


# --------------------------------------------------------------------------- probe


def site_packages(env: Path) -> Path:
    return env / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"


@pytest.fixture(scope="module")
def real_venv(tmp_path_factory):
    env = tmp_path_factory.mktemp("probe") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True,
                   capture_output=True, timeout=120)
    return env


def test_probe_reads_the_venvs_own_sys_path(real_venv):
    python = str(real_venv / "bin" / "python")
    found = probe(python, "VIRTUAL_ENV")
    assert found.error == "" and found.source == "VIRTUAL_ENV" and not found.is_fallback
    assert found.python == python
    assert str(site_packages(real_venv)) in found.sys_path
    own = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    assert not own & set(found.sys_path)  # nca's site-packages say nothing about the project
    assert found.version == tuple(sys.version_info[:2])
    assert found.platform == sys.platform and found.implementation == sys.implementation.name
    # what the venv can import: the standard library, not nca's packages
    assert locate_module("json", found.sys_path) is not None
    assert locate_module("ruff", found.sys_path) is None
    assert "VIRTUAL_ENV" in found.describe()


def test_probe_takes_what_the_interpreter_says_and_asks_again_when_it_changes(tmp_path):
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho '{\"path\": [\"/opt/x\"], \"version\": [3, 9],"
                    " \"platform\": \"win32\", \"implementation\": \"pypy\"}'\n")
    fake.chmod(0o755)
    found = probe(str(fake), "PATH")
    assert found.sys_path == ("/opt/x",)
    assert (found.version, found.platform, found.implementation) == ((3, 9), "win32", "pypy")
    # another executable at the same path (a venv recreated): not the cached answer
    fake.write_text("#!/bin/sh\necho '{\"path\": [\"/opt/y\", \"/opt/z\"], \"version\": [3, 13],"
                    " \"platform\": \"linux\", \"implementation\": \"cpython\"}'\n")
    again = probe(str(fake), "PATH")
    assert again.sys_path == ("/opt/y", "/opt/z") and again.version == (3, 13)


def test_an_interpreter_that_cannot_answer_keeps_the_standard_library(tmp_path):
    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\necho 'no such thing' >&2\nexit 3\n")
    broken.chmod(0o755)
    found = probe(str(broken), ".venv")
    assert found.source == ".venv" and "exited 3" in found.error
    assert "no such thing" in found.error and found.error in found.describe()
    assert locate_module("json", found.sys_path) is not None
    assert not any("site-packages" in p for p in found.sys_path)


def test_the_fallback_counts_only_the_standard_library():
    python, source = str(Path(sys.executable).absolute()), "nca"
    found = probe(python, source)
    assert found.is_fallback and found.error == ""
    assert found.sys_path, "the standard library must still count"
    assert not any("site-packages" in p or "dist-packages" in p for p in found.sys_path)
    assert locate_module("json", found.sys_path) is not None
    assert locate_module("collections.abc", found.sys_path) is not None
    # nca's own dependencies are installed where nca runs, but are not the project's
    assert locate_module("ruff", None) is not None
    assert locate_module("ruff", found.sys_path) is None
    assert locate_module("pytest", found.sys_path) is None
    assert "only the standard library counts" in found.describe()
