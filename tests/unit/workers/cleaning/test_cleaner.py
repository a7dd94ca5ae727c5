"""Tests for nca.workers.cleaning.cleaner: what is found, what is removed, and what stays untouched."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from nca.workers.cleaning import cleaner
from nca.workers.cleaning.cleaner import CleanOptions, clean
from nca.workers.core.errors import InputError
from nca.workers.core.registry import WORKERS
from nca.workers.core.types import CleanReport, CleanRequest


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    findings: tuple[tuple[str, str, bool], ...]  # (name, category, removable)
    cleaned: str | None = None  # None: the text comes back unchanged
    min_confidence: int = 80
    path: str = "module.py"
    orphans: tuple[str, ...] = ()
    whitelist: tuple[str, ...] = ()


CASES = [
    Case(
        "unused import, whole statement",
        "import os\nimport sys\n\nprint(sys.argv)\n",
        (("os", "import", True),),
        "import sys\n\nprint(sys.argv)\n",
    ),
    Case(
        "unused name of a from-import",
        "from os.path import exists, join\n\nprint(join('a', 'b'))\n",
        (("exists", "import", True),),
        "from os.path import join\n\nprint(join('a', 'b'))\n",
    ),
    Case(
        "unused last name of a parenthesised from-import",
        "from os.path import (\n    join,\n    exists,\n)\n\nprint(join('a'))\n",
        (("exists", "import", True),),
        "from os.path import (\n    join,\n)\n\nprint(join('a'))\n",
    ),
    Case(
        "every name of an import unused: the statement goes",
        '"""Doc."""\n\nimport os, sys\nimport re\n\nprint(re)\n',
        (("os", "import", True), ("sys", "import", True)),
        '"""Doc."""\n\nimport re\n\nprint(re)\n',
    ),
    Case(
        "unused function takes the import only it used",
        "import json\nimport os\n\n\ndef _dump(data):\n    return json.dumps(data)\n\n\n"
        "def main():\n    return os.getcwd()\n\n\nmain()\n",
        (("json", "import", True), ("_dump", "function", True)),
        "import os\n\n\ndef main():\n    return os.getcwd()\n\n\nmain()\n",
        min_confidence=60,
    ),
    Case(
        "used function kept",
        "def helper():\n    return 1\n\n\nprint(helper())\n",
        (),
        min_confidence=60,
    ),
    Case(
        "unused method",
        "class Greeter:\n    def greet(self):\n        return 'hi'\n\n"
        "    def unused(self):\n        return 'bye'\n\n\nprint(Greeter().greet())\n",
        (("unused", "method", True),),
        "class Greeter:\n    def greet(self):\n        return 'hi'\n\n\nprint(Greeter().greet())\n",
        min_confidence=60,
    ),
    Case(
        "emptied class body gets pass",
        "class Base:\n    def unused(self):\n        return 1\n\n\nprint(Base())\n",
        (("unused", "method", True),),
        "class Base:\n    pass\n\n\nprint(Base())\n",
        min_confidence=60,
    ),
    Case(
        "method of a subclass may override: reported, kept",
        "from base import Handler\n\n\nclass Echo(Handler):\n    def on_message(self, m):\n"
        "        print(m)\n\n\nEcho().run()\n",
        (("on_message", "method", False),),
        min_confidence=60,
    ),
    Case(
        "vulture's bundled whitelist: NodeVisitor.visit_* are used",
        "import ast\n\n\nclass Finder(ast.NodeVisitor):\n    def visit_Name(self, node):\n"
        "        print(node.id)\n\n\nFinder().visit(ast.parse('x'))\n",
        (),
        min_confidence=60,
    ),
    Case(
        "a bundled whitelist does not hide an unused import of its module",
        "import sys\n",
        (("sys", "import", True),),
        "",
    ),
    Case(
        "subclass of an imported base may be registered by it: reported, kept",
        "from django.db import models\n\n\nclass Article(models.Model):\n    pass\n",
        (("Article", "class", False),),
        min_confidence=60,
    ),
    Case(
        "subclass of a plain local base is removable",
        "class Base:\n    pass\n\n\nclass Unused(Base):\n    pass\n\n\nprint(Base)\n",
        (("Unused", "class", True),),
        "class Base:\n    pass\n\n\nprint(Base)\n",
        min_confidence=60,
    ),
    Case(
        "subclass of a local base with __init_subclass__: reported, kept",
        "class Plugin:\n    def __init_subclass__(cls):\n        print(cls)\n\n\n"
        "class Unused(Plugin):\n    pass\n\n\nprint(Plugin)\n",
        (("Unused", "class", False),),
        min_confidence=60,
    ),
    Case(
        "@dataclass is inert",
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Point:\n    x: int\n",
        (("Point", "class", True), ("dataclass", "import", True)),
        "",
        min_confidence=60,
    ),
    Case(
        "getattr with a computed prefix keeps functions with that prefix",
        "import sys\n\n\ndef on_start():\n    return 1\n\n\ndef spare():\n    return 2\n\n\n"
        "def fire(event):\n    return getattr(sys.modules[__name__], f'on_{event}')()\n\n\n"
        "fire('start')\n",
        (("on_start", "function", False), ("spare", "function", True)),
        "import sys\n\n\ndef on_start():\n    return 1\n\n\n"
        "def fire(event):\n    return getattr(sys.modules[__name__], f'on_{event}')()\n\n\n"
        "fire('start')\n",
        min_confidence=60,
    ),
    Case(
        "globals()[name] keeps every definition",
        "def start():\n    return 1\n\n\ndef run(name):\n    return globals()[name]()\n\n\n"
        "run(input())\n",
        (("start", "function", False),),
        min_confidence=60,
    ),
    Case(
        "globals() with a literal name keeps only that name",
        "def start():\n    return 1\n\n\ndef spare():\n    return 2\n\n\n"
        "print(globals().get('start'))\n",
        (("start", "function", False), ("spare", "function", True)),
        "def start():\n    return 1\n\n\nprint(globals().get('start'))\n",
        min_confidence=60,
    ),
    Case(
        "unreachable code after return",
        "def f(x):\n    return x\n    print('never')\n    x += 1\n",
        (("unreachable code after 'return'", "unreachable", True),),
        "def f(x):\n    return x\n",
    ),
    Case(
        "unreachable code after continue, on the same line",
        "for i in range(3):\n    continue; print(i)\n",
        (("unreachable code after 'continue'", "unreachable", True),),
        "for i in range(3):\n    continue\n",
    ),
    Case(
        "code after an endless loop: reported, kept",
        "def spin():\n    while True:\n        pass\n    print('never')\n\n\nspin()\n",
        (("unreachable code after 'while'", "unreachable", False),),
    ),
    Case(
        "__all__ names kept",
        '__all__ = ["api"]\n__all__ += ["extra"]\n\n\ndef api():\n    return 1\n\n\n'
        "def extra():\n    return 2\n",
        (),
        min_confidence=60,
    ),
    Case(
        "decorated route: reported, kept",
        'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/")\n'
        'def index():\n    return "ok"\n',
        (("index", "function", False),),
        min_confidence=60,
    ),
    Case(
        "inert decorator does not protect",
        "import functools\n\n\n@functools.cache\ndef table():\n    return {}\n",
        (("table", "function", True), ("functools", "import", True)),
        "",
        min_confidence=60,
    ),
    Case(
        "pytest fixture and test kept",
        "import pytest\n\n\n@pytest.fixture\ndef client():\n    return object()\n\n\n"
        "def test_client(client):\n    assert client\n",
        (),
        min_confidence=60,
    ),
    Case(
        "__init__.py re-exports kept",
        "from .core import run\nfrom .util import helper\n",
        (),
        path="pkg/__init__.py",
    ),
    Case(
        "# noqa imports kept",
        "import os  # noqa: F401\nimport sys  # noqa\nimport re\n",
        (("re", "import", True),),
        "import os  # noqa: F401\nimport sys  # noqa\n",
    ),
    Case(
        "optional import in try/except ImportError kept",
        "try:\n    import ujson as json\nexcept ImportError:\n    import json\n",
        (),
    ),
    Case(
        "__main__ block variables not reported",
        'def main():\n    return 0\n\n\nif __name__ == "__main__":\n    code = main()\n',
        (),
        min_confidence=60,
    ),
    Case(
        "name looked up through a string: reported, kept",
        'def handler():\n    return 1\n\n\nprint(globals()["handler"]())\n',
        (("handler", "function", False),),
        min_confidence=60,
    ),
    Case(
        "whitelisted names never reported",
        "import os\nimport sys\n",
        (("sys", "import", True),),
        "import os\n",
        whitelist=("os",),
    ),
    Case(
        "orphan reported at 100 and removed",
        "def old_parse(text):\n    return text.split()\n\n\n"
        "def parse(text):\n    return text.split(',')\n\n\nprint(parse('a,b'))\n",
        (("old_parse", "function", True),),
        "def parse(text):\n    return text.split(',')\n\n\nprint(parse('a,b'))\n",
        orphans=("old_parse",),
    ),
    Case(
        "comments around the removal kept byte-for-byte",
        '"""Tools."""\n\nimport os  # the one we need\nimport sys  # only _unused needs it\n\n'
        "# --- helpers ---\n\n\n# about the unused one\ndef _unused():\n    return sys.argv\n\n\n"
        "def cwd():\n    # where we are\n    return os.getcwd()  # keep me\n",
        (("sys", "import", True), ("_unused", "function", True)),
        '"""Tools."""\n\nimport os  # the one we need\n\n'
        "# --- helpers ---\n\n\n"
        "def cwd():\n    # where we are\n    return os.getcwd()  # keep me\n",
        orphans=("_unused",),
    ),
    Case(
        "text that does not compile: no findings",
        "import os\n\ndef f(:\n    pass\n",
        (),
        min_confidence=0,
    ),
    Case(
        "min_confidence 60 reports functions",
        "import os\n\n\ndef helper():\n    return 1\n",
        (("os", "import", True), ("helper", "function", True)),
        "",
        min_confidence=60,
    ),
    Case(
        "min_confidence 80 reports imports only",
        "import os\n\n\ndef helper():\n    return 1\n",
        (("os", "import", True),),
        "def helper():\n    return 1\n",
    ),
    Case(
        "min_confidence 95 reports nothing",
        "import os\n\n\ndef helper():\n    return 1\n",
        (),
        min_confidence=95,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_clean(case: Case) -> None:
    report = clean(
        CleanRequest(
            text=case.text,
            path=case.path,
            min_confidence=case.min_confidence,
            whitelist=case.whitelist,
            orphans=case.orphans,
        )
    )
    found = {(f.name, f.category, f.removable) for f in report.findings}
    assert found == set(case.findings)
    assert all(f.confidence >= case.min_confidence for f in report.findings)
    expected = case.text if case.cleaned is None else case.cleaned
    assert report.text == expected
    removed = {name for name, _, removable in case.findings if removable}
    assert set(report.removed) == removed
    if expected != case.text:
        compile(report.text, case.path, "exec")


def test_orphan_confidence_is_100_and_lines_refer_to_the_input() -> None:
    text = "import sys\n\n\ndef old():\n    return sys.argv\n"
    report = clean(CleanRequest(text=text, orphans=("old",)))
    by_name = {f.name: f for f in report.findings}
    assert by_name["old"].confidence == 100
    assert by_name["old"].line == 4
    # found only after `old` went, yet reported where it is in the text sent
    assert by_name["sys"].line == 1
    assert report.text == ""


def test_ignore_decorators_pass_through_to_vulture() -> None:
    text = "import app\n\n\n@app.hook\ndef on_load():\n    return 1\n"
    plain = clean(CleanRequest(text=text, min_confidence=60))
    assert [f.name for f in plain.findings] == ["on_load"]
    ignored = clean(CleanOptions(text=text, min_confidence=60, ignore_decorators=("@app.*",)))
    assert ignored.findings == ()


def test_whitelist_files_count_as_uses() -> None:
    text = "import os\n\n\ndef helper():\n    return 1\n\n\nclass A:\n    def hook(self):\n"
    text += "        return 2\n\n\nprint(A)\n"
    whitelist = ("whitelist.py", "helper\n_.hook  # unused method\n")
    report = clean(CleanOptions(text=text, min_confidence=60, whitelists=(whitelist,)))
    assert [f.name for f in report.findings] == ["os"]


def test_whitelist_that_does_not_parse_is_an_input_error() -> None:
    with pytest.raises(InputError, match="whitelist w.py"):
        clean(CleanOptions(text="import os\n", whitelists=(("w.py", "def (:\n"),)))


def test_non_removable_reason_is_given() -> None:
    text = "class A:\n    @property\n    def size(self):\n        return 1\n\n\nprint(A())\n"
    report = clean(CleanRequest(text=text, min_confidence=60))
    (size,) = [f for f in report.findings if f.name == "size"]
    assert (size.category, size.removable) == ("property", False)
    assert "reported only" in size.reason


def test_removal_that_breaks_compilation_is_rolled_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text, removals):
        return "def (:\n", frozenset(removals)

    monkeypatch.setattr(cleaner, "remove", broken)
    text = "import os\n"
    report = clean(CleanRequest(text=text))
    assert report.text == text
    assert report.removed == ()
    (finding,) = report.findings
    assert (finding.name, finding.removable) == ("os", False)
    assert "does not compile" in finding.reason


@pytest.mark.parametrize("text", ["", "   \n\n"])
def test_empty_text_gives_an_empty_report(text: str) -> None:
    assert clean(CleanRequest(text=text)) == CleanReport(text=text)


@pytest.mark.parametrize("value", [-1, 101])
def test_min_confidence_out_of_range_is_an_input_error(value: int) -> None:
    with pytest.raises(InputError):
        clean(CleanRequest(text="import os\n", min_confidence=value))


def test_registered_as_clean_worker() -> None:
    assert WORKERS["clean"] is clean
