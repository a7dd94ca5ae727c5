"""``nca doctor``: which engines are configured, whether each can run, and how to fix it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from nca.server.cli_common import EXIT_LEFT, EXIT_OK, dump_json, new_console, workspace_of

if TYPE_CHECKING:
    from nca.admin.reports import DoctorFacts

__all__ = ["add_parser", "run_doctor"]


def add_parser(sub: Any) -> None:
    """Add the ``doctor`` subcommand to the CLI's subparsers."""
    doctor = sub.add_parser("doctor", help="list the engines, their health and how to fix them")
    doctor.add_argument("--format", choices=("text", "json"), default="text")
    doctor.add_argument("--no-probe", dest="probe", action="store_false",
                        help="do not contact remote engines (health from config only)")
    doctor.add_argument("--python", metavar="PATH",
                        help="the project's interpreter or venv (default: found as nca fix does)")


def run_doctor(args: argparse.Namespace) -> int:
    """Return 0 when every routed engine is healthy, 1 otherwise; prints the report."""
    # the dispatcher (all of nca.admin) loads when doctor runs: the CLI imports this module to
    # build its parser
    from nca.admin.dispatcher import Dispatcher

    dispatcher = Dispatcher(workspace_of(args), record=False, python=getattr(args, "python", None))
    report = dispatcher.doctor_facts(probe=args.probe)
    routed = {i for ids in report["routing"].values() for i in ids}
    ok = all(row["healthy"] for row in report["engines"] if row["id"] in routed)
    if args.format == "json":
        dump_json(report)
        return EXIT_OK if ok else EXIT_LEFT
    _render(report)
    return EXIT_OK if ok else EXIT_LEFT


def _render(report: DoctorFacts) -> None:
    from rich.table import Table  # rich loads with text output: --format json never needs it

    console = new_console()
    table = Table(title=f"engines ({report.get('source') or 'built-in defaults'})")
    for column in ("id", "kind", "health", "capabilities", "context", "reason / fix"):
        table.add_column(column)
    for row in report["engines"]:
        table.add_row(row["id"], row["kind"],
                      "[green]ok[/]" if row["healthy"] else "[red]down[/]",
                      ", ".join(row["capabilities"]),
                      str(row["context_length"] or "-"), row["reason"])
    project = report.get("project") or {}
    console.print(f"project: {project.get('root')}")
    console.print(f"interpreter: {project.get('describe') or project.get('error')}")
    console.print(f"type checker: {report.get('type_checker')}")
    console.print(table)
    console.print("workers: " + ", ".join(f"{r} on {w}" for r, w in report["workers"].items()))
    for role, ids in report["routing"].items():
        console.print(f"{role}: {' -> '.join(ids)}")
