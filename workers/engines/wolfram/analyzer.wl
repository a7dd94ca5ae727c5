(* The Analyzer's component context, in Wolfram Language.

   Where a component stands in AgentMemory's Diagram (module imports and calls between
   top-level functions): its in- and out-degree, its betweenness centrality (how many
   shortest paths between other components run through it) and the components within a few
   steps of it. The Python side numbers the vertices 1..n and gives the edges as {from, to}
   pairs; the same measures in Python are nca.workers.engines.wolfram.graph_context.

   Betweenness is Brandes' algorithm on exact numbers, unnormalised, edges directed: the
   answer is a list of rationals that equals the Python one exactly. (BetweennessCentrality
   of a Graph gives machine reals, and Mathics3 has no Graph functions: the portable loop
   runs on both evaluators.)

   Every definition ends with a semicolon: the file is one compound expression. *)

(* the distinct targets of each vertex's edges, self loops left out *)
NCAWorkers`analyzerOut[n_Integer, edges_List] :=
  Table[DeleteCases[Union[Cases[edges, {v, w_Integer} :> w]], v], {v, n}];

(* neighbours with the edges taken both ways *)
NCAWorkers`analyzerBoth[n_Integer, edges_List] :=
  Table[DeleteCases[Union[Cases[edges, {v, w_Integer} :> w], Cases[edges, {w_Integer, v} :> w]],
    v], {v, n}];

NCAWorkers`betweenness[n_Integer, out_List] :=
  Module[{score = ConstantArray[0, n], queue, head, before, paths, dist, dep, v},
    Do[
      before = ConstantArray[{}, n];
      paths = ConstantArray[0, n]; paths[[s]] = 1;
      dist = ConstantArray[-1, n]; dist[[s]] = 0;
      queue = {s}; head = 1;
      While[head <= Length[queue],
        v = queue[[head]]; head = head + 1;
        Do[
          If[dist[[w]] < 0, dist[[w]] = dist[[v]] + 1; AppendTo[queue, w]];
          If[dist[[w]] == dist[[v]] + 1,
            paths[[w]] = paths[[w]] + paths[[v]];
            before[[w]] = Append[before[[w]], v]],
          {w, out[[v]]}]];
      dep = ConstantArray[0, n];
      Do[
        Do[dep[[u]] = dep[[u]] + paths[[u]] / paths[[w]] * (1 + dep[[w]]), {u, before[[w]]}];
        If[w != s, score[[w]] = score[[w]] + dep[[w]]],
        {w, Reverse[queue]}],
      {s, n}];
    score];

(* the vertices within radius steps of focus, edges both ways, sorted *)
NCAWorkers`neighbourhood[n_Integer, both_List, focus_Integer, radius_Integer] :=
  Module[{dist = ConstantArray[-1, n], queue = {focus}, head = 1, v},
    dist[[focus]] = 0;
    While[head <= Length[queue],
      v = queue[[head]]; head = head + 1;
      If[dist[[v]] < radius,
        Do[If[dist[[w]] < 0, dist[[w]] = dist[[v]] + 1; AppendTo[queue, w]], {w, both[[v]]}]]];
    Sort[queue]];

(* {in-degrees, out-degrees, betweenness, neighbourhood of focus} of the graph 1..n *)
NCAWorkers`componentContext[n_Integer, edges_List, focus_Integer, radius_Integer] :=
  Module[{out = NCAWorkers`analyzerOut[n, edges], targets},
    targets = Flatten[out];
    {Table[Count[targets, v], {v, n}], Map[Length, out], NCAWorkers`betweenness[n, out],
      NCAWorkers`neighbourhood[n, NCAWorkers`analyzerBoth[n, edges], focus, radius]}];
