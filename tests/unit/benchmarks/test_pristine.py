"""The pristine-code benchmark's machinery, on a tiny synthetic package built in tmp_path.

The measurement is checked with scripted edits whose effect is known (a removed re-export, an
import of a module the project's interpreter lacks, a no-op); nca itself is run once on the
package, and only the re-export hub staying importable is asserted of it.
"""

from __future__ import annotations

import os
import shutil
import sys
import venv
from collections.abc import Sequence
from pathlib import Path

import pytest

from benchmarks.pristine.__main__ import main, markdown_changes, totals
from benchmarks.pristine.checks import check_imports, list_modules
from benchmarks.pristine.hunks import classify
from benchmarks.pristine.measure import Result, measure
from benchmarks.pristine.packages import ALL, QUICK, STDLIB_DEV, STDLIB_HELDOUT, select
from benchmarks.pristine.workspace import StepResult, make_workspace, nca_steps

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="the workspace is a git repo")

INIT = '''"""A re-export hub: the package's API comes from its submodules."""
from .compat import PYPY, text_type
from .core import greet

__all__ = ["PYPY", "greet", "text_type"]
'''

COMPAT = '''"""Compatibility names the rest of the package imports from here."""
import platform
import sys
from os.path import join as path_join  # re-exported: core imports it from here

PYPY = platform.python_implementation() == "PyPy"
if hasattr(sys, "pypy_version_info"):
    PYPY_VERSION = sys.pypy_version_info  # type: ignore[attr-defined]
else:
    PYPY_VERSION = None
if PYPY:
    BUILD = sys.pypy_version_info[:2]  # type: ignore[attr-defined]
else:
    BUILD = sys.version_info[:2]
text_type = str
'''

CORE = '''from .compat import path_join, text_type


def greet(name):
    return text_type(path_join("hello", name))
'''


@pytest.fixture(scope="module")
def project_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare venv: the scratch project's interpreter is not nca's."""
    root = tmp_path_factory.mktemp("project-venv")
    venv.create(root, with_pip=False, symlinks=os.name != "nt")
    python = root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    assert python.exists()
    return python


def synthetic(tmp_path: Path) -> Path:
    """Write the ``hub`` package into ``tmp_path/ws`` and return the workspace."""
    ws = tmp_path / "ws"
    (ws / "hub").mkdir(parents=True)
    (ws / "hub" / "__init__.py").write_text(INIT)
    (ws / "hub" / "compat.py").write_text(COMPAT)
    (ws / "hub" / "core.py").write_text(CORE)
    (ws / "hub" / "__main__.py").write_text("raise SystemExit('never imported')\n")
    return ws


def edit(path: str, old: str, new: str):
    """A scripted step: replace ``old`` with ``new`` in ``path`` (relative to the workspace)."""
    def step(ws: Path, paths: Sequence[str]) -> StepResult:
        target = ws / path
        text = target.read_text()
        assert old in text
        target.write_text(text.replace(old, new))
        return StepResult("edit", ["edit", path], 0, 0.0)
    return step


def nothing(ws: Path, paths: Sequence[str]) -> StepResult:
    return StepResult("nothing", ["true"], 0, 0.0)


def test_modules_are_walked_without_main(tmp_path: Path):
    ws = synthetic(tmp_path)
    names = [m[0] for m in list_modules(ws, ["hub"])]
    assert names == ["hub", "hub.compat", "hub.core"]
    assert all(m[2] == "import" for m in list_modules(ws, ["hub"]))


def test_untouched_code_measures_zero(tmp_path: Path, project_python: Path):
    result = measure("hub", synthetic(tmp_path), ["hub"], project_python, [nothing])
    assert result.modules == 3 and result.skipped == {}
    assert (result.files_changed, result.lines_changed, result.broken) == (0, 0, {})
    assert result.changes == []


def test_a_removed_reexport_counts_its_line_and_the_broken_importers(tmp_path: Path,
                                                                      project_python: Path):
    step = edit("hub/compat.py", "from os.path import join as path_join  # re-exported: core "
                "imports it from here\n", "")
    result = measure("hub", synthetic(tmp_path), ["hub"], project_python, [step])
    assert (result.files_changed, result.lines_added, result.lines_removed) == (1, 0, 1)
    # hub.compat too: importing it imports the hub first, which imports core
    assert sorted(result.broken) == ["hub", "hub.compat", "hub.core"]
    assert "cannot import name 'path_join'" in result.broken["hub.core"]
    (change,) = result.changes
    assert change.file == "hub/compat.py" and change.module == "hub.compat"
    assert change.kind == "removed re-exported import" and change.broke
    assert any("path_join <- hub/core.py" in said for said in change.nca_said)


def test_an_import_the_project_env_lacks_is_named_and_breaks(tmp_path: Path,
                                                            project_python: Path):
    # the module exists in the interpreter running the tests, not in the project's venv
    step = edit("hub/core.py", "from .compat", "import pytest\nfrom .compat")
    result = measure("hub", synthetic(tmp_path), ["hub"], project_python, [step])
    assert (result.files_changed, result.lines_added, result.lines_removed) == (1, 1, 0)
    assert sorted(result.broken) == ["hub", "hub.compat", "hub.core"]
    assert "No module named 'pytest'" in result.broken["hub.core"]
    (change,) = result.changes
    assert change.kind == "added import of a module not in the project env" and change.broke


def test_a_renamed_guarded_attribute_is_an_edit_that_breaks_nothing(tmp_path: Path,
                                                                     project_python: Path):
    step = edit("hub/compat.py", "BUILD = sys.pypy_version_info[:2]", "BUILD = sys.version_info[:2]")
    result = measure("hub", synthetic(tmp_path), ["hub"], project_python, [step])
    assert (result.files_changed, result.lines_added, result.lines_removed) == (1, 1, 1)
    assert result.broken == {}  # the guard is False off PyPy: nothing shows at import
    assert [c.kind for c in result.changes] == ["renamed a name or attribute"]
    assert [c.step for c in result.changes] == ["edit"]


def test_each_step_is_diffed_on_its_own_and_a_smoke_check_catches_behaviour(
        tmp_path: Path, project_python: Path):
    # two steps: the first renames the call greet makes (imports still work), the second
    # removes a blank line; the smoke check is what sees the rename
    first = edit("hub/core.py", "text_type(path_join(", "text_type(path_joined(")
    second = edit("hub/compat.py", "\n\nPYPY =", "\nPYPY =")
    code = "import hub\nassert hub.greet('x') == 'hello/x'\n"
    result = measure("hub", synthetic(tmp_path), ["hub"], project_python, [first, second],
                     smoke_code=code)
    assert result.broken == {} and result.smoke_broken
    assert "path_joined" in result.smoke
    assert [(c.step, c.file) for c in result.changes] == [("edit", "hub/core.py"),
                                                         ("edit", "hub/compat.py")]
    assert (result.files_changed, result.lines_added, result.lines_removed) == (2, 1, 2)


def test_a_smoke_check_failing_on_pristine_code_is_not_counted(tmp_path: Path,
                                                               project_python: Path):
    result = measure("hub", synthetic(tmp_path), ["hub"], project_python, [nothing],
                     smoke_code="raise SystemExit(3)")
    assert result.smoke.startswith("failed before") and not result.smoke_broken


def test_the_workspace_says_the_package_requires_python(tmp_path: Path):
    ws = synthetic(tmp_path)
    make_workspace(ws, "hub", ">=3.9")
    assert 'requires-python = ">=3.9"' in (ws / "pyproject.toml").read_text()


def test_modules_broken_before_are_skipped_not_counted(tmp_path: Path, project_python: Path):
    ws = synthetic(tmp_path)
    (ws / "hub" / "win.py").write_text("import winreg_not_here\n")
    result = measure("hub", ws, ["hub"], project_python, [nothing])
    assert result.modules == 3 and list(result.skipped) == ["hub.win"]
    assert result.broken == {}


def test_standard_library_copies_are_executed_by_file(tmp_path: Path, project_python: Path):
    ws = tmp_path / "ws"
    ws.mkdir()
    for name in ("textwrap", "functools"):  # functools is loaded (even frozen) at start-up
        shutil.copy(Path(shutil.__file__).with_name(f"{name}.py"), ws / f"{name}.py")
    paths = ["functools.py", "textwrap.py"]
    assert [m[2] for m in list_modules(ws, paths, by_file=True)] == ["file", "file"]
    step = edit("textwrap.py", "import re", "import re\nimport re.nope_not_here")
    result = measure("stdlib", ws, paths, project_python, [step], by_file=True)
    assert result.modules == 2 and list(result.broken) == ["textwrap"]


def test_a_deleted_module_found_elsewhere_still_counts_as_broken(tmp_path: Path):
    # the copy shadows an importable module; once it is gone, the import must not pass
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "colorsys").mkdir()
    (ws / "colorsys" / "__init__.py").write_text("X = 1\n")
    modules = list_modules(ws, ["colorsys"])
    assert check_imports(sys.executable, ws, modules) == {"colorsys": "ok"}
    shutil.rmtree(ws / "colorsys")
    assert "outside the copy" in check_imports(sys.executable, ws, modules)["colorsys"]


@pytest.mark.parametrize(("hunk", "kind"), [
    ("@@ -1 +1,2 @@\n+import numpy\n x = 1", "added import"),
    ("@@ -1,2 +1 @@\n-from .a import b\n x = 1", "removed import"),
    ("@@ -1,3 +1 @@\n-def api():\n-    return 1\n x = 1", "removed public definition"),
    ("@@ -1,3 +1 @@\n-def _helper():\n-    return 1\n x = 1", "removed private definition"),
    ("@@ -1 +1 @@\n-y = sys.pypy_version_info\n+y = sys.version_info",
     "renamed a name or attribute"),
    ("@@ -1,4 +1 @@\n-from x import (\n-    a,\n-    b,\n-)\n y = 1", "removed import"),
    ("@@ -1 +1 @@\n-    value = f(x)\n+    f(x)", "dropped an unused assignment (kept the value)"),
    ("@@ -1 +1 @@\n-except E as e:\n+except E:", "dropped an unused `except ... as` name"),
    ("@@ -1 +1 @@\n-    from _x import __doc__\n+    pass", "removed import (left `pass`)"),
    ("@@ -1 +1 @@\n-x = a + b\n+x = a - b", "edited code"),
    ("@@ -1,4 +1,3 @@\n from a import (\n     x,\n-    y,\n )", "removed import"),
    ("@@ -1,3 +1,2 @@\n f(\n     x,\n-    y,\n )", "removed code"),
])
def test_hunks_are_classified(hunk: str, kind: str):
    assert classify(hunk) == kind


def test_totals_and_the_changes_list_are_per_split():
    a = Result("a", "dev", files_changed=1, lines_added=2, modules=3, broken={"a.x": "boom"})
    b = Result("b", "heldout", lines_removed=4, modules=5)
    sums = totals([a, b])
    assert sums["dev"]["lines_changed"] == 2 and sums["dev"]["modules_broken"] == 1
    assert sums["heldout"]["lines_changed"] == 4 and sums["heldout"]["modules_broken"] == 0
    assert sums["all"]["modules"] == 8 and sums["all"]["packages"] == 2
    assert "`a.x`: boom" in markdown_changes([a, b])


def test_the_package_set_covers_both_splits_and_enough_real_packages():
    real = [p for p in ALL if not p.is_stdlib]
    assert len(real) >= 12 and all("==" in p.requirement for p in real)
    assert {p.split for p in ALL} == {"dev", "heldout"}
    assert 20 <= len(STDLIB_DEV) + len(STDLIB_HELDOUT) <= 60
    assert not set(STDLIB_DEV) & set(STDLIB_HELDOUT)
    assert [p.name for p in select(quick=True)] == list(QUICK)
    assert [p.name for p in select("six,idna")] == ["six", "idna"]
    assert all(p.split == "heldout" for p in select(split="heldout"))
    with pytest.raises(ValueError, match="unknown"):
        select("nope")


def test_list_prints_the_packages(capsys: pytest.CaptureFixture[str]):
    assert main(["--list", "--quick"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in QUICK)


def test_nca_leaves_the_synthetic_package_untouched(tmp_path: Path, project_python: Path):
    result = measure("hub", synthetic(tmp_path), ["hub"], project_python,
                     nca_steps(project_python, timeout=240))
    assert all(s.returncode is not None for s in result.steps)
    assert (result.lines_changed, result.broken) == (0, {}), markdown_changes([result])


def test_nca_keeps_the_reexport_hub_importable(tmp_path: Path, project_python: Path):
    result = measure("hub", synthetic(tmp_path), ["hub"], project_python,
                     nca_steps(project_python, timeout=240))
    assert [s.name for s in result.steps] == ["fix", "clean"]
    assert all(s.returncode is not None for s in result.steps)  # neither timed out
    assert result.modules == 3
    assert {"hub", "hub.core"}.isdisjoint(result.broken), markdown_changes([result])
