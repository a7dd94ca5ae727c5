"""The repair benchmark's mutant generator: each kind injects one error that really shows."""

from __future__ import annotations

import ast
import importlib
import random

import pytest

from benchmarks.repair.corpus import LINT_PATH, Source, confirm, generate, new_problems, sources
from benchmarks.repair.mutations import KINDS, inject, misspell
from benchmarks.repair.score import lint
from nca.workers.core.types import Problem

SAMPLE = '''"""Lines of a file that match a pattern."""

import os
import re
from collections import OrderedDict


def load(path, pattern):
    """Return the matching lines by number."""
    found = OrderedDict()
    matcher = re.compile(pattern)
    if os.path.exists(path):
        with open(path) as handle:
            for number, line in enumerate(handle):
                if matcher.search(line):
                    found[number] = line.rstrip()
    return found


def names(items):
    base = [os.path.basename(item) for item in items]
    return sorted(base)
'''

#: the code each kind's error shows as (misspelt attributes need the NCA101 check)
EXPECTED = {
    "delete_import": "F821",
    "misspell_name": "F821",
    "misspell_attribute": None,
    "delete_colon": "E999",
    "delete_bracket": "E999",
    "bad_indent": "E999",
    "unused_import": "F401",
    "unused_variable": "F841",
}


def _check(kind: str, source: Source, seed: int) -> None:
    injection = inject(kind, source.text, random.Random(seed))
    assert injection is not None and injection.kind == kind
    assert injection.text != source.text
    mutant = confirm(source, injection, lint, lint(source.text, LINT_PATH))
    assert mutant is not None, injection.detail
    if EXPECTED[kind]:
        assert EXPECTED[kind] in {p.code for p in mutant.injected}
    else:
        assert injection.module and injection.attribute
        bound = {a.asname or a.name: a.name for n in ast.walk(ast.parse(source.text))
                 if isinstance(n, ast.Import) for a in n.names}
        assert not hasattr(importlib.import_module(bound[injection.module]), injection.attribute)
        assert f"{injection.module}.{injection.attribute}" in mutant.text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", [0, 1])
def test_each_kind_injects_an_error_that_shows_in_a_small_text(kind: str, seed: int) -> None:
    _check(kind, Source("sample", "sample.py", SAMPLE), seed)


@pytest.fixture(scope="module")
def real_file() -> Source:
    return next(s for s in sources(["idna"]) if s.path == "idna/core.py")


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_injects_an_error_that_shows_in_a_real_file(kind: str, real_file: Source) -> None:
    _check(kind, real_file, seed=5)


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_seed_gives_the_same_mutant(kind: str) -> None:
    first = inject(kind, SAMPLE, random.Random(11))
    again = inject(kind, SAMPLE, random.Random(11))
    assert first == again
    others = {inject(kind, SAMPLE, random.Random(s)) for s in range(12)}
    assert len(others) > 1  # the seed really chooses


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("delete_import", "x = 1\n"),
        ("misspell_attribute", "import os\nx = 1\n"),
        ("unused_import", "x = 1\n"),
        ("unused_variable", "x = 1\n"),
        ("bad_indent", "x = 1\n"),
        ("delete_colon", "x = [1]\n"),
        ("delete_bracket", "x = 1\n"),
    ],
)
def test_a_text_without_a_site_gives_none(kind: str, text: str) -> None:
    assert inject(kind, text, random.Random(0)) is None


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown mutation kind"):
        inject("swap_lines", SAMPLE, random.Random(0))


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        return len(diff) == 1 or (swapped and a[diff[1]] == b[diff[0]])
    short, long = sorted((a, b), key=len)
    return len(long) - len(short) == 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


@pytest.mark.parametrize("word", ["path", "OrderedDict", "MAX_SIZE", "ab"])
@pytest.mark.parametrize("seed", range(5))
def test_misspell_makes_one_edit_and_avoids_taken_names(word: str, seed: int) -> None:
    taken = {"paht", "pth", "OrderdDict"}
    new = misspell(word, random.Random(seed), taken.__contains__)
    assert new is not None and new != word and new not in taken
    assert new.isidentifier() and _one_edit(word, new)


def test_misspell_gives_none_when_every_spelling_is_taken() -> None:
    assert misspell("ab", random.Random(0), lambda _: True) is None


def test_new_problems_compares_code_and_message_as_a_multiset() -> None:
    a = Problem("F821", "Undefined name `x`", line=1)
    moved = Problem("F821", "Undefined name `x`", line=9)
    other = Problem("F401", "`os` imported but unused")
    assert new_problems([a], [moved]) == ()
    assert new_problems([a], [moved, a, other]) == (a, other)


def test_generate_is_reproducible_and_each_kind_independent() -> None:
    kinds = ("misspell_name", "delete_colon")
    first = generate(["idna"], kinds, per_kind=2, seed=3)
    again = generate(["idna"], kinds, per_kind=2, seed=3)
    alone = generate(["idna"], ("delete_colon",), per_kind=2, seed=3)
    assert [(m.id, m.text) for m in first] == [(m.id, m.text) for m in again]
    assert [m.kind for m in first] == ["misspell_name"] * 2 + ["delete_colon"] * 2
    assert [m.text for m in alone] == [m.text for m in first if m.kind == "delete_colon"]
    assert len({m.text for m in first}) == 4


def test_sources_skip_long_files_and_name_paths_from_site_packages() -> None:
    pytest.importorskip("six", reason="six is not installed: the bench extra has it")
    paths = {s.path for s in sources(["idna", "six"])}
    assert "idna/core.py" in paths and "six.py" in paths
    assert "idna/uts46data.py" not in paths  # far over the line limit


def test_an_unknown_library_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown library"):
        sources(["numpy"])
