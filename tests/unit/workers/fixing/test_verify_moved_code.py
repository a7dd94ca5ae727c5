"""verify: a syntax fix that moves code where it no longer does what it did is implausible
(after a `return`, out of the comprehension whose variable it reads)."""

from nca.workers.debugging.linting import lint_text
from nca.workers.fixing.verify import implausible_syntax_fix


def test_an_indentation_fix_that_puts_a_line_after_a_return_is_implausible():
    original = "def f(x):\n    return x\n  print(f(1))\n"
    dead = "def f(x):\n    return x\n    print(f(1))\n"
    found = implausible_syntax_fix(original, dead, lint_text(dead))
    assert [p.code for p in found] == ["NCA203"] and found[0].line == 3
    meant = "def f(x):\n    return x\nprint(f(1))\n"
    assert implausible_syntax_fix(original, meant, lint_text(meant)) == ()
    # dead code the author wrote, on lines the fix did not touch, is not the fix's doing
    own = "def f(x):\n    return x\n    cleanup()\n  print(f(1))\n"
    fixed = "def f(x):\n    return x\n    cleanup()\nprint(f(1))\n"
    assert implausible_syntax_fix(own, fixed, lint_text(fixed)) == ()


def test_a_syntax_fix_that_reads_a_comprehensions_variable_outside_it_is_implausible():
    original = 'roots = list(dict.fromkeys(m.split(".")[0 for m in names))\n'
    moved = 'roots = list(dict.fromkeys(m.split("."),[0 for m in names]))\n'
    found = implausible_syntax_fix(original, moved, lint_text(moved))
    assert [(p.code, p.symbol) for p in found] == [("F821", "m")]
