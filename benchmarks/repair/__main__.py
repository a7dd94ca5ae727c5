"""``python -m benchmarks.repair``: mutate real libraries, repair each mutant, score the fixes.

Exit status: 0, or 1 when a repair reported as verified scored ``fail``, or 2 when the
benchmark cannot run (libraries or the repair API missing).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from benchmarks.repair.corpus import EXPLORATION, LIBRARIES, SPLITS, Mutant, generate
from benchmarks.repair.mutations import KINDS
from benchmarks.repair.score import Outcome, Row, dispatcher_fix, repair, summarize

COLUMNS = ("kind", "mutants", "exact %", "plausible %", "fail", "wrong verified", "not detected",
           "median ms")


def _cells(row: Row) -> tuple[str, ...]:
    return (
        row.kind,
        str(row.mutants),
        f"{row.pct(row.exact):.1f}",
        f"{row.pct(row.exact + row.plausible):.1f}",
        str(row.fail),
        str(row.wrong_verified),
        str(row.undetected),
        f"{row.median_ms:.0f}",
    )


def table(rows: Sequence[Row], title: str) -> Table:
    """Return the rich table of ``rows``; the overall row last, set apart."""
    out = Table(title=title)
    for i, name in enumerate(COLUMNS):
        out.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        style = "bold" if row.kind == "overall" else None
        if row.wrong_verified:
            style = "bold red"
        out.add_row(*_cells(row), style=style, end_section=row is rows[-2] if len(rows) > 1 else False)
    return out


def markdown(rows: Sequence[Row]) -> str:
    """Return ``rows`` as a GitHub markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join(["---"] + ["---:"] * (len(COLUMNS) - 1)) + "|"]
    for row in rows:
        cells = list(_cells(row))
        if row.kind == "overall":
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _csv(value: str, allowed: Sequence[str], what: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in items if v not in allowed]
    if unknown or not items:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(unknown) or '(none)'}; choose from {', '.join(allowed)}"
        )
    return items


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.repair", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-kind", type=int, default=40, metavar="N")
    known = [*LIBRARIES, *EXPLORATION]
    parser.add_argument("--libs", type=lambda v: _csv(v, known, "library"),
                        default=None, help=f"comma-separated, from {','.join(known)}")
    parser.add_argument("--split", choices=tuple(SPLITS), default="dev",
                        help="the libraries of a split when --libs is not given: dev (what the "
                             "rules were written against) or heldout (kept apart to check them)")
    parser.add_argument("--kinds", type=lambda v: _csv(v, KINDS, "kind"), default=list(KINDS),
                        help=f"comma-separated, from {','.join(KINDS)}")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--markdown", action="store_true", help="print a markdown table too")
    parser.add_argument("--list", action="store_true", help="only generate and list the mutants")
    return parser.parse_args(argv)


def _list(mutants: Sequence[Mutant], fmt: str, out: Console) -> None:
    if fmt == "json":
        print(json.dumps([{"id": m.id, "kind": m.kind, "detail": m.detail, "detected": m.detected,
                           "injected": [f"{p.code} {p.message}" for p in m.injected]}
                          for m in mutants], indent=2))
        return
    listing = Table(title=f"{len(mutants)} mutants")
    for name in ("id", "change", "shows as"):
        listing.add_column(name)
    for m in mutants:
        shown = "; ".join(f"{p.code} {p.message}" for p in m.injected[:1]) or "[yellow]not detected"
        listing.add_row(m.id, m.detail, shown)
    out.print(listing)


def _repair(mutants: Sequence[Mutant], err: Console) -> list[Outcome]:
    with dispatcher_fix() as fix, Progress(
        TextColumn("repairing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        console=err, transient=True,
    ) as progress:
        task = progress.add_task("", total=len(mutants))
        return repair(mutants, fix, progress=lambda o: progress.update(
            task, advance=1, description=o.mutant.id))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    args = parse_args(argv)
    if args.libs is None:
        args.libs = list(SPLITS[args.split])
    out, err = Console(), Console(stderr=True)
    if not out.is_terminal:  # a pipe or a log: rich would squeeze the table into 80 columns
        out = Console(width=120)
    try:
        mutants = generate(args.libs, args.kinds, args.per_kind, args.seed)
    except LookupError as exc:
        err.print(f"[red]cannot build the mutants:[/] {exc}")
        return 2
    if args.list:
        _list(mutants, args.format, out)
        return 0
    try:
        outcomes = _repair(mutants, err)
    except (ImportError, AttributeError) as exc:
        err.print(f"[red]the repair API is not available:[/] {exc} "
                  "(nca.admin.dispatcher.Dispatcher(workspace=...).fix_text(text, path=...))")
        return 2
    rows = summarize(outcomes, args.kinds)
    if args.format == "json":
        print(json.dumps({"seed": args.seed, "per_kind": args.per_kind, "libs": args.libs,
                          "rows": [r.to_dict() for r in rows],
                          **({"markdown": markdown(rows)} if args.markdown else {}),
                          "outcomes": [o.to_dict() for o in outcomes]}, indent=2))
    else:
        split = next((name for name, libs in SPLITS.items() if list(libs) == args.libs), "custom")
        title = (f"repair benchmark ({split}): seed {args.seed}, {len(mutants)} mutants of "
                 f"{', '.join(args.libs)}")
        out.print(table(rows, title))
        out.print("exact: same AST as the original; plausible: parses, the injected error is gone, "
                  "no new problem (exact repairs count as plausible too).")
        wrong = [o for o in outcomes if o.wrong_verified]
        for o in wrong:
            out.print(f"[red]verified but failed:[/] {o.mutant.id} ({o.mutant.detail})")
        if args.markdown:
            print(markdown(rows))
    return 1 if rows[-1].wrong_verified else 0


if __name__ == "__main__":
    sys.exit(main())
