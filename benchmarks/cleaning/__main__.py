"""``python -m benchmarks.cleaning``: clean every case, print precision and recall per category.

Findings are scored against what each case says is dead; removals (what ``nca clean --write``
would take out without asking) are scored separately, since a false removal breaks a user's
code. Exit status: 0, or 1 when the removal precision or the recall misses its target.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from benchmarks.cleaning.score import Row, Score, load_cases, run, summarize

#: a false removal breaks a user's code; a missed finding only leaves dead code behind
REMOVAL_PRECISION_TARGET = 0.98
RECALL_TARGET = 0.9
COLUMNS = ("category", "dead", "found", "precision", "recall", "removed", "removal precision")


def _cells(row: Row) -> tuple[str, ...]:
    return (row.category, str(row.dead), str(row.found), f"{row.precision:.2f}",
            f"{row.recall:.2f}", str(row.removed), f"{row.removal_precision:.2f}")


def markdown(rows: Sequence[Row]) -> str:
    """Return ``rows`` as a GitHub markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |",
             "|" + "|".join(["---"] + ["---:"] * (len(COLUMNS) - 1)) + "|"]
    for row in rows:
        cells = [f"**{c}**" for c in _cells(row)] if row.category == "overall" else _cells(row)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def table(rows: Sequence[Row], title: str) -> Table:
    """Return the rich table of ``rows``; the overall row last, set apart."""
    out = Table(title=title)
    for i, name in enumerate(COLUMNS):
        out.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        style = "bold red" if row.removed != row.true_removed else (
            "bold" if row.category == "overall" else None)
        out.add_row(*_cells(row), style=style, end_section=row is rows[-2])
    return out


def misses(scores: Sequence[Score]) -> list[str]:
    """Return one line per wrong removal, false finding and missed dead item."""
    lines = []
    for s in scores:
        lines += [f"{s.case}: WRONGLY REMOVED {c} {n}" for c, n in s.false_removals]
        lines += [f"{s.case}: missed {c} {n}" for c, n in s.missed]
        lines += [f"{s.case}: reported, not dead: {c} {n}" for c, n in s.false_findings]
        if not s.compiles:
            lines.append(f"{s.case}: THE CLEANED TEXT DOES NOT COMPILE")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cleaning", description=__doc__)
    parser.add_argument("--min-confidence", type=int, default=60)
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    cases = load_cases()
    scores = run(cases, min_confidence=args.min_confidence)
    rows = summarize(scores)
    overall = rows[-1]
    if args.markdown:
        print(markdown(rows))
    else:
        console = Console(highlight=False)
        console.print(table(rows, f"nca clean on {len(cases)} cases "
                                  f"(min confidence {args.min_confidence})"))
        if args.verbose:
            for line in misses(scores):
                console.print(line, markup=False)
    met = (overall.removal_precision >= REMOVAL_PRECISION_TARGET
           and overall.recall >= RECALL_TARGET and all(s.compiles for s in scores))
    print(f"removal precision {overall.removal_precision:.3f} (target {REMOVAL_PRECISION_TARGET}), "
          f"recall {overall.recall:.3f} (target {RECALL_TARGET}): "
          f"{'met' if met else 'MISSED'}", file=sys.stderr if args.markdown else sys.stdout)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
