"""The Wolfram Language workers against their Python references, role by role (Mathics3).

Each worker's answer (Debugger, Analyzer, fixer_helper, Cleaner) must equal the Python
worker's on a small corpus, or the difference is the one the test names and explains; then
which role runs where, and the fall-back to Python. The Wolfram side runs in the Mathics3
child process (the engine's sandbox and time limit); the corpus is small because Mathics is
slow.
"""

from __future__ import annotations

import logging
from collections import Counter
from fractions import Fraction
from typing import Any

import pytest

from nca.admin.config import parse_config
from nca.workers.core.errors import ConfigError, EngineError, MergeError
from nca.workers.core.text_edits import rebase
from nca.workers.core.types import Candidate, Health, MergeRequest, Problem, TextEdit
from nca.workers.engines.wolfram import ROLES
from nca.workers.engines.wolfram import graph_context as gc
from nca.workers.engines.wolfram.workers import WolframWorkers, WorkerEngine, Workers
from nca.workers.facts.near_miss import suggestions
from nca.workers.fixing.fixer_helper import merge

pytest.importorskip("wolframclient", reason="the wolfram extra is not installed")


# --------------------------------------------------------------------------- Debugger

# (wrong, candidates as (name, nearness), usage)
NEAR_MISSES: list[tuple[str, list[tuple[str, int]], dict[str, int]]] = [
    ("pritn", [("print", 2), ("sprint", 0), ("repr", 2), ("pprint", 1)], {}),
    ("pirnt", [("print", 2), ("pritn", 1), ("sprint", 1), ("paint", 0), ("print", 0),
               ("Print", 3)], {}),
    ("Foo", [("foo", 0), ("Fox", 0), ("FOO", 1), ("Foo", 0)], {}),          # itself left out
    ("helper", [("help", 0), ("helpers", 1), ("whelper", 2), ("hopper", 0)], {}),
    ("cuont", [("count", 0), ("mount", 0), ("court", 0), ("cont", 1)], {"court": 3, "mount": 1}),
    ("os", [("or", 0), ("as", 0), ("is", 1), ("OS", 0), ("ox", 0)], {"as": 2}),
    ("lenght", [("length", 1), ("len", 2), ("height", 0), ("lengths", 1)], {}),
    ("a" * 45 + "x", [("a" * 45 + "y", 0), ("a" * 44 + "xy", 0), ("b" * 46, 0)], {}),
    ("x" + "ab" * 22 + "y", [("z" + "ab" * 22 + "w", 0), ("x" + "ba" * 22 + "y", 0)], {}),
    ("Counter", [("counter", 1), ("Counted", 0), ("Countr", 0), ("count", 0)], {}),
    ("café", [("cafe", 0), ("Café", 1), ("cafés", 0)], {}),                   # Latin-1
    ("zzz", [], {}),
    ("recieve", [("receive", 0), ("relieve", 0), ("recieved", 1), ("revive", 0)], {}),
]


@pytest.mark.parametrize(("wrong", "candidates", "usage"), NEAR_MISSES)
def test_the_debugger_ranks_as_python_does(wolfram: WolframWorkers, wrong: str,
                                           candidates: list[tuple[str, int]],
                                           usage: dict[str, int]) -> None:
    expected = suggestions(wrong, candidates, Counter(usage))
    assert wolfram.suggestions(wrong, candidates, Counter(usage)) == expected


def test_the_corpus_is_not_trivial() -> None:
    found = [suggestions(w, c, Counter(u)) for w, c, u in NEAR_MISSES]
    assert sum(len(f) for f in found) >= 25 and sum(not f for f in found) >= 2


def test_wolframs_own_nearest_is_another_ranking(wolfram: WolframWorkers) -> None:
    # Nearest measures by EditDistance: unit costs, a swap of two letters is two changes
    # (Python: one move) and there is no cut-off (Python: (length + 1) * 2 / 3)
    candidates = [("from", 0), ("farm", 1)]
    assert suggestions("form", candidates) == [("from", 2), ("farm", 2)]  # tie: nearness
    assert wolfram.nearest_names("form", ["from", "farm"], 2) == ["farm", "from"]
    assert suggestions("x", [("yyyyyy", 0)]) == []
    assert wolfram.nearest_names("x", ["yyyyyy"], 1) == ["yyyyyy"]


# --------------------------------------------------------------------------- Analyzer


def _diagram(edges: list[tuple[str, str]], lone: tuple[str, ...] = (),
             kind: str = "calls") -> dict[str, Any]:
    ids = sorted({n for edge in edges for n in edge} | set(lone))
    return {"nodes": [{"id": i, "kind": "function", "path": "m.py"} for i in ids],
            "edges": [{"from": s, "to": t, "kind": kind, "path": "m.py"} for s, t in edges]}


DIAGRAMS: list[tuple[dict[str, Any], str, int]] = [
    (_diagram([("a", "b"), ("b", "c"), ("c", "d")]), "b", 1),                      # chain
    (_diagram([("hub", x) for x in "pqrs"] + [("s", "hub")]), "hub", 1),           # star
    (_diagram([("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e")]), "d", 2),
    (_diagram([("a", "b"), ("b", "c"), ("c", "a")]), "a", 1),                      # cycle
    (_diagram([("a", "b"), ("c", "d")], lone=("e",)), "c", 3),                     # parts
    (_diagram([("a", "b"), ("a", "b"), ("b", "b"), ("b", "c")]), "b", 1),          # repeats
    (_diagram([("m", "n")], lone=("z",)), "z", 2),                                 # isolated
    (_diagram([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("a", "e")]), "c", 2),
    (_diagram([("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")]), "b", 1),          # both ways
    (_diagram([("s", "a"), ("s", "b"), ("a", "t"), ("b", "t"), ("a", "b"), ("t", "u")]), "a", 1),
    ({"nodes": [{"id": "module:pkg.a", "kind": "module", "path": "pkg/a.py"},
                {"id": "module:pkg.b", "kind": "module", "path": "pkg/b.py"},
                {"id": "function:pkg.a.run", "kind": "function", "path": "pkg/a.py"},
                {"id": "function:pkg.b.step", "kind": "function", "path": "pkg/b.py"},
                {"id": "function:pkg.b.log", "kind": "function", "path": "pkg/b.py"}],
      "edges": [{"from": "module:pkg.a", "to": "module:pkg.b", "kind": "imports",
                 "path": "pkg/a.py"},
                {"from": "function:pkg.a.run", "to": "function:pkg.b.step", "kind": "calls",
                 "path": "pkg/a.py"},
                {"from": "function:pkg.b.step", "to": "function:pkg.b.log", "kind": "calls",
                 "path": "pkg/b.py"}]}, "function:pkg.b.step", 1),
    (_diagram([("a", "b"), ("a", "c"), ("a", "d"), ("b", "e"), ("c", "e"), ("d", "e"),
               ("e", "f")]), "e", 1),
]


@pytest.mark.parametrize(("diagram", "node", "radius"), DIAGRAMS)
def test_the_analyzer_measures_as_python_does(wolfram: WolframWorkers, diagram: dict[str, Any],
                                              node: str, radius: int) -> None:
    graph = gc.graph_of(diagram)
    focus = graph.index(node)
    ins, outs = gc.degrees(graph.n, graph.edges)
    expected = (ins, outs, gc.betweenness(graph.n, graph.edges),
                gc.neighbourhood(graph.n, graph.edges, focus, radius))
    assert wolfram.measures(graph, focus, radius) == expected  # exact: rationals
    assert wolfram.component_context(diagram, node, radius) == \
        gc.component_context(diagram, node, radius)


def test_python_betweenness_agrees_with_networkx() -> None:
    nx = pytest.importorskip("networkx", reason="networkx is not installed (the models extra brings it in)")
    for diagram, _, _ in DIAGRAMS:
        graph = gc.graph_of(diagram)
        g = nx.DiGraph()
        g.add_nodes_from(range(graph.n))
        g.add_edges_from(graph.edges)
        theirs = nx.betweenness_centrality(g, normalized=False)
        ours = gc.betweenness(graph.n, graph.edges)
        assert [float(x) for x in ours] == pytest.approx([theirs[v] for v in range(graph.n)])


def test_the_python_context_in_words() -> None:
    context = gc.component_context(DIAGRAMS[2][0], "d", 1)
    assert (context.in_degree, context.out_degree, context.betweenness) == (2, 1, Fraction(3))
    assert context.neighbours == ("b", "c", "e") and context.hub == "d"


# --------------------------------------------------------------------------- fixer_helper

BASE = "".join(f"line {i}\n" for i in range(1, 13))
PROBLEM = Problem("F821", "Undefined name `six`")


def cand(**kw: Any) -> Candidate:
    return Candidate(engine="rules", kind="test", title="t", problem=PROBLEM, **kw)


FIXED = BASE.replace("line 6\n", "line six\n")


def _lines(*changes: tuple[int, str | None]) -> str:
    lines = BASE.splitlines(keepends=True)
    for at, text in sorted(changes, reverse=True):
        if text is None:
            del lines[at]
        else:
            lines.insert(at, text)
    return "".join(lines)


MERGES: list[MergeRequest] = [
    MergeRequest(BASE, BASE, cand(text=FIXED)),                              # unmoved
    MergeRequest(BASE, _lines((0, "import os\n")), cand(text=FIXED)),        # typed above
    MergeRequest(BASE, _lines((12, "tail\n")), cand(text=FIXED)),            # typed below
    MergeRequest(BASE, _lines((0, "a\n"), (1, "b\n"), (11, None)), cand(text=FIXED)),
    MergeRequest(BASE, BASE.replace("line 6\n", "line 6 changed\n"),                 # conflict
                 cand(text=FIXED)),
    MergeRequest(BASE, _lines((3, "new\n")),
                 cand(diff="@@ -6,1 +6,1 @@\n-line 6\n+line six\n")),       # a diff
    MergeRequest(BASE, _lines((0, "x\n")),
                 cand(edits=(TextEdit(5, 5, 5, 6, " six"),))),               # edits
    MergeRequest(BASE, _lines((0, "# header\n")),
                 cand(text=BASE + "line 13\n")),                             # append
    MergeRequest(BASE, _lines((7, "between\n")),
                 cand(text=BASE.replace("line 2\n", "").replace("line 10\n", "ten\n"))),
    MergeRequest(BASE, _lines((2, "c\n")),
                 cand(text="first\n" + BASE.replace("line 9\n", "nine\nnine and a half\n"))),
    MergeRequest("a\nb\na\nb\n", "z\na\nb\na\nb\n", cand(text="a\nb\na\nB\n")),  # repeats
    MergeRequest(BASE, _lines((5, None), (6, None)), cand(text=FIXED)),      # fix's lines gone
    MergeRequest(BASE, _lines((0, "x\n")), cand()),                          # no candidate
]


@pytest.mark.parametrize("request_", MERGES)
def test_fixer_helper_merges_as_python_does(wolfram: WolframWorkers,
                                            request_: MergeRequest) -> None:
    assert wolfram.merge(request_) == merge(request_)


def test_the_merge_corpus_is_not_trivial() -> None:
    results = [merge(r) for r in MERGES]
    assert sum(r.ok for r in results) >= 9 and sum(not r.ok for r in results) >= 3


def test_where_alignments_tie_the_hunks_are_cut_differently(wolfram: WolframWorkers) -> None:
    # Only repeated lines leave a choice of alignment. base "b b" -> wanted "Y b": difflib
    # takes the leftmost longest run (the first b) and reads "insert Y above it, delete the
    # second b"; once the deletion is applied, the insertion's context (b b) is gone and the
    # merge fails. The alignment here (common ends first, then the longest common
    # subsequence) keeps the last b and reads "replace the first b by Y", which merges.
    base, wanted, current = "b\nb\n", "Y\nb\n", "b\nb\nv\n"
    with pytest.raises(MergeError, match="line 1"):
        rebase(base, wanted, current)
    assert wolfram.rebase(base, wanted, current) == "Y\nb\nv\n"
    # base "b b b" -> wanted "b Y b": difflib reads "insert Y after the first b, delete the
    # last", the alignment "replace the middle b"; both merge, and the user's own line w
    # ends up on either side of the b that difflib kept and the alignment replaced
    base, wanted, current = "b\nb\nb\n", "b\nY\nb\n", "b\nb\nw\nb\n"
    assert rebase(base, wanted, current) == "b\nY\nb\nw\n"
    assert wolfram.rebase(base, wanted, current) == "b\nY\nw\nb\n"
    # either way the fix is all there: without the user's line, both are the wanted text
    assert "b\nY\nb\nw\n".replace("w\n", "") == wanted == "b\nY\nw\nb\n".replace("w\n", "")


# --------------------------------------------------------------------------- Cleaner

REACH: list[tuple[dict[str, Any], list[str]]] = [
    (DIAGRAMS[0][0], ["a"]),
    (DIAGRAMS[0][0], ["c"]),
    (DIAGRAMS[1][0], ["p"]),
    (DIAGRAMS[2][0], ["b", "c"]),
    (DIAGRAMS[3][0], ["b"]),
    (DIAGRAMS[4][0], ["a", "e"]),
    (DIAGRAMS[5][0], ["a"]),
    (DIAGRAMS[6][0], []),
    (DIAGRAMS[7][0], ["d", "missing"]),
    (DIAGRAMS[9][0], ["s"]),
    (DIAGRAMS[10][0], ["module:pkg.a", "function:pkg.a.run"]),
    (DIAGRAMS[11][0], ["b", "f"]),
]


@pytest.mark.parametrize(("diagram", "entries"), REACH)
def test_the_cleaner_reaches_as_python_does(wolfram: WolframWorkers, diagram: dict[str, Any],
                                            entries: list[str]) -> None:
    assert wolfram.unreachable(diagram, entries) == gc.unreachable(diagram, entries)


def test_the_python_reachability_in_words() -> None:
    # the functions run calls are reached; no entry imports the modules
    assert gc.unreachable(DIAGRAMS[10][0], ["function:pkg.a.run"]) == [
        "module:pkg.a", "module:pkg.b"]
    assert gc.unreachable(DIAGRAMS[4][0], ["a", "e"]) == ["c", "d"]


# --------------------------------------------------------------------------- per role


def test_nca_toml_chooses_the_roles() -> None:
    config = parse_config({"wolfram": {"workers": ["debugger", "cleaner", "debugger"]}})
    assert config.wolfram_workers == ("debugger", "cleaner")
    assert parse_config({}).wolfram_workers == ()
    for bad in ({"workers": ["fixer"]}, {"workers": "debugger"}, {"engine": "x"}, ["debugger"]):
        with pytest.raises(ConfigError, match="wolfram"):
            parse_config({"wolfram": bad})


def test_the_roles_run_where_the_config_says(wolfram: WolframWorkers) -> None:
    config = parse_config({"engines": [{"id": "wl", "kind": "wolfram", "evaluator": "mathics",
                                        "timeout": 7}],
                           "wolfram": {"workers": ["debugger", "fixer_helper"]}})
    workers = Workers.for_config(config)
    assert workers.wolfram.engine.evaluator == "mathics" and workers.wolfram.engine.timeout == 7
    assert {r: workers.runs_on(r) for r in ROLES} == {
        "debugger": "wolfram", "analyzer": "python", "fixer_helper": "wolfram",
        "cleaner": "python"}
    placement = workers.placement()
    assert placement["debugger"].startswith("wolfram (Mathics3") and \
        placement["cleaner"] == "python"


def test_without_an_evaluator_the_python_worker_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    workers = Workers(ROLES)
    monkeypatch.setattr(workers.wolfram, "health", lambda: Health(False, "no Mathics3"))
    assert workers.runs_on("debugger") == "python"
    assert workers.placement()["cleaner"] == "python (wolfram chosen, but no Mathics3)"
    assert workers.suggestions("pritn", [("print", 0)]) == [("print", 2)]


def test_a_failing_wolfram_worker_falls_back(monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    workers = Workers(["analyzer", "fixer_helper"])
    monkeypatch.setattr(workers.wolfram, "health", lambda: Health(True, "stub"))

    def broken(*args: Any) -> Any:
        raise EngineError("evaluation ran past 1 s")

    monkeypatch.setattr(workers.wolfram.engine, "call", broken)
    diagram, node, radius = DIAGRAMS[2]
    with caplog.at_level(logging.WARNING):
        assert workers.component_context(diagram, node, radius) == \
            gc.component_context(diagram, node, radius)
    assert "analyzer worker failed" in caplog.text
    assert workers.merge(MERGES[1]) == merge(MERGES[1])


def test_a_worker_past_its_time_limit_is_stopped() -> None:
    # TimeConstrained, and the child killed if it does not stop (Workers then asks Python)
    pytest.importorskip("mathics", reason="the wolfram extra is not installed")
    slow = WolframWorkers(WorkerEngine("wl-slow", evaluator="mathics", timeout=0.3))
    names = [(f"name{i:03d}", 0) for i in range(300)]
    try:
        with pytest.raises(EngineError, match="ran past 0.3 s"):
            slow.suggestions("name0000", names)
    finally:
        slow.close()


def test_the_routed_roles_answer_as_python_does(wolfram: WolframWorkers) -> None:
    workers = Workers(ROLES, wolfram)
    assert all(workers.runs_on(r) == "wolfram" for r in ROLES)
    wrong, candidates, usage = NEAR_MISSES[4]
    assert workers.suggestions(wrong, candidates, Counter(usage)) == \
        suggestions(wrong, candidates, Counter(usage))
    assert workers.merge(MERGES[3]) == merge(MERGES[3])
    assert workers.unreachable(*REACH[3]) == gc.unreachable(*REACH[3])
    assert rebase(BASE, FIXED, MERGES[2].current) == workers.rebase(BASE, FIXED,
                                                                     MERGES[2].current)
    with pytest.raises(MergeError, match="line 6"):  # a hunk that no longer fits is an
        workers.rebase(BASE, FIXED, MERGES[4].current)  # answer: Python is not asked again
