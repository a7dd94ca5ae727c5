"""What each ``nca`` subcommand does: call the dispatcher, render the result with rich."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from nca.admin.config import load_config, untrusted_message
from nca.admin.dispatcher import Dispatcher, decode_stdin
from nca.admin.reports import FileReport
from nca.admin.workspace import find_workspace, relative, resolve_path
from nca.server.clean_commands import check_inputs, check_state, report_skipped_links, run_clean
from nca.server.cli_common import (
    EXIT_LEFT,
    EXIT_OK,
    EXIT_USAGE,
    dump_json,
    new_console,
    workspace_of,
)
from nca.server.continue_config import CHAT_NAME, model_entries, run_continue_config
from nca.server.doctor import run_doctor as doctor
from nca.server.http_defaults import DEFAULT_PORT
from nca.server.memory_commands import run_memory
from nca.workers.backups.gitter import MIN_PREFIX
from nca.workers.core.errors import InputError, NcaError, OutsideWorkspace

__all__ = ["run_backups", "run_clean", "run_continue_config", "run_courier", "run_doctor", "run_fix",
           "run_init", "run_log", "run_memory", "run_serve", "run_trust"]


# --------------------------------------------------------------------------- fix


def run_fix(args: argparse.Namespace) -> int:
    if "-" in args.paths and args.paths != ["-"]:
        raise InputError("- (stdin) cannot be mixed with paths")
    if args.paths != ["-"]:
        check_inputs(args.paths)  # every input usable, or nothing is done at all
    check_state(args)
    report_skipped_links([p for p in args.paths if p != "-"])
    dispatcher = Dispatcher(workspace_of(args), check_timeout=args.check_timeout,
                            python=getattr(args, "python", None))
    if args.paths == ["-"]:
        return _fix_stdin(dispatcher, args)
    single = len(args.paths) == 1 and Path(args.paths[0]).is_file()
    if single:
        # through fix_paths: a write is checked against the whole project afterwards
        reports = dispatcher.fix_paths(args.paths, write=args.write, check=args.check,
                                       import_check=args.import_check)
    else:
        reports = _fix_many(dispatcher, args)
    if args.format == "json":
        for report in reports:
            dump_json(_json(report))
    else:
        console = new_console()
        for report in reports:
            _render(console, report, write=args.write)
        _render_check(console, reports, args.check)
        _render_total(console, reports, write=args.write)
    return _exit_code(reports)


def _json(report: FileReport) -> dict[str, Any]:
    """Return a report's JSON object; ``check`` says what the --check command did, when it ran."""
    out = report.to_dict()
    if "check" in report.extra:
        out["check"] = report.extra["check"]
    return out


def _render_check(console: Any, reports: list[FileReport], command: str | None) -> None:
    """Print what the --check command did: it ran once, on the fixes of the whole run."""
    from rich.markup import escape  # rich loads with the first text output: JSON never needs it

    if not command:
        return
    info = next((r.extra["check"] for r in reports if "check" in r.extra), None)
    if info is None:
        console.print(f"[dim]check `{escape(command)}` not run: no fix to judge[/]")
        return
    files = f"{len(info['files'])} file(s)"
    if info["passed"]:
        console.print(f"[green]✓[/] check: {escape(info['summary'])} on a copy of the workspace "
                      f"with the fixes of {files}")
        return
    console.print(f"[red]✗[/] check: {escape(info['summary'])} on a copy of the workspace "
                  f"with the fixes of {files}")
    before = info.get("before")
    if before is not None and before["passed"]:
        console.print("  it passes without them: the fixes were dropped and nothing was written")
    elif before is not None:
        console.print(f"  without the fixes: {escape(before['summary'])}; the fixes are not "
                      "verified and are not written")
    else:
        console.print("  the fixes are not verified and are not written")
    if info.get("output"):
        console.print("  [dim]last lines of its output:[/]")
        for line in info["output"].splitlines():
            console.print(f"  [dim]│[/] {escape(line)}")


def _fix_many(dispatcher: Dispatcher, args: argparse.Namespace) -> list[FileReport]:
    if args.format == "json" or not sys.stderr.isatty():
        return dispatcher.fix_paths(args.paths, write=args.write, check=args.check,
                                    import_check=args.import_check)
    # rich's progress bar: only for several files on a terminal
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("[bold]fixing"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=new_console(stderr=True),
                  transient=True) as bar:
        job = bar.add_task("", total=None)

        def progress(path: str, done: int, total: int) -> None:
            bar.update(job, completed=done, total=total, description=Path(path).name)

        return dispatcher.fix_paths(args.paths, write=args.write, check=args.check,
                                    progress=progress, import_check=args.import_check)


def _fix_stdin(dispatcher: Dispatcher, args: argparse.Namespace) -> int:
    text = decode_stdin(sys.stdin.buffer.read())
    path = _stdin_name(dispatcher, args.stdin_path)
    report = dispatcher.fix_text(text, path, check=args.check)
    if args.format == "json":
        dump_json(_json(report))
    else:
        sys.stdout.write(report.text)
        sys.stdout.flush()
        console = new_console(stderr=True)
        _render(console, report, write=False, show_diff=False)
        _render_check(console, [report], args.check)
    return _exit_code([report])


def _stdin_name(dispatcher: Dispatcher, given: str | None) -> str:
    # a workspace-relative name lets the loop resolve the module's own package imports
    if not given:
        return "stdin.py"

    try:
        return relative(given, dispatcher.workspace)
    except OutsideWorkspace:
        return Path(given).name


def _exit_code(reports: list[FileReport]) -> int:
    if any(r.errors_after or (r.fixes and not r.fixes_verified) for r in reports):
        return EXIT_LEFT
    return EXIT_OK


def _render(console: Any, report: FileReport, *, write: bool, show_diff: bool = True) -> None:
    # rich loads with the first text output: --format json never needs it
    from rich.markup import escape
    from rich.syntax import Syntax

    if report.status == "skipped":
        console.print(f"[yellow]skipped[/] {escape(report.path)}: {escape(report.reason)}")
        return
    if report.status == "unchanged":
        console.print(f"[green]ok[/] {escape(report.path)}: no errors")
        return
    if show_diff and report.diff:
        console.rule(f"[bold]{escape(report.path)}", align="left")
        console.print(Syntax(report.diff, "diff", theme="ansi_dark", background_color="default"))
    for fix in report.fixes:
        mark = "[green]✓[/]" if fix.verified else "[red]✗[/]"
        console.print(f"  {mark} {escape(fix.problem.code)} line {fix.problem.line}: "
                      f"{escape(fix.title)} [dim]({escape(fix.engine)}/{escape(fix.kind)}; "
                      f"{escape(fix.verification)})[/]")
    for sug in report.suggestions:
        console.print(f"  [yellow]?[/] suggestion, not applied (it changes behaviour): "
                      f"{escape(sug.title)}")
        if sug.diff and show_diff:
            console.print(Syntax(sug.diff, "diff", theme="ansi_dark", background_color="default"))
    for p in report.errors_after:
        console.print(f"  [red]left[/] {escape(report.path)}:{p.line}:{p.col} {escape(p.code)} "
                      f"{escape(p.message)}")
    if report.reason and report.errors_after:
        console.print(f"  [dim]{escape(report.reason)}[/]")
    if report.written:
        console.print(f"  [green]written[/] (backup {report.backup_id[:12] if report.backup_id else ''};"
                      f" undo: nca backups restore {report.backup_id[:12] if report.backup_id else ''})")
    elif write and report.text != report.original:
        console.print(f"  [yellow]not written[/]: {escape(report.reason)}")


def _render_total(console: Any, reports: list[FileReport], *, write: bool) -> None:
    fixed = sum(1 for r in reports if r.status == "fixed")
    fixes = sum(1 for r in reports for f in r.fixes if f.verified)
    unverified = sum(1 for r in reports for f in r.fixes if not f.verified)
    left = sum(len(r.errors_after) for r in reports)
    skipped = sum(1 for r in reports if r.status == "skipped")
    parts = [f"{len(reports)} file(s)", f"{fixes} verified fix(es) in {fixed} file(s)",
             f"{left} error(s) left"]
    if unverified:
        parts.insert(2, f"{unverified} not verified")
    if skipped:
        parts.append(f"{skipped} skipped")
    if fixes and not write:
        parts.append("nothing written (use --write)")
    console.print("[bold]" + ", ".join(parts))


# --------------------------------------------------------------------------- backups, log


def run_backups(args: argparse.Namespace) -> int:
    if args.action == "restore":
        given = args.id.strip().lower()
        if not MIN_PREFIX <= len(given) <= 64 or given.strip("0123456789abcdef"):
            raise InputError(f"{args.id!r} is not a backup id ({MIN_PREFIX} to 64 hex digits; "
                             "nca backups list shows them)")
    check_state(args)
    dispatcher = Dispatcher(workspace_of(args), record=False)
    if args.action == "list":
        records = dispatcher.backups(args.limit)
        if args.format == "json":
            dump_json([{"id": r.id, "created": r.created, "message": r.message,
                        "files": list(r.files)} for r in records])
            return EXIT_OK
        console = new_console()
        if not records:
            console.print("no backups yet")
        for r in records:
            console.print(f"[bold]{r.id[:12]}[/] {r.created} {', '.join(r.files)}")
        return EXIT_OK
    restored = dispatcher.restore(args.id, args.path)
    for path in restored:
        print(f"restored {path}")
    return EXIT_OK if restored else EXIT_USAGE


def run_log(args: argparse.Namespace) -> int:
    check_state(args)
    dispatcher = Dispatcher(workspace_of(args))
    assert dispatcher.lifecycle is not None
    if args.task is not None:
        events = dispatcher.lifecycle.events(args.task)
        if args.format == "json":
            dump_json(events)
        else:
            for e in events:
                print(f"{_when(e['at'])} {e['step']:<10} {e['status']:<8} {e['detail']}")
        return EXIT_OK
    tasks = dispatcher.lifecycle.recent(args.limit)
    if args.format == "json":
        dump_json(tasks)
        return EXIT_OK
    from rich.table import Table  # rich loads with the text output: --format json never needs it

    table = Table("id", "when", "kind", "origin", "subject", "status", "summary", "events")
    for t in tasks:
        table.add_row(str(t["id"]), _when(t["started"]), t["kind"], t["origin"], t["subject"],
                      t["status"], t["summary"], str(t["events"]))
    new_console().print(table)
    return EXIT_OK


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


def run_courier(args: argparse.Namespace) -> int:
    check = Dispatcher.check_courier()
    for p in check.problems:
        print(p)
    if not check.problems:
        print(f"{check.workers} workers agree with {check.file}")
    return EXIT_LEFT if check.problems else EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    """``nca init [PATH]``: AgentMemory/, .nca/, .vscode entries; then the Continue block."""
    from rich.markup import escape  # rich loads with text output, not with every command

    target = Path(args.path) if args.path else (workspace_of(args) or Path.cwd())
    report = Dispatcher.init_project(target)
    console = new_console()
    console.print(f"[bold]nca init[/] {escape(str(report.root))}")
    for rel in report.created:
        console.print(f"  [green]created[/] {escape(rel)}")
    for rel in report.merged:
        console.print(f"  [green]merged[/]  {escape(rel)}")
    for rel, why in report.kept:
        console.print(f"  [dim]kept[/]    {escape(rel)}: {escape(why)}")
    for rel, text in report.by_hand.items():
        console.print(f"\n[yellow]add to {escape(rel)} by hand:[/]")
        sys.stdout.write(text)
    if not report.changed:
        console.print("nothing to do: everything was there already")
    _continue_block(console)
    return EXIT_OK


def _continue_block(console: Any) -> None:
    """Print the model entry that points Continue's chat panel at ``nca serve``."""
    try:
        import yaml  # PyYAML for this block only, in the try: a missing one is only reported

        entries = [e for e in model_entries(DEFAULT_PORT) if e.get("name") == CHAT_NAME]
        block = yaml.safe_dump({"models": entries}, sort_keys=False, default_flow_style=False)
    except Exception as err:  # the block is a courtesy: init itself is done
        console.print(f"\n[dim]Continue: run `nca continue-config` ({type(err).__name__})[/]")
        return
    console.print("\n[bold]Continue[/] (chat panel): `nca serve` answers at "
                  f"http://127.0.0.1:{DEFAULT_PORT}/v1; `nca continue-config` adds this to "
                  "~/.continue/config.yaml (the old file is backed up):")
    sys.stdout.write(block)
    sys.stdout.flush()


def run_doctor(args: argparse.Namespace) -> int:
    """``nca doctor``, plus what an untrusted workspace's config asked for and did not get."""
    code = doctor(args)
    _trust_note(args)
    return code


def _trust_note(args: argparse.Namespace) -> None:
    try:
        root = find_workspace(workspace_of(args))
        config = load_config(root)
    except NcaError:
        return  # doctor said what is wrong with the config
    if not config.ignored:
        return
    message = "trust: " + untrusted_message(config.source, root, config.ignored)
    if getattr(args, "format", "text") == "json":
        print(message, file=sys.stderr)  # stdout is the JSON report
    else:
        from rich.markup import escape  # rich only for the text note: stdout may be JSON

        new_console().print(f"[yellow]{escape(message)}[/]")


def run_trust(args: argparse.Namespace) -> int:
    """``nca trust [PATH]``, ``--revoke``, ``--list``: the workspaces whose config is used."""
    if args.list:
        roots = Dispatcher.trusted_roots()
        for listed in roots:
            print(listed)
        if not roots:
            print(f"no trusted workspaces ({Dispatcher.trust_file()})")
        return EXIT_OK
    target = Path(args.path or workspace_of(args) or Path.cwd())
    if args.revoke:
        resolved = resolve_path(target.expanduser())
        if Dispatcher.revoke_trust(target):
            print(f"no longer trusted: {resolved}")
        else:
            print(f"{resolved} was not trusted itself")
        if Dispatcher.is_trusted(resolved):
            print(f"note: {resolved} is still trusted through a folder above it or "
                  "NCA_TRUST_ALL (nca trust --list)")
        return EXIT_OK
    root = Dispatcher.trust_workspace(target)
    print(f"trusted {root}: its nca.toml may choose engines, keys, models and commands "
          f"(nca trust --revoke {root} undoes it)")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from nca.server.serve import run_serve as serve  # pygls is loaded for `nca serve` only

    return serve(args)
