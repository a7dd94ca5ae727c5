"""The roles nca.toml sends to Wolfram do the work in the loop (Mathics3 as the evaluator).

fixer_helper merges each candidate of a fix, the analyzer gives the related components of a
memory context, the debugger ranks a fix's rename solutions, the cleaner's reachability decides
a clean run's orphan modules; each answers as the Python path does, and the log says where it
ran.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nca.admin.cleaning import clean_paths
from nca.admin.cleaning_knowledge import CleanKnowledge
from nca.admin.context import get_context_slice, memory_context
from nca.admin.dispatcher import Dispatcher
from nca.admin.memory import AgentMemory
from nca.admin.tasks import Task
from nca.admin.wolfram_roles import rerank_renames, workers_for
from nca.workers.analysis.analyzer import analyze
from nca.workers.core.types import Analysis, AnalyzeRequest, Problem, Solution
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


# ------------------------------------------------------------ the debugger and cleaner roles

ROLES = ('[[engines]]\nid = "wl"\nkind = "wolfram"\nevaluator = "mathics"\ntimeout = 30\n\n'
         '[wolfram]\nworkers = ["debugger", "cleaner"]\n')
PYPROJECT = ('[project]\nname = "shop"\n\n[project.scripts]\nshop = "shop.checkout:pay"\n\n'
             '[tool.nca.clean]\npublic = true\n')


@pytest.fixture
def roles(workspace: Path) -> Path:
    """The shop, with the debugger and cleaner roles on Wolfram, an entry point (checkout) and
    two modules it never reaches: legacy (nothing imports it) and old_tax (only legacy does)."""
    (workspace / "nca.toml").write_text(ROLES)
    (workspace / "pyproject.toml").write_text(PYPROJECT)
    shop = workspace / "shop"
    (shop / "legacy.py").write_text("from shop.old_tax import tax\nfrom shop.prices import "
                                    "price_of\n\n\ndef old_total(items):\n"
                                    "    return tax(sum(price_of(i) for i in items))\n")
    (shop / "old_tax.py").write_text("def tax(amount):\n    return amount * 1.2\n")
    return workspace


def _spy(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    calls: list[Any] = []
    method = getattr(WolframWorkers, name)

    def spy(self: WolframWorkers, *args: Any) -> Any:
        calls.append(args)
        return method(self, *args)

    monkeypatch.setattr(WolframWorkers, name, spy)
    return calls


def test_a_fix_ranks_the_renames_on_the_wolfram_worker(roles: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert workers_for(roles).selected == {"debugger", "cleaner"}
    calls = _spy(monkeypatch, "suggestions")
    dispatcher = Dispatcher(roles)
    report = dispatcher.fix_text(BROKEN, "geometry.py")
    assert report.text == FIXED and report.verified
    assert calls and calls[0][0] == "widht", "the Wolfram debugger was not asked"
    (task,) = dispatcher.lifecycle.recent()
    ranked = [e["detail"] for e in dispatcher.lifecycle.events(task["id"])
              if e["step"] == "analyze" and e["detail"].get("role") == "debugger"]
    assert ranked and all(d["runs_on"] == "wolfram" for d in ranked)
    assert ranked[0]["renames"][0] == "Change `widht` to `width`"

    # the Python path gives the same text without asking the Wolfram worker
    before = len(calls)
    python = Dispatcher(roles)
    python.repairer._workers = Workers(())
    assert python.fix_text(BROKEN, "geometry.py").text == FIXED
    assert len(calls) == before


def _rename(wrong: str, right: str, distance: int, score: float) -> Solution:
    return Solution("rename", f"Change `{wrong}` to `{right}`", "scope", score,
                    {"original": wrong, "replacement": right, "distance": distance})


def test_the_renames_rank_the_same_either_way(roles: Path) -> None:
    text = "def f(lengths, length, lent):\n    return lenght\n"
    problem = Problem("F821", "Undefined name `lenght`", 2, col=12, symbol="lenght")
    analysis = analyze(AnalyzeRequest(text=text, problem=problem, path="m.py"))
    assert [s.title for s in analysis.solutions][:2] == ["Change `lenght` to `length`",
                                                         "Change `lenght` to `lengths`"]
    on_wolfram = rerank_renames(workers_for(roles), analysis)
    on_python = rerank_renames(Workers(()), analysis)
    assert on_wolfram == (analysis, "wolfram") and on_python == (analysis, "python")

    # the worker's ranking decides: listed worst first, the nearest rename takes the top
    # score; ties (lent, lengths: 4) keep the Analyzer's order; `self.length` stays put
    learned = Solution("learned", "a learned fix", "buildtips", 1.0, {"diff": "..."})
    shuffled = Analysis(problem, (learned, _rename("lenght", "lent", 4, 0.7),
                                  _rename("lenght", "lengths", 4, 0.6),
                                  Solution("rename", "Change `lenght` to `self.length`",
                                           "scope", 0.5, {"original": "lenght",
                                                          "replacement": "self.length"}),
                                  _rename("lenght", "length", 2, 0.4)))
    ranked, where = rerank_renames(workers_for(roles), shuffled)
    assert where == "wolfram" and rerank_renames(Workers(()), shuffled) == (ranked, "python")
    assert [(s.title, s.score) for s in ranked.solutions] == [
        ("a learned fix", 1.0), ("Change `lenght` to `length`", 0.7),
        ("Change `lenght` to `lent`", 0.6), ("Change `lenght` to `self.length`", 0.5),
        ("Change `lenght` to `lengths`", 0.4)]


def _orphans(results: list[Any]) -> dict[str, str]:
    return {r["path"]: f["name"] for r in results for f in r["findings"]
            if f["category"] == "module"}


def test_a_clean_run_finds_the_orphan_modules_on_the_wolfram_worker(
        roles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _spy(monkeypatch, "unreachable")
    dispatcher = Dispatcher(roles, record=False)
    assert _orphans(clean_paths(dispatcher, [roles], min_confidence=60)) == {}  # below 60
    assert not calls  # and the graph is not built for it
    found = _orphans(clean_paths(dispatcher, [roles], min_confidence=50))
    assert found == {"shop/legacy.py": "shop.legacy", "shop/old_tax.py": "shop.old_tax"}
    assert len(calls) == 1  # once a run, whatever the number of files

    knowledge = CleanKnowledge.load(roles)
    on_wolfram = knowledge.orphan_modules()
    assert knowledge.reachability_ran == "wolfram" and len(calls) == 2
    python = CleanKnowledge.load(roles)
    python.workers = Workers(())
    assert python.orphan_modules() == on_wolfram and python.reachability_ran == "python"
    assert "nothing in the workspace imports it" in on_wolfram["shop/legacy.py"]
    assert "(shop/legacy.py)" in on_wolfram["shop/old_tax.py"]

    # the Python path of a whole clean run gives the same answer without the Wolfram worker
    monkeypatch.setattr("nca.admin.cleaning_knowledge.workers_for", lambda _: Workers(()))
    assert _orphans(clean_paths(dispatcher, [roles], min_confidence=50)) == found
    assert len(calls) == 2
