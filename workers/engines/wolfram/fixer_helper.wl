(* fixer_helper's merge, in Wolfram Language: a fix made against an older text, placed into
   the text the user has now, by sequence alignment.

   The Python side numbers the lines (equal lines, equal numbers) and sends three lists: the
   base text the fix was made against, the text the fix wants, and the current text. The
   change base -> wanted is split into hunks by aligning the two; each hunk is placed in the
   current text where its old lines and their context are, nearest to where the alignment of
   base and current says its place moved to, the way patch applies with fuzz. The Python
   reference is fixer_helper's merge (_rebase, _find_with_context, _find, _map_line).

   The alignment is SequenceAlignment on a Wolfram Engine. Mathics3 has none: there a
   longest common subsequence (the same shape: common runs, and {{old}, {new}} pairs) stands
   in. Python's difflib matches the longest common run first instead, so where several
   alignments are equally long the hunks can be cut differently.

   Every definition ends with a semicolon: the file is one compound expression. *)

NCAWorkers`hasAlignment = Names["System`SequenceAlignment"] =!= {};

NCAWorkers`runLength[a_List, b_List] :=
  Module[{n = 0, m = Min[Length[a], Length[b]]},
    While[n < m && a[[n + 1]] === b[[n + 1]], n++];
    n];

(* a longest common subsequence alignment of two lists, in SequenceAlignment's shape *)
NCAWorkers`lcsAlignment[a_List, b_List] :=
  Module[{pre, post, x, y, lx, ly, rows, prev, vec, i, j, ops = {}, middle},
    pre = NCAWorkers`runLength[a, b];
    post = NCAWorkers`runLength[Reverse[Drop[a, pre]], Reverse[Drop[b, pre]]];
    x = Take[a, {pre + 1, Length[a] - post}];
    y = Take[b, {pre + 1, Length[b] - post}];
    lx = Length[x]; ly = Length[y];
    (* rows[[i + 1, j + 1]]: the longest common subsequence of x[[;; i]] and y[[;; j]] *)
    prev = ConstantArray[0, ly + 1];
    rows = {prev};
    Do[
      vec = Rest[prev] + (1 - Sign[Abs[y - x[[i]]]]) * (Most[prev] + 1 - Rest[prev]);
      prev = Prepend[Table[Max[Take[vec, k]], {k, ly}], 0];
      AppendTo[rows, prev],
      {i, lx}];
    (* walk back: a match where the lines are equal, else an insertion while it costs
       nothing, else a deletion (forwards: deletions come before insertions) *)
    i = lx; j = ly;
    While[i > 0 || j > 0,
      Which[
        i > 0 && j > 0 && x[[i]] === y[[j]],
          PrependTo[ops, {0, x[[i]]}]; i--; j--,
        j > 0 && (i == 0 || rows[[i + 1, j]] >= rows[[i, j + 1]]),
          PrependTo[ops, {2, y[[j]]}]; j--,
        True,
          PrependTo[ops, {1, x[[i]]}]; i--]];
    middle = Map[
      If[#[[1, 1]] == 0, #[[All, 2]], {Cases[#, {1, v_} :> v], Cases[#, {2, v_} :> v]}] &,
      Split[ops, (#1[[1]] == 0) === (#2[[1]] == 0) &]];
    Join[
      If[pre > 0, {Take[a, pre]}, {}],
      middle,
      If[post > 0, {Take[a, -post]}, {}]]];

NCAWorkers`align[a_List, b_List] :=
  Which[
    a === b, If[a === {}, {}, {a}],
    a === {} || b === {}, {{a, b}},
    NCAWorkers`hasAlignment, SequenceAlignment[a, b],
    True, NCAWorkers`lcsAlignment[a, b]];

(* {matching blocks {i, j, size} (0-based, ending with {Length[a], Length[b], 0}), hunks
   {start, old, new, before, after} (start 0-based in a, three lines of context)} *)
NCAWorkers`blocks[a_List, b_List] :=
  Module[{ia = 0, ib = 0, matching = {}, hunks = {}, old, new},
    Do[
      If[MatchQ[block, {_List, _List}],
        {old, new} = block;
        AppendTo[hunks, {ia, old, new, Take[a, {Max[0, ia - 3] + 1, ia}],
          Take[a, {ia + Length[old] + 1, Min[ia + Length[old] + 3, Length[a]]}]}];
        ia = ia + Length[old]; ib = ib + Length[new],
        AppendTo[matching, {ia, ib, Length[block]}];
        ia = ia + Length[block]; ib = ib + Length[block]],
      {block, NCAWorkers`align[a, b]}];
    {Append[matching, {Length[a], Length[b], 0}], hunks}];

(* where a line of the base text is now, from the nearest matching block above it *)
NCAWorkers`mapLine[matching_List, line_Integer] :=
  Module[{above = Select[matching, #[[1]] <= line &], m},
    If[above === {}, line,
      m = Last[above];
      If[line < m[[1]] + m[[3]], m[[2]] + (line - m[[1]]),
        m[[2]] + m[[3]] + (line - m[[1]] - m[[3]])]]];

(* the start (0-based) of needle in text nearest to expected, the earlier one first on a
   tie, fewer than window lines away; -1 when there is none *)
NCAWorkers`find[text_List, needle_List, expected_Integer, window_Integer] :=
  Module[{n = Length[needle], starts},
    If[n == 0, Max[0, Min[expected, Length[text]]],
      starts = Select[Flatten[Position[text, First[needle], {1}]] - 1,
        # + n <= Length[text] && Take[text, {# + 1, # + n}] === needle &&
          Abs[# - expected] < window &];
      If[starts === {}, -1,
        Last[First[Sort[Map[{Abs[# - expected], If[# > expected, 1, 0], #} &, starts]]]]]]];

NCAWorkers`findWithContext[text_List, hunk_List, expected_Integer, window_Integer] :=
  Module[{old = hunk[[2]], before = hunk[[4]], after = hunk[[5]], at},
    If[old === {},
      Which[
        before =!= {},
          at = NCAWorkers`find[text, before, expected - Length[before], window];
          If[at < 0, -1, at + Length[before]],
        after =!= {}, NCAWorkers`find[text, after, expected, window],
        True, Min[expected, Length[text]]],
      at = NCAWorkers`find[text, Join[before, old, after], expected - Length[before], window];
      If[at >= 0, at + Length[before], NCAWorkers`find[text, old, expected, window]]]];

(* {1, merged} with the change base -> wanted applied to current, or {0, line} (1-based in
   base) for the first hunk from the bottom that no longer fits *)
NCAWorkers`rebase[base_List, wanted_List, current_List, window_Integer] :=
  Module[{hunks = NCAWorkers`blocks[base, wanted][[2]],
      matching = NCAWorkers`blocks[base, current][[1]], text = current, at},
    Catch[
      Do[
        at = NCAWorkers`findWithContext[text, hunk,
          NCAWorkers`mapLine[matching, hunk[[1]]], window];
        If[at < 0, Throw[{0, hunk[[1]] + 1}]];
        text = Join[Take[text, at], hunk[[3]], Drop[text, at + Length[hunk[[2]]]]],
        {hunk, Reverse[hunks]}];
      {1, text}]];
