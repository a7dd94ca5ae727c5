(* The Cleaner's reachability, in Wolfram Language.

   Which components the entry points reach by imports and calls (AgentMemory's Diagram,
   numbered 1..n by the Python side, edges as {from, to} pairs): what none of them reaches
   is a candidate for removal. On a Wolfram Engine this is VertexOutComponent of the graph;
   Mathics3 has no Graph functions, and there a breadth-first walk gives the same set. The
   Python reference is nca.workers.engines.wolfram.graph_context.reachable.

   Every definition ends with a semicolon: the file is one compound expression. *)

NCAWorkers`hasGraphs = Names["System`VertexOutComponent"] =!= {};

NCAWorkers`reachableWalk[n_Integer, edges_List, entries_List] :=
  Module[{out, seen = ConstantArray[False, n], queue = Union[entries], head = 1, v},
    out = Table[Union[Cases[edges, {v, w_Integer} :> w]], {v, n}];
    Do[seen[[e]] = True, {e, queue}];
    While[head <= Length[queue],
      v = queue[[head]]; head = head + 1;
      Do[If[! seen[[w]], seen[[w]] = True; AppendTo[queue, w]], {w, out[[v]]}]];
    Sort[queue]];

(* the vertices reachable from entries (entries included), sorted *)
NCAWorkers`reachable[n_Integer, edges_List, entries_List] :=
  Which[
    entries === {}, {},
    NCAWorkers`hasGraphs,
      Sort[VertexOutComponent[Graph[Range[n], Map[DirectedEdge @@ # &, edges]],
        Union[entries]]],
    True, NCAWorkers`reachableWalk[n, edges, entries]];
