import subprocess

import pytest
from ruff.__main__ import find_ruff_bin

from nca.workers.core.types import Analysis, Problem, Solution
from nca.workers.engines.rules.base import RuleContext
from nca.workers.engines.rules.imports import RULES, MissingImport, add_import

CASES = [
    # (id, text, statement, expected)
    ("no imports, code first", "x = json.dumps(1)\n", "import json",
     "import json\n\nx = json.dumps(1)\n"),
    ("after the docstring", '"""Doc."""\n\nx = json\n', "import json",
     '"""Doc."""\n\nimport json\n\nx = json\n'),
    ("two blank lines before a def", '"""Doc."""\ndef f():\n    return json\n', "import json",
     '"""Doc."""\n\nimport json\n\n\ndef f():\n    return json\n'),
    ("after header comments", "#!/usr/bin/env python\n# tool\nx = json\n", "import json",
     "#!/usr/bin/env python\n# tool\n\nimport json\n\nx = json\n"),
    ("after docstring and __future__", '"""Doc."""\nfrom __future__ import annotations\n\nx = json\n',
     "import json",
     '"""Doc."""\nfrom __future__ import annotations\n\nimport json\n\nx = json\n'),
    ("alphabetical in its group", "import os\nimport sys\n\nimport attr\n\nx = 1\n", "import re",
     "import os\nimport re\nimport sys\n\nimport attr\n\nx = 1\n"),
    ("last in its group", "import os\n\nimport attr\n\nx = 1\n", "import sys",
     "import os\nimport sys\n\nimport attr\n\nx = 1\n"),
    ("stdlib before third-party", "import attr\n\nx = 1\n", "from collections import deque",
     "from collections import deque\n\nimport attr\n\nx = 1\n"),
    ("third-party after stdlib", "import os\n\nx = 1\n", "import attr",
     "import os\n\nimport attr\n\nx = 1\n"),
    ("from after plain imports", "import os\nimport sys\n\nx = 1\n", "from abc import ABC",
     "import os\nimport sys\nfrom abc import ABC\n\nx = 1\n"),
    ("merged into the existing from", "from collections import Counter\n\nx = 1\n",
     "from collections import defaultdict",
     "from collections import Counter, defaultdict\n\nx = 1\n"),
    ("merged, sorted by type", "from collections import Counter, deque\n",
     "from collections import OrderedDict",
     "from collections import Counter, OrderedDict, deque\n"),
    ("merged, sorted without case", "from os import getcwd, SEEK_END\nfrom collections import deque\n",
     "from os import PathLike",
     "from os import getcwd, PathLike, SEEK_END\nfrom collections import deque\n"),
    ("merged into a list in no order: the author's order kept",
     "from collections import deque, Counter\n", "from collections import OrderedDict",
     "from collections import deque, Counter, OrderedDict\n"),
    ("merged, multi-line kept", "from collections import (\n    Counter,\n    deque,\n)\n",
     "from collections import OrderedDict",
     "from collections import (\n    Counter,\n    OrderedDict,\n    deque,\n)\n"),
    ("as imports stand alone", "from os import path as p\n", "from os import sep",
     "from os import path as p\nfrom os import sep\n"),
    ("merged past an as import", "from os import path as p\nfrom os import walk\n",
     "from os import sep", "from os import path as p\nfrom os import sep, walk\n"),
    ("a plain import before an as import of the same name",
     "from collections.abc import MutableMapping as MM\n", "from collections.abc import MutableMapping",
     "from collections.abc import MutableMapping\nfrom collections.abc import MutableMapping as MM\n"),
    ("relative import last", "import os\n\nfrom pkg import a\n", "from .util import helper",
     "import os\n\nfrom pkg import a\n\nfrom .util import helper\n"),
    ("crlf kept", "import os\r\n\r\nx = 1\r\n", "import sys",
     "import os\r\nimport sys\r\n\r\nx = 1\r\n"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "statement", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_add_import(text, statement, expected):
    result = add_import(text, statement, first_party=["pkg"])
    assert result == expected
    compile(result, "<test>", "exec")


def _isort_findings(text: str) -> str:
    config = ["--config", "lint.isort.known-first-party = ['pkg']"]
    proc = subprocess.run(
        [find_ruff_bin(), "check", "--isolated", *config, "--select", "I", "-q",
         "--stdin-filename", "x.py", "-"],
        input=text, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return proc.stdout


@pytest.mark.parametrize("case", [c for c in CASES if "crlf" not in c[0]], ids=lambda c: c[0])
def test_results_are_isort_clean(case):
    _, text, statement, _ = case
    if _isort_findings(text):
        pytest.skip("the input itself is not sorted")
    assert _isort_findings(add_import(text, statement, first_party=["pkg"])) == ""


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("import json\n", "import json"),  # already there
        ("x = (\n", "import json"),  # the file does not parse
        ("x = 1\n", "json"),  # not an import statement
        ("x = 1\n", "from os import *"),
    ],
)
def test_add_import_refuses(text, statement):
    assert add_import(text, statement) is None


UNSORTED = "from pygments.lexer import RegexLexer, words, include\nfrom pygments.token import Name\n"


def test_a_file_that_sorts_nothing_follows_the_workspace_lists_of_the_same_names():
    orders = [("Name", "Text", "Keyword"), ("Comment", "Keyword", "Name", "String"),
              ("String", "Keyword", "Comment", "Name")]
    result = add_import(UNSORTED, "from pygments.token import Keyword", orders=orders)
    assert "from pygments.token import Keyword, Name\n" in result
    # no list holds all of them: the new name goes last
    result = add_import(UNSORTED, "from pygments.token import Punctuation", orders=orders)
    assert "from pygments.token import Name, Punctuation\n" in result


def test_names_put_back_one_by_one_end_in_the_order_the_workspace_lists_them():
    orders = [("Text", "Comment", "Operator", "Keyword")] * 3 + [("Comment", "Keyword")]
    text = "from pygments.lexer import RegexLexer\n\nX = 1\n"
    for name in ("Keyword", "Comment", "Text", "Operator"):
        text = add_import(text, f"from pygments.token import {name}", orders=orders)
    assert "from pygments.token import Text, Comment, Operator, Keyword\n" in text


def test_a_file_that_sorts_its_members_stays_sorted_whatever_the_workspace_does():
    text = "from pygments.lexer import RegexLexer, include, words\nfrom pygments.token import Name\n"
    result = add_import(text, "from pygments.token import Keyword", orders=[("Name", "Keyword")])
    assert "from pygments.token import Keyword, Name\n" in result


LAZY = """import attr


def main():
    import json
    import re

    return os.getcwd(), json, re


if __name__ == "__main__":
    import re
    print(attr.s, re)
"""


def test_a_name_used_only_in_a_block_that_imports_for_itself_is_imported_there():
    result = add_import(LAZY, "import os")
    assert "    import json\n    import os\n    import re\n" in result
    assert result.startswith("import attr\n\n\n")
    compile(result, "<test>", "exec")


def test_a_name_used_beside_the_block_too_is_imported_at_the_top():
    text = LAZY.replace("print(attr.s, re)", "print(attr.s, re, os.sep)")
    result = add_import(text, "import os")
    assert result.startswith("import os\n\nimport attr\n") and result.count("import os") == 1


def test_a_module_that_imports_its_kind_at_the_top_imports_it_there():
    result = add_import("import sys\n" + LAZY, "import os")
    assert result.startswith("import os\nimport sys\n") and result.count("import os") == 1


def test_a_block_that_imports_nothing_is_no_place_for_an_import():
    text = "import sys\n\n\ndef main():\n    return os.getcwd()\n"
    assert add_import(text, "import os").startswith("import os\nimport sys\n")


def test_a_statement_with_comments_inside_is_not_rewritten():
    text = "from collections import (  # keep\n    Counter,\n)\n"
    result = add_import(text, "from collections import deque")
    assert "# keep" in result and "deque" in result
    compile(result, "<test>", "exec")


def _context(text, *solutions, code="F821"):
    problem = Problem(code, "Undefined name `x`", 1, 1, symbol="x")
    return RuleContext(text=text, problem=problem, analysis=Analysis(problem, tuple(solutions)))


def _solution(statement, score=0.8, kind="import", **detail):
    return Solution(kind, f"Add `{statement}`", "stdlib", score, {"statement": statement, **detail})


def test_rule_turns_import_solutions_into_candidates():
    rule = MissingImport()
    assert RULES[0].id == rule.id == "missing-import"
    ctx = _context(
        "x = json.dumps(OrderedDict())\n",
        _solution("import json", 0.85, section="stdlib"),
        _solution("from collections import OrderedDict", 0.7),
        Solution("rename", "Change", "scope", 0.9, {"replacement": "y"}),
        _solution("from nowhere import", 0.6),  # broken: skipped
    )
    found = list(rule.propose(ctx))
    assert [c.text.splitlines()[0] for c in found] == [
        "import json",
        "from collections import OrderedDict",
    ]
    assert [c.rank for c in found] == [0.85, 0.7]
    assert {(c.engine, c.kind, c.semantic) for c in found} == {("rules", "missing-import", False)}
    assert found[0].problem is ctx.problem


def test_rule_takes_learned_statements_and_needs_an_analysis():
    rule = MissingImport()
    learned = _solution("import json", kind="learned")
    assert [c.text for c in rule.propose(_context("json\n", learned))] == ["import json\n\njson\n"]
    no_analysis = RuleContext(text="json\n", problem=Problem("F821", "Undefined name `json`"))
    assert list(rule.propose(no_analysis)) == []
    assert rule.applies(Problem("F821", "m")) and rule.applies(Problem("NameError", "m"))
    assert not rule.applies(Problem("F401", "m"))


def test_one_name_per_line_style_is_kept():
    text = "from .core import Argument\nfrom .core import Group\n\nx = 1\n"
    assert add_import(text, "from .core import Context") == (
        "from .core import Argument\nfrom .core import Context\nfrom .core import Group\n\nx = 1\n")


def test_imports_after_module_assignments_are_the_import_block():
    text = ('"""Doc."""\n\nfrom __future__ import annotations\n\n__lazy__ = {"re"}\n\n'
            "import os\nimport sys\n\n\ndef f():\n    pass\n")
    assert add_import(text, "import re").split("\n")[6:9] == ["import os", "import re", "import sys"]


TYPING_ONLY = (
    "from __future__ import annotations\n\nimport typing as t\n\nfrom .base import Base\n\n"
    "if t.TYPE_CHECKING:\n    from .core import Context\n    from .types import Param\n\n\n"
    "def run(ctx: Context) -> Command:\n    value: Command | None = None\n    return value\n"
)


def test_a_name_read_only_in_annotations_goes_into_the_type_checking_block():
    added = add_import(TYPING_ONLY, "from .core import Command")
    # it joins the block's import of the same module
    assert "    from .core import Command, Context\n" in added
    assert added.count("Command") == 3


def test_class_annotations_are_typing_only_where_the_block_already_holds_names_they_read():
    text = TYPING_ONLY.replace("def run(", "class Holder:\n    item: Command\n    ctx: Context\n\n\ndef run(")
    assert "    from .core import Command, Context\n" in add_import(text, "from .core import Command")


@pytest.mark.parametrize("change", [
    ("def run(", "x = Command\n\n\ndef run("),  # read at run time
    ("from __future__ import annotations\n\n", ""),  # signatures evaluated when defined
    ("def run(", "class Holder:\n    item: Command\n\n\ndef run("),  # a class reads its own
])
def test_a_name_read_at_run_time_goes_to_the_import_block(change):
    text = TYPING_ONLY.replace(*change)
    added = add_import(text, "from .core import Command")
    assert "\nfrom .core import Command\n" in added
    assert "    from .core import Command" not in added


@pytest.mark.parametrize(("text", "statement", "expected"), [
    # from-first (isort's from_first): the plain import goes among the plain imports
    ("from collections.abc import Mapping\nfrom urllib.parse import urlsplit\nimport itertools\n"
     "import sys\n\nX = 1\n", "import re",
     "from collections.abc import Mapping\nfrom urllib.parse import urlsplit\nimport itertools\n"
     "import re\nimport sys\n\nX = 1\n"),
    # by module, `import` and `from` mixed (force_sort_within_sections)
    ("import abc\nfrom collections import deque\nimport sys\n\nX = 1\n", "import os",
     "import abc\nfrom collections import deque\nimport os\nimport sys\n\nX = 1\n"),
    # a section in no order: at its end
    ("import sys\nimport abc\nfrom os import sep\n\nX = 1\n", "import json",
     "import sys\nimport abc\nfrom os import sep\nimport json\n\nX = 1\n"),
    # one name per line, members without case or type order (click's `_default_text_stdout`
    # before `CYGWIN`)
    ("from ._compat import _ansi\nfrom ._compat import CYGWIN\nfrom ._compat import isatty\n"
     "from .utils import echo\n", "from ._compat import get_encoding",
     "from ._compat import _ansi\nfrom ._compat import CYGWIN\nfrom ._compat import get_encoding\n"
     "from ._compat import isatty\nfrom .utils import echo\n"),
    # a section in no order, where the nearest modules keep one: among them
    ("from pkg.registry import get\nfrom pkg.pipeline.markup import m\n"
     "from pkg.pipeline.statistical import s\nfrom pkg.enums import E\n\nX = 1\n",
     "from pkg.pipeline.postprocess import p",
     "from pkg.registry import get\nfrom pkg.pipeline.markup import m\n"
     "from pkg.pipeline.postprocess import p\nfrom pkg.pipeline.statistical import s\n"
     "from pkg.enums import E\n\nX = 1\n"),
    # module names in natural order, as ruff sorts them: utf8 before utf1632
    ("from pkg.utf8 import a\nfrom pkg.utf1632 import b\nfrom pkg.zlib import z\n\nX = 1\n",
     "from pkg.validity import v",
     "from pkg.utf8 import a\nfrom pkg.utf1632 import b\nfrom pkg.validity import v\n"
     "from pkg.zlib import z\n\nX = 1\n"),
    # isort's default still wins a tie
    ("import abc\nimport sys\n\nX = 1\n", "from os import sep",
     "import abc\nimport sys\nfrom os import sep\n\nX = 1\n"),
])
def test_a_new_import_follows_the_order_the_file_keeps(text, statement, expected):
    assert add_import(text, statement) == expected


def test_names_of_one_statement_join_it_where_some_module_is_imported_twice():
    # importing one module on two lines is no one-name-per-line style when a line has two
    text = ("from pkg.app import rendering\nfrom pkg.app import utils, output\n"
            "from pkg.domain.contract import Contract\n\nX = 1\n")
    result = add_import(text, "from pkg.domain.contract import ContractCheck")
    assert "from pkg.domain.contract import Contract, ContractCheck\n" in result


def test_a_tie_goes_to_the_order_the_workspace_keeps():
    # only `from` imports: every order agrees with the file, the workspace's files decide
    text = ("from collections.abc import Generator\nfrom typing import TypeAlias\n\n"
            "from ._impl import Hook\n\nX = 1\n")
    mixed = add_import(text, "import warnings", votes={"by-module": 5, "default": 1})
    assert "from typing import TypeAlias\nimport warnings\n" in mixed
    assert add_import(text, "import warnings").startswith("import warnings\n")


def test_an_import_goes_above_the_first_line_that_reads_the_name_at_import_time():
    text = ('from __future__ import annotations\n\nif TYPE_CHECKING:\n    from os import PathLike\n\n'
            'X = 1\n\nfrom importlib import import_module\n\n\ndef f():\n    return import_module\n')
    result = add_import(text, "from typing import TYPE_CHECKING")
    assert result.index("from typing import TYPE_CHECKING") < result.index("if TYPE_CHECKING")
    compile(result, "<test>", "exec")
    # a name read only inside functions goes with the rest of the block
    result = add_import(text.replace("if TYPE_CHECKING:", "if X:"), "from json import dumps")
    assert result.index("from json import dumps") > result.index("from importlib")
