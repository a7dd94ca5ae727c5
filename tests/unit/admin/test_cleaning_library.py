"""The Cleaner in a library: a package's public names are its API and stay, the imports the
project keeps on purpose stay, and a file that does not parse is left alone."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nca.admin.cleaning import clean_paths
from nca.admin.dispatcher import Dispatcher
from nca.workers.core.errors import ConfigError

PYPROJECT = "[project]\nname = 'p'\n"
PUBLIC_OFF = PYPROJECT + "\n[tool.nca.clean]\npublic = true\n"

MOD = (
    "LIMIT = 10\n\n\n"
    "def public_fn():\n    return 1\n\n\n"
    "class PublicThing:\n    pass\n\n\n"
    "def _helper():\n    return 2\n"
)
SCRIPT = "def unused_fn():\n    return 1\n\n\nprint('hi')\n"


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def clean(root: Path, *paths: str, write: bool = True, min_confidence: int = 60) -> dict:
    dispatcher = Dispatcher(root, record=False)
    results = clean_paths(dispatcher, [root / p for p in paths or ["."]], write=write,
                          min_confidence=min_confidence)
    return {r["path"]: r for r in results}


def names(result: dict, key: str = "findings") -> set[str]:
    return {f["name"] for f in result[key]} if key == "findings" else set(result.get(key, ()))


def nca(*args, cwd):
    return subprocess.run([sys.executable, "-m", "nca.server.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=180)


# --------------------------------------------------------------------------- public names


def test_a_packages_public_names_stay_and_its_private_helper_goes(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", "pkg/mod.py": MOD,
                     "script.py": SCRIPT})
    results = clean(tmp_path)
    mod = results["pkg/mod.py"]
    assert mod["status"] == "cleaned" and names(mod) == {"_helper"}
    assert mod["removed"] == ["_helper"]
    text = (tmp_path / "pkg/mod.py").read_text()
    assert "def _helper" not in text
    assert "LIMIT = 10" in text and "def public_fn" in text and "class PublicThing" in text
    # a loose script is nobody's API: its unused function goes
    script = results["script.py"]
    assert script["status"] == "cleaned" and script["removed"] == ["unused_fn"]
    assert (tmp_path / "script.py").read_text().strip() == "print('hi')"


def test_nested_packages_and_their_init_keep_public_names(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "def api():\n    return 0\n",
                     "pkg/sub/__init__.py": "", "pkg/sub/mod.py": MOD,
                     "tools/run.py": SCRIPT})  # a folder without __init__.py is no package
    results = clean(tmp_path, write=False)
    assert results["pkg/__init__.py"]["status"] == "clean"
    assert names(results["pkg/sub/mod.py"]) == {"_helper"}
    assert names(results["tools/run.py"]) == {"unused_fn"}


def test_public_true_cleans_public_names_too(tmp_path):
    write(tmp_path, {"pyproject.toml": PUBLIC_OFF, "pkg/__init__.py": "", "pkg/mod.py": MOD})
    mod = clean(tmp_path, "pkg/mod.py")["pkg/mod.py"]
    assert names(mod) == {"LIMIT", "public_fn", "PublicThing", "_helper"}
    assert set(mod["removed"]) == {"public_fn", "PublicThing", "_helper"}
    # a module-level variable is reported, never removed: removing it can change behaviour
    (limit,) = [f for f in mod["findings"] if f["name"] == "LIMIT"]
    assert not limit["removable"] and not limit["removed"]
    assert (tmp_path / "pkg/mod.py").read_text().strip() == "LIMIT = 10"


def test_public_names_used_nowhere_else_are_kept_through_the_cli(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", "pkg/mod.py": MOD})
    out = nca("clean", "pkg", "--write", "--min-confidence", "60", "--format", "json",
              cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    results = {r["path"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert results["pkg/mod.py"]["removed"] == ["_helper"] and results["pkg/mod.py"]["backup"]
    assert "def public_fn" in (tmp_path / "pkg/mod.py").read_text()


@pytest.mark.parametrize("value", ["yes", 1])
def test_public_must_be_true_or_false(tmp_path, value):
    write(tmp_path, {"pyproject.toml": PYPROJECT + f"\n[tool.nca.clean]\npublic = {value!r}\n"
                     .replace("'", '"'), "pkg/__init__.py": "", "pkg/mod.py": MOD})
    with pytest.raises(ConfigError, match=r"\[tool.nca.clean\] public"):
        clean(tmp_path, write=False)


# --------------------------------------------------------------------------- kept imports

KEPT = {
    # the whole file says its imports stay
    "pkg/ruff_noqa.py": "# ruff: noqa: F401\nimport json\nimport os\n",
    "pkg/ruff_noqa_all.py": "# ruff: noqa\nimport json\n",
    "pkg/flake8_noqa.py": "# flake8: noqa\nimport json\n",
    # compatibility modules: their imports are their API
    "pkg/compat.py": "import json\nfrom os import path\n",
    "pkg/_compat.py": "import json\n",
    "pkg/backports.py": "from os import path\n",
    "py3compat.py": "import json\n",
}


def test_imports_the_project_keeps_are_never_removed(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", **KEPT})
    before = {rel: (tmp_path / rel).read_bytes() for rel in KEPT}
    results = clean(tmp_path)
    for rel in KEPT:
        assert results[rel]["status"] == "clean", (rel, results[rel])
        assert (tmp_path / rel).read_bytes() == before[rel]


MIXED = """\
import os  # noqa
import csv  # noqa: F401
import sys  # needed by the plugins
from _datetime import __doc__
import json
from collections import (
    OrderedDict,  # noqa
    defaultdict,
)

try:
    import tomllib
except ImportError:
    tomllib = None

if sys.version_info >= (3, 11):
    import typing
else:
    import typing_extensions as typing

with open(__file__) as _f:
    import shutil


def f():
    try:
        import decimal
    except ImportError:
        pass
    return 1
"""


def test_only_the_plain_unused_import_goes(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", "pkg/mixed.py": MIXED})
    result = clean(tmp_path, "pkg/mixed.py", min_confidence=80)["pkg/mixed.py"]
    assert result["status"] == "cleaned" and result["removed"] == ["json"]
    assert (tmp_path / "pkg/mixed.py").read_text() == MIXED.replace("import json\n", "")


@pytest.mark.parametrize("header", ["# ruff: noqa: E501\n", "# flake8: noqa: E501\n",
                                    "# noqa\n"])
def test_a_header_that_does_not_cover_f401_keeps_nothing(tmp_path, header):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "m.py": header + "import json\n"})
    result = clean(tmp_path, "m.py")["m.py"]
    assert result["removed"] == ["json"] and (tmp_path / "m.py").read_text() == header


@pytest.mark.parametrize("config", [
    '[tool.ruff.lint]\nselect = ["E"]\n',
    '[tool.ruff.lint]\nignore = ["F401"]\n',
    '[tool.ruff.lint.per-file-ignores]\n"pkg/api.py" = ["F401"]\n',
])
def test_a_project_whose_ruff_does_not_report_f401_keeps_its_imports(tmp_path, config):
    write(tmp_path, {"pyproject.toml": PYPROJECT + config, "pkg/__init__.py": "",
                     "pkg/api.py": "import json\n"})
    assert clean(tmp_path, "pkg/api.py")["pkg/api.py"]["status"] == "clean"
    assert (tmp_path / "pkg/api.py").read_text() == "import json\n"


def test_per_file_ignores_keep_only_the_files_they_name(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT + '[tool.ruff.lint.per-file-ignores]\n'
                     '"pkg/api.py" = ["F401"]\n',
                     "pkg/__init__.py": "", "pkg/api.py": "import json\n",
                     "pkg/other.py": "import json\n"})
    results = clean(tmp_path, "pkg")
    assert results["pkg/api.py"]["status"] == "clean"
    assert results["pkg/other.py"]["removed"] == ["json"]


def test_the_modules_of_a_compat_package_keep_their_imports(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "",
                     "pkg/compat/__init__.py": "", "pkg/compat/py3k.py": "import json\n"})
    assert clean(tmp_path, "pkg/compat/py3k.py")["pkg/compat/py3k.py"]["status"] == "clean"


# --------------------------------------------------------------------------- syntax errors

BROKEN = "import os\n\n\ndef f(\n    return 1\n\n\ndef _dead():\n    return 2\n"


def test_a_file_that_does_not_parse_is_left_alone(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", "pkg/bad.py": BROKEN,
                     "pkg/ok.py": "import os\n"})
    before = (tmp_path / "pkg/bad.py").read_bytes()
    results = clean(tmp_path, "pkg")
    bad = results["pkg/bad.py"]
    assert bad["status"] == "syntax error" and not bad["written"] and bad["findings"] == []
    assert bad["reason"].startswith("syntax error at line 4: '(' was never closed")
    assert "nothing cleaned" in bad["reason"] and "nca fix pkg/bad.py" in bad["reason"]
    assert (tmp_path / "pkg/bad.py").read_bytes() == before
    # the other files of the run are still cleaned
    assert results["pkg/ok.py"]["status"] == "cleaned"


def test_the_cli_reports_a_syntax_error_and_exits_1(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "bad.py": BROKEN})
    out = nca("clean", "bad.py", "--write", "--format", "json", cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    (result,) = map(json.loads, out.stdout.splitlines())
    assert result["status"] == "syntax error" and result["written"] is False
    assert (tmp_path / "bad.py").read_text() == BROKEN
    text = nca("clean", "bad.py", "--write", cwd=tmp_path)
    assert text.returncode == 1 and "syntax error" in text.stdout and "bad.py" in text.stdout
    assert "Traceback" not in text.stderr + text.stdout
