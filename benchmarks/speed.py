"""``python -m benchmarks.speed``: how long ``nca fix FILE --format json`` takes, end to end.

Times the console command as a subprocess on a clean ~1,000-line real library file and on a
copy with one injected error, next to two baselines measured in the same run: bare interpreter
start-up and ``ruff check`` on the same file. It reports; it asserts nothing.

Each command runs once untimed first, and Python may write its bytecode cache (an
environment's ``PYTHONDONTWRITEBYTECODE`` is dropped for the commands): an installed nca
starts from compiled modules, as ``pip install`` leaves them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.repair.corpus import LIBRARIES, LINT_PATH, Source, confirm, sources
from benchmarks.repair.mutations import inject

#: wall-time targets of ``nca fix``, in milliseconds
TARGETS = {"clean": 300.0, "one error": 300.0}
#: the injected error of the one-error file, and fallbacks when a file offers no site
ERROR_KINDS = ("misspell_name", "delete_import", "delete_colon")
HEAVY_MODULES = ("torch", "transformers")


@dataclass
class Timing:
    name: str
    runs_ms: list[float] = field(default_factory=list)
    returncode: int | None = None
    error: str = ""  # the stderr tail of a failing run
    target_ms: float | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms) if self.runs_ms else float("nan")


def clean_source(lines: int = 1000) -> Source:
    """Return the lint-clean library file whose length is closest to ``lines``."""
    from benchmarks.repair.score import lint

    ranked = sorted(sources(LIBRARIES), key=lambda s: (abs(s.text.count("\n") - lines), s.path))
    for source in ranked[:12]:
        if not lint(source.text, LINT_PATH):
            return source
    raise LookupError("no lint-clean library file near 1,000 lines")


def with_one_error(source: Source, seed: int = 7) -> tuple[str, str]:
    """Return ``(text, what changed)``: ``source`` with one confirmed injected error."""
    from benchmarks.repair.score import lint

    rng = random.Random(seed)
    for kind in ERROR_KINDS:
        for _ in range(20):
            injection = inject(kind, source.text, rng)
            if injection is None:
                break
            if confirm(source, injection, lint, ()) is not None:
                return injection.text, f"{kind}: {injection.detail} (line {injection.line})"
    raise LookupError(f"could not inject an error into {source.path}")


def nca_command() -> list[str]:
    """Return the command that runs nca: the console script beside this interpreter, if any."""
    script = Path(sys.executable).with_name("nca")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nca.server.cli"]


def ruff_command() -> str:
    from ruff.__main__ import find_ruff_bin

    return os.fsdecode(find_ruff_bin())


def _time(name: str, command: Sequence[str], runs: int, text: str | None = None) -> Timing:
    """Return the wall time of ``runs`` runs of ``command``; ``{file}`` is a fresh copy of text."""
    timing = Timing(name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for n in range(runs + 1):
        with tempfile.TemporaryDirectory(prefix="nca-speed-") as tmp:
            file = Path(tmp) / "mod.py"
            if text is not None:
                file.write_text(text, encoding="utf-8")
            argv = [str(file) if part == "{file}" else part for part in command]
            start = time.perf_counter()
            done = subprocess.run(argv, cwd=tmp, capture_output=True, text=True, check=False,
                                  env=env)
            if n:  # the first run writes the bytecode caches: untimed
                timing.runs_ms.append((time.perf_counter() - start) * 1000)
        timing.returncode = done.returncode
        if done.returncode not in (0, 1) and not timing.error:
            timing.error = (done.stderr or done.stdout).strip()[-400:]
    return timing


def heavy_imports() -> dict[str, object]:
    """Return what ``import nca.server.cli`` costs in a fresh interpreter and what it pulls in."""
    probe = (
        "import json, sys, time\n"
        "start = time.perf_counter()\n"
        "import nca.server.cli\n"
        "ms = (time.perf_counter() - start) * 1000\n"
        f"print(json.dumps({{'import_ms': ms, 'heavy': [m for m in {HEAVY_MODULES!r} "
        "if m in sys.modules], 'modules': len(sys.modules)}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["import failed"]}
    return json.loads(done.stdout)


def measure(runs: int, seed: int) -> dict[str, object]:
    """Return every timing of one benchmark run, as plain data."""
    source = clean_source()
    broken, change = with_one_error(source, seed)
    nca = [*nca_command(), "fix", "{file}", "--format", "json"]
    timings = [
        _time("python -c pass", [sys.executable, "-c", "pass"], runs),
        _time("ruff check", [ruff_command(), "check", "--isolated", "--select", "F,E9", "{file}"],
              runs, source.text),
        _time("nca fix (clean)", nca, runs, source.text),
        _time("nca fix (one error)", nca, runs, broken),
    ]
    timings[2].target_ms, timings[3].target_ms = TARGETS["clean"], TARGETS["one error"]
    return {
        "file": source.path,
        "lines": source.text.count("\n"),
        "error": change,
        "runs": runs,
        "command": " ".join(nca_command()) + " fix FILE --format json",
        "timings": [asdict(t) | {"median_ms": t.median_ms} for t in timings],
        "import": heavy_imports(),
    }


def render(result: dict[str, object], console: Console) -> None:
    timings = result["timings"]
    assert isinstance(timings, list)
    python_ms, ruff_ms = timings[0]["median_ms"], timings[1]["median_ms"]
    table = Table(title=f"{result['command']}: {result['file']} ({result['lines']} lines), "
                        f"median of {result['runs']} runs")
    for i, name in enumerate(("", "median ms", "target ms", "x python start", "x ruff", "exit")):
        table.add_column(name, justify="left" if i == 0 else "right")
    for t in timings:
        target = t["target_ms"]
        late = target is not None and t["median_ms"] > target
        table.add_row(
            t["name"],
            f"[red]{t['median_ms']:.0f}" if late else f"{t['median_ms']:.0f}",
            f"{target:.0f}" if target else "",
            f"{t['median_ms'] / python_ms:.1f}",
            f"{t['median_ms'] / ruff_ms:.1f}",
            str(t["returncode"]),
        )
    console.print(table)
    console.print(f"one error: {result['error']}")
    for t in timings:
        if t["error"]:
            console.print(f"[yellow]{t['name']} failed:[/] {t['error']}")
    probe = result["import"]
    assert isinstance(probe, dict)
    if "error" in probe:
        console.print(f"[red]import nca.server.cli failed:[/] {probe['error']}")
    else:
        heavy = ", ".join(probe["heavy"]) or "neither"
        style = "red" if probe["heavy"] else "green"
        console.print(f"import nca.server.cli: {probe['import_ms']:.0f} ms, {probe['modules']} "
                      f"modules; torch/transformers loaded: [{style}]{heavy}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10, metavar="N")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    if shutil.which(nca_command()[0]) is None:
        print(f"cannot run {nca_command()[0]}", file=sys.stderr)
        return 2
    result = measure(max(args.runs, 1), args.seed)
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        console = Console()
        render(result, console if console.is_terminal else Console(width=120))
    return 0


if __name__ == "__main__":
    sys.exit(main())
