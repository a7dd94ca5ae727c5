"""When a rename is sure enough to apply, and when it would read what it sets."""

from nca.workers.analysis.analyzer import analyze
from nca.workers.core.types import AnalyzeRequest, Problem


def _renames(text, name, line, col):
    problem = Problem("F821", f"Undefined name `{name}`", line, col, source="ruff", symbol=name)
    found = analyze(AnalyzeRequest(text=text, problem=problem)).solutions
    return [(s.detail["replacement"], s.detail["sure"]) for s in found if s.kind == "rename"]


def test_a_short_name_beside_an_import_nothing_reads_is_sure():
    text = "import sys\n\n\ndef names():\n    return [x for x in globals() if x in ys.modules]\n"
    assert _renames(text, "ys", 5, 42)[:1] == [("sys", True)]


def test_a_short_name_stays_a_guess_when_the_import_is_read_elsewhere():
    text = ("import sys\n\nARGS = sys.argv\n\n\n"
            "def names():\n    return [x for x in globals() if x in ys.modules]\n")
    assert _renames(text, "ys", 7, 42)[:1] == [("sys", False)]


def test_an_attribute_set_from_the_name_is_not_read_from_itself():
    # `self.utils = utils` lost its import: `self.utils = self.utils` would read what it sets
    text = ("class Parser:\n    def __init__(self):\n        self.utils = utils\n\n"
            "    def run(self):\n        return self.utils\n")
    assert all(right != "self.utils" for right, _sure in _renames(text, "utils", 3, 22))


def test_a_method_used_without_self_elsewhere_is_still_found():
    text = ("class Parser:\n    def __init__(self):\n        self.utils = 1\n\n"
            "    def run(self):\n        return utils\n")
    assert _renames(text, "utils", 6, 16)[:1] == [("self.utils", True)]


def test_a_typo_in_a_module_with_a_star_import_is_renamed(tmp_path):
    from nca.admin.dispatcher import Dispatcher

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "tz.py").write_text("__all__ = ['UTC']\n\nUTC = 0\n")
    text = ("from .tz import *\n\n\ndef __getattr__(name):\n    if lname == 'TZPATH':\n"
            "        return ()\n    raise AttributeError(name)\n")
    (tmp_path / "pkg" / "zones.py").write_text(text)
    report = Dispatcher(tmp_path).fix_text(text, "pkg/zones.py")
    assert "    if name == 'TZPATH':\n" in report.text
    assert [f.problem.code for f in report.fixes] == ["F405"]


def test_a_short_name_beside_an_unread_except_name_of_its_function_is_sure():
    # another handler of the same function reads its own `err`
    text = ("def validate(request):\n    try:\n        check(request)\n    except ValueError as err:\n"
            "        log(rr)\n        return False\n    try:\n        pass\n"
            "    except KeyError as err:\n        log(err)\n")
    assert _renames(text, "rr", 5, 13)[:1] == [("err", True)]


GETATTR = ("class Lookup(dict):\n    def __getattr__(self, key):\n        if key in self.__dict__:\n"
           "            return self.__dict__[ky]\n        raise AttributeError(key)\n")


def test_a_parameter_that_lost_one_letter_is_sure():
    assert _renames(GETATTR, "ky", 4, 34)[:1] == [("key", True)]


def test_a_parameter_slip_stays_a_guess_beside_another_near_name():
    text = GETATTR.replace("def __getattr__(self, key):", "def __getattr__(self, key, k=0):")
    assert _renames(text, "ky", 4, 34)[0][1] is False
    # two letters lost is another word, not a slip
    text = GETATTR.replace("key", "keys").replace("[ky]", "[ke]")
    assert all(not sure for _right, sure in _renames(text, "ke", 4, 34))


def _stdlib_attribute_renames(tmp_path, module, wrong, text):
    """Return (replacement, sure) of each rename of the attribute typo ``module.wrong``."""
    from nca.workers.facts.knowledge import StdlibIndex

    problem = Problem("NCA101", f"module '{module}' has no attribute '{wrong}'", 2, 4,
                      symbol=wrong)
    found = analyze(AnalyzeRequest(text=text, problem=problem, index=StdlibIndex(tmp_path)))
    return [(s.detail["replacement"], s.detail["sure"]) for s in found.solutions]


def test_a_two_letter_attribute_with_one_near_miss_in_a_whole_namespace_is_sure(tmp_path):
    text = "import re\nre.su('a', 'b', 'c')\n"
    assert _stdlib_attribute_renames(tmp_path, "re", "su", text) == [("sub", True)]


def test_a_name_a_module_only_imports_for_itself_is_no_rival(tmp_path):
    # `os.st` is os's `import stat as st`; its `__all__` offers `sep`
    text = "import os\nos.sp\n"
    assert _stdlib_attribute_renames(tmp_path, "os", "sp", text) == [("sep", True)]


def test_a_two_letter_member_the_checker_names_alone_is_sure():
    problem = Problem("NCA103", "Module `typing` has no member `Ay`; did you mean `Any`?", 3, 5,
                      source="ty", symbol="Ay")
    found = analyze(AnalyzeRequest(text="import typing as t\n\nx: t.Ay\n", problem=problem)).solutions
    assert [(s.detail["replacement"], s.detail["sure"]) for s in found] == [("Any", True)]


def _member_renames(text: str, message: str, symbol: str) -> list[tuple[str, bool]]:
    line = next(n for n, row in enumerate(text.splitlines(), 1) if f".{symbol}" in row)
    col = text.splitlines()[line - 1].index(f".{symbol}") + 2
    problem = Problem("NCA103", message, line, col, source="ty", symbol=symbol)
    found = analyze(AnalyzeRequest(text=text, problem=problem)).solutions
    return [(s.detail["replacement"], s.detail["sure"]) for s in found]


QLS = "Module `urllib.parse` has no member `parse_qls`; did you mean `parse_qs`, `parse_qsl`?"


def test_near_misses_at_the_same_distance_go_to_the_one_the_file_uses():
    text = "import urllib.parse as up\n\nA = up.parse_qsl('a=1')\nB = up.parse_qls('b=2')\n"
    assert _member_renames(text, QLS, "parse_qls")[0] == ("parse_qsl", True)


def test_near_misses_at_the_same_distance_with_nothing_between_them_are_suggestions():
    text = "import urllib.parse as up\n\nB = up.parse_qls('b=2')\n"
    assert [sure for _, sure in _member_renames(text, QLS, "parse_qls")] == [False, False]


def test_a_slot_attribute_called_without_self_in_a_nested_function_gets_self():
    # attrs' _ClassBuilder: `__slots__` names it, `__init__` assigns it, a closure calls it
    text = ("class Builder:\n    __slots__ = ('_add_dunders', '_cls')\n\n"
            "    def __init__(self):\n        self._add_dunders = lambda m: m\n\n"
            "    def add_repr(self):\n        def attach(cls_dict):\n"
            "            cls_dict['r'] = _add_dunders(repr)\n        return attach\n")
    assert _renames(text, "_add_dunders", 9, 29)[:1] == [("self._add_dunders", True)]


def test_a_rename_that_would_make_a_function_call_itself_is_only_suggested():
    # a lost `from .notebook import trange as _tnrange`: `tnrange` is the function itself
    text = ("def tnrange(*args):\n    warn('use trange')\n    return _tnrange(*args)\n\n\n"
            "def warn(message):\n    pass\n")
    problem = Problem("F821", "Undefined name `_tnrange`", 3, 12, symbol="_tnrange")
    found = analyze(AnalyzeRequest(text=text, problem=problem)).solutions
    assert [(s.detail["replacement"], s.detail["sure"]) for s in found] == [
        ("tnrange", False), ("range", False)]  # three letters clipped: another word


def test_a_local_cut_short_is_the_functions_own_name():
    text = "def f(h):\n    hdr_value = h.strip()\n    return hdr_val\n"
    assert _renames(text, "hdr_val", 3, 12) == [("hdr_value", True)]
    # a global of the module cut short stays a suggestion (`help` for `helper` reads alike)
    text = "header_value = 1\n\n\ndef f():\n    return header_val\n"
    assert _renames(text, "header_val", 5, 12) == [("header_value", False)]
