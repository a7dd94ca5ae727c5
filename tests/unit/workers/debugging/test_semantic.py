"""Semantic findings from a real type checker (ty, warm): found, fixed, and kept honest."""

from __future__ import annotations

import sys

import pytest

from nca.admin.dispatcher import Dispatcher
from nca.workers.debugging.linting import RuffLinter
from nca.workers.debugging.semantic import attribute_problems, new_type_findings
from nca.workers.facts.typecheck import TypeFinding, start_checker
from tests.unit.workers.debugging.conftest import fix_module, needs_ty

CASES = [
    # a base class in another module defines the attribute
    ("from pkg.base import Base\n\n\nclass C(Base):\n    def bump(self):\n"
     "        self.cuont += 1\n", "cuont", "count"),
    # a method of another language on a list
    ("def f(items: list[int]):\n    items.push(3)\n", "push", "append"),
    # a module reached through an alias
    ("import collections as col\n\nd = col.OrderdDict()\n", "OrderdDict", "OrderedDict"),
    # a str method
    ("def shout(s: str) -> str:\n    return s.uper()\n", "uper", "upper"),
    # JavaScript's padStart
    ("def f(s: str):\n    return s.padStart(5, '0')\n", "padStart", "rjust"),
    # JavaScript's Date.toISOString, on a value narrowed to a date
    ("from datetime import date\n\n\ndef f(d: object):\n    if isinstance(d, date):\n"
     "        return d.toISOString()\n", "toISOString", "isoformat"),
    # in the `else:` of an optional import: that guards the module, not the code beside it
    ("try:\n    import json\nexcept ImportError:\n    json = None\nelse:\n"
     "    def f(s: str):\n        return json.loads(s.trim())\n", "trim", "strip"),
    # Python 2's name of a dict method
    ("def f(d: dict[str, int]):\n    return list(d.iteritems())\n", "iteritems", "items"),
    # a class attribute in other letter case (as `datetime.UTC` is spelt)
    ("from datetime import timezone\n\nz = timezone.UTC\n", "UTC", "utc"),
    # a Java habit whose Python name shares no letter the word starts or ends with
    ("def split(s: str) -> list[str]:\n    out: list[str] = []\n    out.addAll(s.split())\n"
     "    return out\n", "addAll", "extend"),
]


@needs_ty
@pytest.mark.parametrize(("text", "wrong", "right"), CASES)
def test_a_missing_attribute_with_a_near_miss_is_found(checker, text, wrong, right):
    (problem,) = attribute_problems(checker, text, "pkg/mod.py")
    assert problem.code == "NCA103" and problem.symbol == wrong
    assert f"`{right}`" in problem.message.partition("did you mean")[2]
    line = text.splitlines()[problem.line - 1]
    assert line[problem.col - 1:problem.col - 1 + len(wrong)] == wrong


@needs_ty
@pytest.mark.parametrize("text", [
    # another platform's attribute behind a platform guard
    "import sys\n\nif sys.platform == 'win32':\n    v = sys.getwindowsversion()\n",
    # marked by the author
    "import os\n\nx = os.pth  # type: ignore[attr-defined]\n",
    # read the same way in several places: what the author means, not a slip
    "def f(o: object):\n    return o.tag, o.tag\n",
    # nothing close: a place to look, not a typo nca can fix
    "def f(items: list[int]):\n    items.zzzzqqq()\n",
])
def test_guarded_marked_repeated_or_unmatched_attributes_are_left_alone(checker, text):
    assert attribute_problems(checker, text, "pkg/mod.py") == []


@needs_ty
def test_nca_fix_repairs_what_the_checker_found(project):
    report = fix_module(project, CASES[0][0])
    assert "self.count += 1" in report.text and report.verified
    assert [f.title for f in report.fixes] == ["Change `cuont` to `count`"]
    assert "+ ty" in report.fixes[0].verification


@needs_ty
def test_a_fix_that_leaves_a_new_type_finding_where_it_changed_is_refused(project, checker):
    linter = RuffLinter(root=project, types=lambda: checker)
    original = "def f() -> int:\n    return 1\n"
    candidate = "def f() -> int:\n    return 'one'\n"
    new = linter.new_type_problems(original, candidate, "pkg/mod.py", {2})
    assert [p.code for p in new] == ["NCA203"] and new[0].line == 2
    # the same finding elsewhere than the changed lines is not the fix's doing
    assert linter.new_type_problems(original, candidate, "pkg/mod.py", {1}) == ()


def test_new_type_findings_count_by_rule_and_message():
    a = TypeFinding("missing-attribute", "no `x`", 3, 1, 3, 5)
    b = TypeFinding("missing-attribute", "no `x`", 7, 1, 7, 5)
    assert new_type_findings([a], [a, b], {7}) == [b]
    assert new_type_findings([a, b], [a, b], {3, 7}) == []
    assert new_type_findings([], [a], {9}) == []
    # a deprecation the resolved name brings is advice on working code, not a wrong fix
    advice = TypeFinding("deprecated", "The overload of `contextmanager` is deprecated", 7, 2, 7, 16)
    assert new_type_findings([], [advice, b], {7}) == [b]
    # nor is a hint without a rule: the branch this platform never takes
    hint = TypeFinding("", "Code is unreachable\nThis may depend on your current environment", 7,
                       5, 7, 20)
    assert new_type_findings([], [hint, b], {7}) == [b]
    # nor the same complaint at the same place, reworded by the types the fix made known
    said = TypeFinding("not-iterable", "`None | set[Unknown]` may not be iterable", 7, 30, 7, 40)
    reworded = TypeFinding("not-iterable", "`None | set[Unknown] | list[Divergent]` may not be "
                           "iterable", 7, 30, 7, 40)
    assert new_type_findings([said], [reworded], {7}) == []


def test_without_a_checker_the_rules_go_on(project, monkeypatch):
    monkeypatch.setenv("NCA_TYPE_CHECKER", "off")
    assert start_checker(project, None) is None
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(
        "import json\n\n\ndef f():\n    return jsn.dumps(1)\n", "pkg/mod.py")
    assert "json.dumps" in report.text
    assert "+ ty" not in report.fixes[0].verification


@needs_ty
@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("def area(width, height=1):\n    return width * height\n\n\nprint(area(2, hieght=3))\n",
     "hieght", "height"),
    # a class of the workspace's own, in another module
    ("from pkg.base import Base\n\n\nclass Box:\n    def __init__(self, size: int = 0):\n"
     "        self.size = size\n\n\nBox(sise=3)\n", "sise", "size"),
    # overloaded stdlib calls: the checker says only "no overload matches"
    ("import subprocess\n\nsubprocess.run(['ls'], captur_output=True)\n",
     "captur_output", "capture_output"),
    ("with open('f', encodng='utf-8') as f:\n    pass\n", "encodng", "encoding"),
    ("print(sorted([2, 1], revers=True))\n", "revers", "reverse"),
])
def test_a_misspelt_keyword_argument_is_found_with_the_parameters(checker, text, wrong, right):
    (problem,) = attribute_problems(checker, text, "pkg/mod.py")
    assert problem.code == "NCA104" and problem.symbol == wrong
    assert f"`{right}`" in problem.message.partition("did you mean")[2]
    line = text.splitlines()[problem.line - 1]
    assert line[problem.col - 1:problem.col - 1 + len(wrong)] == wrong


@needs_ty
def test_the_init_parameter_attrs_makes_of_a_private_field_is_no_typo(checker):
    # attrs takes `anchors=` for the field `_anchors`; through a dataclass_transform wrapper
    # (referencing's `frozen`) the checker does not know it does
    text = ("from typing import Any, dataclass_transform\n\nimport attrs\n\n\n"
            "@dataclass_transform(frozen_default=True)\ndef frozen(cls: Any) -> Any:\n"
            "    return attrs.frozen(cls)\n\n\n@frozen\nclass Registry:\n"
            "    _anchors: dict = {}\n\n\nRegistry(anchors={})\n")
    assert [p for p in attribute_problems(checker, text, "pkg/mod.py") if p.code == "NCA104"] == []


@needs_ty
def test_another_languages_method_is_applied_even_when_the_name_is_longer(project):
    # `replaceAll` -> `replace` clips letters, which alone would only be suggested: a habit is sure
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(
        "def clean(s: str) -> str:\n    return s.replaceAll('a', 'b')\n", "pkg/mod.py")
    assert "s.replace('a', 'b')" in report.text


@needs_ty
def test_an_overloaded_call_with_right_keywords_and_a_wrong_type_is_left_alone(checker):
    # no overload matches because of a value, not a keyword: nothing to rename
    text = "with open(3.5, encoding='utf-8') as f:\n    pass\n"
    assert attribute_problems(checker, text, "pkg/mod.py") == []


@needs_ty
def test_nca_fix_repairs_a_keyword_of_an_overloaded_call(project):
    report = fix_module(
        project, "import subprocess\n\n\ndef ls():\n"
        "    return subprocess.run(['ls'], captur_output=True)\n")
    assert "capture_output=True" in report.text and report.verified


@needs_ty
def test_a_method_a_subclass_of_the_project_defines_is_no_typo(project, checker):
    # `converter` is declared the base class; the subclass passed at run time has the method
    (project / "pkg" / "conv.py").write_text(
        "class BaseConverter:\n    def _unstructure_mapping(self):\n        return 1\n\n\n"
        "class Converter(BaseConverter):\n    def gen_unstructure_mapping(self):\n        return 2\n")
    text = ("from pkg.conv import BaseConverter\n\n\n"
            "def configure(converter: BaseConverter):\n    return converter.gen_unstructure_mapping()\n")
    from nca.workers.facts.knowledge import WorkspaceIndex

    index = WorkspaceIndex(project)
    assert [p.symbol for p in attribute_problems(checker, text, "pkg/mod.py")] == [
        "gen_unstructure_mapping"]  # what the checker alone would call a typo
    assert attribute_problems(checker, text, "pkg/mod.py", index.defines_member) == []


@needs_ty
def test_a_method_of_a_project_class_does_not_excuse_it_on_a_list(project, checker):
    # jinja2 has a TokenStream.push; `result` is a list all the same
    (project / "pkg" / "lexer.py").write_text(
        "class TokenStream:\n    def push(self, token):\n        pass\n")
    from nca.workers.facts.knowledge import WorkspaceIndex

    text = "def names() -> list[str]:\n    result = []\n    result.push('a')\n    return result\n"
    found = attribute_problems(checker, text, "pkg/mod.py", WorkspaceIndex(project).defines_member)
    assert {p.symbol for p in found} == {"push"}


@needs_ty
def test_a_union_with_unknown_is_judged_by_its_one_known_member(checker):
    # rich's `self._pygments_style_class.backgroud_color`: `Unknown | type[Style]`
    text = ("class Style:\n    background_color = 'white'\n\n\n"
            "def colour(style=None):\n    cls = style or Style\n    return cls.backgroud_color\n")
    (problem,) = attribute_problems(checker, text, "pkg/mod.py")
    assert problem.symbol == "backgroud_color" and "`background_color`" in problem.message


@needs_ty
def test_a_union_of_two_known_types_is_left_alone(checker):
    text = ("def f(x: int | str):\n    return x.uper()\n")
    assert attribute_problems(checker, text, "pkg/mod.py") == []


@needs_ty
def test_a_rename_is_not_blamed_for_what_the_checker_says_of_the_rest_of_its_line(project):
    # `"3"` is no int: so it was before `bulid` was misspelt, and the rename is not to blame
    text = 'def build(n: int) -> int:\n    return n\n\n\ndef main() -> int:\n    return bulid("3")\n'
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(text, "pkg/mod.py")
    assert 'return build("3")' in report.text and report.fixes[0].verified


@needs_ty
def test_what_the_checker_says_of_the_renamed_name_itself_still_refuses_it(project):
    text = "def main():\n    from os import getcwd\n    return getcwdd.real\n"
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(text, "pkg/mod.py")
    assert "getcwdd.real" in report.text
    # and the import the typo left unused stays: removing it would take the fix away
    assert "from os import getcwd" in report.text


@needs_ty
def test_of_two_places_for_a_lost_bracket_the_one_the_checker_reads_as_typed_code_wins(project):
    text = ("def single(names: list[str]) -> bool:\n    if len(names == 1:\n        return True\n"
            "    return False\n")
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(text, "pkg/mod.py")
    assert "    if len(names) == 1:\n" in report.text


def test_a_lost_bracket_may_close_before_the_comprehension_that_reads_it(project):
    # closing at the end would leave the first `e` outside the comprehension that binds it
    text = ("def simple(xs, has):\n    return all(\n        e is None or has(e for e in xs\n"
            "    )\n")
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(text, "pkg/mod.py")
    assert "        e is None or has(e) for e in xs\n" in report.text


def test_an_import_a_type_comment_reads_is_not_removed(project):
    # ruff does not read `# type:` comments; mypy does
    text = ("from typing import List, Set\n\n\ndef f(xs):\n    out = []  # type: List[int]\n"
            "    out.extend(xs)\n    return out\n")
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(text, "pkg/mod.py")
    assert "from typing import List\n" in report.text


@needs_ty
def test_another_languages_method_that_python_writes_as_an_expression_is_rewritten(project):
    text = ("import heapq\n\n\ndef f(meta: dict[str, int], xs: list[int]) -> bool:\n"
            "    smallest = heapq.nsmallest(2, xs)\n"
            "    if meta and meta.containsKey('checked'):\n        return smallest.size() == 2\n"
            "    return xs.isEmpty()\n")
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(text, "pkg/mod.py")
    assert report.status == "fixed", report.reason
    assert "if meta and 'checked' in meta:" in report.text
    assert "return len(smallest) == 2" in report.text and "return not xs" in report.text


@needs_ty
def test_a_value_without_what_the_expression_needs_is_not_rewritten(checker):
    # a class of its own has no `__len__`: `len(box)` would fail as `box.size()` does
    text = "class Box:\n    pass\n\n\ndef f(box: Box) -> int:\n    return box.size()\n"
    assert not attribute_problems(checker, text, "pkg/mod.py")


@needs_ty
def test_a_keyword_cut_short_and_javas_add_at_an_index_are_fixed(project):
    text = ("class Node:\n    def __init__(self, left, operator=None):\n        self.left = left\n"
            "        self.operator = operator\n\n    def add(self, x):\n        return x\n\n\n"
            "def build(a: int, xs: list[int]) -> Node:\n    xs.add(0, a)\n"
            "    return Node(left=a, op='+')\n")
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(text, "pkg/mod.py")
    # Node's own `add` is read of another object: it does not vouch for the list's
    assert "xs.insert(0, a)" in report.text, report.reason
    assert "Node(left=a, operator='+')" in report.text


@needs_ty
def test_a_keyword_a_word_off_its_parameter_is_fixed(project):
    text = ("class Manager:\n    def register(self, plugin, name=None):\n        return name\n\n"
            "    def load(self, plugin, ep_name: str):\n"
            "        return self.register(plugin, plugin_name=ep_name)\n")
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(text, "pkg/mod.py")
    assert "self.register(plugin, name=ep_name)" in report.text, report.reason


@needs_ty
def test_a_keyword_written_out_longer_than_its_parameter_is_fixed(project):
    # `datetime(tzinfo=)` is the constructor's; `datetime.now` calls it `tz`
    text = ("from datetime import datetime, timezone\n\n\n"
            "def stamp() -> str:\n    return datetime.now(tzinfo=timezone.utc).isoformat()\n")
    report = Dispatcher(project, record=False, python=sys.executable).fix_text(text, "pkg/mod.py")
    assert "datetime.now(tz=timezone.utc)" in report.text, report.reason
