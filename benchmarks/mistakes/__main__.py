"""``python -m benchmarks.mistakes``: hand-placed mistakes in real projects, repaired by ``nca fix``.

Each case of ``cases.toml`` is applied to a copy of its project's package in a scratch
workspace; ``nca fix FILE --format json`` runs there (NCA_PYTHON: this interpreter, which has
the projects installed) and the result is scored (see ``benchmarks.mistakes.score``). The
tables count per kind, for the dev and held-out projects apart.

Exit status: 0; 1 with --strict when a fix reported verified scored wrong; 2 when the benchmark
cannot run (a project not installed, a snippet not found once, nca missing).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from benchmarks.mistakes.cases import (
    KINDS,
    Case,
    Mutation,
    load,
    mutate,
    other_release,
    package_root,
    splits,
)
from benchmarks.mistakes.score import (
    ERROR,
    INTENDED,
    OUTCOMES,
    Outcome,
    Row,
    Workspace,
    apply_diff,
    fix,
    row,
    score,
    summarize,
)

COLUMNS = ("", "cases", "found", "fixed as intended", "fixed otherwise", "wrong", "left",
           "not found", "error", "median ms")


def _csv(allowed: Sequence[str], what: str):
    def parse(value: str) -> list[str]:
        items = [v.strip() for v in value.split(",") if v.strip()]
        unknown = [v for v in items if v not in allowed]
        if unknown or not items:
            raise argparse.ArgumentTypeError(
                f"unknown {what} {', '.join(unknown) or '(none)'}; choose from {', '.join(allowed)}")
        return items
    return parse


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    cases = load()
    projects = sorted({c.project for c in cases})
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mistakes",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--kinds", type=_csv(KINDS, "kind"), default=list(KINDS),
                        help=f"comma-separated, from {','.join(KINDS)}")
    parser.add_argument("--projects", type=_csv(projects, "project"), default=None,
                        help=f"comma-separated, from {','.join(projects)}")
    parser.add_argument("--split", choices=("all", *splits()), default="all",
                        help="the projects of one split only (default: both, reported apart)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                        help="time limit of one nca fix run")
    parser.add_argument("--nca", default=str(Path(sys.executable).parent / "nca"),
                        help="the nca command (default: the one beside this interpreter)")
    parser.add_argument("--python", default=sys.executable,
                        help="NCA_PYTHON for the runs: the environment the projects are installed in")
    parser.add_argument("--output", type=Path, default=None, metavar="FILE",
                        help="also write the JSON report (with each case's diff) to FILE")
    parser.add_argument("--list", action="store_true", help="list the selected cases, run nothing")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a fix reported verified scored wrong")
    return parser.parse_args(argv)


def select(cases: Sequence[Case], args: argparse.Namespace) -> list[Case]:
    return [c for c in cases if c.kind in args.kinds
            and (args.projects is None or c.project in args.projects)
            and (args.split == "all" or c.split == args.split)]


class Runner:
    """Runs the cases in one scratch workspace; nca's result on an intended text is cached."""

    def __init__(self, root: Path, args: argparse.Namespace) -> None:
        self.workspace = Workspace(root)
        self.args = args
        self._baselines: dict[tuple[str, str], str | None] = {}

    def _fix(self, mutation: Mutation, text: str | None = None):
        return fix(self.workspace, mutation, nca=self.args.nca, python=self.args.python,
                   timeout=self.args.timeout, text=text)

    def baseline(self, mutation: Mutation) -> str | None:
        """nca's result for the intended text, or None when it leaves it as it is."""
        key = (mutation.case.file, hashlib.sha256(mutation.intended.encode()).hexdigest())
        if key not in self._baselines:
            report, _, err = self._fix(mutation, mutation.intended)
            diff = (report or {}).get("diff") or ""
            self._baselines[key] = apply_diff(mutation.intended, diff) if diff and not err else None
        return self._baselines[key]

    def run(self, mutation: Mutation) -> Outcome:
        report, ms, err = self._fix(mutation)
        if report is None:
            return Outcome(mutation.case, ERROR, ms=ms, note=err)
        outcome = score(mutation, report)
        if outcome.outcome not in (INTENDED, ERROR):
            base = self.baseline(mutation)
            if base is not None:  # nca changes the intended file too: its result counts as intended
                outcome = score(mutation, report, baseline=base)
                outcome.note = (outcome.note + "; " if outcome.note else "") + \
                    "nca changes the intended file too"
        outcome.ms = ms
        return outcome


def _cells(r: Row) -> list[str]:
    pct = f" ({100 * r.counts[INTENDED] / r.cases:.0f}%)" if r.cases else ""
    return [r.name, str(r.cases), str(r.found), f"{r.counts[INTENDED]}{pct}",
            *(str(r.counts[k]) for k in OUTCOMES[1:]), f"{r.median_ms:.0f}"]


def table(rows: Sequence[Row], title: str, first: str = "kind") -> Table:
    out = Table(title=title)
    for i, name in enumerate(COLUMNS):
        out.add_column(name or first, justify="left" if i == 0 else "right")
    for r in rows:
        style = "bold" if r.name in ("overall", "all") else None
        out.add_row(*_cells(r), style=style, end_section=r is rows[-2] if len(rows) > 1 else False)
    return out


def _misses(outcomes: Sequence[Outcome], out: Console) -> None:
    missed = [o for o in outcomes if o.outcome != INTENDED]
    if not missed:
        return
    out.print(f"\n[bold]not fixed as intended ({len(missed)}):[/]")
    for o in missed:
        c = o.case
        out.print(f"- {escape(c.id)} [dim]({escape(c.kind)}: {escape(c.detail)})[/]: "
                  f"[bold]{o.outcome}[/], status {escape(o.status or '-')}"
                  + (f", {escape(o.note)}" if o.note else ""))
        if o.errors_near:
            out.print(f"    reported: {escape('; '.join(o.errors_near[:3]))}")
        if o.fixes_near:
            out.print("    fixes at the mistake: " + escape("; ".join(
                f["title"] + ("" if f["verified"] else " (not verified)") for f in o.fixes_near)))
        if o.fixes_other:
            out.print(f"    other fixes: {escape('; '.join(o.fixes_other[:4]))}")
        if o.suggestions:
            out.print(f"    suggestions: {escape('; '.join(o.suggestions[:3]))}")
        if o.reason:
            out.print(f"    nca: {escape(o.reason)}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    out, err = Console(), Console(stderr=True)
    if not out.is_terminal:  # a pipe or a log: rich would squeeze the tables into 80 columns
        out = Console(width=140)
    groups = splits()
    cases = select(load(), args)
    mutations = []
    try:
        for project in sorted({c.project for c in cases}):
            package_root(project)
        for case in cases:
            try:
                mutations.append(mutate(case))
            except ValueError as exc:
                if other_release(case) is None:
                    raise
                # the project moved on since the case was written: reported, not run
                err.print(f"[yellow]skipped {case.id}:[/] {other_release(case)} ({exc})")
    except (LookupError, ValueError) as exc:
        err.print(f"[red]cannot build the cases:[/] {exc}")
        return 2
    if args.list:
        for m in mutations:
            out.print(f"{m.case.id:38} {m.case.split:8} {m.case.kind:15} {m.case.file}")
        return 0
    if shutil.which(args.nca) is None:
        err.print(f"[red]nca not found:[/] {args.nca}")
        return 2

    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="nca-mistakes-") as root, Progress(
        TextColumn("nca fix"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        console=err, transient=True,
    ) as progress:
        runner = Runner(Path(root), args)
        task = progress.add_task("", total=len(mutations))
        for m in mutations:
            progress.update(task, description=m.case.id)
            outcomes.append(runner.run(m))
            progress.advance(task)

    by_split = {name: [o for o in outcomes if o.case.split == name] for name in groups}
    rows = {name: summarize(group, args.kinds) for name, group in by_split.items() if group}
    summary = [row(name, group) for name, group in by_split.items() if group] + [row("all", outcomes)]
    report = json.dumps({"splits": groups, "timeout_s": args.timeout,
                         "rows": {k: [r.to_dict() for r in v] for k, v in rows.items()},
                         "summary": [r.to_dict() for r in summary],
                         "outcomes": [o.to_dict() for o in outcomes]}, indent=2)
    if args.output is not None:
        args.output.write_text(report + "\n", encoding="utf-8")
    if args.format == "json":
        print(report)
    else:
        for name, split_rows in rows.items():
            out.print(table(split_rows, f"real mistakes, {name}: {', '.join(groups[name])} "
                                        f"({split_rows[-1].cases} cases)"))
        out.print(table(summary, "real mistakes: both splits", first="split"))
        out.print("found: a problem reported within 2 lines of the mistake (or where it shows); "
                  "fixed as intended: same code as the original; fixed otherwise: the mistake's "
                  "lines are right, the file differs elsewhere (imports, other lines); wrong: a "
                  "change at the mistake that is not the intended one; left: found, not fixed. "
                  "median ms: wall clock of one nca fix run.")
        wrong_verified = sum(o.wrong_verified for o in outcomes)
        if wrong_verified:
            out.print(f"[red]{wrong_verified} wrong fix(es) were reported verified[/]")
        _misses(outcomes, out)
    return 1 if args.strict and any(o.wrong_verified for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
