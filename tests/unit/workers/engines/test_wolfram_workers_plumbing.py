"""The plumbing of the Wolfram Language workers: the packages, the answers, the data sent.

What a worker package may hold, how an answer is read back, what may go to the kernel, and
text the Wolfram form cannot carry (Mathics3 where an evaluation is needed).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from nca.workers.core.errors import EngineError
from nca.workers.engines.mathics_worker import check_text
from nca.workers.engines.wolfram import ROLES
from nca.workers.engines.wolfram.workers import (
    WolframWorkers,
    WorkerEngine,
    Workers,
    check_data,
    package,
    parse_answer,
    strip_comments,
)
from nca.workers.facts.near_miss import suggestions

pytest.importorskip("wolframclient", reason="the wolfram extra is not installed")


# --------------------------------------------------------------------------- the plumbing


@pytest.mark.parametrize("role", ROLES)
def test_each_package_is_one_expression_the_sandbox_accepts(role: str) -> None:
    code = package(role)
    assert code.endswith(";") and "(*" not in code
    check_text(code)  # names no file, process or code-loading builtin


def test_comments_go_strings_stay() -> None:
    assert strip_comments('a (* x (* y *) z *) b "(* kept \\" *)" c') == 'a  b "(* kept \\" *)" c'


@pytest.mark.parametrize(("text", "value"), [
    ("{{1, 2}, {3, -4}}", [[1, 2], [3, -4]]),
    ("{0, 3/2, -1/3}", [0, Fraction(3, 2), Fraction(-1, 3)]),
    ("{}", []),
    ("{1, {}, {{}}}", [1, [], [[]]]),
    ("7", 7),
])
def test_answers_are_integers_rationals_and_lists(text: str, value: Any) -> None:
    assert parse_answer(text) == value


@pytest.mark.parametrize("text", ["$Aborted", "{1, 2", "{1 2}", "{,}", "NCAWorkers`f[1]",
                                  "{1, x}", "1.5", "", "{1},{2}"])
def test_anything_else_is_an_engine_error(text: str) -> None:
    with pytest.raises(EngineError, match="answered"):
        parse_answer(text)


@pytest.mark.parametrize("value", [1.5, True, None, {"a": 1}, [1, [2, object()]]])
def test_only_data_goes_to_the_kernel(value: Any) -> None:
    with pytest.raises(EngineError, match="not worker data"):
        check_data(value)


def test_unknown_roles_and_functions_are_refused() -> None:
    with pytest.raises(EngineError, match="no Wolfram worker"):
        package("fixer")
    with pytest.raises(EngineError, match="not a worker function"):
        WorkerEngine(evaluator="mathics").call("debugger", "Quit")


INJECTIONS = ['x"] ; Quit[] ; ("', '"; DeleteFile["/tmp/x"]; "', "a\\\"b\\c", "Run[\"ls\"]"]


def test_text_the_wl_form_cannot_carry_goes_to_python(wolfram: WolframWorkers) -> None:
    candidates = [("名前", 0), ("名", 0)]  # outside Latin-1: no evaluation, an EngineError
    with pytest.raises(EngineError, match="Latin-1"):
        wolfram.suggestions("名前s", candidates)
    assert Workers(["debugger"], wolfram).suggestions("名前s", candidates) == \
        suggestions("名前s", candidates)


@pytest.mark.parametrize("text", INJECTIONS)
def test_names_are_data_never_code(wolfram: WolframWorkers, text: str) -> None:
    candidates = [(text + "s", 0), ("unrelated_name", 0)]
    assert wolfram.suggestions(text, candidates) == suggestions(text, candidates)
