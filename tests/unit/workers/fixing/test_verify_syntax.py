"""A syntax fix must make sense, not only make the text parse."""

from __future__ import annotations

import pytest

from nca.workers.core.types import VerifyRequest
from nca.workers.debugging.linting import RuffLinter
from nca.workers.fixing.verify import verify


def check(candidate: str, original: str):
    """Return the verification of ``candidate`` against the first syntax error of ``original``."""
    linter = RuffLinter()
    baseline = linter.lint(original, "m.py")
    target = next(p for p in baseline if p.is_syntax)
    return verify(VerifyRequest(candidate_text=candidate, target=target, baseline=baseline,
                                linter=linter, path="m.py", original=original))


@pytest.mark.parametrize("original, candidate", [
    # two words joined into one: `outstreams[1.getvalue()` -> `outstreams1.getvalue()`
    ("def f(streams):\n    return streams[1.getvalue()\n",
     "def f(streams):\n    return streams1.getvalue()\n"),
    # the parameters after `int` made slices by a bracket closed at the end of the line
    ("def f(d: dict[str, int, key: str\n) -> str:\n    return key\n",
     "def f(d: dict[str, int, key: str]\n) -> str:\n    return key\n"),
])
def test_a_syntax_fix_that_leaves_made_up_names_is_not_verified(original, candidate):
    assert not check(candidate, original).verified


# `return f(*a, **k)` lost two tabs; dedenting the line after it to match takes both returns
# out of `wrapper`, where `f`, `a`, `k` and `wrapper` are bound
DECORATOR = ("def deco(f):\n\tdef wrapper(*a, **k):\n\t\tprint(1)\n\treturn f(*a, **k)\n"
             "\t\treturn wrapper\n\treturn deco\n")


def test_a_syntax_fix_that_moves_a_line_out_of_the_scope_binding_its_names_is_not_verified():
    moved = DECORATOR.replace("\t\treturn wrapper", "\treturn wrapper")
    v = check(moved, DECORATOR)
    assert not v.verified and "F821" in v.detail


def test_putting_the_line_back_in_its_block_is_verified():
    assert check(DECORATOR.replace("\treturn f(", "\t\treturn f("), DECORATOR).verified


SPLIT = ("def split(what):\n    return (\n        frozenset(c for c in what if c),\n"
         "        frozenset(c for c in what if not c,\n        frozenset(what),\n    )\n")


def test_an_edit_below_a_syntax_error_it_leaves_is_not_verified():
    # ")" at the end closes `return (` and leaves the line that lost its own ")" broken
    wrong = SPLIT.replace("    )\n", "    ))\n")
    v = check(wrong, SPLIT)
    assert not v.verified and "below the syntax error left at line 4" in v.detail
    right = SPLIT.replace("if not c,", "if not c),")
    assert check(right, SPLIT).verified


def test_an_undefined_name_an_augmented_assignment_reads_is_no_binding_elsewhere():
    # `total += i` reads `total` first: the colon fix does not move it out of any scope
    original = "for i in range(10)\n    total += i\n"
    assert check("for i in range(10):\n    total += i\n", original).verified


def test_a_later_error_whose_wording_changes_once_a_bracket_is_closed_is_not_new():
    # inside the unclosed call ruff reads `retrun` as a missing comma; once the call is
    # closed, the same line is a statement that lacks its keyword: the author's error still
    original = ("def f(rv, prefix, opt):\n    rv.append((len(prefix), opt)\n\n"
                "    retrun ', '.join(rv), opt\n")
    fixed = original.replace("opt)\n", "opt))\n", 1)
    assert check(fixed, original).verified


def test_a_later_error_reworded_right_beside_the_edit_is_new():
    # `return (` closed on its own line leaves the tuple's elements an unexpected indent
    original = ("def f(what):\n    return (\n        frozenset(x for x in what if x,\n"
                "        frozenset(what),\n    )\n\n\ndef g()\n    pass\n")
    wrong = original.replace("    return (\n", "    return ()\n")
    assert not check(wrong, original).verified
