import sys
from pathlib import Path

from nca.workers.core.processes import OUTPUT_LIMIT
from nca.workers.core.types import Problem, VerifyRequest
from nca.workers.debugging.linting import RuffLinter, lint_text
from nca.workers.fixing.verify import new_problems, target_gone, verify

BROKEN = "import os\n\n\ndef f(x):\n    return jsn.dumps(x)\n"


def request(candidate, original=BROKEN, **kw):
    baseline = lint_text(original)
    target = next(p for p in baseline if p.code == "F821")
    return VerifyRequest(candidate_text=candidate, target=target, baseline=baseline,
                         linter=RuffLinter(), **kw)


def test_a_real_fix_verifies():
    fixed = "import json\nimport os\n\n\ndef f(x):\n    return json.dumps(x)\n"
    v = verify(request(fixed))
    assert v.verified and v.target_gone and not v.new_problems
    assert "compile + ruff" in v.detail
    # the unused import the file had before is not new
    assert [p.code for p in v.problems] == ["F401"]


def test_a_fix_that_adds_a_problem_is_refused():
    v = verify(request("import os\n\n\ndef f(x):\n    return json.dumps(y)\n"))
    assert not v.verified
    assert v.target_gone is False or v.new_problems


def test_a_fix_that_breaks_syntax_is_refused():
    v = verify(request("import os\n\n\ndef f(x)\n    return x\n"))
    assert not v.verified and v.new_problems


def test_target_still_there():
    v = verify(request(BROKEN + "\n"))
    assert not v.verified and not v.target_gone


def test_one_of_two_identical_problems_fixed_counts():
    a = Problem("F821", "Undefined name `x`", line=3)
    b = Problem("F821", "Undefined name `x`", line=9)
    assert target_gone(a, (a, b), (b,))
    assert not target_gone(a, (a, b), (a, b))


def test_syntax_target_gone_when_no_error_at_or_above():
    t = Problem("E999", "SyntaxError: expected ':'", line=4)
    later = Problem("E999", "SyntaxError: Expected `,`", line=20)
    assert target_gone(t, (t, later), (later,))
    assert not target_gone(t, (t,), (Problem("E999", "SyntaxError: x", line=2),))
    # a syntax error further down that was already known is not new; a new one is
    assert new_problems((t, later), (later,), syntax_target=True) == ()
    assert new_problems((t,), (later,), syntax_target=True) == (later,)


def test_check_command_runs_in_a_scratch_copy(tmp_path: Path):
    (tmp_path / "m.py").write_text(BROKEN)
    (tmp_path / "test_m.py").write_text("import m\n\ndef test_f():\n    assert m.f(1) == '1'\n")
    fixed = "import json\nimport os\n\n\ndef f(x):\n    return json.dumps(x)\n"
    v = verify(request(fixed, path="m.py", workspace=str(tmp_path),
                       check=f"{sys.executable} -m pytest -q -p no:cacheprovider test_m.py"))
    assert v.verified, v.detail
    assert v.check is not None and v.check.ok
    assert (tmp_path / "m.py").read_text() == BROKEN  # the workspace itself is untouched
    wrong = "import json\nimport os\n\n\ndef f(x):\n    return json.dumps([x])\n"
    v = verify(request(wrong, path="m.py", workspace=str(tmp_path),
                       check=f"{sys.executable} -m pytest -q -p no:cacheprovider test_m.py"))
    assert not v.verified and "exited 1" in v.detail


def test_hanging_check_is_killed(tmp_path: Path):
    (tmp_path / "m.py").write_text(BROKEN)
    fixed = "import json\nimport os\n\n\ndef f(x):\n    return json.dumps(x)\n"
    v = verify(request(fixed, path="m.py", workspace=str(tmp_path),
                       check=f"{sys.executable} -c 'import time; time.sleep(60)'", timeout=0.5))
    assert not v.verified
    assert v.check is not None and v.check.timed_out
    assert "timed out" in v.detail


def test_loud_check_output_is_bounded(tmp_path: Path):
    (tmp_path / "m.py").write_text(BROKEN)
    fixed = "import json\nimport os\n\n\ndef f(x):\n    return json.dumps(x)\n"
    loud = f"{sys.executable} -c \"import sys; sys.stdout.write('x' * 10_000_000)\""
    v = verify(request(fixed, path="m.py", workspace=str(tmp_path), check=loud))
    assert v.verified
    assert v.check is not None and len(v.check.output) <= OUTPUT_LIMIT + 100


def test_a_fix_that_imports_a_module_that_does_not_exist_is_refused(tmp_path: Path):
    from nca.workers.facts.knowledge import CombinedIndex, StdlibIndex, WorkspaceIndex

    linter = RuffLinter(CombinedIndex(WorkspaceIndex(tmp_path), StdlibIndex()))
    baseline = linter.lint(BROKEN)
    target = next(p for p in baseline if p.code == "F821")

    def check(candidate: str):
        return verify(VerifyRequest(candidate_text=candidate, target=target, baseline=baseline,
                                    linter=linter, original=BROKEN))

    # ruff alone is happy with both; only one of them names a module that exists
    invented = "import jsn\nimport os\n\n\ndef f(x):\n    return jsn.dumps(x)\n"
    refused = check(invented)
    assert not refused.verified and "jsn" in refused.detail
    assert check("import json as jsn\nimport os\n\n\ndef f(x):\n    return jsn.dumps(x)\n").verified
    # an optional import the file guards itself is not judged
    guarded = "try:\n    import jsn\nexcept ImportError:\n    jsn = None\n" + BROKEN.replace("import os\n", "")
    assert "jsn" not in linter.unresolved_imports(guarded)


def test_a_problem_that_names_a_line_the_fix_moved_is_no_new_problem():
    # ruff's F811 names the line of the first definition: removing a line above moves it
    original = ("def f():\n    index = []\n    return 1\n\n\ndef g():\n    pass\n\n\n"
                "def g():\n    pass\n")
    fixed = original.replace("    index = []\n", "")
    baseline = lint_text(original)
    assert any("from line 6" in p.message for p in baseline)
    target = next(p for p in baseline if p.code == "F841")
    v = verify(VerifyRequest(candidate_text=fixed, target=target, baseline=baseline,
                             linter=RuffLinter(), original=original))
    assert v.verified and not v.new_problems, v.detail


def test_the_word_a_rename_put_in():
    from nca.workers.fixing.verify import renamed_word

    assert renamed_word("a = 1\nx = valis_parts.append(b)\n",
                        "a = 1\nx = valid_parts.append(b)\n") == (2, 5, 16)
    assert renamed_word("x = foo.ba(b)\n", "x = foo.bar(b)\n") == (1, 9, 12)
    # more than one word, or more than a word, is no rename
    assert renamed_word("x = foo(b)\n", "x = foo(b, c)\n") is None
    assert renamed_word("x = a + b\ny = c\n", "x = a + d\ny = e\n") is None
    assert renamed_word("x = a+b\n", "x = a-b\n") is None


def test_the_name_a_fix_put_self_in_front_of():
    from nca.workers.fixing.verify import qualified_word

    assert qualified_word("a = 1\n    x = d + norm(v)\n", "a = 1\n    x = d + self.norm(v)\n") == (
        2, 18, 22)
    assert qualified_word("y = make()\n", "y = cls.make()\n") == (1, 9, 13)
    assert qualified_word("y = make()\n", "y = other.make()\n") is None  # no self, no cls
    assert qualified_word("y = make()\n", "y = self.make(1)\n") is None  # more than `self.`


def test_a_syntax_fix_that_makes_a_statement_of_a_tuple_is_implausible():
    from nca.workers.fixing.verify import implausible_syntax_fix

    original = "class Item:\n    price float\n"
    candidate = "class Item:\n    price ,float\n"
    found = implausible_syntax_fix(original, candidate, lint_text(candidate))
    assert [p.code for p in found] == ["NCA202"]
    # a tuple the author wrote, on a line the fix did not touch, is theirs
    assert implausible_syntax_fix("a, b\nx = (1\n", "a, b\nx = (1)\n", ()) == ()
