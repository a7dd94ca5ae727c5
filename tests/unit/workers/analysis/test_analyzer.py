import pytest

from nca.workers.analysis.analyzer import analyze
from nca.workers.core.errors import InputError
from nca.workers.core.registry import WORKERS
from nca.workers.core.types import AnalyzeRequest, Problem, Solution
from nca.workers.facts.knowledge import CombinedIndex, StdlibIndex, WorkspaceIndex
from nca.workers.facts.near_miss import levenshtein_distance, max_distance, suggestions


@pytest.fixture(scope="module")
def stdlib(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))
        index = StdlibIndex()
        index.module_attributes("os")
        yield index


def undefined(name, line=1, col=1):
    return Problem("F821", f"Undefined name `{name}`", line, col, source="ruff")


def solve(text, problem, **kw):
    return analyze(AnalyzeRequest(text=text, problem=problem, **kw)).solutions


@pytest.mark.parametrize(
    ("wrong", "right", "distance"),
    [
        ("pritn", "print", 2),  # adjacent letters swapped: one move
        ("jion", "join", 2),
        ("Json", "json", 1),  # case only
        ("lenght", "length", 2),
        ("vaue", "value", 2),  # one letter missing
        ("kitten", "sitting", 6),
    ],
)
def test_levenshtein_distance(wrong, right, distance):
    assert levenshtein_distance(wrong, right, 10) == distance


def test_distance_stops_at_the_limit():
    assert levenshtein_distance("abcdef", "uvwxyz", 3) == 4
    assert max_distance("pritn") == 4
    assert suggestions("x", [("y", 0), ("X", 0)]) == [("X", 1)]


RENAMES = [
    # (text, line, col, wrong, expected replacement, expected scope)
    ("pritn('hi')\n", 1, 1, "pritn", "print", "builtin"),
    ("def area(width, height):\n    return widht * height\n", 2, 12, "widht", "width", "local"),
    # equal distance: the local beats the global
    ("data1 = 1\ndef f():\n    data2 = 2\n    return data\n", 4, 12, "data", "data2", "local"),
    ("data1 = 1\ndef f():\n    data2 = 2\nprint(data)\n", 4, 7, "data", "data1", "global"),
    ("def outer():\n    counter = 0\n    def inner():\n        return countr\n", 4, 16, "countr",
     "counter", "enclosing"),
    ("class A:\n    limit = 1\n    other = limt + 1\n", 3, 13, "limt", "limit", "class"),
    ("xs = []\nys = [itme for item in xs]\n", 2, 7, "itme", "item", "local"),
    ("def f():\n    global total\n    total = 1\ndef g():\n    return totl\n", 5, 12, "totl",
     "total", "global"),
    # equal distance and scope: the name the file uses more
    ("seta = 1\nsetb = 2\nprint(setb, setb)\nsetc\n", 4, 1, "setc", "setb", "global"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "col", "wrong", "right", "scope"), RENAMES)
def test_renames_come_from_the_scope_at_the_use_site(text, line, col, wrong, right, scope):
    renames = [s for s in solve(text, undefined(wrong, line, col)) if s.kind == "rename"]
    assert renames[0].detail["replacement"] == right
    assert renames[0].detail["scope"] == scope
    assert renames[0].detail["original"] == wrong


def test_class_body_is_not_visible_in_methods():
    text = "class A:\n    limit = 1\n    def m(self):\n        return limt\n"
    replacements = [s.detail.get("replacement") for s in solve(text, undefined("limt", 4, 16))]
    assert "limit" not in replacements


def test_symbol_is_read_from_the_message_or_the_problem():
    text = "x = pritn\n"
    by_message = solve(text, Problem("F821", "Undefined name `pritn`", 1, 5))
    by_symbol = solve(text, Problem("NameError", "whatever", 1, 5, symbol="pritn"))
    runtime = solve(text, Problem("NameError", "name 'pritn' is not defined", 1, 5))
    assert by_message[0].detail["replacement"] == "print"
    assert by_symbol == by_message == runtime


@pytest.mark.parametrize(
    ("text", "name", "statement"),
    [
        ("x = json.dumps(1)\n", "json", "import json"),
        ("x = defaultdict(list)\n", "defaultdict", "from collections import defaultdict"),
        ("x = OrderedDict()\n", "OrderedDict", "from collections import OrderedDict"),
        ("x = ET.parse('f')\n", "ET", "import xml.etree.ElementTree as ET"),
    ],
)
def test_imports_from_the_stdlib(stdlib, text, name, statement):
    imports = [s for s in solve(text, undefined(name, 1, 5), index=stdlib) if s.kind == "import"]
    assert imports[0].detail["statement"] == statement
    assert imports[0].detail["section"] == "stdlib"
    assert imports[0].source == "stdlib"


def test_a_module_the_file_imports_from_is_preferred(stdlib):
    text = "from collections import Counter\nx = defaultdict(list)\n"
    plain = solve("x = defaultdict(list)\n", undefined("defaultdict", 1, 5), index=stdlib)
    known = solve(text, undefined("defaultdict", 2, 5), index=stdlib)
    assert known[0].detail["statement"] == "from collections import defaultdict"
    assert known[0].score > plain[0].score


class _Installed:
    source = "installed"

    def __init__(self, modules):
        self.modules = modules

    def modules_named(self, name):
        return [(name, "installed")] if name in self.modules else []

    def providers_of(self, name):
        return []

    def module_attributes(self, module):
        return []


@pytest.mark.parametrize(
    ("installed", "expected"),
    [({"numpy"}, ["import numpy as np"]), (set(), [])],
)
def test_well_known_aliases_only_when_installed(installed, expected):
    found = solve("np.zeros(3)\n", undefined("np"), index=_Installed(installed))
    assert [s.detail["statement"] for s in found if s.kind == "import"] == expected
    if expected:
        assert found[0].detail["section"] == "thirdparty"


@pytest.fixture
def workspace(tmp_path, stdlib):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "util.py").write_text("def helper():\n    return 1\n")
    (pkg / "main.py").write_text("x = helper()\n")
    (tmp_path / "app.py").write_text("x = helper()\n")
    return tmp_path, CombinedIndex(WorkspaceIndex(tmp_path), stdlib)


def test_a_workspace_module_outside_the_package_is_imported_absolutely(workspace):
    root, index = workspace
    found = solve("x = helper()\n", undefined("helper", 1, 5), index=index, path=str(root / "app.py"))
    assert found[0].detail["statement"] == "from pkg.util import helper"
    assert found[0].detail["section"] == "firstparty"
    assert found[0].source == "workspace"


def test_a_sibling_module_inside_the_package_is_imported_relatively(workspace):
    root, index = workspace
    path = str(root / "pkg" / "main.py")
    found = solve("x = helper()\n", undefined("helper", 1, 5), index=index, path=path)
    assert found[0].detail["statement"] == "from .util import helper"
    assert found[0].detail["section"] == "local"
    by_module = solve("x = helper()\n", undefined("helper", 1, 5), index=index, module="pkg.main")
    assert by_module[0].detail["statement"] == "from .util import helper"


def test_a_re_exporting_package_beats_the_defining_module(workspace):
    root, index = workspace
    (root / "pkg" / "__init__.py").write_text("from .util import helper\n")
    index.indexes[0].refresh()
    found = solve("x = helper()\n", undefined("helper", 1, 5), index=index, path=str(root / "app.py"))
    statements = [s.detail["statement"] for s in found if s.kind == "import"]
    assert statements[:2] == ["from pkg import helper", "from pkg.util import helper"]


def test_module_attribute_renames(stdlib):
    text = "import os\nos.path.jion('a', 'b')\n"
    problem = Problem("NCA101", "module 'os.path' has no attribute 'jion'", 2, 9, symbol="jion")
    found = solve(text, problem, index=stdlib)
    assert found[0].kind == "rename"
    assert found[0].detail == {"original": "jion", "replacement": "join", "distance": 2,
                               "scope": "attribute", "sure": True}  # fmt: skip
    assert found[0].source == "stdlib"
    assert solve(text, problem) == ()  # no index, no attributes


class _Tips:
    def lookup(self, problem):
        return [Solution("learned", "what worked before", "buildtips", 0.1, {"statement": "x"})]


def test_learned_fixes_come_first(stdlib):
    found = solve("json.dumps(1)\n", undefined("json"), index=stdlib, tips=_Tips())
    assert found[0].kind == "learned"
    assert found[1].detail["statement"] == "import json"


@pytest.mark.parametrize("code", ["F401", "F841", "E501"])
def test_problems_ruff_fixes_itself_get_no_solutions(code, stdlib):
    problem = Problem(code, "`json` imported but unused", 1, 8, symbol="json")
    assert solve("import json\n", problem, index=stdlib) == ()


def test_solutions_are_ranked_and_unique(stdlib):
    found = solve("x = Counter()\ncounter = 1\n", undefined("Counter", 1, 5), index=stdlib)
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
    keys = [(s.kind, s.detail.get("statement"), s.detail.get("replacement")) for s in found]
    assert len(keys) == len(set(keys))
    assert {"from collections import Counter", None} <= {s.detail.get("statement") for s in found}


def test_a_file_that_does_not_parse_still_gets_builtins():
    found = solve("x = pritn(\n", undefined("pritn", 1, 5))
    assert found[0].detail["replacement"] == "print"


def test_analyze_is_a_registered_worker_and_checks_its_input():
    assert WORKERS["analyze"] is analyze
    with pytest.raises(InputError):
        analyze("pritn")  # type: ignore[arg-type]


def test_alias_habits_of_the_workspace(tmp_path):
    (tmp_path / "a.py").write_text("import typing as t\nimport ujson_not_installed as json\n")
    index = CombinedIndex(WorkspaceIndex(tmp_path), StdlibIndex())

    def titles(text, name):
        problem = Problem("F821", f"Undefined name `{name}`", line=1, col=1, symbol=name)
        found = analyze(AnalyzeRequest(text=text, problem=problem, path="b.py", index=index))
        return [s.title for s in found.solutions]

    assert titles("x: t.Any = 1\n", "t")[0] == "Add `import typing as t`"
    # a habit for a module that is not importable, or that shadows a real module, loses
    assert titles("json.dumps(1)\n", "json")[0] == "Add `import json`"


def test_a_member_used_without_self_or_cls_is_found():
    from nca.admin.dispatcher import Dispatcher

    text = ("class Counter:\n    def __init__(self):\n        self.total = 0\n\n"
            "    def helper(self):\n        return 1\n\n    def run(self):\n"
            "        return helper() + total\n\n    @classmethod\n    def make(cls):\n"
            "        return build()\n\n    @classmethod\n    def build(cls):\n"
            "        return cls()\n\n    @staticmethod\n    def alone():\n        return helper()\n")
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        report = Dispatcher(root, record=False).fix_text(text, "c.py")
    assert "return self.helper() + self.total" in report.text
    assert "return cls.build()" in report.text
    # a static method has no self: the name stays undefined
    assert report.text.endswith("        return helper()\n")


def test_a_class_name_is_never_renamed_to_a_local_list():
    import tempfile

    from nca.admin.dispatcher import Dispatcher

    text = "def show():\n    buttons = []\n    return Button(buttons)\n"
    with tempfile.TemporaryDirectory() as root:
        report = Dispatcher(root, record=False).fix_text(text, "ui.py")
    # at most a suggestion (and with the type checker, calling a list is refused outright)
    assert "buttons(buttons)" not in report.text and not report.fixes


def test_a_package_init_resolves_its_relative_imports_from_itself():
    from nca.workers.analysis.import_solutions import _FileImports
    from nca.workers.core.parsing import parse

    tree = parse("from .models import Thing\nfrom ..base import Root\n")
    inside_init = _FileImports(tree, "pkg.sub", is_package=True)
    inside_module = _FileImports(tree, "pkg.sub", is_package=False)
    assert inside_init.from_modules == {"pkg.sub.models", "pkg.base"}
    assert inside_module.from_modules == {"pkg.models", "base"}


def _star_index(tmp_path, files):
    from nca.workers.facts.knowledge import CombinedIndex, StdlibIndex, WorkspaceIndex

    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return CombinedIndex(WorkspaceIndex(tmp_path), StdlibIndex())


def test_a_name_no_star_import_defines_gets_an_import(tmp_path):
    index = _star_index(tmp_path, {"pkg/__init__.py": "", "pkg/error.py": "class Oops(Exception):\n    pass\n",
                                   "pkg/tokens.py": "class Token:\n    pass\n"})
    text = "from .tokens import *\n\n\nclass Bad(Oops):\n    pass\n"
    problem = Problem("F405", "`Oops` may be undefined, or defined from star imports", 4, 11,
                      source="ruff", symbol="Oops", path="pkg/scan.py")
    titles = [s.title for s in analyze(AnalyzeRequest(text=text, problem=problem,
                                                      path="pkg/scan.py", module="pkg.scan",
                                                      index=index)).solutions]
    assert "Add `from .error import Oops`" in titles


def test_a_name_a_star_import_defines_is_left_alone(tmp_path):
    index = _star_index(tmp_path, {"pkg/__init__.py": "", "pkg/tokens.py": "class Token:\n    pass\n"})
    text = "from .tokens import *\n\n\nT = Token()\n"
    problem = Problem("F405", "`Token` may be undefined, or defined from star imports", 4, 5,
                      source="ruff", symbol="Token", path="pkg/scan.py")
    assert analyze(AnalyzeRequest(text=text, problem=problem, path="pkg/scan.py",
                                  module="pkg.scan", index=index)).solutions == ()


def test_a_submodule_a_package_init_star_imports_is_defined_there(tmp_path):
    index = _star_index(tmp_path, {"pkg/__init__.py": "", "pkg/loader.py": "class Loader:\n    pass\n"})
    text = "from .loader import *\n\n\ndef load():\n    return loader.Loader()\n"
    problem = Problem("F405", "`loader` may be undefined, or defined from star imports", 5, 12,
                      source="ruff", symbol="loader", path="pkg/__init__.py")
    assert analyze(AnalyzeRequest(text=text, problem=problem, path="pkg/__init__.py",
                                  module="pkg", index=index)).solutions == ()


def _tzpath_solutions(tmp_path, text):
    index = _star_index(tmp_path, {"pkg/__init__.py": "", "pkg/tokens.py": "class Token:\n    pass\n",
                                   "pkg/paths.py": "TZPATH = ()\n"})
    problem = Problem("F405", "`TZPATH` may be undefined, or defined from star imports", 3, 22,
                      source="ruff", symbol="TZPATH", path="pkg/scan.py")
    return analyze(AnalyzeRequest(text=text, problem=problem, path="pkg/scan.py",
                                  module="pkg.scan", index=index)).solutions


def test_a_name_only_listed_in_all_of_a_star_importer_is_left_alone(tmp_path):
    assert _tzpath_solutions(tmp_path, "from .tokens import *\n\n__all__ = ['Token', 'TZPATH']\n") == ()


def test_a_module_getattr_does_not_define_the_names_its_own_code_reads(tmp_path):
    # PEP 562's __getattr__ answers `pkg.scan.TZPATH` from outside; a bare `TZPATH` read inside
    # the module is a NameError all the same (dateutil.tz's `lname` typo)
    text = ("from .tokens import *\n\n__all__ = ['Token', 'TZPATH']\n\n\ndef __getattr__(name):\n"
            "    return name\n\n\nprint(TZPATH)\n")
    titles = [s.title for s in _tzpath_solutions(tmp_path, text)]
    assert "Add `from .paths import TZPATH`" in titles


def test_a_star_import_binds_all_not_what_the_module_imports(tmp_path):
    # h11._events imports Union for itself; its `__all__` leaves it out, so the star import
    # of it does not bind Union in the importer
    index = _star_index(tmp_path, {
        "pkg/__init__.py": "", "pkg/events.py":
        "from typing import Union\n\n__all__ = ['Event']\n\n\nclass Event:\n    x: Union[int, str]\n"})
    text = "from typing import Dict\n\nfrom .events import *\n\nX = Dict[str, Union[int, Event]]\n"
    problem = Problem("F405", "`Union` may be undefined, or defined from star imports", 5, 15,
                      source="ruff", symbol="Union", path="pkg/state.py")
    titles = [s.title for s in analyze(AnalyzeRequest(
        text=text, problem=problem, path="pkg/state.py", module="pkg.state", index=index)).solutions]
    assert "Add `from typing import Union`" in titles


@pytest.mark.parametrize("wrong, right, sure", [
    ("nNumber", "Number", True),  # a letter typed before the name
    ("umber", "Number", True),  # the first letter lost
    ("Button", "buttons", False),  # a class made a list: another word, recased
    ("number", "Number", False),
])
def test_a_letter_added_at_the_start_is_no_recasing(wrong, right, sure):
    from nca.workers.analysis.analyzer import _rename

    assert _rename(wrong, right, 1, 0, "global", "scope").detail["sure"] is sure


@pytest.mark.parametrize("text", [
    "class C:\n    def reset(self):\n        self.count = count\n",
    "def f():\n    return dict(count=count)\n",
])
def test_a_name_stored_under_its_own_name_gets_only_suggestions(stdlib, text):
    # the value of a lost parameter or local: neither itertools.count nor the builtin `round`
    # a letter or two away is what was meant, though both would make the name resolve
    line = len(text.splitlines())  # the last line reads it
    found = solve(text, undefined("count", line, text.splitlines()[-1].rindex("count") + 1),
                  index=stdlib)
    assert found and not any(s.detail.get("sure") for s in found)


def test_a_name_also_read_otherwise_keeps_its_sure_import(stdlib):
    text = "def f(xs):\n    c = count()\n    return dict(count=count)\n"
    imports = [s for s in solve(text, undefined("count", 2, 9), index=stdlib)
               if s.kind == "import"]
    assert imports[0].detail["statement"] == "from itertools import count"
    assert imports[0].detail["sure"]


@pytest.mark.parametrize(("text", "module", "name", "right"), [
    ("import string\n\nx = string.lowercase\n", "string", "lowercase", "ascii_lowercase"),
    ("import sys\n\nbig = sys.maxint\n", "sys", "maxint", "maxsize"),
    # the attribute in other letter case
    ("import math\n\nx = math.PI\n", "math", "PI", "pi"),
])
def test_python2_and_recased_names_of_module_attributes(stdlib, text, module, name, right):
    problem = Problem("NCA101", f"module '{module}' has no attribute '{name}'", 3,
                      text.splitlines()[2].index(name) + 1, source="nca", symbol=name)
    (solution,) = solve(text, problem, index=stdlib)
    assert solution.detail["replacement"] == right and solution.detail["sure"]
