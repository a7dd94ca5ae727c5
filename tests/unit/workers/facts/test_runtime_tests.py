"""Version and platform tests decided for the project's interpreter, and only those."""

import ast

import pytest

from nca.workers.facts.runtime_tests import Runtime, decided, deciding_for, runtime, set_runtime

LINUX_311 = Runtime((3, 11), "linux", "cpython")
WINDOWS_38 = Runtime((3, 8), "win32", "cpython")

CASES = [
    ('sys.platform != "win32"', True, False),
    ('sys.platform.startswith(("linux", "darwin"))', True, False),
    ('sys.platform in {"linux", "android"}', True, False),
    ('os.name == "nt"', False, True),
    ('platform.system() == "Windows"', False, True),
    ('sys.implementation.name == "pypy"', False, False),
    ("sys.version_info >= (3, 9)", True, False),
    ("sys.version_info[:2] < (3, 10)", False, True),
    ("sys.version_info > (3, 11)", True, False),  # 3.11.x is past (3, 11)
    ("sys.version_info <= (3, 11)", False, True),
    ("(3, 8) < sys.version_info", True, True),
    ("sys.version_info.minor >= 11", True, False),
    ('not (sys.platform == "win32" or sys.version_info < (3, 9))', True, False),
    ('sys.platform == "win32" and FEATURE', False, None),
    ("TYPE_CHECKING", False, False),  # false while the code runs
    ("not typing.TYPE_CHECKING", True, True),
    # what the test alone cannot tell
    ("sys.version_info >= (3, 11, 4)", None, None),
    ("sys.version_info == (3, 11)", None, None),
    ('hasattr(os, "fork")', None, None),
    ("PY2", None, None),
    ("sys.maxsize > 2**32", None, None),
]


@pytest.mark.parametrize(("test", "linux", "windows"), CASES, ids=[c[0] for c in CASES])
def test_decided(test, linux, windows):
    node = ast.parse(test, mode="eval").body
    assert decided(node, LINUX_311) is linux
    assert decided(node, WINDOWS_38) is windows


def test_two_projects_on_different_interpreters_decide_nothing():
    with deciding_for(LINUX_311):
        assert set_runtime(LINUX_311) is False and runtime() == LINUX_311
        assert set_runtime(WINDOWS_38) is True and runtime() is None
        assert decided(ast.parse('sys.platform == "linux"', mode="eval").body) is None
    assert runtime() != WINDOWS_38


class _Project:
    """What a project's modules bind their constants to, as a dispatcher answers."""

    def __init__(self, tests):
        self.tests = tests

    def lookup(self, module, level, name):
        return self.tests.get((module, name))


def _decide(source, here, imports="from ._compat import WIN, PY2\n"):
    from nca.workers.facts.runtime_tests import constants_of

    with constants_of(ast.parse(imports)):
        return decided(ast.parse(source, mode="eval").body, here)


def test_a_constant_bound_to_a_platform_test_is_decided_as_its_test(monkeypatch):
    import weakref

    from nca.workers.facts import runtime_tests

    monkeypatch.setitem(runtime_tests._state, "constants", None)
    project = _Project({("_compat", "WIN"): "sys.platform.startswith('win')",
                        ("_compat", "PY2"): "sys.version_info[0] == 2"})
    runtime_tests.set_constants(weakref.WeakMethod(project.lookup))
    assert _decide("not WIN", LINUX_311) is True
    assert _decide("WIN", WINDOWS_38) is True
    assert _decide("PY2 or FEATURE", LINUX_311) is None
    # bound in the module itself; a value that reads no platform decides nothing
    assert _decide("MAC", LINUX_311, "import sys\nMAC = sys.platform == 'darwin'\n") is False
    assert _decide("DEBUG", LINUX_311, "DEBUG = False\n") is None
    # a second project that binds the name otherwise makes it undecided
    other = _Project({("_compat", "WIN"): "os.name == 'nt'"})
    runtime_tests.set_constants(weakref.WeakMethod(other.lookup))
    assert _decide("WIN", LINUX_311) is None
    del other  # ... until it is gone
    assert _decide("WIN", LINUX_311) is False
    # outside a module's reading, no constant is known
    assert decided(ast.parse("WIN", mode="eval").body, LINUX_311) is None


def test_the_workspace_knows_its_platform_constants(tmp_path):
    from nca.workers.facts.knowledge import WorkspaceIndex

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "_compat.py").write_text(
        "import sys\nWIN = sys.platform.startswith('win')\nMAC = sys.platform == 'darwin'\n"
        "DEBUG = False\nif DEBUG:\n    MAC = False\n")
    index = WorkspaceIndex(tmp_path)
    assert index.runtime_test("_compat", 1, "WIN") == "sys.platform.startswith('win')"
    assert index.runtime_test("pkg._compat", 0, "WIN") == "sys.platform.startswith('win')"
    assert index.runtime_test("_compat", 0, "WIN") is None  # no top-level module of that name
    assert index.runtime_test("_compat", 1, "MAC") is None  # bound twice
    assert index.runtime_test("_compat", 1, "DEBUG") is None  # no platform test
