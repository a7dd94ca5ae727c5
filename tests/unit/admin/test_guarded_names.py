"""A name read in both branches of a platform guard is needed whatever the platform, and an
import that defines the name as something those reads cannot use is refused."""

import sys

import pytest

from nca.admin.dispatcher import Dispatcher
from nca.workers.core.types import Problem, VerifyRequest
from nca.workers.debugging.linting import RuffLinter
from nca.workers.facts.typecheck import TyServer, find_ty
from nca.workers.fixing.verify import verify

BOTH_BRANCHES = ("import sys\n\nif sys.platform == 'win32':\n    clock = time.perf_counter\n"
                 "else:\n    clock = time.time\n")
ONE_BRANCH = ("import sys\n\nif sys.version_info >= (3, 15):\n    KEYS = frozendict(a=1)\n"
              "else:\n    KEYS = {'a': 1}\n")


def test_a_name_read_in_both_branches_of_a_guard_is_fixed(tmp_path):
    report = Dispatcher(tmp_path, record=False, python=sys.executable).fix_text(
        BOTH_BRANCHES, "clock.py")
    assert report.text.startswith("import sys\nimport time\n") and report.fixes_verified


GUARD_READS = ("from __future__ import annotations\n\n\nif sys.version_info >= (3, 11):\n"
               "    from builtins import ExceptionGroup\nelse:\n    ExceptionGroup = None\n")


def test_a_name_the_guard_itself_reads_is_fixed(tmp_path):
    report = Dispatcher(tmp_path, record=False, python=sys.executable).fix_text(
        GUARD_READS, "errors.py")
    assert "import sys\n" in report.text and report.fixes_verified


def test_a_module_read_where_only_an_attribute_may_be_missing_is_fixed(tmp_path):
    text = ("def libc():\n    try:\n        return os.confstr('CS_GNU_LIBC_VERSION')\n"
            "    except (AttributeError, ValueError):\n        return None\n")
    report = Dispatcher(tmp_path, record=False, python=sys.executable).fix_text(text, "libc.py")
    assert report.text.startswith("import os\n") and report.fixes_verified


def test_a_name_read_in_one_branch_only_stays_a_suggestion(tmp_path):
    report = Dispatcher(tmp_path, record=False, python=sys.executable).fix_text(
        ONE_BRANCH, "keys.py")
    assert report.text == ONE_BRANCH


@pytest.mark.skipif(find_ty() is None, reason="ty is not installed (pip install ty)")
def test_an_import_the_reads_cannot_use_is_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    checker = TyServer(find_ty(), tmp_path, venv=sys.prefix)
    try:
        linter = RuffLinter(root=tmp_path, types=lambda: checker)
        original = "def stamp():\n    return time.perf_counter()\n"
        target = Problem("F821", "Undefined name `time`", 2, 12, source="ruff", symbol="time",
                         path="m.py")
        baseline = linter.lint(original, "m.py")

        def check(candidate):
            return verify(VerifyRequest(candidate_text=candidate, target=target,
                                        baseline=baseline, linter=linter, path="m.py",
                                        original=original))
        assert check("import time\n\n\n" + original).verified
        wrong = check("from datetime import time\n\n\n" + original)
        assert not wrong.verified and "perf_counter" in wrong.detail
    finally:
        checker.close()


HASATTR_OTHER = ("import os\n\n\ndef where(stream):\n    if hasattr(stream, 'fileno'):\n"
                 "        return os.getcdw()\n    return None\n")


def test_a_hasattr_about_another_object_does_not_guard_a_module_attribute(tmp_path):
    report = Dispatcher(tmp_path, record=False, python=sys.executable).fix_text(
        HASATTR_OTHER, "where.py")
    assert "os.getcwd()" in report.text and report.fixes_verified


def test_a_hasattr_about_the_module_guards_its_attributes(tmp_path):
    text = HASATTR_OTHER.replace("hasattr(stream, 'fileno')", "hasattr(os, 'fork')")
    report = Dispatcher(tmp_path, record=False, python=sys.executable).fix_text(text, "where.py")
    assert report.text == text


@pytest.mark.skipif(find_ty() is None, reason="ty is not installed (pip install ty)")
def test_what_the_checker_says_of_a_calls_arguments_does_not_refuse_the_import(tmp_path):
    # `text` is the instance here, as ty reads a method without `self`: no overload of
    # re.search takes it, with or without the import; the import itself is right
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    text = ("class Lexer:\n    def analyse_text(text):\n"
            "        return re.search(r'^x', text, re.M)\n")
    report = Dispatcher(tmp_path, record=False, python=sys.executable).fix_text(text, "lex.py")
    assert report.text.startswith("import re\n") and report.fixes_verified
