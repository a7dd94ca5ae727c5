"""After ``--write``: writes that took away names other modules import, or that stop a module
importing, are restored from their backups (nca.admin.aftercheck, restore_broken)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nca.admin.aftercheck import (
    import_breaks,
    import_outcomes,
    modules_of,
    restore_broken,
    static_breaks,
)
from nca.admin.dispatcher import Dispatcher
from nca.admin.memory import BuildTips
from nca.admin.reports import FileReport
from nca.workers.backups.gitter import atomic_write, backup, list_backups
from nca.workers.core.types import BackupRequest
from nca.workers.debugging.linting import RuffLinter
from nca.workers.facts.namegraph import NameGraph
from nca.workers.facts.workspace_index import WorkspaceIndex

PYPROJECT = "[project]\nname = 'p'\n"


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)


def project_linter(root: Path) -> RuffLinter:
    graph = NameGraph(root, WorkspaceIndex(root, rescan_interval=0).module_paths)
    return RuffLinter(root=root, graph=graph)


# --------------------------------------------------------------------------- (a) static

COMPAT = "from os import path\nimport json\n"
STATIC = {
    "pyproject.toml": PYPROJECT,
    "pkg/__init__.py": "",
    "pkg/compat.py": COMPAT,
    "pkg/util.py": "from .compat import path\n\n\ndef f():\n    return path.join('a')\n",
}


def test_a_write_that_takes_away_an_imported_name_is_a_static_break(tmp_path):
    write(tmp_path, STATIC)
    broken = static_breaks(project_linter(tmp_path),
                           [("pkg/compat.py", COMPAT, "import json\n")])
    assert list(broken) == ["pkg/compat.py"]
    assert "pkg/util.py" in broken["pkg/compat.py"] and "`path`" in broken["pkg/compat.py"]


def test_removing_a_name_nobody_imports_is_no_static_break(tmp_path):
    write(tmp_path, STATIC)
    linter = project_linter(tmp_path)
    assert static_breaks(linter, [("pkg/compat.py", COMPAT, "from os import path\n")]) == {}
    # a file nobody imports from may lose anything
    assert static_breaks(linter, [("pkg/util.py", STATIC["pkg/util.py"], "")]) == {}


def test_only_the_written_file_that_broke_an_importer_is_blamed(tmp_path):
    write(tmp_path, STATIC)
    broken = static_breaks(project_linter(tmp_path), [
        ("pkg/util.py", STATIC["pkg/util.py"], STATIC["pkg/util.py"] + "\nX = 1\n"),
        ("pkg/compat.py", COMPAT, "import json\n"),
    ])
    assert list(broken) == ["pkg/compat.py"]


def test_without_a_name_graph_nothing_is_a_static_break(tmp_path):
    write(tmp_path, STATIC)
    assert static_breaks(object(), [("pkg/compat.py", COMPAT, "")]) == {}
    assert static_breaks(RuffLinter(root=tmp_path), [("pkg/compat.py", COMPAT, "")]) == {}


# --------------------------------------------------------------------------- (b) importing

RUNTIME = {
    "pyproject.toml": PYPROJECT,
    "pkg/__init__.py": "",
    "pkg/good.py": "import json\n\nDUMP = json.dumps\n",
    "pkg/fine.py": "import os\n\nX = 1\n",
    "pkg/already.py": "raise RuntimeError('broken before any edit')\n",
}


def test_import_outcomes_reports_each_module(tmp_path):
    write(tmp_path, RUNTIME)
    out = import_outcomes(sys.executable, tmp_path, ["pkg.good", "pkg.already", "pkg.nope"])
    assert out["pkg.good"] == ""
    assert out["pkg.already"] == "RuntimeError: broken before any edit"
    assert out["pkg.nope"].startswith("ModuleNotFoundError")


def test_import_outcomes_reads_the_overrides_and_leaves_the_workspace_alone(tmp_path):
    write(tmp_path, RUNTIME)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    out = import_outcomes(sys.executable, tmp_path, ["pkg.good"],
                          {"pkg/good.py": "DUMP = json.dumps\n"})
    assert out == {"pkg.good": "NameError: name 'json' is not defined"}
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # the override went to the scratch copy only


def test_import_outcomes_reports_exits_and_hangs(tmp_path):
    write(tmp_path, {**RUNTIME, "pkg/quits.py": "raise SystemExit(3)\n",
                     "pkg/hangs.py": "while True:\n    pass\n"})
    out = import_outcomes(sys.executable, tmp_path, ["pkg.quits", "pkg.good"])
    assert out == {"pkg.quits": "SystemExit: 3", "pkg.good": ""}
    out = import_outcomes(sys.executable, tmp_path, ["pkg.hangs"], timeout=2)
    assert out == {"pkg.hangs": "import did not finish within 2 s"}


def test_import_outcomes_of_nothing_runs_nothing(tmp_path):
    assert import_outcomes("/no/such/python", tmp_path, []) == {}
    out = import_outcomes(str(tmp_path / "no-python"), tmp_path, ["pkg.good"])
    assert out["pkg.good"].startswith("cannot run")


def test_modules_of_paths():
    assert modules_of(["pkg/a.py", "pkg/__init__.py", "src/lib/m.py", "notes.txt",
                       "my-script.py"]) == ["lib.m", "pkg", "pkg.a"]


def test_a_written_module_that_stops_importing_is_reported(tmp_path):
    write(tmp_path, RUNTIME)
    good = RUNTIME["pkg/good.py"]
    broken = import_breaks(sys.executable, tmp_path, [
        ("pkg/good.py", good, "DUMP = json.dumps\n"),          # raises NameError after
        ("pkg/fine.py", RUNTIME["pkg/fine.py"], "X = 1\n"),    # imports fine after
    ])
    assert list(broken) == ["pkg/good.py"]
    assert "`import pkg.good` worked before the edit and fails after" in broken["pkg/good.py"]
    assert "NameError" in broken["pkg/good.py"]


def test_a_module_that_failed_before_the_edit_is_not_blamed(tmp_path):
    write(tmp_path, RUNTIME)
    old = RUNTIME["pkg/already.py"]
    assert import_breaks(sys.executable, tmp_path, [
        ("pkg/already.py", old, old + "\nY = undefined_name\n")]) == {}


def test_an_importer_that_stops_importing_blames_every_written_file(tmp_path):
    files = {**RUNTIME, "pkg/user.py": "from pkg.fine import X\n\nZ = X + 1\n"}
    write(tmp_path, files)
    broken = import_breaks(sys.executable, tmp_path, [
        ("pkg/fine.py", files["pkg/fine.py"], "import os\n\nX = '1'\n"),
        ("pkg/good.py", files["pkg/good.py"], files["pkg/good.py"] + "\nW = 2\n"),
    ], also=["pkg.user"])
    assert set(broken) == {"pkg/fine.py", "pkg/good.py"}
    assert all("`import pkg.user` worked before" in why for why in broken.values())


def test_a_src_layout_is_imported_from_src(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "src/lib/__init__.py": "",
                     "src/lib/m.py": "import json\n\nD = json.dumps\n"})
    broken = import_breaks(sys.executable, tmp_path, [
        ("src/lib/m.py", "import json\n\nD = json.dumps\n", "D = json.dumps\n")])
    assert list(broken) == ["src/lib/m.py"] and "`import lib.m`" in broken["src/lib/m.py"]


# --------------------------------------------------------------------------- (c) through fix_paths

# `import pkg.plugin_a` is unused as far as ruff can tell (F401, a verified ruff fix removes
# it), but importing it registers the handler that `app` looks up when it is imported
PLUGINS = {
    "pyproject.toml": PYPROJECT,
    "pkg/__init__.py": "",
    "pkg/registry.py": ("REGISTRY = {}\n\n\ndef register(name):\n    def deco(fn):\n"
                        "        REGISTRY[name] = fn\n        return fn\n    return deco\n"),
    "pkg/plugin_a.py": ("from pkg.registry import register\n\n\n@register('a')\n"
                        "def handle(x):\n    return x\n"),
    "pkg/app.py": "from pkg.registry import REGISTRY\nimport pkg.plugin_a\n\nHANDLER = REGISTRY['a']\n",
}
# a name only a string uses: ruff calls `json` unused, eval needs it when the module loads
EVAL_APP = b'import json\n\nDUMP = eval("json.dumps")\n'


@pytest.fixture
def plugins(tmp_path):
    write(tmp_path, PLUGINS)
    return tmp_path


def test_without_the_import_check_the_runtime_break_is_written(plugins):
    # what the import check is for: the static checks do not see this one
    (report,) = Dispatcher(plugins, record=False).fix_paths([plugins / "pkg/app.py"], write=True)
    assert report.written and report.fixes_verified
    assert "import pkg.plugin_a" not in (plugins / "pkg/app.py").read_text()


def test_a_verified_fix_that_breaks_the_import_is_restored(plugins):
    original = (plugins / "pkg/app.py").read_bytes()
    (report,) = Dispatcher(plugins).fix_paths([plugins / "pkg/app.py"], write=True,
                                              import_check=True)
    assert [f.kind for f in report.fixes] == ["ruff-fix"] and report.fixes[0].verified
    assert (plugins / "pkg/app.py").read_bytes() == original
    assert not report.written and not report.fixes_verified and not report.verified
    assert report.backup_id
    assert report.reason.startswith(f"restored from backup {report.backup_id[:12]}: ")
    assert "`import pkg.app` worked before the edit and fails after: KeyError: 'a'" in report.reason
    # a write that was taken back teaches nothing
    assert BuildTips(plugins).load()["tips"] == []


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_only_the_module_that_broke_is_restored_byte_for_byte(tmp_path, newline):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "",
                     "pkg/evals.py": EVAL_APP.replace(b"\n", newline),
                     "pkg/fine.py": b"import os\n\nX = 1\n".replace(b"\n", newline)})
    original = (tmp_path / "pkg/evals.py").read_bytes()
    reports = Dispatcher(tmp_path, record=False).fix_paths([tmp_path / "pkg"], write=True,
                                                           import_check=True)
    by_path = {r.path: r for r in reports}
    evals, fine = by_path["pkg/evals.py"], by_path["pkg/fine.py"]
    assert (tmp_path / "pkg/evals.py").read_bytes() == original
    assert not evals.written and "restored from backup" in evals.reason
    assert "NameError: name 'json' is not defined" in evals.reason
    assert fine.written and fine.verified and not fine.reason
    assert b"import os" not in (tmp_path / "pkg/fine.py").read_bytes()


def test_an_importer_that_breaks_restores_the_write(tmp_path):
    # `a` itself imports fine without `json`; `d` reads it through a function's globals
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "",
                     "pkg/a.py": "import json\n\n\ndef f():\n    return 1\n",
                     "pkg/d.py": "from pkg.a import f\n\nDUMPS = f.__globals__['json'].dumps\n"})
    original = (tmp_path / "pkg/a.py").read_bytes()
    (report,) = Dispatcher(tmp_path, record=False).fix_paths([tmp_path / "pkg/a.py"],
                                                             write=True, import_check=True)
    assert (tmp_path / "pkg/a.py").read_bytes() == original and not report.written
    assert "`import pkg.d` worked before the edit and fails after: KeyError: 'json'" in report.reason


def test_a_module_that_prints_at_import_is_still_checked(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "",
                     "pkg/loud.py": 'import json\n\nprint("loading")\nDUMP = eval("json.dumps")\n'})
    original = (tmp_path / "pkg/loud.py").read_bytes()
    (report,) = Dispatcher(tmp_path, record=False).fix_paths([tmp_path / "pkg/loud.py"],
                                                             write=True, import_check=True)
    assert (tmp_path / "pkg/loud.py").read_bytes() == original
    assert not report.written and "restored from backup" in report.reason


def test_a_module_importing_the_written_one_whole_is_checked_too(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "",
                     "pkg/a.py": "import json\n\n\ndef f():\n    return 1\n",
                     "pkg/c.py": "import pkg.a\n\nDUMPS = getattr(pkg.a, 'json').dumps\n"})
    original = (tmp_path / "pkg/a.py").read_bytes()
    (report,) = Dispatcher(tmp_path, record=False).fix_paths([tmp_path / "pkg/a.py"],
                                                             write=True, import_check=True)
    assert (tmp_path / "pkg/a.py").read_bytes() == original and not report.written


def _written_report(root: Path, rel: str, original: str, new: str) -> FileReport:
    """Back up ``rel`` with the gitter and write ``new`` over it, as Dispatcher.write_fixed does."""
    record = backup(BackupRequest(workspace=str(root), files=((rel, original.encode()),),
                                  message=f"nca fix {rel}"))
    atomic_write(root / rel, new.encode())
    return FileReport(rel, "fixed", True, original, new, backup_id=record.id, written=True,
                      fixes_verified=True)


def test_after_write_restores_a_static_break_without_running_code(tmp_path):
    write(tmp_path, STATIC)
    original = (tmp_path / "pkg/compat.py").read_bytes()
    dispatcher = Dispatcher(tmp_path, record=False)
    report = _written_report(tmp_path, "pkg/compat.py", COMPAT, "import json\n")
    untouched = FileReport("pkg/other.py", "unchanged", False, "", "")
    out = restore_broken(dispatcher, [report, untouched], import_check=False)
    assert (tmp_path / "pkg/compat.py").read_bytes() == original
    assert out[1] is untouched
    assert not out[0].written and not out[0].verified and not out[0].fixes_verified
    assert out[0].reason.startswith(f"restored from backup {report.backup_id[:12]}: ")
    assert "pkg/util.py imports `path`" in out[0].reason
    # the restore is itself backed up: the broken write can be looked at again
    assert len(list_backups(str(tmp_path))) == 2


def test_after_write_keeps_a_write_that_breaks_nothing(tmp_path):
    write(tmp_path, STATIC)
    report = _written_report(tmp_path, "pkg/compat.py", COMPAT, "from os import path\n")
    out = restore_broken(Dispatcher(tmp_path, record=False), [report], import_check=True)
    assert out == [report] and (tmp_path / "pkg/compat.py").read_text() == "from os import path\n"


def test_after_write_restores_an_import_break(tmp_path):
    write(tmp_path, RUNTIME)
    original = RUNTIME["pkg/good.py"]
    report = _written_report(tmp_path, "pkg/good.py", original, "DUMP = json.dumps\n")
    dispatcher = Dispatcher(tmp_path, record=False)
    # statically fine, so without the import check the write stays
    assert restore_broken(dispatcher, [report], import_check=False) == [report]
    (out,) = restore_broken(dispatcher, [report], import_check=True)
    assert (tmp_path / "pkg/good.py").read_text() == original
    assert not out.written and "restored from backup" in out.reason and "NameError" in out.reason


def test_a_static_break_in_one_file_does_not_hide_an_import_break_in_another(tmp_path):
    write(tmp_path, {**STATIC, **RUNTIME})
    original = RUNTIME["pkg/good.py"]
    static = _written_report(tmp_path, "pkg/compat.py", COMPAT, "import json\n")
    runtime = _written_report(tmp_path, "pkg/good.py", original, "DUMP = json.dumps\n")
    out = restore_broken(Dispatcher(tmp_path, record=False), [static, runtime], import_check=True)
    assert not out[0].written  # restored: pkg/util.py imports `path`
    assert (tmp_path / "pkg/good.py").read_text() == original and not out[1].written


# --------------------------------------------------------------------------- (d) the CLI


def nca(*args, cwd, timeout=180):
    return subprocess.run([sys.executable, "-m", "nca.server.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def test_cli_import_check_writes_what_breaks_nothing(tmp_path):
    write(tmp_path, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "",
                     "pkg/models.py": "import os\n\n\ndef area(w, h)\n    return w * h\n",
                     "pkg/use.py": "from pkg.models import area\n\nA = area(2, 3)\n"})
    out = nca("fix", "pkg", "--write", "--import-check", "--format", "json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr  # 0: nothing left unfixed
    reports = {r["path"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert set(reports) == {"pkg/__init__.py", "pkg/models.py", "pkg/use.py"}
    models = reports["pkg/models.py"]
    assert models["written"] and models["verified"] and "reason" not in models
    assert models["backup"]
    assert (tmp_path / "pkg/models.py").read_text().lstrip() == "def area(w, h):\n    return w * h\n"
    assert not reports["pkg/use.py"]["written"]
    assert "restored" not in out.stderr


def test_cli_import_check_restores_and_exits_1(plugins):
    original = (plugins / "pkg/app.py").read_bytes()
    out = nca("fix", "pkg/app.py", "--write", "--import-check", "--format", "json", cwd=plugins)
    assert out.returncode == 1, out.stderr  # a fix that did not verify in the end
    (report,) = map(json.loads, out.stdout.splitlines())
    assert report["written"] is False and report["reason"].startswith("restored from backup ")
    assert (plugins / "pkg/app.py").read_bytes() == original
