import ast
import random
import threading

import pytest

from nca.workers.facts import document
from nca.workers.facts.document import DocumentFacts, changed_span, facts_of
from nca.workers.facts.guards import guarded_lines, marked_lines

MODULE = '''"""A module."""
import os
import sys


def first(value):
    total = value + 1  # noqa: F841
    return total * 2


@decorated
def second(items):
    text = """not a # noqa
    comment"""
    for item in items:
        if sys.platform == "win32":
            os.startfile(item)
    return text


class Thing:
    def __init__(self):
        self.count = 0

    def bump(self):
        self.count += 1
        return self.count
'''


def _same_tree(a: ast.AST, b: ast.AST) -> bool:
    return ast.dump(a, include_attributes=True) == ast.dump(b, include_attributes=True)


def test_one_set_of_facts_per_text():
    text = MODULE + "\n# one\n"
    assert facts_of(text) is facts_of(text)
    assert facts_of(text) is not facts_of(text + "\n")
    facts = facts_of(text)
    assert facts.tree is facts.tree and _same_tree(facts.tree, ast.parse(text))


def test_the_cache_is_bounded():
    texts = [f"x = {n}\n" for n in range(document.CACHE_SIZE + 5)]
    first = facts_of(texts[0])
    for text in texts[1:]:
        facts_of(text)
    assert facts_of(texts[0]) is not first  # dropped, made again


def test_facts_are_those_of_a_full_analysis():
    facts = facts_of(MODULE)
    tree = ast.parse(MODULE)
    assert sorted(type(n).__name__ for n in facts.nodes) == sorted(
        type(n).__name__ for n in ast.walk(tree))
    assert facts.guarded_lines == frozenset(guarded_lines(tree))
    assert facts.marked_lines == frozenset(marked_lines(MODULE)) == {7}  # not the string's
    assert facts.top_imports == {"os", "sys"}
    assert facts.name_usage["count"] == 3 and facts.compile_error is None
    assert [c.name for c in facts.of_type(ast.ClassDef)] == ["Thing"]


def test_text_that_does_not_parse_or_compile():
    broken = facts_of("def f(:\n    pass\n")
    assert broken.tree is None and isinstance(broken.parse_error, SyntaxError)
    assert isinstance(broken.compile_error, SyntaxError) and broken.nodes == []
    assert broken.top_imports is None and broken.guarded_lines == frozenset()
    # parses, yet the compiler refuses it
    outside = facts_of("x = 1\nreturn x\n")
    assert outside.tree is not None and isinstance(outside.compile_error, SyntaxError)
    assert outside.compile_error.lineno == 2


def test_marks_in_strings_semicolons_and_odd_line_breaks():
    for text in (
        "a = 1; b = '# noqa'\nc = 2  # noqa\n",
        "x = '''\n# type: ignore\n'''\ny = 1  # type: ignore\n",
        "if x:\n    y = 1  # pragma: no cover\nz = 'a\\f # noqa'\n",
        "x = 1\r\ny = 2  # noqa\r\n",
        "@dec  # noqa\ndef f():\n    pass\n",
    ):
        assert facts_of(text).marked_lines == frozenset(marked_lines(text)), text


def test_memo_is_computed_once_under_threads():
    facts = DocumentFacts(MODULE)
    calls = []

    def make():
        calls.append(1)
        return object()

    results = []
    threads = [threading.Thread(target=lambda: results.append(facts.memo("k", make)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({id(r) for r in results}) == 1


def test_changed_span():
    assert changed_span(["a", "b", "c"], ["a", "x", "c"]) == (2, 2, 2)
    assert changed_span(["a", "b"], ["a", "b", "c"]) == (3, 2, 3)
    assert changed_span(["a"], ["a"]) == (2, 1, 1)


# ---------------------------------------------------------------- facts built from an original


def _edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("old,new", [
    ("return total * 2", "return totl * 2"),          # a rename inside a function
    ("self.count += 1", "self.cuont += 1"),           # inside a method of a class
    ("for item in items:", "for item in item:"),      # a decorated function
    ('"""A module."""', '"""The module."""'),          # the docstring, before every statement
])
def test_a_candidate_is_built_from_its_original(old, new):
    base = facts_of(MODULE)
    candidate = _edit(MODULE, old, new)
    document.forget_all()
    facts = facts_of(candidate, base=base)
    assert facts.spliced and facts.compile_error is None
    full = DocumentFacts(candidate)
    assert _same_tree(facts.tree, full.tree)
    assert [type(n) for n in facts.nodes] == [type(n) for n in full.nodes]
    assert facts.guarded_lines == full.guarded_lines and facts.marked_lines == full.marked_lines
    # the statements the edit did not touch are the original's own nodes
    assert any(a is b for a, b in zip(facts.tree.body, base.tree.body, strict=True))


@pytest.mark.parametrize("old,new,why", [
    ("return total * 2", "return total * 2\n    pass", "lines added"),
    ("return total * 2", "return (total * 2", "does not parse"),
    ("return total * 2", "break", "compiles no more"),
    ("return total * 2", 'return """', "a string that runs on"),
    ("total = value + 1  # noqa: F841", "global total", "a module-level global"),
    ("import sys", "from __future__ import annotations", "a future import"),
    ("return text", "return text \\", "a line continued"),
])
def test_a_candidate_that_reaches_further_is_parsed_whole(old, new, why):
    base = facts_of(MODULE)
    candidate = _edit(MODULE, old, new)
    document.forget_all()
    facts = facts_of(candidate, base=base)
    assert not facts.spliced, why
    full = DocumentFacts(candidate)
    assert (facts.tree is None) == (full.tree is None)
    assert (facts.compile_error is None) == (full.compile_error is None)


def test_future_flags_apply_to_the_edited_statements():
    text = "from __future__ import annotations\n\n\ndef f(x: int) -> int:\n    return x\n"
    base = facts_of(text)
    # only an error under `from __future__ import annotations`: the slice is compiled with it
    candidate = text.replace("def f(x: int)", "def f(x: (yield))")
    document.forget_all()
    facts = facts_of(candidate, base=base)
    full = DocumentFacts(candidate)
    assert (facts.compile_error is None) == (full.compile_error is None)


def test_random_edits_give_the_facts_of_a_full_parse():
    rng = random.Random(7)
    lines = MODULE.split("\n")
    base = facts_of(MODULE)
    for _ in range(300):
        edited = lines[:]
        i = rng.randrange(len(edited))
        row = edited[i]
        j = rng.randrange(len(row) + 1)
        edited[i] = row[:j] + rng.choice(["x", ":", "(", ")", "'", '"', "#", " ", "\\"]) + row[j:]
        candidate = "\n".join(edited)
        document.forget_all()
        facts = facts_of(candidate, base=base)
        full = DocumentFacts(candidate)
        assert (facts.tree is None) == (full.tree is None), candidate
        assert (facts.compile_error is None) == (full.compile_error is None), candidate
        if facts.tree is not None:
            assert _same_tree(facts.tree, full.tree), candidate
            assert facts.marked_lines == full.marked_lines


def test_an_edit_inside_a_class_parses_only_the_members_it_touches():
    base = facts_of(MODULE)
    candidate = _edit(MODULE, "self.count += 1", "self.count += 2")
    document.forget_all()
    facts = facts_of(candidate, base=base)
    assert facts.spliced and _same_tree(facts.tree, DocumentFacts(candidate).tree)
    thing, old_thing = facts.tree.body[-1], base.tree.body[-1]
    assert thing is not old_thing and thing.body[0] is old_thing.body[0]  # __init__ is shared
    assert thing.body[1] is not old_thing.body[1]
    assert [type(n) for n in facts.nodes] == [type(n) for n in DocumentFacts(candidate).nodes]


def test_a_member_edit_is_compiled_with_the_class_name():
    # `__x` is mangled to `_Thing__x`: a duplicate argument only under the class's own name
    base = facts_of(MODULE)
    candidate = _edit(MODULE, "    def bump(self):", "    def bump(self, __x, _Thing__x):")
    document.forget_all()
    facts = facts_of(candidate, base=base)
    assert isinstance(DocumentFacts(candidate).compile_error, SyntaxError)
    assert isinstance(facts.compile_error, SyntaxError) and not facts.spliced


def test_marks_of_a_text_built_from_another():
    base = facts_of(MODULE)
    for old, new in (("self.count += 1", "self.count += 1  # noqa"),
                     ("return total * 2", "return total * 2  # type: ignore"),
                     ("total = value + 1  # noqa: F841", "total = value + 1")):
        candidate = _edit(MODULE, old, new)
        document.forget_all()
        facts = facts_of(candidate, base=base)
        assert facts.spliced and facts.marked_lines == frozenset(marked_lines(candidate))


def test_the_cache_keeps_a_bounded_amount_of_text(monkeypatch):
    monkeypatch.setattr(document, "CACHE_CHARS", 1000)
    document.forget_all()
    texts = [f"x = {'1' * 300}{n}\n" for n in range(6)]
    for text in texts:
        facts_of(text)
    assert 1 <= len(document._CACHE) <= 3 and document._CACHED_CHARS <= 1000 + 310
    document.forget_all()


def test_a_file_equal_to_an_analysed_text_lends_its_tree_and_nothing_is_parsed_for_it():
    from nca.workers.facts.document import analysed_tree, facts_of, forget_all

    forget_all()
    text = "import os\n\n\ndef f():\n    return os.sep\n"
    assert analysed_tree(text.encode()) is None  # never analysed: nothing to lend
    facts = facts_of(text)
    assert analysed_tree(text.encode()) is None  # analysed, not parsed yet: still nothing
    tree = facts.tree
    assert tree is not None and analysed_tree(text.encode()) is tree
    assert analysed_tree((text + "x = 1\n").encode()) is None
    declared = "# -*- coding: latin-1 -*-\n" + text
    assert facts_of(declared).tree is not None
    assert analysed_tree(declared.encode()) is None  # its text is not the UTF-8 one


def test_the_symbols_made_at_once_are_those_lookup_makes():
    import symtable

    from nca.workers.facts.document import facts_of

    text = ("import os as o\nfrom x import *\nG = 1\n\n\ndef f(a, *b, c=2, **d):\n"
            "    global G\n    G = lambda y: y\n    return [i for i in b]\n\n\n"
            "def f():\n    pass\n\n\nclass K:\n    def m(self):\n        return G\n\n\n"
            "square = lambda v: v * v\n")

    def seen(table: symtable.SymbolTable) -> list[tuple]:
        return sorted((s.get_name(), s.is_global(), s.is_local(), s.is_assigned(),
                       s.is_imported(), s.is_parameter(), s.is_namespace(),
                       s.is_referenced(), s.is_declared_global(),
                       [t.get_lineno() for t in s.get_namespaces()])
                      for s in table.get_symbols())

    table = facts_of(text).symtable
    assert table is not None
    assert seen(table) == seen(symtable.symtable(text, "<analyzed>", "exec"))


def test_a_fix_of_a_text_that_does_not_compile_is_built_from_a_recent_one():
    # an editor's versions: the fix of the version before compiles; the next version is
    # edited in `first` and lost a colon in `second`, so it cannot lend a tree to its fix,
    # but the fix of the version before can (the two differ in `first` only)
    document.forget_all()
    fixed_before = _edit(MODULE, "return total * 2", "return total * 3")
    assert facts_of(fixed_before).compile_error is None
    broken = _edit(_edit(MODULE, "return total * 2", "return total * 4"),
                   "def second(items):", "def second(items)")
    fixed = _edit(MODULE, "return total * 2", "return total * 4")
    assert facts_of(broken).compile_error is not None
    facts = facts_of(fixed, base=broken)
    assert facts.spliced and facts.compile_error is None
    assert _same_tree(facts.tree, DocumentFacts(fixed).tree)
    assert any(a is b for a, b in zip(facts.tree.body, facts_of(fixed_before).tree.body,
                                      strict=True))
