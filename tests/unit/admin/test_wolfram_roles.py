"""The roles nca.toml sends to Wolfram do the work in the loop (Mathics3 as the evaluator).

fixer_helper merges each candidate of a fix, the analyzer gives the related components of a
memory context; each answers as the Python path does, and the log says where it ran.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nca.admin.context import get_context_slice, memory_context
from nca.admin.dispatcher import Dispatcher
from nca.admin.memory import AgentMemory
from nca.admin.tasks import Task
from nca.admin.wolfram_roles import workers_for
from nca.workers.core.types import Problem
from nca.workers.engines.wolfram.workers import WolframWorkers, Workers

pytest.importorskip("wolframclient", reason="the Wolfram workers need wolframclient")
pytest.importorskip("mathics", reason="Mathics3 is the evaluator these tests run on")

CONFIG = ('[[engines]]\nid = "wl"\nkind = "wolfram"\nevaluator = "mathics"\ntimeout = 30\n\n'
          '[wolfram]\nworkers = ["fixer_helper", "analyzer"]\n')
BROKEN = "def area(width, height):\n    return widht * height\n"
FIXED = "def area(width, height):\n    return width * height\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "nca.toml").write_text(CONFIG)
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "__init__.py").write_text("")
    (shop / "prices.py").write_text("def price_of(item):\n    return 1\n")
    (shop / "cart.py").write_text("from shop.prices import price_of\n\n\ndef total(items):\n"
                                  "    return sum(price_of(i) for i in items)\n")
    (shop / "checkout.py").write_text("from shop.cart import total\n\n\ndef pay(items):\n"
                                      "    return total(items)\n")
    return tmp_path


def test_the_config_selects_the_roles(workspace: Path) -> None:
    workers = workers_for(workspace)
    assert workers.selected == {"fixer_helper", "analyzer"}
    assert workers.wolfram.engine.evaluator == "mathics"
    assert workers_for(workspace) is workers  # one evaluator per version of the config


def test_a_fix_merges_on_the_wolfram_worker(workspace: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    merge = WolframWorkers.merge

    def spy(self: WolframWorkers, request: Any) -> Any:
        calls.append(request)
        return merge(self, request)

    monkeypatch.setattr(WolframWorkers, "merge", spy)
    dispatcher = Dispatcher(workspace)
    report = dispatcher.fix_text(BROKEN, "geometry.py")
    assert report.text == FIXED and report.verified
    assert calls, "the Wolfram fixer_helper was not asked"
    (task,) = dispatcher.lifecycle.recent()
    merges = [e for e in dispatcher.lifecycle.events(task["id"])
              if e["step"] == "fix_helper" and e.get("detail", e).get("role") == "fixer_helper"]
    assert merges and all(e.get("detail", e)["runs_on"] == "wolfram" for e in merges)

    # the Python path gives the same text, and says so
    before = len(calls)
    python = Dispatcher(workspace)
    python.repairer._workers = Workers(())
    assert python.fix_text(BROKEN, "geometry.py").text == FIXED
    assert len(calls) == before


def test_the_related_components_are_the_same_either_way(workspace: Path) -> None:
    memory = AgentMemory(workspace)
    memory.build()
    problem = Problem("F821", "Undefined name `total`", 5, path="shop/cart.py")
    task = Task("diagnostic", "lsp", "F821", path="shop/cart.py", problems=(problem,))
    ran: dict[str, dict[str, str]] = {"wolfram": {}, "python": {}}
    on_wolfram = get_context_slice(task, memory, workers=workers_for(workspace),
                                   ran=ran["wolfram"])
    on_python = get_context_slice(task, memory, workers=Workers(()), ran=ran["python"])
    related = [[s for s in slices if s.kind == "related"] for slices in (on_wolfram, on_python)]
    assert related[0] == related[1] and related[0]
    assert related[0][0].title == "module:shop.cart"
    assert "shop.prices" in related[0][0].text and "shop.checkout" in related[0][0].text
    assert ran == {"wolfram": {"analyzer": "wolfram"}, "python": {"analyzer": "python"}}
    text, used = memory_context(workspace, task, 8192)
    assert "## related: module:shop.cart" in text and used[-1] == "analyzer:wolfram"
