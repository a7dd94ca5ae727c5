from nca.workers.debugging.linting import compile_problem, lint_text
from nca.workers.debugging.ruff import ruff_fixes


def test_clean_text_has_no_problems():
    assert lint_text("import os\n\nprint(os.sep)\n") == ()


def test_syntax_error_comes_from_compile_with_later_ones_from_ruff():
    problems = lint_text("def f(x)\n    return x\n\nx = [1,\ny = 2\n")
    assert problems[0].code == "E999" and problems[0].source == "compile"
    assert problems[0].message == "SyntaxError: expected ':'" and problems[0].line == 1
    assert all(p.is_syntax for p in problems)
    assert any(p.line > 1 for p in problems[1:])


def test_ruff_findings_carry_code_position_and_symbol():
    (p,) = lint_text("def f():\n    return jsn\n")
    assert (p.code, p.line, p.col, p.symbol, p.source) == ("F821", 2, 12, "jsn", "ruff")


def test_indentation_and_null_bytes():
    assert compile_problem("if x:\npass\n").message.startswith("IndentationError")
    assert compile_problem("a = 1\0\n").code == "E999"


def test_ruff_fixes_are_keyed_by_position():
    fixes = ruff_fixes("import os\n")
    title, edits, applicability = fixes[("F401", 1, 8)]
    assert "os" in title and edits[0].content == "" and applicability == "safe"
    # ruff calls removing an assignment unsafe: nca shows it, never applies it
    assert ruff_fixes("def f():\n    x = 1\n")[("F841", 2, 5)][2] == "unsafe"


def test_imports_of_a_text_that_does_not_parse_are_read_line_by_line():
    from nca.workers.debugging.linting import _top_imports

    assert _top_imports("import os\nfrom a.b import c\n\ndef f(x)\n    import inner\n") == {"os", "a"}
    assert _top_imports("import os.path\ntry:\n    import maybe\nexcept ImportError:\n    pass\n") == {"os"}
