(* The Cleaner's reachability, in Wolfram Language.

   Which components the entry points reach by imports and calls (AgentMemory's Diagram,
   numbered 1..n by the Python side, edges as {from, to} pairs): what none of them reaches
   is a candidate for removal. On a Wolfram Engine this is VertexOutComponent of the graph;
   Mathics3 has no Graph functions, and there a breadth-first walk gives the same set. The
   Python reference is nca.workers.engines.wolfram.graph_context.reachable.

   Every definition ends with a semicolon: the file is one compound expression. *)

NCAWorkers`hasGraphs = Names["System`VertexOutComponent"] =!= {};

(* out-lists from GatherBy and one ReplacePart (Cases per vertex is quadratic, and slow on
   Mathics3), then the walk by frontiers: each step's new vertices at once *)
NCAWorkers`reachableWalk[n_Integer, edges_List, entries_List] :=
  Module[{groups = GatherBy[edges, First], out, reached = Union[entries], frontier},
    out = ReplacePart[ConstantArray[{}, n],
      Thread[groups[[All, 1, 1]] -> Map[Union, groups[[All, All, 2]]]]];
    frontier = reached;
    While[frontier =!= {},
      frontier = Complement[Union @@ out[[frontier]], reached];
      reached = Union[reached, frontier]];
    reached];

(* the vertices reachable from entries (entries included), sorted *)
NCAWorkers`reachable[n_Integer, edges_List, entries_List] :=
  Which[
    entries === {}, {},
    NCAWorkers`hasGraphs,
      Sort[VertexOutComponent[Graph[Range[n], Map[DirectedEdge @@ # &, edges]],
        Union[entries]]],
    True, NCAWorkers`reachableWalk[n, edges, entries]];
