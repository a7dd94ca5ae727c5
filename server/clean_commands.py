"""``nca clean``: find dead code, and with ``--write`` remove what is safe, verified and backed up.

Exit codes follow ``nca fix``: 0 when every file was read and handled, 1 when a file could not
be cleaned (it does not parse, or a removal failed verification and was not written), 2 for bad
input (a missing path, a bad option, a whitelist that cannot be read).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nca.admin.dispatcher import Dispatcher
from nca.admin.workspace import check_input, iter_python_files
from nca.server.cli_common import EXIT_LEFT, EXIT_OK, dump_json, new_console, workspace_of
from nca.workers.core.errors import InputError

if TYPE_CHECKING:
    from nca.admin.reports import CleanedFinding, CleanResult

__all__ = ["check_inputs", "check_state", "report_skipped_links", "run_clean"]

#: statuses that leave work undone: the exit code says so
_LEFT = {"syntax error", "not written"}


def check_inputs(paths: Sequence[str]) -> None:
    """Raise InputError, having named each one, when a path given cannot be worked on.

    Checked before anything is read or written: a run with one bad input does nothing.
    """
    problems = [(p, why) for p in paths if (why := check_input(p)) is not None]
    if not problems:
        return
    if len(problems) == 1:
        (path, why), = problems
        raise InputError(f"{path}: skipped: {why}; nothing was done")
    for path, why in problems:
        print(f"nca: {path}: skipped: {why}", file=sys.stderr)
    raise InputError(f"{len(problems)} inputs cannot be used; nothing was done")


def report_skipped_links(paths: Sequence[str]) -> None:
    """Say which ``.py`` names under the folders given are symlinks leading nowhere (loops,
    missing targets): the walk leaves them out."""
    for given in paths:
        folder = Path(given)
        if not folder.is_dir():
            continue
        skipped: list[tuple[Path, str]] = []
        for _ in iter_python_files(folder, skipped):
            pass
        for path, why in skipped:
            print(f"nca: {path}: skipped: {why}", file=sys.stderr)


def check_state(args: argparse.Namespace) -> None:
    """Raise UnreadableFile when the workspace's ``.nca`` is not a folder (a clear exit 2)."""
    Dispatcher.state_folder(workspace_of(args))


def run_clean(args: argparse.Namespace) -> int:
    check_inputs(args.paths)
    check_state(args)
    report_skipped_links(args.paths)
    dispatcher = Dispatcher(workspace_of(args), record=False,
                            check_timeout=getattr(args, "check_timeout", 120.0),
                            python=getattr(args, "python", None))
    results = dispatcher.clean_paths(
        args.paths, write=args.write, min_confidence=args.min_confidence,
        whitelist_files=getattr(args, "whitelist", None) or (),
        ignore_decorators=_patterns(getattr(args, "ignore_decorators", None)),
        check=getattr(args, "check", None))
    if args.format == "json":
        for result in results:
            dump_json(result)
    else:
        _render(results, write=args.write)
    return EXIT_LEFT if any(r["status"] in _LEFT for r in results) else EXIT_OK


def _patterns(values: list[str] | None) -> tuple[str, ...]:
    """Return decorator patterns given as repeated or comma-separated flags."""
    return tuple(p.strip() for v in values or () for p in v.split(",") if p.strip())


def _render(results: list[CleanResult], *, write: bool) -> None:
    # rich loads with text output: --format json never needs it
    from rich.markup import escape
    from rich.table import Table

    console = new_console()
    for result in results:
        path = escape(result["path"])
        status = result["status"]
        if status in {"skipped", "syntax error"}:
            colour = "yellow" if status == "skipped" else "red"
            console.print(f"[{colour}]{status}[/] {path}: {escape(result['reason'])}")
            continue
        if status == "clean":
            continue
        table = Table(title=f"[bold]{path}", title_justify="left", box=None, pad_edge=False)
        for column in ("line", "category", "name", "confidence", "action"):
            table.add_column(column, justify="right" if column in {"line", "confidence"} else "left")
        for f in result["findings"]:
            table.add_row(str(f["line"]), f["category"], escape(_label(f)),
                          f"{f['confidence']}%", _action(f))
        console.print(table)
        if result.get("reason"):
            console.print(f"  [yellow]{escape(result['reason'])}[/]")
        if result["written"]:
            backup = result.get("backup", "")[:12]
            console.print(f"  [green]written[/] (backup {backup}; undo: nca backups restore {backup})")
    _render_total(console, results, write=write)


def _label(finding: CleanedFinding) -> str:
    if finding["category"] == "unreachable":
        return f"{finding['name']} ({finding['size']} line(s))"
    return finding["name"]


def _action(finding: CleanedFinding) -> str:
    from rich.markup import escape  # rich loads with text output: --format json never needs it

    if finding["removed"]:
        return "[green]removed[/]"
    if finding["removable"]:
        return "removable"
    return f"[dim]kept: {escape(finding.get('reason', ''))}[/]"


def _render_total(console: Any, results: list[CleanResult], *, write: bool) -> None:
    findings = sum(len(r["findings"]) for r in results)
    removable = sum(1 for r in results for f in r["findings"] if f["removable"])
    removed = sum(1 for r in results for f in r["findings"] if f["removed"])
    parts = [f"{len(results)} file(s)", f"{findings} finding(s)", f"{removable} removable"]
    if removed:
        parts.append(f"{removed} removed in {sum(r['written'] for r in results)} file(s)")
    counts = {s: sum(r["status"] == s for r in results) for s in ("skipped", "syntax error",
                                                                     "not written")}
    parts += [f"{n} {s}" for s, n in counts.items() if n]
    if removable and not write:
        parts.append("nothing written (use --write)")
    console.print("[bold]" + ", ".join(parts))
