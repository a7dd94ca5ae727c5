"""The component context of a diagram, in plain Python: the reference the Wolfram workers match.

A graph here is AgentMemory's Diagram (``{"nodes": [{"id", "kind", ...}], "edges": [{"from",
"to", "kind", ...}]}``, module imports and calls between top-level functions) numbered by
``graph_of``: vertices ``0..n-1`` in the order of their sorted ids, edges as unique ``(from,
to)`` index pairs without self loops. On that graph:

- ``degrees``: in- and out-degree of every vertex;
- ``betweenness``: directed betweenness centrality, unnormalised, as exact fractions
  (Brandes' algorithm): how many shortest paths between other vertices run through a vertex;
- ``neighbourhood``: the vertices within ``radius`` steps of a focus, edges taken both ways;
- ``reachable``: the vertices reachable from entry points along the edges (the Cleaner's
  question: what no entry point reaches is a candidate for removal).

``component_context`` and ``unreachable`` put these in the Diagram's own ids.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

__all__ = ["ComponentContext", "Graph", "betweenness", "component_context", "degrees",
           "graph_of", "neighbourhood", "reachable", "unreachable"]


@dataclass(frozen=True)
class Graph:
    """Vertices numbered ``0..n-1`` (``ids[i]`` names vertex ``i``) and unique directed edges."""

    ids: tuple[str, ...]
    edges: tuple[tuple[int, int], ...]

    @property
    def n(self) -> int:
        return len(self.ids)

    def index(self, node_id: str) -> int:
        """Return the number of ``node_id``; KeyError when the diagram has no such node."""
        try:
            return self.ids.index(node_id)
        except ValueError:
            raise KeyError(node_id) from None


@dataclass(frozen=True)
class ComponentContext:
    """Where one component stands in the diagram."""

    node: str
    in_degree: int
    out_degree: int
    betweenness: Fraction
    #: the other nodes within the radius, nearest first, then by id
    neighbours: tuple[str, ...]
    #: the most central node of the neighbourhood (the component itself included), by betweenness
    hub: str


def graph_of(diagram: Mapping[str, Any], kinds: Iterable[str] = ("imports", "calls")) -> Graph:
    """Return the numbered graph of a Diagram, keeping the edges of the given kinds."""
    wanted = set(kinds)
    ids = {str(node["id"]) for node in diagram.get("nodes", ())}
    pairs = [(str(e["from"]), str(e["to"])) for e in diagram.get("edges", ())
             if e.get("kind") in wanted]
    for source, target in pairs:
        ids.update((source, target))
    ordered = tuple(sorted(ids))
    number = {node_id: i for i, node_id in enumerate(ordered)}
    edges = sorted({(number[s], number[t]) for s, t in pairs if s != t})
    return Graph(ordered, tuple(edges))


def _out_lists(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(n)]
    for source, target in sorted(set(edges)):
        if source != target:
            out[source].append(target)
    return out


def degrees(n: int, edges: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Return ``(in_degrees, out_degrees)`` of the vertices ``0..n-1``."""
    ins, outs = [0] * n, [0] * n
    for source, target in set(edges):
        if source != target:
            outs[source] += 1
            ins[target] += 1
    return ins, outs


def betweenness(n: int, edges: Sequence[tuple[int, int]]) -> list[Fraction]:
    """Return the directed betweenness of every vertex, unnormalised and exact (Brandes)."""
    out = _out_lists(n, edges)
    score = [Fraction(0)] * n
    for source in range(n):
        order: list[int] = []
        before: list[list[int]] = [[] for _ in range(n)]
        paths = [0] * n
        paths[source] = 1
        distance = [-1] * n
        distance[source] = 0
        queue = deque([source])
        while queue:
            v = queue.popleft()
            order.append(v)
            for w in out[v]:
                if distance[w] < 0:
                    distance[w] = distance[v] + 1
                    queue.append(w)
                if distance[w] == distance[v] + 1:
                    paths[w] += paths[v]
                    before[w].append(v)
        dependency = [Fraction(0)] * n
        for w in reversed(order):
            for v in before[w]:
                dependency[v] += Fraction(paths[v], paths[w]) * (1 + dependency[w])
            if w != source:
                score[w] += dependency[w]
    return score


def _distances(n: int, edges: Sequence[tuple[int, int]], source: int) -> list[int]:
    # steps from source with edges taken both ways; -1 where it does not reach
    both = _out_lists(n, [*edges, *((t, s) for s, t in edges)])
    distance = [-1] * n
    distance[source] = 0
    queue = deque([source])
    while queue:
        v = queue.popleft()
        for w in both[v]:
            if distance[w] < 0:
                distance[w] = distance[v] + 1
                queue.append(w)
    return distance


def neighbourhood(n: int, edges: Sequence[tuple[int, int]], focus: int,
                  radius: int) -> list[int]:
    """Return the vertices within ``radius`` steps of ``focus`` (edges both ways), sorted."""
    distance = _distances(n, edges, focus)
    return [v for v in range(n) if 0 <= distance[v] <= radius]


def reachable(n: int, edges: Sequence[tuple[int, int]], entries: Iterable[int]) -> list[int]:
    """Return the vertices reachable from ``entries`` along the edges (entries included), sorted."""
    out = _out_lists(n, edges)
    seen = set(entries)
    queue = deque(seen)
    while queue:
        for w in out[queue.popleft()]:
            if w not in seen:
                seen.add(w)
                queue.append(w)
    return sorted(seen)


def component_context(diagram: Mapping[str, Any], node_id: str,
                      radius: int = 1) -> ComponentContext:
    """Return the degrees, betweenness and neighbourhood of ``node_id`` in ``diagram``."""
    graph = graph_of(diagram)
    focus = graph.index(node_id)
    ins, outs = degrees(graph.n, graph.edges)
    scores = betweenness(graph.n, graph.edges)
    near = neighbourhood(graph.n, graph.edges, focus, radius)
    return context_from(graph, focus, ins, outs, scores, near)


def context_from(graph: Graph, focus: int, ins: Sequence[int], outs: Sequence[int],
                 scores: Sequence[Fraction], near: Sequence[int]) -> ComponentContext:
    """Return the ComponentContext of ``focus`` from the graph's measures (whoever computed them)."""
    distance = _distances(graph.n, graph.edges, focus)
    others = sorted((v for v in near if v != focus), key=lambda v: (distance[v], graph.ids[v]))
    hub = min(near, key=lambda v: (-scores[v], graph.ids[v]))
    return ComponentContext(graph.ids[focus], ins[focus], outs[focus], scores[focus],
                            tuple(graph.ids[v] for v in others), graph.ids[hub])


def unreachable(diagram: Mapping[str, Any], entries: Iterable[str]) -> list[str]:
    """Return the diagram's node ids no entry point reaches by imports and calls, sorted.

    Entry ids the diagram does not hold are ignored.
    """
    graph = graph_of(diagram)
    known = set(graph.ids)
    starts = [graph.index(e) for e in entries if e in known]
    seen = set(reachable(graph.n, graph.edges, starts))
    return [node_id for i, node_id in enumerate(graph.ids) if i not in seen]
