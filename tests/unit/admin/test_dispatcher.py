"""The loop end to end, in-process: each kind of error fixed and verified, nothing else touched."""

import ast

import pytest

from nca.admin.dispatcher import Dispatcher

CASES = [
    pytest.param(
        "def load(path):\n    with open(path) as f:\n        return json.load(f)\n",
        "import json\n\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)\n",
        "missing-import", id="missing-import"),
    pytest.param(
        "def area(width, height):\n    return widht * height\n",
        "def area(width, height):\n    return width * height\n",
        "misspelled-name", id="misspelled-name"),
    pytest.param(
        "def f(x)\n    return x + 1\n",
        "def f(x):\n    return x + 1\n",
        None, id="missing-colon"),
    pytest.param(
        "import os\nimport sys\n\nprint(sys.argv)\n",
        "import sys\n\nprint(sys.argv)\n",
        "ruff-fix", id="unused-import"),
]


@pytest.mark.parametrize("rest", [
    "    return 1\n",
    # an attribute or a local named like a frame reader reads no frame
    "    ctx.stack = ['root']\n    trace = []\n    return vars(ctx), trace\n",
])
def test_an_unused_variable_is_removed_where_nothing_reads_the_frame(tmp_path, rest):
    report = Dispatcher(tmp_path).fix_text(f"def f(ctx):\n    unused = 3\n{rest}", "mod.py")
    assert report.text == f"def f(ctx):\n{rest}" and report.verified


@pytest.mark.parametrize("broken", [
    # the frame's locals are read: the "unused" local is what they show
    "import sys\n\n\ndef f():\n    unused = 3\n    return sys._getframe().f_locals\n",
    "import inspect\n\n\ndef f():\n    unused = 3\n    return inspect.stack()\n",
    "def f():\n    unused = 3\n    return dict(vars())\n",
    # a comment says why the reference is kept (a keep-alive)
    "def f(root):\n    # keep a reference so __del__ does not run mid-update\n"
    "    oldresult = root[0]\n    return 1\n",
    # the comment paragraph above explains the references (functools' lru_cache does this)
    "def f(root):\n    # hold the old values so their ref counts do not go to zero (__del__)\n"
    "    root = root[0]\n    oldkey = root[1]\n    oldresult = root[2]\n    return oldkey\n",
    # demo code under __main__ (a traceback showing its locals)
    "if __name__ == '__main__':\n    def foo():\n        zed = {'a': 1}\n        return 1\n",
])
def test_an_unused_variable_kept_on_purpose_is_only_suggested(tmp_path, broken):
    report = Dispatcher(tmp_path).fix_text(broken, "mod.py")
    assert report.text == report.original and not report.fixes
    assert report.suggestions and "not applied" in report.suggestions[0].verification


@pytest.mark.parametrize(("broken", "fixed", "kind"), CASES)
def test_each_kind_is_fixed_and_verified(tmp_path, broken, fixed, kind):
    report = Dispatcher(tmp_path).fix_text(broken, "mod.py")
    assert report.status == "fixed"
    assert report.verified
    assert ast.dump(ast.parse(report.text)) == ast.dump(ast.parse(fixed))
    assert report.errors_after == ()
    if kind:
        assert report.fixes[0].kind == kind
    assert report.diff.startswith("--- a/mod.py")


def test_several_errors_in_one_file(tmp_path):
    broken = "import os\n\ndef f(x)\n    return json.dumps(x)\n"
    report = Dispatcher(tmp_path).fix_text(broken, "m.py")
    assert report.status == "fixed" and report.verified
    assert report.errors_before[0].code == "E999"
    assert report.text == "import json\n\n\ndef f(x):\n    return json.dumps(x)\n" or (
        "import json" in report.text and "def f(x):" in report.text and "import os" not in report.text)
    assert len(report.fixes) == 3


def test_clean_file_is_unchanged(tmp_path):
    report = Dispatcher(tmp_path).fix_text("import os\n\nprint(os.sep)\n", "m.py")
    assert report.status == "unchanged" and report.fixes == () and report.diff == ""


def test_unknown_name_is_unfixable_not_guessed(tmp_path):
    report = Dispatcher(tmp_path).fix_text("print(zzqxw_nothing_like_it)\n", "m.py")
    assert report.status == "unfixable" and not report.verified
    assert report.text == report.original
    assert [p.code for p in report.errors_after] == ["F821"]


def test_every_task_is_in_the_lifecycle_log(tmp_path):
    d = Dispatcher(tmp_path)
    d.fix_text("def f(x)\n    return x\n", "m.py")
    (task,) = d.lifecycle.recent()
    assert task["kind"] == "fix_text" and task["status"] == "fixed"
    steps = [e["step"] for e in d.lifecycle.events(task["id"])]
    assert steps[0] == "plan" and "verify" in steps and "vote" in steps


def test_a_fix_that_changes_behaviour_is_suggested_not_applied(tmp_path):
    report = Dispatcher(tmp_path).fix_text("def f(x):\n    return x is 1\n", "m.py")
    assert report.text == report.original and not report.fixes
    assert [s.kind for s in report.suggestions] == ["ruff-fix"]
    assert [p.code for p in report.errors_after] == ["F632"]


def test_ten_errors_at_once(tmp_path):
    broken = (
        "import os\nimport sys\n\n\ndef load(path)\n    with open(path) as f:\n"
        "        return json.load(f)\n\n\ndef area(width, height):\n    unused = 1\n"
        "    return widht * height\n\n\ndef main():\n    print(os.path.jion('a', 'b'))\n"
        "    print(pathlib.Path('.'))\n    print(defaultdict(int))\n"
        "    print(undefined_thing_xyz)\n    return sys.argv\n")
    report = Dispatcher(tmp_path).fix_text(broken, "m.py")
    assert report.status == "fixed" and report.fixes_verified and not report.verified
    assert len(report.fixes) == 7
    assert [p.message for p in report.errors_after] == ["Undefined name `undefined_thing_xyz`"]
    for fixed in ("def load(path):", "import json", "width * height", "os.path.join",
                  "import pathlib", "from collections import defaultdict"):
        assert fixed in report.text


def test_several_syntax_errors_in_one_file_are_all_fixed(tmp_path):
    # compile() words the next error differently from ruff, which saw it all along: not new
    broken = ("def f(x)\n    return x\n\n\ndef g(y):\n    retrun y\n\n\n"
              "def h(z):\n    print(z\n\n\nx = 1\n")
    report = Dispatcher(tmp_path).fix_text(broken, "s.py")
    assert report.verified and len(report.fixes) == 3
    assert "def f(x):" in report.text and "    return y" in report.text
    assert "    print(z)" in report.text


TABBED = ("import warnings\n\n\ndef deprecated(message):\n\tdef decorator(f):\n"
          "\t\tdef wrapper(*a, **k):\n\t\t\twarnings.warn(message)\n\t\t\treturn f(*a, **k)\n"
          "\t\treturn wrapper\n\treturn decorator\n")


@pytest.mark.parametrize("broken", [
    # a line that lost two tabs: put back, not the next line dedented to match it
    TABBED.replace("\t\t\treturn f(", "\treturn f("),
    # a body that lost two tabs after its header: one tab deeper than the header
    TABBED.replace("\t\t\twarnings.warn", "\twarnings.warn"),
])
def test_a_tab_indented_line_that_lost_its_tabs_is_put_back(tmp_path, broken):
    report = Dispatcher(tmp_path).fix_text(broken, "deco.py")
    assert report.verified and report.text == TABBED


@pytest.mark.parametrize(("broken", "fixed"), [
    # a comment that links a reference explains the code below, not a keep-alive
    ("def f(s):\n    # Reference: https://git-scm.com/docs/gitignore\n    width = None\n"
     "    return s.strip()\n",
     "def f(s):\n    # Reference: https://git-scm.com/docs/gitignore\n    return s.strip()\n"),
    # an unused local in a fallback under `except ImportError` is unused everywhere
    ("try:\n    from blinker import Namespace\nexcept ImportError:\n    class Namespace:\n"
     "        def signal(self, name):\n            marker = []\n            return name\n",
     "try:\n    from blinker import Namespace\nexcept ImportError:\n    class Namespace:\n"
     "        def signal(self, name):\n            return name\n"),
])
def test_an_unused_local_is_removed_where_nothing_says_to_keep_it(tmp_path, broken, fixed):
    report = Dispatcher(tmp_path).fix_text(broken, "mod.py")
    assert report.verified and report.text == fixed


def test_a_branch_a_platform_constant_lets_run_here_is_ordinary_code(tmp_path):
    import sys

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "_compat.py").write_text(
        "import sys\n\nWIN = sys.platform.startswith('win')\n")
    broken = ("import os\n\nfrom ._compat import WIN\n\nif not WIN:\n    UID = os.getuidd()\n"
              "else:\n    UID = 0\n")
    report = Dispatcher(tmp_path, python=sys.executable).fix_text(broken, "pkg/mod.py")
    if sys.platform.startswith("win"):
        assert report.text == broken  # the branch this interpreter never takes
    else:
        assert "    UID = os.getuid()\n" in report.text and report.verified
