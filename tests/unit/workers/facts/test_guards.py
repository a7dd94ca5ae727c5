"""Lines behind version/platform/capability guards or marked by their author are not typos."""

import ast

import pytest

from nca.workers.facts.guards import (
    guard_subjects,
    guarded_lines,
    marked_lines,
    read_by_guard_test,
)
from nca.workers.facts.runtime_tests import Runtime, deciding_for

LINUX_311 = Runtime((3, 11), "linux", "cpython")


@pytest.fixture(autouse=True)
def _undecided():
    """Guards as they are where no interpreter decides their tests; see the tests at the end
    for the branches one does decide."""
    with deciding_for(None):
        yield


def lines_of(source: str, marker: str = "# <-") -> set[int]:
    """Return the 1-based lines of ``source`` that carry ``marker``."""
    return {n for n, line in enumerate(source.splitlines(), 1) if marker in line}


# each case: the lines marked `# <-` are guarded, the lines marked `# ordinary` are not
GUARDED = [
    ("platform", 'import sys\nif sys.platform == "win32":  # <-\n    x = sys.getwindowsversion()  # <-\ny = 1  # ordinary\n'),
    ("platform startswith", 'import sys\nif sys.platform.startswith("linux"):  # <-\n    x = 1  # <-\n'),
    ("pypy", 'import sys\nif sys.implementation.name == "pypy":  # <-\n    v = sys.pypy_version_info  # <-\n'),
    ("os.name", 'import os\nif os.name == "nt":  # <-\n    import msvcrt  # <-\nelse:  # <-\n    import termios  # <-\n'),
    ("version_info", "import sys\nif sys.version_info >= (3, 12):  # <-\n    from itertools import batched  # <-\nelse:  # <-\n    batched = None  # <-\nz = 2  # ordinary\n"),
    ("hexversion", "import sys\nif sys.hexversion < 0x030B0000:  # <-\n    import tomli as tomllib  # <-\n"),
    ("hasattr", 'import os\nif hasattr(os, "sched_getaffinity"):  # <-\n    n = len(os.sched_getaffinity(0))  # <-\n'),
    ("not hasattr", 'import os\nif not hasattr(os, "fork"):  # <-\n    raise SystemExit  # <-\n'),
    ("getattr", 'import os\nif getattr(os, "O_BINARY", 0):  # <-\n    flags = os.O_BINARY  # <-\n'),
    ("TYPE_CHECKING", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:  # <-\n    from pkg import Thing  # <-\n"),
    ("typing.TYPE_CHECKING", "import typing\nif typing.TYPE_CHECKING:  # <-\n    import pkg  # <-\n"),
    ("ImportError", "try:  # <-\n    import ujson as json  # <-\nexcept ImportError:  # <-\n    import json  # <-\nk = 1  # ordinary\n"),
    ("ModuleNotFoundError in a tuple", "try:  # <-\n    import a  # <-\nexcept (ModuleNotFoundError, ValueError):  # <-\n    a = None  # <-\n"),
    ("AttributeError", "import os\ntry:  # <-\n    uid = os.getuid()  # <-\nexcept AttributeError:  # <-\n    uid = 0  # <-\n"),
    ("hasattr and", 'import os\nok = hasattr(os, "getuid") and os.getuid()  # <-\nno = os.getuid()  # ordinary\n'),
    ("hasattr and, across lines", 'import os\nok = (\n    hasattr(os, "getuid")  # <-\n    and os.getuid() == 0  # <-\n)\n'),
    ("inside a function", 'import sys\n\n\ndef f():\n    x = 1  # ordinary\n    if sys.platform == "darwin":  # <-\n        return 2  # <-\n    return x  # ordinary\n'),
    ("conditional expression", 'import sys\nsep = "\\\\" if sys.platform == "win32" else "/"  # <-\n'),
]

ORDINARY = [
    ("plain code", "import os\nx = os.path.join('a')\ny = x\n"),
    ("an ordinary if", "x = 1\nif x > 1:\n    y = 2\nelse:\n    y = 3\n"),
    ("an ordinary while", "n = 3\nwhile n:\n    n -= 1\n"),
    ("an ordinary try", "try:\n    x = int('1')\nexcept ValueError:\n    x = 0\n"),
    ("try/finally", "try:\n    x = 1\nfinally:\n    y = 2\n"),
    ("an ordinary and", "a = b = 1\nc = a and b\n"),
    ("hasattr last in an and", 'import os\nok = os.sep and hasattr(os, "x")\n'),
    ("a call", "print(len([1, 2]))\n"),
    ("callable asks about a value", "def f(value):\n    if not callable(value):\n        raise TypeError\n"),
]


@pytest.mark.parametrize("name, source", GUARDED, ids=[c[0] for c in GUARDED])
def test_guarded_lines(name, source):
    found = guarded_lines(ast.parse(source))
    assert lines_of(source) <= found
    assert not lines_of(source, "# ordinary") & found


@pytest.mark.parametrize("name, source", ORDINARY, ids=[c[0] for c in ORDINARY])
def test_ordinary_lines_are_not_guarded(name, source):
    assert guarded_lines(ast.parse(source)) == set()


@pytest.mark.parametrize("test", ["user.name", "args.version", "self.system"])
def test_an_if_on_an_ordinary_objects_attribute_is_no_guard(test):
    source = f"import os\n\n\ndef f(user, args, self):\n    if {test}:\n        return os.pth.join('a')\n"
    assert guarded_lines(ast.parse(source)) == set()


SUBJECTS = [
    ("hasattr", 'if hasattr(stream, "fileno"):\n    n = stream.fileno()\n', {"stream"}),
    ("getattr on a dotted name", 'if getattr(self.raw, "closed", False):\n    pass\n', {"self"}),
    ("two hasattrs", 'ok = hasattr(a, "x") and hasattr(b, "y") and a.x\n', {"a", "b"}),
    ("hasattr and the platform", 'if hasattr(os, "fork") and sys.platform == "linux":\n    pass\n',
     None),
    ("version", "if sys.version_info >= (3, 11):\n    pass\n", None),
    ("guarding try", "try:\n    import ujson\nexcept ImportError:\n    ujson = None\n", None),
    # a NameError handler guards the names its body reads, not their attributes
    ("name error try", "try:\n    f(Types.MethodType)\nexcept NameError:\n    pass\n",
     {"<names>"}),
]


def test_the_handlers_of_an_attribute_error_try_guard_what_its_body_asked_about():
    # `self._iloc` was missing: the handler reads `self`'s other attributes, not `warnings`'s
    source = ("try:\n    x = self._iloc\nexcept AttributeError:\n    warnings.warn('old')\n"
              "    x = self.keys()\n")
    found = guard_subjects(ast.parse(source))
    assert found == {1: frozenset({"."}), 2: frozenset({"."}), 3: frozenset({"self"}),
                     4: frozenset({"self"}), 5: frozenset({"self"})}


def test_the_else_of_an_import_try_guards_only_what_the_imports_bound():
    # hypothesis writes its whole command line in the `else:` of `import click`: `s.trim()`
    # there is a typo, `click.group` may belong to another release
    source = ("try:\n    import click\n    from a.b import c as d\nexcept ImportError:\n"
              "    click = None\nelse:\n    s = s.trim()\n    click.group()\n")
    found = guard_subjects(ast.parse(source))
    assert {line: found[line] for line in (1, 2, 3, 4, 5)} == dict.fromkeys((1, 2, 3, 4, 5))
    assert found[7] == found[8] == frozenset({"click", "d"})
    # a body that does more than import, or a handler of more than a missing import: all of it
    for body, caught in (("import click\n    click.x()", "ImportError"),
                         ("import click", "(ImportError, AttributeError)")):
        source = f"try:\n    {body}\nexcept {caught}:\n    pass\nelse:\n    s = s.trim()\n"
        assert guard_subjects(ast.parse(source))[6] is None


@pytest.mark.parametrize("name, source, subjects", SUBJECTS, ids=[c[0] for c in SUBJECTS])
def test_what_a_guard_guards(name, source, subjects):
    found = guard_subjects(ast.parse(source))
    assert set(found) == set(range(1, source.count("\n") + 1))
    assert set(found.values()) == {None if subjects is None else frozenset(subjects)}


READ_BY_A_GUARD = [
    ("its test", "import sys\nif sys.version_info >= (3, 11):\n    x = 1\n", "sys", True),
    ("an elif's test", 'import sys\nif sys.platform == "win32":\n    x = 1\nelif CYGWIN:\n    x = 2\n',
     "CYGWIN", True),
    ("its body", 'import sys\nif sys.platform == "win32":\n    import msvcrt\n    msvcrt.getch()\n',
     "msvcrt", False),
    ("its else", 'import sys\nif sys.platform == "win32":\n    x = 1\nelse:\n    y = termios\n',
     "termios", False),
    ("a nested guard's test", 'import sys\nif sys.platform == "win32":\n    if WIN_VERSION > 1:\n'
     "        x = 1\n", "WIN_VERSION", False),
    ("an ordinary if's test", "if ready:\n    x = 1\n", "ready", False),
]


@pytest.mark.parametrize("name, source, read, expected", READ_BY_A_GUARD,
                         ids=[c[0] for c in READ_BY_A_GUARD])
def test_names_a_guard_itself_reads(name, source, read, expected):
    assert read_by_guard_test(ast.parse(source), read) is expected


MARKED = [
    ("x = sys.pypy_version_info  # type: ignore[attr-defined]\n", {1}),
    ("x = sys.pypy_version_info  # type: ignore\n", {1}),
    ("import os  # noqa\n", {1}),
    ("import os  # noqa: F401\n", {1}),
    ("x = 1  # NOQA\n", {1}),
    # about coverage or another linter's rule, not the names the line reads
    ("x = 1  # pragma: no cover\n", set()),
    ("warnings.wsarn(  # noqa: B028\n    'text')\n", set()),
    ("p = subprocess.uun(cmd)  # noqa: S603 (arguments are static)\n", set()),
    ("import os  # noqa: E402, F401\n", {1}),
    ("x = m.cats  # noqa: NCA101\n", {1}),
    # a type checker's ignore of other codes
    ("E = enum.Efum('E', {})  # type: ignore[misc]\n", set()),
    ("x = y.z  # pyright: ignore[reportGeneralTypeIssues]\n", set()),
    ("import yaml  # type: ignore[import-untyped]\n", {1}),
    ("x = y.z  # pyright: ignore[reportAttributeAccessIssue]\n", {1}),
    ("a = 1\nb = m.c  # type:ignore[attr-defined]\nc = 3\n", {2}),
    ("x = 1  # an ordinary comment\n", set()),
    ("x = 1\n", set()),
    # a marker inside a string is no comment
    ("x = '# noqa'\n", set()),
    ('s = """\n# type: ignore\n"""\n', set()),
    # a text that does not tokenize is read line by line
    ("x = (1,  # noqa\ny = 2\n", {1}),
]


@pytest.mark.parametrize("source, expected", MARKED)
def test_marked_lines(source, expected):
    assert marked_lines(source) == expected


# each case on Linux and Python 3.11: `# <-` lines are guarded (a branch that does not run
# here), `# ordinary` lines are not (the branch this interpreter takes)
DECIDED = [
    ("platform: the branch taken", 'import sys\nif sys.platform != "win32":  # ordinary\n'
     '    x = os.geteuid()  # ordinary\nelse:\n    x = 0  # <-\n'),
    ("platform: the branch not taken", 'import sys\nif sys.platform == "win32":  # ordinary\n'
     '    import msvcrt  # <-\nelse:\n    import termios  # ordinary\n'),
    ("version: both ways", "import sys\nif sys.version_info >= (3, 12):  # ordinary\n"
     "    from itertools import batched  # <-\nelif sys.version_info >= (3, 8):  # ordinary\n"
     "    batched = 1  # ordinary\nelse:\n    batched = None  # <-\n"),
    ("a platform part and an ordinary condition", 'if sys.platform != "win32" and mode & 1:  # ordinary\n'
     '    x = os.geteuid()  # ordinary\n'),
    # what follows a platform part that fails does not run here, on the test's line too
    ("a platform part that fails", 'if sys.platform == "win32" and mode & 1:  # <-\n'
     '    x = msvcrt.getch()  # <-\n'),
    ("pypy", 'import sys\nif sys.implementation.name == "pypy":  # ordinary\n    v = sys.pypy_version_info  # <-\n'),
    ("the micro version is not known", "if sys.version_info >= (3, 11, 4):  # <-\n    x = 1  # <-\n"),
    ("TYPE_CHECKING: only type checkers take its branch", "if TYPE_CHECKING:  # ordinary\n"
     "    import pkg  # <-\nelse:\n    pkg = None  # ordinary\n"),
    ("not TYPE_CHECKING and an ordinary condition", "if not TYPE_CHECKING and ready():  # ordinary\n"
     "    x = 1  # ordinary\nelif sys.platform == 'win32':  # ordinary\n    x = 2  # <-\n"
     "else:\n    x = os.geteuid()  # ordinary\n"),
    # one line holds both branches: it stays guarded
    ("a conditional expression", 'sep = os.sep if sys.platform != "win32" else x  # <-\n'),
    ("a conditional expression across lines", 'sep = (\n    os.sep  # ordinary\n'
     '    if sys.platform != "win32"\n    else x  # <-\n)\n'),
]


@pytest.mark.parametrize("name, source", DECIDED, ids=[c[0] for c in DECIDED])
def test_a_branch_the_interpreter_takes_is_not_behind_its_guard(name, source):
    with deciding_for(LINUX_311):
        found = guarded_lines(ast.parse(source))
    assert lines_of(source) <= found
    assert not lines_of(source, "# ordinary") & found
