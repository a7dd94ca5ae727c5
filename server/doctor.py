"""``nca doctor``: which engines are configured, whether each can run, and how to fix it."""

from __future__ import annotations

import argparse
from typing import Any

from nca.server.cli_common import EXIT_LEFT, EXIT_OK, dump_json, new_console, workspace_of

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
    from nca.admin.config import load_config
    from nca.admin.council import Council
    from nca.admin.embedded import missing_rows
    from nca.admin.workspace import find_workspace
    from nca.workers.engines.wolfram.workers import Workers

    root = find_workspace(workspace_of(args))
    council = Council.for_workspace(root)
    report = council.describe(probe=args.probe)
    report["project"] = _project(root, getattr(args, "python", None))
    report["engines"] += missing_rows(set(council.engines))
    report["workers"] = Workers.for_config(load_config(root)).placement()  # Wolfram or Python
    routed = {i for ids in report["routing"].values() for i in ids}
    ok = all(row["healthy"] for row in report["engines"] if row["id"] in routed)
    if args.format == "json":
        dump_json(report)
        return EXIT_OK if ok else EXIT_LEFT
    _render(report)
    return EXIT_OK if ok else EXIT_LEFT


def _project(root: Any, python: str | None) -> dict[str, Any]:
    """Return the project model's ground facts: root and interpreter, and how they were found."""
    from nca.workers.core.project import find_interpreter, probe

    try:
        env = probe(*find_interpreter(root, python))
    except FileNotFoundError as err:
        return {"root": str(root), "interpreter": None, "error": str(err)}
    return {"root": str(root), "interpreter": env.python, "found_by": env.source,
            "python": f"{env.version[0]}.{env.version[1]}", "fallback": env.is_fallback,
            "error": env.error, "describe": env.describe()}


def _render(report: dict[str, Any]) -> None:
    from rich.table import Table

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
    console.print(table)
    console.print("workers: " + ", ".join(f"{r} on {w}" for r, w in report["workers"].items()))
    for role, ids in report["routing"].items():
        console.print(f"{role}: {' -> '.join(ids)}")
