"""``python -m benchmarks.pristine``: does nca break working code?

Each package (real PyPI packages, pinned, and standard-library modules) is copied into a fresh
git workspace whose interpreter is the benchmark's own venv, not nca's. Every module that
imports there is imported again after ``nca fix --write`` and ``nca clean --write``; the report
counts modules broken, files and lines changed (against the initial commit) and fixes applied,
per package and per split (``dev``, ``heldout``). Pristine code should come out with 0 and 0.

The JSON report and a markdown list of every change go to ``benchmarks/pristine/out/``.
Each package also has a smoke check, a few lines that use it, run before and after: a renamed
method or a removed fallback breaks behaviour without breaking an import.

Exit status: 0, or 1 when any module that imported before no longer does, or a smoke check
that passed before fails after.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.pristine.checks import IMPORT_TIMEOUT
from benchmarks.pristine.environment import (
    DEFAULT_CACHE,
    BenchEnv,
    describe,
    requirements_of,
)
from benchmarks.pristine.hunks import Change
from benchmarks.pristine.measure import Result, measure
from benchmarks.pristine.packages import SPLITS, Package, select
from benchmarks.pristine.workspace import accepts_python, nca_steps

OUT = Path(__file__).with_name("out")
COLUMNS = ("package", "split", "modules", "files changed", "lines changed", "fixes applied",
           "removals", "modules broken", "smoke", "seconds")


def run_package(package: Package, env: BenchEnv, *, clean: bool, timeout: float,
                keep: bool, scratch: Path) -> Result:
    ws = Path(tempfile.mkdtemp(prefix=f"pristine-{package.name}-", dir=scratch))
    try:
        paths = env.copy_sources(package, ws)
        steps = nca_steps(env.python, clean=clean, timeout=timeout)
        return measure(package.name, ws, paths, env.python, steps, by_file=package.is_stdlib,
                       split=package.split, smoke_code=package.smoke,
                       requires_python=env.requires_python(package),
                       import_timeout=IMPORT_TIMEOUT)
    except (OSError, subprocess.SubprocessError, RuntimeError, ValueError) as err:
        return Result(package=package.name, split=package.split, workspace=str(ws),
                      error=f"{type(err).__name__}: {err}")
    finally:
        if not keep:
            shutil.rmtree(ws, ignore_errors=True)


def totals(results: Sequence[Result]) -> dict[str, dict[str, int]]:
    """Sum the counts per split and overall."""
    out = {}
    for split in (*SPLITS, "all"):
        rs = [r for r in results if split == "all" or r.split == split]
        if not rs:
            continue
        out[split] = {
            "packages": len(rs),
            "modules": sum(r.modules for r in rs),
            "files_changed": sum(r.files_changed for r in rs),
            "lines_changed": sum(r.lines_changed for r in rs),
            "fixes_applied": sum(r.fixes_applied for r in rs),
            "removals_applied": sum(r.removals_applied for r in rs),
            "modules_broken": sum(len(r.broken) for r in rs),
            "smoke_broken": sum(1 for r in rs if r.smoke_broken),
            "packages_changed": sum(1 for r in rs if r.lines_changed),
            "packages_broken": sum(1 for r in rs if r.broken or r.smoke_broken),
            "errors": sum(1 for r in rs if r.error),
        }
    return out


def _cells(r: Result) -> tuple[str, ...]:
    if r.error:
        return (r.package, r.split, "-", "-", "-", "-", "-", f"ERROR: {r.error}"[:60], "-", "-")
    timed_out = any(s.timed_out for s in r.steps)
    smoke = {"": "-", "ok": "ok"}.get(r.smoke, "BROKEN" if r.smoke_broken else "n/a")
    return (r.package, r.split, str(r.modules), str(r.files_changed), str(r.lines_changed),
            str(r.fixes_applied), str(r.removals_applied), str(len(r.broken)), smoke,
            f"{r.seconds:.0f}{' (timeout)' if timed_out else ''}")


def table(results: Sequence[Result], sums: dict[str, dict[str, int]], title: str) -> Table:
    out = Table(title=title)
    for i, name in enumerate(COLUMNS):
        out.add_column(name, justify="left" if i < 2 else "right")
    ordered = sorted(results, key=lambda r: (SPLITS.index(r.split), r.package))
    for i, r in enumerate(ordered):
        bad = bool(r.broken) or bool(r.error) or r.smoke_broken
        style = "bold red" if bad else ("yellow" if r.lines_changed else None)
        last = i == len(ordered) - 1 or ordered[i + 1].split != r.split
        out.add_row(*_cells(r), style=style, end_section=last)
    for split, t in sums.items():
        out.add_row(f"total ({split})", "", str(t["modules"]), str(t["files_changed"]),
                    str(t["lines_changed"]), str(t["fixes_applied"]), str(t["removals_applied"]),
                    str(t["modules_broken"]), f"{t['smoke_broken']} broken", "", style="bold")
    return out


def markdown_changes(results: Sequence[Result]) -> str:
    """Every change, grouped by kind, with its hunk and the modules it broke."""
    by_kind: dict[str, list[tuple[Result, Change]]] = {}
    for r in results:
        for c in r.changes:
            by_kind.setdefault(c.kind, []).append((r, c))
    lines = ["# What nca changed in pristine code", ""]
    for r in results:
        if r.smoke_broken or r.error:
            lines.append(f"- **{r.package}**: {r.error or 'smoke check ' + r.smoke}")
    if not by_kind:
        lines.append("Nothing: no file changed.")
    for kind, items in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        lines += ["", f"## {kind} ({len(items)})", ""]
        for r, c in items:
            if c.broke:
                first = c.breaks[0]
                broke = (f"**broke {len(c.breaks)} module(s)**, e.g. `{first}`: "
                         f"{r.broken.get(first, '')}")
            else:
                broke = "no import broke"
            lines.append(f"### {r.package} ({r.split}), nca {c.step}: `{c.file}` "
                         f"(+{c.added} -{c.removed}); {broke}")
            lines += [f"- nca: {s}" for s in c.nca_said]
            lines += ["", "```diff", c.hunk, "```", ""]
    broken = [(r, m, why) for r in results for m, why in r.broken.items()]
    if broken:
        lines += ["## modules broken", ""]
        lines += [f"- {r.package}: `{m}`: {why}" for r, m, why in broken]
    return "\n".join(lines) + "\n"


def git_head() -> dict[str, Any]:
    """The nca commit measured, and the source files changed on top of it (not committed)."""
    root = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=30, cwd=root).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "server", "admin",
                                "workers"], capture_output=True, text=True, timeout=30,
                               cwd=root).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return {"commit": "", "uncommitted": []}
    return {"commit": head, "uncommitted": [line[3:] for line in dirty]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pristine", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--packages", help="comma-separated package names (default: all)")
    parser.add_argument("--quick", action="store_true", help="3 small packages, for tests")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--no-clean", action="store_true", help="run nca fix only")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="packages run at once")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds each nca command may take on one package")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="where the benchmark venv and wheels are kept")
    parser.add_argument("--out", type=Path, default=OUT, help="where the reports go")
    parser.add_argument("--keep", action="store_true", help="keep the scratch workspaces")
    parser.add_argument("--list", action="store_true", help="list the packages and exit")
    args = parser.parse_args(argv)
    try:
        packages = select(args.packages, quick=args.quick, split=args.split)
    except ValueError as err:
        parser.error(str(err))
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 132)
    if args.list:
        for p in packages:
            console.print(f"{p.name:18} {p.split:8} {p.requirement or 'stdlib'}: {p.patterns}",
                          markup=False)
        return 0

    env = BenchEnv(args.cache, log=lambda m: console.print(f"[dim]{m}[/]"))
    env.ensure_venv()
    env.install(requirements_of(env, packages))
    python_flag = {sub: accepts_python(sub) for sub in ("fix", "clean")}
    console.print(f"[dim]project interpreter: {env.python}; nca --python: "
                  f"{'yes' if python_flag['fix'] else 'no (VIRTUAL_ENV only)'}[/]")
    scratch = Path(tempfile.mkdtemp(prefix="nca-pristine-"))
    started = time.time()
    nca_state = git_head()

    def one(p: Package) -> Result:
        r = run_package(p, env, clean=not args.no_clean, timeout=args.timeout, keep=args.keep,
                        scratch=scratch)
        console.print(f"{p.name}: {len(r.broken)} module(s) broken, smoke {r.smoke or '-'}, "
                      f"{r.lines_changed} line(s) changed, {r.seconds:.0f}s"
                      f"{' ' + r.error if r.error else ''}", markup=False, style="dim")
        return r

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(one, packages))
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    sums = totals(results)
    console.print(table(results, sums, f"nca fix{'' if args.no_clean else ' + nca clean'} "
                                       f"--write on pristine code ({len(results)} packages)"))

    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(started))
    report = {
        "started": stamp, "seconds": round(time.time() - started, 1), "nca": nca_state,
        "project_interpreter": describe(env), "nca_python_flag": python_flag,
        "clean": not args.no_clean, "totals": sums,
        "packages": [r.to_dict() for r in results],
    }
    path = args.out / f"pristine-{stamp}.json"
    path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    (args.out / "latest.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    (args.out / "changes.md").write_text(markdown_changes(results), encoding="utf-8")
    if nca_state["uncommitted"]:
        console.print(f"nca {nca_state['commit']} with {len(nca_state['uncommitted'])} "
                      "uncommitted source file(s): the figures are of that working tree",
                      style="yellow", markup=False)
    console.print(f"report: {path}; every change: {args.out / 'changes.md'}"
                  + (f"; workspaces kept in {scratch}" if args.keep else ""), markup=False)
    everything = sums.get("all", {})
    broken = everything.get("modules_broken", 0) + everything.get("smoke_broken", 0)
    return 1 if broken or any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
