"""Fix prompts (contract, summary, solutions, code around the error) and FIM prompts."""

from __future__ import annotations

import pytest

from nca.workers.core.types import Analysis, FixRequest, Problem, Solution, Summary
from nca.workers.engines.prompts import (
    FIM_STYLES,
    build_fix_messages,
    code_window,
    fim_prompt,
    fim_tokens_for,
)

PROBLEM = Problem("F821", "Undefined name `lenght`", 3, 12, symbol="lenght")


def test_the_prompt_holds_contract_summary_solutions_and_code() -> None:
    text = "def f(xs):\n    n = 0\n    return lenght(xs)\n"
    request = FixRequest(
        text=text, problem=PROBLEM, path="pkg/m.py",
        summary=Summary("NameError: name 'lenght' is not defined"),
        analysis=Analysis(PROBLEM, (Solution("rename", "Change `lenght` to `len`", "builtins"),)),
        problems=(PROBLEM, Problem("F841", "Local variable `n` is assigned to but never used", 2)))
    system, user = build_fix_messages(request, contract="## fix\n- target: `x:fix`")
    assert system["role"] == "system" and "unified diff" in system["content"]
    body = user["content"]
    for part in ("- target: `x:fix`", "pkg/m.py:3:12: F821 Undefined name `lenght`",
                 "NameError: name 'lenght'", "Change `lenght` to `len` (from builtins)",
                 "line 2: F841", "```python\ndef f(xs):"):
        assert part in body


def test_a_long_file_is_cut_to_the_lines_around_the_error() -> None:
    text = "".join(f"x{i} = {i}\n" for i in range(1, 2001))
    request = FixRequest(text=text, problem=Problem("E1", "bad", 1500, 1))
    (_, user) = build_fix_messages(request, max_chars=3000)
    body = user["content"]
    assert "x1500 = 1500" in body and "x1 = 1\n" not in body and len(body) < 3000
    assert "lines 14" in body and "of 2000" in body


@pytest.mark.parametrize(("line", "expected"), [(1, (1, 7)), (5, (2, 8)), (10, (4, 10))])
def test_code_window_is_centred_and_keeps_its_size_at_the_edges(line: int, expected: tuple[int, int]) -> None:
    text = "".join(f"l{i}\n" for i in range(1, 11))
    window = code_window(text, line, radius=3)
    assert (window[0][0], window[-1][0]) == expected


@pytest.mark.parametrize(("vocab", "expected"), [
    ({"<fim_prefix>", "<fim_suffix>", "<fim_middle>", "a"}, "<fim_prefix>p<fim_suffix>s<fim_middle>"),
    ({"<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"},
     "<|fim_prefix|>p<|fim_suffix|>s<|fim_middle|>"),
    ({"<PRE>", "<SUF>", "<MID>"}, "<PRE> p <SUF>s <MID>"),
    ({"a", "b"}, "p"),  # no markers: continue the prefix
])
def test_fim_prompt_follows_the_model_family(vocab: set[str], expected: str) -> None:
    assert fim_prompt("p", "s", fim_tokens_for(vocab)) == expected


def test_every_fim_style_is_recognised() -> None:
    for style in FIM_STYLES:
        assert fim_tokens_for({style.prefix, style.suffix, style.middle}) == style
