"""Verification sees the project: keyword typos, names other modules import, the project's ruff
configuration, guarded lines, and where an import may come from."""

import subprocess
import sys
from pathlib import Path

import pytest

from nca.admin.dispatcher import Dispatcher
from nca.workers.core.types import VerifyRequest
from nca.workers.debugging.linting import RuffLinter, lint_text
from nca.workers.engines.rules.syntax import repair
from nca.workers.facts.namegraph import NameGraph
from nca.workers.facts.workspace_index import WorkspaceIndex
from nca.workers.fixing.verify import implausible_syntax_fix, verify


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def check(candidate: str, original: str, *, linter=None, path: str = "<stdin>.py",
          target_code: str | None = None, target_symbol: str | None = None):
    """Return the verification of ``candidate`` against the first matching problem of ``original``."""
    linter = linter or RuffLinter()
    baseline = linter.lint(original, path)
    target = next(p for p in baseline
                  if (target_code is None or p.code == target_code)
                  and (target_symbol is None or p.symbol == target_symbol))
    return verify(VerifyRequest(candidate_text=candidate, target=target, baseline=baseline,
                                linter=linter, path=path, original=original))


# --------------------------------------------------------------------------- (a) keyword typos

KEYWORD_TYPOS = [
    ("def f(x):\n    retrun x\n", "def f(x):\n    return x\n"),
    ("class Y:\n    pass\n\n\nlass X(Y):\n    pass\n", "class Y:\n    pass\n\n\nclass X(Y):\n    pass\n"),
    ("def f(xs):\n    for x in xs:\n        yeild x\n", "def f(xs):\n    for x in xs:\n        yield x\n"),
    ("def f(x):\n    whiel x:\n        x -= 1\n", "def f(x):\n    while x:\n        x -= 1\n"),
    ("form os import path\n", "from os import path\n"),
    ("improt os\n", "import os\n"),
]


@pytest.mark.parametrize("broken, fixed", KEYWORD_TYPOS)
def test_the_misspelt_keyword_is_the_first_syntax_fix(broken, fixed):
    fixes = repair(broken)
    assert fixes and fixes[0].text == fixed
    assert "keyword" in fixes[0].title
    assert check(fixed, broken).verified


PARSE_ONLY = [
    # (original, a candidate that parses but makes no sense)
    ("def f(x):\n    retrun x\n", "def f(x):\n    retrun :x\n"),
    ("def f(x):\n    retrun x\n", "def f(x):\n    retrun ,x\n"),
    ("def f(x):\n    retrun x\n", "def f(x):\n    retrun(x)\n"),
    ("class Y:\n    pass\n\n\nlass X(Y):\n    pass\n", "class Y:\n    pass\n\n\nlass :X(Y)\npass\n"),
    ("class Y:\n    pass\n\n\nlass X(Y):\n    pass\n", "class Y:\n    pass\n\n\nlass :X(Y)\n"),
    ("improt os\n", "improt :os\n"),
]


@pytest.mark.parametrize("original, candidate", PARSE_ONLY)
def test_a_fix_that_only_makes_the_text_parse_is_rejected(original, candidate):
    compile(candidate, "<candidate>", "exec")  # it does parse
    v = check(candidate, original)
    assert v.target_gone and not v.verified
    assert {p.code for p in v.new_problems} & {"F842", "F821", "NCA202"}
    assert "new problems" in v.detail


def test_the_rules_engine_applies_the_keyword_not_the_annotation(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    report = Dispatcher(tmp_path, record=False).fix_text("def f(x):\n    retrun x\n", "m.py")
    assert (report.status, report.text) == ("fixed", "def f(x):\n    return x\n"), report.reason


@pytest.mark.parametrize("original, candidate", [
    # the author's own bare annotation, on a line the fix did not touch
    ("def f(x)\n    y: int\n    return x\n", "def f(x):\n    y: int\n    return x\n"),
    # ... and on the line the fix changed
    ("from typing import List\nx: List[int\n", "from typing import List\nx: List[int]\n"),
])
def test_the_authors_own_annotations_are_no_sign_of_a_parse_only_fix(original, candidate):
    assert implausible_syntax_fix(original, candidate, lint_text(candidate)) == ()
    assert check(candidate, original).verified


@pytest.mark.parametrize("original, candidate", [
    ("print(foo(a, b)\n", "print(foo(a, b))\n"),
    ("def show(tree):\n    print(tree.root, node.value\n",
     "def show(tree):\n    print(tree.root, node.value)\n"),
])
def test_an_undefined_argument_near_a_keyword_does_not_block_a_syntax_fix(original, candidate):
    assert check(candidate, original).verified


# --------------------------------------------------------------------------- (b) cross-module

COMPAT = "from os import path\nimport json\n"
PROJECT = {
    "pyproject.toml": "[project]\nname = 'p'\n",
    "pkg/__init__.py": "",
    "pkg/compat.py": COMPAT,
    "pkg/util.py": "from .compat import path\n\n\ndef f():\n    return path.join('a')\n",
}


def project_linter(root: Path) -> RuffLinter:
    graph = NameGraph(root, WorkspaceIndex(root, rescan_interval=0).module_paths)
    return RuffLinter(root=root, graph=graph)


def test_removing_an_import_another_module_imports_does_not_verify(tmp_path):
    write(tmp_path, PROJECT)
    linter = project_linter(tmp_path)
    baseline = linter.lint(COMPAT, "pkg/compat.py")
    assert {p.symbol for p in baseline if p.code == "F401"} == {"os.path", "json"}
    v = check("import json\n", COMPAT, linter=linter, path="pkg/compat.py", target_symbol="os.path")
    assert v.target_gone and not v.verified
    assert [(p.code, p.path, p.line, p.symbol) for p in v.new_problems] == [
        ("NCA201", "pkg/util.py", 1, "path")]
    assert "pkg/util.py" in v.detail
    # the import nobody uses may go
    v = check("from os import path\n", COMPAT, linter=linter, path="pkg/compat.py",
              target_symbol="json")
    assert v.verified, v.detail


def test_without_the_graph_the_same_removal_verifies(tmp_path):
    write(tmp_path, PROJECT)
    v = check("import json\n", COMPAT, linter=RuffLinter(root=tmp_path), path="pkg/compat.py",
              target_symbol="os.path")
    assert v.verified  # the graph is what protects the re-export


@pytest.mark.parametrize("importer", [
    "import pkg.compat as c\n\nprint(c.path)\n",
    "from pkg import compat\n\nprint(compat.path)\n",
    "import pkg.compat\n\nprint(pkg.compat.path)\n",
    "from pkg.compat import path as p\n",
])
def test_every_way_of_importing_the_name_protects_it(tmp_path, importer):
    write(tmp_path, {**PROJECT, "pkg/util.py": importer})
    v = check("import json\n", COMPAT, linter=project_linter(tmp_path), path="pkg/compat.py",
              target_symbol="os.path")
    assert not v.verified and [p.code for p in v.new_problems] == ["NCA201"]


def test_a_star_importer_protects_public_names_only(tmp_path):
    compat = "from os import path\nimport json as _json\n"
    write(tmp_path, {**PROJECT, "pkg/compat.py": compat,
                     "pkg/util.py": "from .compat import *\n\nprint(path)\n"})
    linter = project_linter(tmp_path)
    v = check("import json as _json\n", compat, linter=linter, path="pkg/compat.py",
              target_symbol="os.path")
    assert not v.verified
    assert [(p.code, p.path) for p in v.new_problems] == [("NCA201", "pkg/util.py")]
    assert "every public name" in v.new_problems[0].message
    v = check("from os import path\n", compat, linter=linter, path="pkg/compat.py",
              target_symbol="json")
    assert v.verified, v.detail


def test_a_submodule_imported_through_the_package_needs_no_binding(tmp_path):
    init = "from . import compat\n"
    write(tmp_path, {**PROJECT, "pkg/__init__.py": init,
                     "app.py": "from pkg import compat\n\nprint(compat.path)\n"})
    v = check("", init, linter=project_linter(tmp_path), path="pkg/__init__.py",
              target_code="F401")
    assert v.verified, v.detail  # `from pkg import compat` imports the submodule anyway


# --------------------------------------------------------------------------- (c) the dispatcher


def test_fix_file_keeps_the_re_export(tmp_path, monkeypatch):
    write(tmp_path, PROJECT)
    monkeypatch.chdir(tmp_path)
    report = Dispatcher(tmp_path, record=False).fix_file("pkg/compat.py")
    assert "from os import path" in report.text.splitlines()
    # a compatibility module's imports are its API: even the one nothing here uses is only
    # suggested for removal, never removed
    assert "import json" in report.text and report.fixes == ()
    assert any("json" in s.title for s in report.suggestions)
    assert not report.verified
    # the file the re-export serves is untouched, and so is the file itself
    assert (tmp_path / "pkg" / "compat.py").read_text() == COMPAT


def test_fix_file_of_a_module_that_only_re_exports_changes_nothing(tmp_path, monkeypatch):
    write(tmp_path, {**PROJECT, "pkg/compat.py": "from os import path\n"})
    monkeypatch.chdir(tmp_path)
    report = Dispatcher(tmp_path, record=False).fix_file("pkg/compat.py")
    assert report.status != "fixed" and report.text == "from os import path\n"
    assert report.fixes == ()


# --------------------------------------------------------------------------- (d) ruff config


def ruff_project(root: Path, lint_section: str) -> None:
    write(root, {"pyproject.toml": f"[project]\nname = 'p'\n\n[tool.ruff.lint]\n{lint_section}\n",
                 "pkg/__init__.py": "", "pkg/compat.py": "import json\n",
                 "pkg/other.py": "import json\n"})


def test_per_file_ignores_are_respected(tmp_path, monkeypatch):
    ruff_project(tmp_path, 'per-file-ignores = {"pkg/compat.py" = ["F401"]}')
    linter = RuffLinter(root=tmp_path)
    assert [p.code for p in linter.lint("import json\n", "pkg/compat.py")] == []
    assert [p.code for p in linter.lint("import json\n", "pkg/other.py")] == ["F401"]
    assert not linter.reports("F401", "pkg/compat.py")
    assert linter.reports("F401", "pkg/other.py")
    monkeypatch.chdir(tmp_path)
    dispatcher = Dispatcher(tmp_path, record=False)
    compat = dispatcher.fix_file("pkg/compat.py")
    assert compat.status == "unchanged" and compat.text == "import json\n"
    assert compat.errors_before == ()
    other = dispatcher.fix_file("pkg/other.py")
    assert other.status == "fixed" and other.text == ""


@pytest.mark.parametrize("lint_section, f841", [('ignore = ["F401"]', True),
                                                ('select = ["E"]', False),
                                                ('select = ["E", "W"]\nignore = ["E501"]', False)])
def test_a_project_that_does_not_select_f401_keeps_its_imports(tmp_path, monkeypatch,
                                                               lint_section, f841):
    ruff_project(tmp_path, lint_section)
    linter = RuffLinter(root=tmp_path)
    assert linter.reports("F401", "pkg/compat.py") is False
    assert linter.reports("F841", "pkg/compat.py") is f841
    # errors are not clean-ups: always reported
    assert linter.reports("F821", "pkg/compat.py") is True
    monkeypatch.chdir(tmp_path)
    report = Dispatcher(tmp_path, record=False).fix_file("pkg/compat.py")
    assert report.text == "import json\n" and report.fixes == ()


def test_a_project_that_selects_f_gets_its_unused_imports_removed(tmp_path, monkeypatch):
    ruff_project(tmp_path, 'select = ["E", "F"]')
    assert RuffLinter(root=tmp_path).reports("F401", "pkg/compat.py") is True
    monkeypatch.chdir(tmp_path)
    report = Dispatcher(tmp_path, record=False).fix_file("pkg/other.py")
    assert report.status == "fixed" and report.text == ""
    # a compatibility module keeps its imports (its API): removal is only suggested
    report = Dispatcher(tmp_path, record=False).fix_file("pkg/compat.py")
    assert report.text == "import json\n" and report.suggestions


def test_an_ignored_f401_is_not_an_error_left(tmp_path, monkeypatch):
    ruff_project(tmp_path, 'ignore = ["F401"]')
    monkeypatch.chdir(tmp_path)
    report = Dispatcher(tmp_path, record=False).fix_file("pkg/compat.py")
    assert report.errors_after == () and report.status == "unchanged"


def test_noqa_is_respected(tmp_path, monkeypatch):
    ruff_project(tmp_path, 'select = ["E", "F"]')
    text = "import json  # noqa: F401\nimport os  # noqa\n"
    (tmp_path / "pkg" / "compat.py").write_text(text)
    assert RuffLinter(root=tmp_path).lint(text, "pkg/compat.py") == ()
    assert RuffLinter().lint(text, "stdin.py") == ()
    monkeypatch.chdir(tmp_path)
    report = Dispatcher(tmp_path, record=False).fix_file("pkg/compat.py")
    assert report.status == "unchanged" and report.text == text


# --------------------------------------------------------------------------- (e) guards

GUARDED = ('import sys\nif hasattr(sys, "pypy_version_info"):\n'
           '    v = sys.pypy_version_info  # type: ignore[attr-defined]\n')


@pytest.mark.parametrize("text", [
    GUARDED,
    'import sys\nif hasattr(sys, "pypy_version_info"):\n    v = sys.pypy_version_info\n',
    "import sys\nv = sys.pypy_version_info  # type: ignore[attr-defined]\n",
    'import sys\nif sys.implementation.name == "pypy":\n    v = sys.pypy_version_info\n',
])
def test_guarded_or_marked_attributes_are_left_alone(tmp_path, monkeypatch, text):
    write(tmp_path, {"pyproject.toml": "[project]\nname = 'p'\n", "m.py": text})
    monkeypatch.chdir(tmp_path)
    dispatcher = Dispatcher(tmp_path, record=False)
    assert [p.code for p in dispatcher.linter.lint(text, "m.py")] == []
    report = dispatcher.fix_file("m.py")
    assert report.status == "unchanged" and report.text == text and report.fixes == ()


def test_the_same_attribute_unguarded_is_reported(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    dispatcher = Dispatcher(tmp_path, record=False)
    problems = dispatcher.linter.lint("import sys\nv = sys.pypy_version_info\n", "m.py")
    assert [(p.code, p.symbol) for p in problems] == [("NCA101", "pypy_version_info")]


# --------------------------------------------------------------------------- (f) imports


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A project interpreter with nothing installed (no pandas, no numpy, no attrs)."""
    env = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True,
                   capture_output=True, timeout=120)
    return str(env / "bin" / "python")


def fix_one(root: Path, text: str, python: str | None = None, path: str = "pkg/app.py"):
    write(root, {"pyproject.toml": "[project]\nname = 'p'\n", "pkg/__init__.py": "", path: text})
    return Dispatcher(root, record=False, python=python).fix_text(text, path)


def applied(report) -> list[str]:
    return [f.title for f in report.fixes]


def test_pd_without_pandas_is_not_imported_from_turtle(tmp_path, bare_python):
    report = fix_one(tmp_path, "def f(xs):\n    return pd.DataFrame(xs)\n", bare_python)
    assert not any("turtle" in title for title in applied(report))
    assert "turtle" not in report.text


def test_pd_without_pandas_gets_no_fix_applied(tmp_path, bare_python):
    report = fix_one(tmp_path, "def f(xs):\n    return pd.DataFrame(xs)\n", bare_python)
    assert report.fixes == () and "pd.DataFrame" in report.text


def test_pd_with_pandas_installed_is_imported_as_pandas(tmp_path):
    venv = tmp_path / "with-pandas"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   capture_output=True, timeout=120)
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    write(venv / "lib" / version / "site-packages",
          {"pandas/__init__.py": "class DataFrame:\n    def __init__(self, data=None):\n"
                                 "        self.data = data\n"})
    report = fix_one(tmp_path / "ws", "def f(xs):\n    return pd.DataFrame(xs)\n",
                     str(venv / "bin" / "python"))
    assert applied(report) == ["Add `import pandas as pd`"]


def test_a_dict_key_a_is_not_imported_from_re(tmp_path):
    report = fix_one(tmp_path, "def f():\n    return {A: 1}\n")
    assert not any("from re import A" in title for title in applied(report))
    assert "from re import" not in report.text
    assert any("from re import A" in s.title for s in report.suggestions)


def test_ordered_dict_comes_from_collections(tmp_path):
    report = fix_one(tmp_path, "def f():\n    return OrderedDict()\n")
    assert applied(report) == ["Add `from collections import OrderedDict`"]
    assert report.text.startswith("from collections import OrderedDict\n")


@pytest.mark.parametrize("defining, title, shown", [
    ({"tests/__init__.py": "", "tests/test_helpers.py": "def make_widget():\n    return 1\n"},
     "from tests.test_helpers import make_widget", True),
    # `conftest` is not importable from the root at all: with a type checker the import is
    # refused outright (unresolved), without one it is only a suggestion
    ({"tests/conftest.py": "def make_widget():\n    return 1\n"},
     "from conftest import make_widget", None),
    ({"script.py": "def make_widget():\n    return 1\n"}, "from script import make_widget", True),
])
def test_a_name_only_a_test_or_script_defines_is_not_imported(tmp_path, defining, title, shown):
    write(tmp_path, defining)
    report = fix_one(tmp_path, "def f():\n    return make_widget()\n")
    assert applied(report) == [] and "import make_widget" not in report.text
    # found, and shown for review: a suggestion, never applied
    if shown:
        assert any(title in s.title for s in report.suggestions)


def test_a_name_a_package_module_defines_is_imported(tmp_path):
    write(tmp_path, {"pkg/helpers.py": "def make_widget():\n    return 1\n"})
    report = fix_one(tmp_path, "def f():\n    return make_widget()\n")
    assert applied(report) == ["Add `from .helpers import make_widget`"]

