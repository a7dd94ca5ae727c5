"""The attention router ranks memory slices for a task; the expander fits them in a budget."""

import re

import pytest

from nca.admin.context import (
    Slice,
    count_tokens_fallback,
    expand_memory,
    get_context_slice,
    window_tier,
)
from nca.admin.memory import AgentMemory
from nca.admin.memory.buildtips import FixStep
from nca.admin.tasks import Task
from nca.workers.core.types import Candidate, Problem


@pytest.fixture
def memory(tmp_path):
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "prices.py").write_text(
        'def price_of(item):\n    """Return the price of one item."""\n    return 1\n')
    (tmp_path / "shop" / "cart.py").write_text(
        "from shop.prices import price_of\n\n\ndef total(items):\n"
        '    """Return the sum of prices."""\n    return sum(price_of(i) for i in items)\n')
    memory = AgentMemory(tmp_path)
    memory.build()
    problem = Problem("F821", "Undefined name `price_of`", 6)
    memory.tips.record(FixStep(problem, Candidate("rules", "import", "add import", problem),
                               "x = price_of(1)\n", "from shop.prices import price_of\nx = price_of(1)\n",
                               "compile + ruff passed"), "shop/cart.py")
    return memory


def test_slices_for_a_failing_symbol_are_ranked(memory):
    problem = Problem("F821", "Undefined name `price_of`", 6, path="shop/cart.py")
    task = Task("diagnostic", "lsp", "F821", path="shop/cart.py", problems=(problem,))
    slices = get_context_slice(task, memory)
    kinds = [s.kind for s in slices]
    assert kinds[0] == "architecture" and slices[0].path == "shop/prices.py"
    assert "def price_of(item)" in slices[0].text and "Return the price" in slices[0].text
    assert kinds.index("buildtip") < kinds.index("diagram")
    diagram = next(s for s in slices if s.kind == "diagram")
    assert "called by function:shop.cart.total" in diagram.text
    assert [s.score for s in slices] == sorted((s.score for s in slices), reverse=True)


def test_a_task_without_problems_gets_search_hits(memory):
    slices = get_context_slice(Task("chat", "http", "q", text="sum of prices total"), memory)
    assert any(s.kind == "search" and s.title == "total" for s in slices)


SLICES = [Slice("search", "low", "low relevance " * 5, 0.1),
          Slice("architecture", "top", "def top(a, b)\n    the most relevant slice", 1.0),
          Slice("buildtip", "mid", "+import json\n" * 30, 0.5)]


def test_slices_go_in_most_relevant_first_within_the_budget():
    text = expand_memory(SLICES, 40)
    assert text.startswith("## architecture: top")
    assert count_tokens_fallback(text) <= 40
    assert "low relevance" not in text
    assert expand_memory(SLICES, 10_000).index("## buildtip") < expand_memory(SLICES, 10_000).index("## search")


@pytest.mark.parametrize("budget", [20, 33, 57, 80, 131])
def test_a_cut_slice_ends_on_a_whole_token_of_the_engines_tokenizer(budget):
    def chars(text: str) -> int:  # a tokenizer where every 3 characters are a token
        return -(-len(text) // 3)

    text = expand_memory(SLICES, budget, chars)
    assert chars(text) <= budget
    whole = "\n".join(s.render() for s in sorted(SLICES, key=lambda s: -s.score))
    words = re.findall(r"\S+", text)
    assert all(w in whole.split() for w in words)


def test_an_empty_budget_gives_nothing():
    assert expand_memory(SLICES, 0) == ""


@pytest.mark.parametrize(("length", "name"), [(2048, "small"), (8192, "medium"),
                                               (32768, "large"), (200_000, "huge")])
def test_window_tiers(length, name):
    tier = window_tier(length)
    assert tier.name == name and 0 < tier.memory_tokens < length
