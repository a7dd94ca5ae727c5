"""Lost imports put back the way the project itself imports: its aliases, its relative form,
its private modules, and names its modules' `__all__` leaves out."""

from nca.workers.analysis.analyzer import analyze
from nca.workers.core.types import AnalyzeRequest, Problem
from nca.workers.facts.knowledge import CombinedIndex, StdlibIndex, WorkspaceIndex


def _solutions(tmp_path, files, path, text, name, line=1, col=1):
    for rel, body in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(body)
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text(text)
    index = CombinedIndex(WorkspaceIndex(tmp_path), StdlibIndex())
    module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    problem = Problem("F821", f"Undefined name `{name}`", line, col, source="ruff", symbol=name,
                      path=path)
    return analyze(AnalyzeRequest(text=text, problem=problem, path=path, module=module,
                                  index=index)).solutions


def _sure(solutions):
    return [s.title for s in solutions if s.detail.get("sure")]


def test_an_alias_the_other_files_give_a_name_is_used_again(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/auto.py": "class tqdm:\n    pass\n",
             "pkg/contrib/__init__.py": "", "pkg/contrib/slack.py":
             "from ..auto import tqdm as tqdm_auto\n\nX = tqdm_auto\n",
             "pkg/contrib/discord.py": "from ..auto import tqdm as tqdm_auto\n\nY = tqdm_auto\n"}
    text = "from ..std import thing\n\n\nclass Telegram(tqdm_auto):\n    pass\n"
    files["pkg/std.py"] = "thing = 1\n"
    found = _solutions(tmp_path, files, "pkg/contrib/telegram.py", text, "tqdm_auto", 4, 16)
    assert _sure(found)[:1] == ["Add `from ..auto import tqdm as tqdm_auto`"]


def test_a_split_alias_habit_is_no_habit(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/a.py": "class T:\n    pass\n",
             "pkg/b.py": "class T:\n    pass\n",
             "pkg/x.py": "from .a import T as Thing\n", "pkg/y.py": "from .b import T as Thing\n"}
    found = _solutions(tmp_path, files, "pkg/z.py", "print(Thing)\n", "Thing", 1, 7)
    assert not any(" as Thing" in s.title for s in found)


def test_a_private_module_of_the_own_package_is_imported_relative(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/_punycode.py": "def encode(s):\n    return s\n",
             "pkg/common/__init__.py": ""}
    text = "from .. import other\n\n\ndef url(s):\n    return _punycode.encode(s)\n"
    files["pkg/other.py"] = ""
    found = _solutions(tmp_path, files, "pkg/common/normalize.py", text, "_punycode", 5, 12)
    assert _sure(found)[:1] == ["Add `from .. import _punycode`"]


def test_a_submodule_of_the_own_package_is_imported_the_way_the_file_does(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/common/__init__.py": "",
             "pkg/common/normalize_url.py": "def normalize(s):\n    return s\n",
             "pkg/helpers.py": ""}
    text = "from . import helpers\n\n\ndef f(s):\n    return normalize_url.normalize(s)\n"
    found = _solutions(tmp_path, files, "pkg/main.py", text, "normalize_url", 5, 12)
    assert _sure(found)[:1] == ["Add `from .common import normalize_url`"]


def test_a_name_the_siblings_import_is_found_though_all_leaves_it_out(tmp_path):
    files = {"pkg/__init__.py": "",
             "pkg/_util.py": "__all__ = ['validate']\n\n\nclass Sentinel(type):\n    pass\n\n\n"
                             "def validate():\n    pass\n",
             "pkg/_state.py": "from ._util import Sentinel\n\nA = Sentinel\n",
             "pkg/_writers.py": "from ._util import Sentinel\n\nB = Sentinel\n"}
    text = "from ._util import validate\n\nREADERS = {Sentinel: validate}\n"
    found = _solutions(tmp_path, files, "pkg/_readers.py", text, "Sentinel", 3, 12)
    assert _sure(found)[:1] == ["Add `from ._util import Sentinel`"]


def test_a_test_inside_a_package_imports_its_package(tmp_path):
    files = {"pkg/__init__.py": "X = 1\n", "pkg/tests/__init__.py": ""}
    text = "def test_x():\n    assert pkg.X == 1\n"
    found = _solutions(tmp_path, files, "pkg/tests/test_x.py", text, "pkg", 2, 12)
    assert _sure(found)[:1] == ["Add `import pkg`"]


def test_nan_comes_from_math(tmp_path):
    found = _solutions(tmp_path, {}, "calc.py", "x = nan\n", "nan", 1, 5)
    assert _sure(found)[:1] == ["Add `from math import nan`"]


def test_a_name_of_the_package_init_is_imported_from_it_when_that_is_no_cycle(tmp_path):
    files = {"pkg/__init__.py": "import datetime\n\nZERO = datetime.timedelta(0)\n",
             "pkg/tzinfo.py": "X = 1\n"}
    text = "from datetime import tzinfo\n\n\nclass Local(tzinfo):\n    offset = ZERO\n"
    found = _solutions(tmp_path, files, "pkg/reference.py", text, "ZERO", 5, 14)
    assert _sure(found)[:1] == ["Add `from . import ZERO`"]


def test_a_name_of_a_package_init_that_imports_this_file_is_only_suggested(tmp_path):
    # pkg/__init__ imports pkg.helpers, which imports pkg.reference: a cycle through it
    files = {"pkg/__init__.py": "from .helpers import help\n\nZERO = 0\n",
             "pkg/helpers.py": "from . import reference\n\n\ndef help():\n    pass\n"}
    text = "def offset():\n    return ZERO\n"
    found = _solutions(tmp_path, files, "pkg/reference.py", text, "ZERO", 2, 12)
    assert "Add `from . import ZERO`" in [s.title for s in found]
    assert "Add `from . import ZERO`" not in _sure(found)


def test_a_name_a_module_defines_outside_its_all_is_found_in_its_package(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/tzinfo.py": "__all__ = []\n\n\nclass StaticTzInfo:\n    pass\n"}
    text = "from . import other\n\n\nclass Zone(StaticTzInfo):\n    pass\n"
    files["pkg/other.py"] = ""
    found = _solutions(tmp_path, files, "pkg/tzfile.py", text, "StaticTzInfo", 4, 12)
    assert _sure(found)[:1] == ["Add `from .tzinfo import StaticTzInfo`"]


def test_a_standard_library_home_is_no_sure_answer_when_a_package_the_project_uses_has_it(
        tmp_path):
    from nca.workers.facts.knowledge import InstalledIndex

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "client.py").write_text("import requests\n\nS = requests.Session\n")
    text = "class HubError(HTTPError):\n    pass\n"
    (tmp_path / "pkg" / "errors.py").write_text(text)
    index = CombinedIndex(WorkspaceIndex(tmp_path), StdlibIndex(), InstalledIndex())
    problem = Problem("F821", "Undefined name `HTTPError`", 1, 16, source="ruff",
                      symbol="HTTPError", path="pkg/errors.py")
    found = analyze(AnalyzeRequest(text=text, problem=problem, path="pkg/errors.py",
                                   module="pkg.errors", index=index)).solutions
    titles = [s.title for s in found]
    assert "Add `from urllib.error import HTTPError`" in titles
    assert [s.title for s in found if s.kind == "import" and s.detail.get("sure")] == []


def test_a_module_the_files_import_themselves_is_not_taken_from_a_module_that_imports_it(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/lexer.py": "import re\n\n\nclass Lexer:\n    pass\n",
             "pkg/odd.py": "from pkg.lexer import Lexer, re\n",
             "pkg/a.py": "import re\n", "pkg/b.py": "import re\n"}
    found = _solutions(tmp_path, files, "pkg/c.py", "X = re.compile('x')\n", "re", 1, 5)
    assert _sure(found)[:1] == ["Add `import re`"]
    assert not any("lexer import re" in s.title for s in found)


def test_an_import_solution_carries_the_workspace_lists_of_names_from_its_module(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/token.py": "Name = Text = Keyword = Comment = 1\n",
             "pkg/one.py": "from pkg.token import Text, Keyword, Name\n",
             "pkg/two.py": "from .token import Comment, Name\nfrom os import sep, path\n",
             "pkg/three.py": "from pkg.token import Comment\n"}
    text = "from .token import Text\n\nX = (Text, Name)\n"
    found = _solutions(tmp_path, files, "pkg/four.py", text, "Name", 3, 12)
    orders = next(s.detail["orders"] for s in found if s.detail.get("name") == "Name")
    assert sorted(orders) == [["Comment", "Name"], ["Text", "Keyword", "Name"]]


def test_a_file_that_imports_nothing_of_its_package_writes_it_as_the_package_does(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/token.py": "Token = 1\n",
             "pkg/a.py": "from pkg.token import Token\n", "pkg/b.py": "from pkg.token import Token\n",
             "pkg/c.py": "from .token import Token\n"}
    found = _solutions(tmp_path, files, "pkg/style.py", "X = Token\n", "Token", 1, 5)
    assert _sure(found)[:1] == ["Add `from pkg.token import Token`"]
    files["pkg/d.py"] = files["pkg/e.py"] = "from .token import Token\n"
    found = _solutions(tmp_path, files, "pkg/style.py", "X = Token\n", "Token", 1, 5)
    assert _sure(found)[:1] == ["Add `from .token import Token`"]


def test_a_file_that_writes_only_its_siblings_relative_writes_the_rest_absolute(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/pattern.py": "class RegexPattern:\n    pass\n",
             "pkg/backends/__init__.py": "", "pkg/backends/base.py": "class Base:\n    pass\n"}
    text = ("from pkg import pattern\nfrom .base import Base\n\n\n"
            "class Backend(Base, RegexPattern):\n    pass\n")
    found = _solutions(tmp_path, files, "pkg/backends/simple.py", text, "RegexPattern", 5, 21)
    assert _sure(found)[:1] == ["Add `from pkg.pattern import RegexPattern`"]
    # a file that goes up a level itself goes up for this one too
    text = text.replace("from pkg import pattern", "from .. import pattern")
    found = _solutions(tmp_path, files, "pkg/backends/simple.py", text, "RegexPattern", 5, 21)
    assert _sure(found)[:1] == ["Add `from ..pattern import RegexPattern`"]


def test_an_abstract_collection_comes_from_collections_abc_unless_the_file_takes_them_from_typing(
        tmp_path):
    text = "from typing import Any\n\n\ndef f(x: Any) -> Generator:\n    yield x\n"
    found = _solutions(tmp_path, {}, "mod.py", text, "Generator", 4, 17)
    assert _sure(found)[:1] == ["Add `from collections.abc import Generator`"]
    text = text.replace("import Any", "import Any, Iterable")
    found = _solutions(tmp_path, {}, "mod.py", text, "Generator", 4, 17)
    assert _sure(found)[:1] == ["Add `from typing import Generator`"]


def test_typings_other_aliases_come_from_their_own_modules(tmp_path):
    # `typing.Match` is an alias of `re.Match`, `typing.Counter` of `collections.Counter`
    text = "import re\nfrom typing import TypeVar\n\n\ndef f(m: Match) -> int:\n    ...\n"
    found = _solutions(tmp_path, {}, "mod.py", text, "Match", 5, 10)
    assert _sure(found)[:1] == ["Add `from re import Match`"]
    counter = text.replace("m: Match) -> int", "m: str) -> Counter")
    found = _solutions(tmp_path, {}, "mod.py", counter, "Counter", 5, 18)
    assert _sure(found)[:1] == ["Add `from collections import Counter`"]
    text = text.replace("import TypeVar", "import Callable, TypeVar")  # the file's aliases
    found = _solutions(tmp_path, {}, "mod.py", text, "Match", 5, 10)
    assert _sure(found)[:1] == ["Add `from typing import Match`"]


def test_the_package_habit_counts_imports_as_far_up_as_the_one_to_write(tmp_path):
    # siblings are imported relative everywhere; two levels up, absolute
    files = {"pkg/__init__.py": "", "pkg/constants.py": "CACHE = 1\n", "pkg/utils/__init__.py": "",
             "pkg/utils/a.py": "from .b import x\nfrom pkg.constants import CACHE\n",
             "pkg/utils/b.py": "from .a import y\nfrom pkg import constants\nx = 1\n",
             "pkg/utils/c.py": "from .a import y\n"}
    text = "from .a import y\n\nX = CACHE\n"
    found = _solutions(tmp_path, files, "pkg/utils/d.py", text, "CACHE", 3, 5)
    assert _sure(found)[:1] == ["Add `from pkg.constants import CACHE`"]


def test_absolute_imports_of_siblings_say_nothing_of_imports_further_up(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/constants.py": "CACHE = 1\n", "pkg/utils/__init__.py": "",
             "pkg/utils/a.py": "from ..constants import CACHE\ny = 1\n",
             "pkg/utils/b.py": "from .. import constants\nfrom pkg.utils.a import y\nx = 1\n",
             "pkg/utils/c.py": "from pkg.utils.a import y\n", "pkg/utils/e.py": "from pkg.utils.b import x\n"}
    text = "from .a import y\n\nX = CACHE\n"
    found = _solutions(tmp_path, files, "pkg/utils/d.py", text, "CACHE", 3, 5)
    assert _sure(found)[:1] == ["Add `from ..constants import CACHE`"]


def test_the_files_of_the_same_subpackage_decide_before_the_whole_package(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/constants.py": "CACHE = 1\n", "pkg/utils/__init__.py": "",
             "pkg/utils/a.py": "from ..constants import CACHE\n",
             "pkg/utils/b.py": "from .. import constants\n", "pkg/cli/__init__.py": "",
             **{f"pkg/cli/c{i}.py": "from pkg.constants import CACHE\n" for i in range(4)}}
    text = "import os\n\nX = CACHE\n"
    found = _solutions(tmp_path, files, "pkg/utils/d.py", text, "CACHE", 3, 5)
    assert _sure(found)[:1] == ["Add `from ..constants import CACHE`"]
    found = _solutions(tmp_path, files, "pkg/cli/d.py", text, "CACHE", 3, 5)
    assert _sure(found)[:1] == ["Add `from pkg.constants import CACHE`"]


def test_names_lost_together_come_back_from_the_module_that_has_them_all(tmp_path):
    # `.auto` has its own `tqdm` and the file imports from it, but `.std` has the warning too
    files = {"pkg/__init__.py": "", "pkg/std.py": "class tqdm:\n    pass\n\n\nclass Warned:\n    pass\n",
             "pkg/auto.py": "from .std import tqdm as std_tqdm\n\n\nclass tqdm(std_tqdm):\n    pass\n",
             "pkg/contrib/__init__.py": ""}
    text = ("from ..auto import tqdm as tqdm_auto\n\n\ndef tenumerate(it):\n"
            "    Warned('use tqdm_auto')\n    return tqdm(it)\n")
    found = _solutions(tmp_path, files, "pkg/contrib/util.py", text, "tqdm", 6, 12)
    assert _sure(found)[:1] == ["Add `from ..std import tqdm`"]
    found = _solutions(tmp_path, files, "pkg/contrib/util.py",
                       text.replace("    Warned('use tqdm_auto')\n", ""), "tqdm", 5, 12)
    assert _sure(found)[:1] == ["Add `from ..auto import tqdm`"]


def test_absolute_imports_further_up_say_nothing_of_a_siblings_import(tmp_path):
    # the file imports `pkg.pattern` absolutely, three levels up; its neighbour writes its
    # own package's modules relative: so is the sibling
    files = {"pkg/__init__.py": "", "pkg/pattern.py": "class Pattern:\n    pass\n",
             "pkg/_b/__init__.py": "", "pkg/_b/_utils.py": "def walk():\n    pass\n",
             "pkg/_b/simple/__init__.py": "",
             "pkg/_b/simple/spec.py": "from .._utils import walk\n\n\nclass Backend:\n    pass\n"}
    text = "from pkg.pattern import Pattern\n\n\nclass GitBackend(Backend):\n    pass\n"
    found = _solutions(tmp_path, files, "pkg/_b/simple/git.py", text, "Backend", 4, 17)
    assert _sure(found)[:1] == ["Add `from .spec import Backend`"]
    # where the package writes them absolute, so does the file
    files["pkg/_b/simple/spec.py"] = "from pkg._b._utils import walk\n\n\nclass Backend:\n    pass\n"
    found = _solutions(tmp_path, files, "pkg/_b/simple/git.py", text, "Backend", 4, 17)
    assert _sure(found)[:1] == ["Add `from pkg._b.simple.spec import Backend`"]


def test_a_stdlib_class_its_modules_all_leaves_out_is_still_found(tmp_path):
    # `importlib.metadata.__all__` leaves `EntryPoint` out; the module defines it all the same
    text = "def names(eps: list[EntryPoint]) -> list[str]:\n    return [e.name for e in eps]\n"
    found = _solutions(tmp_path, {}, "mod.py", text, "EntryPoint", 1, 20)
    assert _sure(found)[:1] == ["Add `from importlib.metadata import EntryPoint`"]


def test_a_name_many_stdlib_modules_offer_comes_from_its_conventional_home(tmp_path):
    # curses, ensurepip and marshal have a `version` too, ahead in the alphabet
    text = '__version__ = version("pkg")\n'
    found = _solutions(tmp_path, {}, "mod.py", text, "version", 1, 15)
    assert _sure(found)[:1] == ["Add `from importlib.metadata import version`"]


def test_a_private_alias_of_a_public_name_is_imported_as_such(tmp_path):
    text = "def path(url):\n    return _unquote(url)\n"
    found = _solutions(tmp_path, {}, "mod.py", text, "_unquote", 2, 12)
    assert _sure(found)[:1] == ["Add `from urllib.parse import unquote as _unquote`"]


def test_a_name_prefixed_with_its_modules_name_is_imported_under_it(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/compat.py": "from json import JSONDecodeError\n",
             "pkg/models.py": "from .compat import JSONDecodeError\n"}
    text = "class InvalidJSONError(CompatJSONDecodeError):\n    pass\n"
    found = _solutions(tmp_path, files, "pkg/exceptions.py", text, "CompatJSONDecodeError", 1, 24)
    assert _sure(found)[:1] == ["Add `from .compat import JSONDecodeError as CompatJSONDecodeError`"]


def test_a_file_that_takes_dict_from_typing_takes_mapping_from_there_too(tmp_path):
    text = "from typing import Dict, Optional\n\n\ndef f(m: Mapping) -> Optional[Dict]:\n    ...\n"
    found = _solutions(tmp_path, {}, "mod.py", text, "Mapping", 4, 10)
    assert _sure(found)[:1] == ["Add `from typing import Mapping`"]


def test_names_lost_together_outweigh_where_aliases_usually_come_from(tmp_path):
    # the statement that went took `IO` too, which only typing has
    text = "def f(m: Mapping, stream: IO) -> None:\n    ...\n"
    found = _solutions(tmp_path, {}, "mod.py", text, "Mapping", 1, 10)
    assert _sure(found)[:1] == ["Add `from typing import Mapping`"]


def test_beside_a_star_import_no_name_is_taken_for_lost_with_another(tmp_path):
    # the star import's names look unbound; `.loader` re-exports them all, `.error` defines
    files = {"pkg/__init__.py": "", "pkg/error.py": "class YAMLError(Exception):\n    pass\n",
             "pkg/events.py": "class Event:\n    pass\n",
             "pkg/loader.py": "from .error import *\nfrom .events import *\n"}
    text = "from .events import *\n\n\nclass SerializerError(YAMLError):\n    x = Event\n"
    found = _solutions(tmp_path, files, "pkg/serializer.py", text, "YAMLError", 4, 21)
    assert _sure(found)[:1] == ["Add `from .error import YAMLError`"]


def test_a_subpackage_that_defines_the_name_is_its_home_not_the_package_that_re_exports_it(
        tmp_path):
    # chardet: `DetectionResult` is defined in chardet/pipeline/__init__, re-exported by
    # chardet/__init__; the pipeline's modules import it from chardet.pipeline
    files = {"pkg/__init__.py": "from pkg.pipeline import Result\n\n__all__ = ['Result']\n",
             "pkg/pipeline/__init__.py": "class Result:\n    pass\n",
             "pkg/pipeline/bom.py": "from pkg.pipeline import Result\n\nX = Result\n",
             "pkg/pipeline/magic.py": "from pkg.pipeline import Result\n\nY = Result\n",
             "pkg/models.py": "Z = 1\n"}
    text = "from pkg.models import Z\n\n\ndef score():\n    return Result, Z\n"
    found = _solutions(tmp_path, files, "pkg/pipeline/statistical.py", text, "Result", 5, 12)
    assert [s.title for s in found][:1] == ["Add `from pkg.pipeline import Result`"]
    assert _sure(found)[:1] == ["Add `from pkg.pipeline import Result`"]


def test_the_projects_own_class_beats_a_same_named_alias_of_a_package_the_file_uses(tmp_path):
    # rich: `Text` is rich.text's class, imported from there by the other files; `typing.Text`
    # (an alias of `str`) resolves the name too, and calling it even works
    files = {"pkg/__init__.py": "", "pkg/text.py": "class Text:\n    pass\n",
             "pkg/a.py": "from .text import Text\n\nA = Text\n",
             "pkg/b.py": "from .text import Text\n\nB = Text\n"}
    text = "from typing import IO, List\n\n\ndef f(xs: List[IO]):\n    return Text('x')\n"
    found = _solutions(tmp_path, files, "pkg/proxy.py", text, "Text", 5, 12)
    assert [s.title for s in found][:1] == ["Add `from .text import Text`"]


def test_a_module_of_the_own_package_the_file_imports_from_keeps_its_place(tmp_path):
    # pint: `RedefinitionError` lost from `from ...errors import (...)`, though the package
    # that re-exports it is where the other files take it from
    files = {"pkg/__init__.py": "from .errors import Redefined\n",
             "pkg/errors.py": "class Redefined(Exception):\n    pass\n\n\nclass Other(Exception):\n"
                              "    pass\n",
             "pkg/a.py": "from pkg import Redefined\n\nA = Redefined\n"}
    text = "from pkg.errors import Other\n\n\ndef f():\n    raise Redefined(Other)\n"
    found = _solutions(tmp_path, files, "pkg/sub.py", text, "Redefined", 5, 11)
    assert [s.title for s in found][:1] == ["Add `from pkg.errors import Redefined`"]
