(* The Debugger's near-miss search, in Wolfram Language.

   Which known names is an unknown name a slip of, best first. The same costs as the Python
   search (nca.workers.facts.near_miss: suggestions, levenshtein_distance), after CPython's
   "Did you mean": a move (insert, delete, substitute, or swap two adjacent letters) costs 2,
   a change of case only 1; a candidate counts while its cost is at most (Length + 1) * 2 / 3.

   Two bounds from the built-in distances sort most candidates out before the exact,
   weighted distance is computed: EditDistance (unit costs) is never above the weighted
   cost, which Nearest[..., {All, limit}] uses, and two moves per Damerau-Levenshtein step
   with case ignored is never above it either.

   Every definition ends with a semicolon: the file is one compound expression, so it can be
   read by Get or evaluated as one text (Mathics3). *)

NCAWorkers`moveCost = 2;
NCAWorkers`caseCost = 1;
NCAWorkers`maxStringSize = 40;

NCAWorkers`maxDistance[name_String] :=
  Quotient[(StringLength[name] + 1) * NCAWorkers`moveCost, 3];

NCAWorkers`substitutionCost[x_String, y_String] :=
  Which[
    x === y, 0,
    ToLowerCase[x] === ToLowerCase[y], NCAWorkers`caseCost,
    True, NCAWorkers`moveCost];

NCAWorkers`commonPrefixLength[a_List, b_List] :=
  Module[{n = 0, m = Min[Length[a], Length[b]]},
    While[n < m && a[[n + 1]] === b[[n + 1]], n++];
    n];

(* the weighted cost from a0 to b0, or maxCost + 1 once it is exceeded *)
NCAWorkers`editCost[a0_String, b0_String, maxCost_Integer] :=
  Module[{a = Characters[a0], b = Characters[b0], move = NCAWorkers`moveCost, pre, post, la,
      lb, sub, before = {}, prev, row, cost},
    Catch[
      If[a === b, Throw[0]];
      pre = NCAWorkers`commonPrefixLength[a, b];
      a = Drop[a, pre]; b = Drop[b, pre];
      post = NCAWorkers`commonPrefixLength[Reverse[a], Reverse[b]];
      a = Drop[a, -post]; b = Drop[b, -post];
      la = Length[a]; lb = Length[b];
      If[la == 0 || lb == 0, Throw[move * (la + lb)]];
      If[Max[la, lb] > NCAWorkers`maxStringSize || Abs[la - lb] * move > maxCost,
        Throw[maxCost + 1]];
      sub = Outer[NCAWorkers`substitutionCost, a, b];
      prev = move * Range[0, lb];
      Do[
        row = ConstantArray[0, lb + 1];
        row[[1]] = i * move;
        Do[
          cost = Min[prev[[j + 1]] + move, row[[j]] + move, prev[[j]] + sub[[i, j]]];
          If[i > 1 && j > 1 && a[[i]] === b[[j - 1]] && a[[i - 1]] === b[[j]],
            cost = Min[cost, before[[j - 1]] + move]];
          row[[j + 1]] = cost,
          {j, lb}];
        If[Min[row] > maxCost, Throw[maxCost + 1]];
        before = prev; prev = row,
        {i, la}];
      Last[prev]]];

(* Candidates are (names[[k]], nearness[[k]]): the same name may come from several scopes,
   and counts once, at its nearest. usage[[k]] is how often the file uses names[[k]], and
   order[[k]] its place among the names sorted by code point (the last tie-break).
   Returns {k, cost} pairs, best first: by cost, then nearness, then usage (most first),
   then order. *)
NCAWorkers`nearMisses[wrong_String, names_List, nearness_List, usage_List, order_List] :=
  Module[{limit = NCAWorkers`maxDistance[wrong], others, firsts, unique, close, scored},
    others = Select[Range[Length[names]], names[[#]] =!= wrong &];
    (* one index per name: the first of those at its smallest nearness *)
    (* (Sort on key lists, not SortBy with several functions, which Mathics3 ignores) *)
    firsts = Map[Function[group, Last[First[Sort[Map[{nearness[[#]], #} &, group]]]]],
      GatherBy[others, names[[#]] &]];
    unique = names[[firsts]];
    close = If[firsts === {}, {},
      firsts[[Nearest[unique -> Automatic, wrong, {All, limit}]]]];
    close = Select[close,
      NCAWorkers`moveCost * DamerauLevenshteinDistance[wrong, names[[#]], IgnoreCase -> True]
        <= limit &];
    scored = Map[{NCAWorkers`editCost[wrong, names[[#]], limit], nearness[[#]], -usage[[#]],
      order[[#]], #} &, close];
    scored = Sort[Select[scored, #[[1]] <= limit &]];
    Map[{#[[5]], #[[1]]} &, scored]];

(* The built-in ranking alone: the k names nearest to wrong by EditDistance (unit costs, case
   counts as a change, a swap of two letters is two), as indices. *)
NCAWorkers`nearestNames[wrong_String, names_List, k_Integer] :=
  If[names === {}, {}, Nearest[names -> Automatic, wrong, k]];
