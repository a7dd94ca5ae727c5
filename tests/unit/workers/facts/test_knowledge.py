import sys
import time
from pathlib import Path

import pytest

from nca.workers.debugging.missing_attributes import find_missing_module_attributes
from nca.workers.facts import knowledge, workspace_index
from nca.workers.facts.knowledge import (
    CombinedIndex,
    InstalledIndex,
    StdlibIndex,
    WorkspaceIndex,
    scan_source,
)
from nca.workers.facts.modulefacts import dump_modules


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xdg")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(scope="module")
def stdlib(cache):
    index = StdlibIndex()
    index.module_attributes("os")  # builds and writes the cache once for this module
    return index


def test_cache_is_written_under_xdg_cache_home_and_reused(stdlib, cache, monkeypatch):
    assert stdlib.cache_path.parent == cache / "nca"
    assert stdlib.cache_path.is_file()
    monkeypatch.setattr(StdlibIndex, "_build", lambda self: pytest.fail("rebuilt the cache"))
    started = time.perf_counter()
    again = StdlibIndex()
    assert "dumps" in again.module_attributes("json")
    assert time.perf_counter() - started < 0.25
    assert not list(stdlib.cache_path.parent.glob("*.tmp"))  # written atomically


def test_a_cache_of_another_schema_is_rebuilt(tmp_path, monkeypatch):
    index = StdlibIndex(tmp_path)
    index.cache_path.write_text('{"schema_version": 0, "modules": {}, "aliases": {}}')
    built = {"schema_version": 1, "modules": {"m": {"attrs": ["x"], "exports": ["x"],
             "complete": True}}, "aliases": {}}  # fmt: skip
    monkeypatch.setattr(StdlibIndex, "_build", lambda self: built)
    assert index.module_attributes("m") == ["x"]


@pytest.mark.parametrize(
    ("module", "attribute"),
    [
        ("json", "dumps"),  # pure Python, read from source
        ("os", "getcwd"),  # ``from posix import *`` followed
        ("os.path", "join"),  # os.path is posixpath/ntpath
        ("math", "sqrt"),  # builtin module
        ("itertools", "chain"),
        ("re", "IGNORECASE"),  # made at run time by enum.global_enum
        ("signal", "SIGINT"),  # made at run time by IntEnum._convert_
        ("collections", "OrderedDict"),
        ("xml.etree.ElementTree", "parse"),  # a submodule
    ],
)
def test_stdlib_module_attributes(stdlib, module, attribute):
    assert attribute in stdlib.module_attributes(module)


def test_stdlib_knows_modules_and_providers(stdlib):
    assert stdlib.modules_named("json") == [("json", "stdlib")]
    assert ("collections.abc", "stdlib") in stdlib.modules_named("abc")
    assert ("collections", "stdlib") in stdlib.providers_of("defaultdict")
    assert ("pathlib", "stdlib") in stdlib.providers_of("Path")
    for hidden in ("antigravity", "this", "tkinter", "idlelib", "_collections"):
        assert stdlib.modules_named(hidden) == []
    assert not any("_" == m[0] for m, _ in stdlib.providers_of("deque"))
    assert stdlib.knows_all_attributes("json")
    assert stdlib.module_attributes("no_such_module") == []


def test_dump_modules_imports_in_a_child_interpreter():
    dumped = dump_modules(["math", "no_such_module_here"], sys.executable, 30)
    assert "sqrt" in dumped["math"]["attrs"]
    assert "no_such_module_here" not in dumped


@pytest.mark.parametrize(
    ("source", "package", "bound", "exports"),
    [
        ("def f(): pass\nclass C: pass\nX = 1\n_p = 2\n", False, {"f", "C", "X"}, {"f", "C", "X"}),
        ("import os\nfrom a import b\ndef f(): pass\n", False, {"os", "b", "f"}, {"f"}),
        ("__all__ = ['f']\ndef f(): pass\ndef g(): pass\n", False, {"f", "g"}, {"f"}),
        ("__all__ = ['f']\n__all__ += ['g']\ndef f(): pass\ng = 1\n", False, {"f", "g"}, {"f", "g"}),
        ("from .util import helper\n", True, {"helper"}, {"helper"}),
        ("from .util import helper\n", False, {"helper"}, set()),
        ("from a import x as x\n", False, {"x"}, {"x"}),
        ("try:\n    from c import fast\nexcept ImportError:\n    def fast(): pass\n", False,
         {"fast"}, {"fast"}),
        ("def f():\n    global late\n    late = 1\n", False, {"f", "late"}, {"f", "late"}),
    ],
)  # fmt: skip
def test_scan_source(source, package, bound, exports):
    facts = scan_source(source, is_package=package)
    assert {n for n in facts.bound if not n.startswith("_")} == bound
    assert facts.exports == exports


@pytest.mark.parametrize(
    ("source", "dynamic", "getattr_", "stars"),
    [
        ("x = 1\n", False, False, []),
        ("from posix import *\n", False, False, [("posix", 0)]),
        ("globals().update(a=1)\n", True, False, []),
        ("def __getattr__(name): pass\n", False, True, []),
        ("def f(:\n", True, False, []),
    ],
)
def test_scan_source_flags_what_ast_cannot_see(source, dynamic, getattr_, stars):
    facts = scan_source(source)
    assert (facts.dynamic, facts.has_getattr, facts.stars) == (dynamic, getattr_, stars)


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / "src" / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "src" / "pkg" / "__init__.py").write_text("from .util import helper\n")
    (tmp_path / "src" / "pkg" / "util.py").write_text("def helper(): pass\ndef _hidden(): pass\n")
    (tmp_path / "src" / "pkg" / "sub" / "__init__.py").write_text("")
    (tmp_path / "src" / "pkg" / "sub" / "deep.py").write_text("DEPTH = 3\n")
    (tmp_path / "app.py").write_text("from pkg import helper\n")
    for skipped in (".venv", "node_modules", "build", ".git"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "ghost.py").write_text("def helper(): pass\n")
    return tmp_path


def test_workspace_modules_and_definitions(workspace):
    index = WorkspaceIndex(workspace)
    assert index.module_for_path(workspace / "src" / "pkg" / "util.py") == "pkg.util"
    assert index.module_for_path(workspace / "src" / "pkg" / "sub" / "deep.py") == "pkg.sub.deep"
    assert index.module_for_path(workspace / "app.py") == "app"
    assert index.modules_named("deep") == [("pkg.sub.deep", "workspace")]
    assert index.modules_named("ghost") == []
    assert sorted(index.providers_of("helper")) == [("pkg", "workspace"), ("pkg.util", "workspace")]
    # a private helper is found where it is defined (the Analyzer offers it only to files of
    # the same package)
    assert index.providers_of("_hidden") == [("pkg.util", "workspace")]
    # app.py imports it from pkg; pkg/__init__ re-exporting its own submodule does not count
    assert index.import_counts("helper") == {"pkg": 1}


def test_workspace_rescans_only_changed_files(workspace, monkeypatch):
    index = WorkspaceIndex(workspace, rescan_interval=0)
    assert index.module_attributes("pkg.sub.deep") == ["DEPTH"]
    assert index.module_attributes("pkg.util") == ["helper"]
    read: list[bytes] = []
    real = workspace_index.scan_source
    monkeypatch.setattr(workspace_index, "scan_source",
                        lambda s, **kw: read.append(s) or real(s, **kw))
    deep = workspace / "src" / "pkg" / "sub" / "deep.py"
    deep.write_text("DEPTH = 3\nWIDTH = 4\n")
    assert index.module_attributes("pkg.sub.deep") == ["DEPTH", "WIDTH"]
    assert index.module_attributes("pkg.util") == ["helper"]
    assert read == [b"DEPTH = 3\nWIDTH = 4\n"]  # the unchanged files were not read again
    (workspace / "src" / "pkg" / "extra.py").write_text("MORE = 1\n")
    assert index.module_attributes("pkg.extra") == ["MORE"]
    assert read[1:] == [b"MORE = 1\n"]


def test_installed_index_reads_packages_without_importing_them():
    index = InstalledIndex()
    assert index.modules_named("pytest") == [("pytest", "installed")]
    assert "fixture" in index.module_attributes("pytest")
    assert ("pytest", "installed") in index.providers_of("fixture")
    assert index.modules_named("json") == []  # the stdlib is not a distribution


def test_combined_index_asks_in_order(workspace, stdlib):
    (workspace / "json.py").write_text("def loads(): pass\n")
    index = CombinedIndex(WorkspaceIndex(workspace), stdlib)
    assert index.modules_named("json")[0] == ("json", "workspace")
    assert index.source_of("json") == "workspace"
    assert index.module_attributes("json") == ["loads"]
    assert index.source_of("os") == "stdlib"
    assert ("collections", "stdlib") in index.providers_of("defaultdict")
    assert index.module_for_path(workspace / "app.py") == "app"


class _Fake:
    """A SymbolIndex that knows two modules and nothing more."""

    source = "stdlib"
    attrs = {"json": ["dumps", "loads"], "lazy": ["a"]}

    def modules_named(self, name):
        return [(name, "stdlib")] if name in self.attrs else []

    def providers_of(self, name):
        return []

    def module_attributes(self, module):
        return self.attrs.get(module, [])

    def knows_all_attributes(self, module):
        return module != "lazy"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("import json\njson.dumpz(1)\n", [(2, 6, "json", "dumpz")]),
        ("import json as j\nx = j.lods('1')\n", [(2, 7, "json", "lods")]),
        ("import json\njson.dumps(1)\n", []),
        ("import json\njson = None\njson.dumpz\n", []),  # the name is rebound
        ("import json\njson.extra = 1\njson.extra\n", []),  # the file sets it
        ("import json\nif hasattr(json, 'fast'):\n    json.fast()\n", []),
        # a hasattr about another object leaves json's reads to the check
        ("import json\nif hasattr(data, 'read'):\n    json.lods(data)\n", [(3, 10, "json", "lods")]),
        # the object a getattr test asks about is read whatever the test says
        ("import json\nif getattr(json.dumpz, 'x', None):\n    pass\n",
         [(2, 17, "json", "dumpz")]),
        ("import json\nif getattr(json, 'dumpz', None):\n    json.dumpz()\n", []),
        ("import lazy\nlazy.anything\n", []),  # a module-level __getattr__
        ("import json\njson._private\n", []),
        ("json.dumpz\n", []),  # not imported
        ("def f(json):\n    return json.dumpz\nimport json\n", []),
        ("import json\nx = 'é'; json.dumpz\n", [(2, 15, "json", "dumpz")]),
    ],
)
def test_find_missing_module_attributes(text, expected):
    problems = find_missing_module_attributes(text, _Fake())
    found = [(p.line, p.col, p.message.split("'")[1], p.symbol) for p in problems]
    assert found == expected
    assert all(p.code == "NCA101" and p.source == "nca" for p in problems)


def test_find_missing_module_attributes_on_the_real_stdlib(stdlib):
    text = "import os\nimport os.path\nimport collections\n" + (
        "os.path.jion('a')\nos.getcwd()\ncollections.abc.Mapping\nos.environ.get('x')\n"
    )
    problems = find_missing_module_attributes(text, CombinedIndex(stdlib))
    assert [(p.message, p.line, p.col) for p in problems] == [
        ("module 'os.path' has no attribute 'jion'", 4, 9)
    ]


def test_cache_dir_defaults_to_home(monkeypatch):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "/home/someone")
    assert knowledge.cache_dir() == Path("/home/someone/.cache/nca")


def test_a_module_under_a_namespace_folder_of_an_unimported_package_is_not_an_error(tmp_path):
    from nca.workers.facts.modulefacts import locate_module

    # fsspec/tests has no __init__.py: its path is worked out from `fsspec` in sys.modules
    (tmp_path / "nsdemo_pkg" / "tests" / "abstract").mkdir(parents=True)
    (tmp_path / "nsdemo_pkg" / "__init__.py").write_text("")
    (tmp_path / "nsdemo_pkg" / "tests" / "abstract" / "common.py").write_text("X = 1\n")
    assert locate_module("nsdemo_pkg", [str(tmp_path)]) is not None
    locate_module("nsdemo_pkg.tests.abstract.common", [str(tmp_path)])  # no KeyError


def test_a_question_about_one_installed_module_locates_only_that_one(tmp_path):
    site = tmp_path / "site"
    (site / "alpha").mkdir(parents=True)
    (site / "alpha" / "__init__.py").write_text("A = 1\n")
    (site / "beta.py").write_text("B = 2\n")
    (site / "_private.py").write_text("P = 3\n")
    index = InstalledIndex(search_path=[str(site)])
    located: list[str] = []
    real = index._spec

    def spec(module: str):
        if module not in index._specs:  # located, not answered from what was located before
            located.append(module)
        return real(module)

    index._spec = spec  # type: ignore[method-assign]
    assert index.has_module("json") is False  # the standard library: not asked at all
    assert located == []
    assert index.has_module("alpha") and index.has_module("beta")
    assert not index.has_module("_private") and not index.has_module("gamma")
    assert sorted(located) == ["alpha", "beta"]
    assert index.modules_named("beta") == [("beta", "installed")]
    # the whole table agrees with the answers given one by one
    assert sorted(index._top_specs()) == ["alpha", "beta"]
