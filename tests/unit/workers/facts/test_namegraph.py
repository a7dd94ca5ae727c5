"""The cross-module name graph: which workspace module uses which name of which other module."""

import ast
import os

import pytest

from nca.workers.facts.namegraph import NameGraph, module_level_names, uses_in
from nca.workers.facts.workspace_index import WorkspaceIndex

# (source of pkg/util.py, the (module, name) uses it makes)
USES = [
    ("from .compat import x\n", {("pkg.compat", "x")}),
    ("from pkg.compat import x as y\n", {("pkg.compat", "x")}),
    ("from .compat import x, y as z\n", {("pkg.compat", "x"), ("pkg.compat", "y")}),
    # `from . import compat` uses `compat` of the package; `compat.x` uses x of the submodule
    ("from . import compat\ncompat.x\n", {("pkg", "compat"), ("pkg.compat", "x")}),
    ("from pkg import compat\nprint(compat.x)\n", {("pkg", "compat"), ("pkg.compat", "x")}),
    # an `import` statement uses the module as a whole (name ""), and its attributes
    ("import pkg.compat as c\nc.x\n", {("pkg.compat", "x"), ("pkg.compat", "")}),
    ("import pkg.compat as c\nc.x.y()\n", {("pkg.compat", "x"), ("pkg.compat", "")}),
    ("import pkg.compat\npkg.compat.x\n",
     {("pkg.compat", "x"), ("pkg", "compat"), ("pkg.compat", "")}),
    ("from pkg.compat import *\n", {("pkg.compat", "*")}),
    ("from .compat import *\n", {("pkg.compat", "*")}),
    # imports inside functions are uses too
    ("def f():\n    from .compat import x\n    return x\n", {("pkg.compat", "x")}),
    # a name bound by something else is not a module: its attributes are no uses
    ("compat = object()\ncompat.x\n", set()),
    ("import json\n", {("json", "")}),
    ("", set()),
]


@pytest.mark.parametrize("source, expected", USES)
def test_uses_in(source, expected):
    uses = uses_in(ast.parse(source), "pkg.util", "pkg/util.py", False)
    assert {(u.module, u.name) for u in uses} == expected
    assert all(u.importer == "pkg.util" and u.path == "pkg/util.py" for u in uses)


def test_uses_carry_their_line():
    source = "import os\n\nfrom .compat import x\nimport pkg.compat as c\n\nc.y\n"
    uses = uses_in(ast.parse(source), "pkg.util", "pkg/util.py", False)
    assert {(u.name, u.line) for u in uses} == {("", 1), ("x", 3), ("", 4), ("y", 6)}


def test_relative_imports_of_a_package_init_start_from_the_package_itself():
    tree = ast.parse("from .compat import x\nfrom .. import top\n")
    uses = uses_in(tree, "pkg.sub", "pkg/sub/__init__.py", True)
    assert {(u.module, u.name) for u in uses} == {("pkg.sub.compat", "x"), ("pkg", "top")}
    # the same text in a plain module of pkg.sub
    uses = uses_in(tree, "pkg.sub.mod", "pkg/sub/mod.py", False)
    assert {(u.module, u.name) for u in uses} == {("pkg.sub.compat", "x"), ("pkg", "top")}


MODULE = '''\
import os
import os.path
import xml.etree.ElementTree as ET
from typing import Any as _Any
from m import *

try:
    import simplejson as json
except ImportError:
    import json
    JSON_FALLBACK = True
else:
    SPEEDUPS = True
finally:
    LOADED = True

if os.name == "nt":
    SEP = "\\\\"
elif os.name == "java":
    def sep():
        return "/"
else:
    class Sep:
        pass

while False:
    NEVER = 1

VERSION: str = "1"
COUNT: int
a, (b, *c) = 1, (2, 3, 4)
TOTAL = 0
TOTAL += 1
(WALRUS := 5)


def public():
    inner = 1
    return inner


async def coro():
    pass


class Klass:
    attr = 1
'''


def test_module_level_names():
    names = module_level_names(ast.parse(MODULE))
    assert names == {
        "os", "ET", "_Any", "json", "JSON_FALLBACK", "SPEEDUPS", "LOADED", "SEP", "sep", "Sep",
        "NEVER", "VERSION", "COUNT", "a", "b", "c", "TOTAL", "WALRUS", "public", "coro",
        "Klass",
    }
    # names inside functions and classes are not the module's
    assert not names & {"inner", "attr", "*", "m", "simplejson", "xml"}


def test_module_level_names_include_loop_and_with_targets():
    names = module_level_names(ast.parse(
        "for LEVEL in range(3):\n    pass\nwith open('v') as HANDLE:\n    pass\n"))
    assert {"LEVEL", "HANDLE"} <= names


# --------------------------------------------------------------------------- the graph


def write(root, files):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/compat.py": "from os import path\nimport json\nVALUE = 1\n_PRIVATE = 2\n",
    "pkg/util.py": "from .compat import path\n\n\ndef f():\n    return path.join('a')\n",
    "pkg/other.py": "import pkg.compat as c\n\nprint(c.VALUE)\n",
    "app.py": "from pkg.compat import VALUE as V\nfrom pkg import util\n",
}


@pytest.fixture
def graph(tmp_path):
    write(tmp_path, PACKAGE)
    index = WorkspaceIndex(tmp_path, rescan_interval=0)
    return NameGraph(tmp_path, index.module_paths)


def test_the_graph_reports_the_importers_of_a_name(graph):
    assert graph.module_of("pkg/compat.py") == "pkg.compat"
    assert graph.module_of("pkg/__init__.py") == "pkg"
    assert graph.module_of("nowhere.py") is None
    assert graph.module_of_name("pkg.util") and not graph.module_of_name("pkg.nothing")
    uses = graph.uses_of("pkg.compat", {"path"})
    assert [(u.importer, u.path, u.line, u.name) for u in uses] == [
        ("pkg.util", "pkg/util.py", 1, "path")]
    assert {(u.path, u.name) for u in graph.uses_of("pkg.compat")} == {
        ("pkg/util.py", "path"), ("pkg/other.py", "VALUE"), ("app.py", "VALUE")}
    assert graph.used_names("pkg.compat") == {"path", "VALUE"}
    # nobody imports json or _PRIVATE from compat
    assert graph.uses_of("pkg.compat", {"json", "_PRIVATE"}) == []
    # a file's own uses are not asked about when it is the one being edited
    assert graph.used_names("pkg.compat", exclude_path="pkg/util.py") == {"VALUE"}
    assert graph.used_names("pkg") == {"util"}


def test_the_graph_follows_changes_to_files(graph, tmp_path):
    assert graph.used_names("pkg.compat") == {"path", "VALUE"}
    util = tmp_path / "pkg" / "util.py"
    util.write_text("import os.path as path\n")
    assert graph.used_names("pkg.compat") == {"VALUE"}
    util.write_text("from .compat import path, json\n")
    assert graph.used_names("pkg.compat") == {"path", "json", "VALUE"}
    (tmp_path / "pkg" / "other.py").unlink()
    (tmp_path / "app.py").write_text("")
    assert graph.used_names("pkg.compat") == {"path", "json"}
    write(tmp_path, {"pkg/late.py": "from .compat import _PRIVATE\n"})
    assert graph.used_names("pkg.compat") == {"path", "json", "_PRIVATE"}


def test_a_file_rewritten_within_the_same_second_and_size_is_seen(graph, tmp_path):
    util = tmp_path / "pkg" / "util.py"
    assert graph.used_names("pkg.compat") == {"path", "VALUE"}
    text = util.read_text()
    stamp = util.stat()
    util.write_text(text.replace("path", "PATH"))  # same size
    os.utime(util, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1000))
    assert "PATH" in graph.used_names("pkg.compat")


def test_star_imports_use_every_public_name(graph, tmp_path):
    write(tmp_path, {"pkg/star.py": "from .compat import *\n"})
    star = graph.uses_of("pkg.compat", {"json"})
    assert [(u.path, u.name) for u in star] == [("pkg/star.py", "*")]
    assert graph.uses_of("pkg.compat", {"_PRIVATE"}) == []
    assert "*" in graph.used_names("pkg.compat")


def test_a_file_that_does_not_parse_uses_nothing(graph, tmp_path):
    (tmp_path / "pkg" / "util.py").write_text("from .compat import path\ndef f(:\n")
    assert graph.used_names("pkg.compat") == {"VALUE"}
