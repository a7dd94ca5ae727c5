"""``nca memory``: build, show and search the workspace's AgentMemory; keep its roadmap."""

from __future__ import annotations

import argparse
from typing import Any

from nca.server.cli_common import EXIT_OK, dump_json, new_console, workspace_of

__all__ = ["add_memory_parser", "run_memory"]


def add_memory_parser(sub: Any) -> None:
    """Add the ``memory`` subcommand and its actions to the CLI's subparsers."""
    memory = sub.add_parser("memory", help="build, show and search the workspace's AgentMemory")
    msub = memory.add_subparsers(dest="action", required=True, metavar="ACTION")
    build = msub.add_parser("build", help="index the workspace into AgentMemory/")
    build.add_argument("path", nargs="?", metavar="WORKSPACE", help="default: the workspace")
    build.add_argument("--format", choices=("text", "json"), default="text")
    show = msub.add_parser("show", help="what the memory holds")
    show.add_argument("--format", choices=("text", "json"), default="text")
    search = msub.add_parser("search", help="find symbols by name or by a question in words")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--format", choices=("text", "json"), default="text")
    roadmap = msub.add_parser("roadmap", help="goals, phases and roadblocks")
    rsub = roadmap.add_subparsers(dest="roadmap_action", required=True, metavar="ACTION")
    add = rsub.add_parser("add", help="add a goal, or a phase of --goal")
    add.add_argument("title", nargs="+")
    add.add_argument("--goal", help="the goal the new phase belongs to (g1, g2, ...)")
    done = rsub.add_parser("done", help="mark a goal, phase or roadblock done")
    done.add_argument("id")
    rlist = rsub.add_parser("list", help="show goals, phases and open roadblocks")
    rlist.add_argument("--format", choices=("text", "json"), default="text")


def run_memory(args: argparse.Namespace) -> int:
    from nca.admin.memory import AgentMemory
    from nca.server.clean_commands import check_state

    root = getattr(args, "path", None) or workspace_of(args)
    check_state(argparse.Namespace(workspace=root))
    memory = AgentMemory(root)
    if args.action == "build":
        report = memory.build()
        if args.format == "json":
            from dataclasses import asdict

            dump_json(asdict(report))
        else:
            new_console().print(
                f"indexed {report.files} files: {report.modules} modules, {report.classes} "
                f"classes, {report.functions} functions, {report.ui_components} UI components "
                f"({report.entries} entries, {report.elapsed_ms} ms) into "
                f"{memory.workspace / 'AgentMemory'}")
        return EXIT_OK
    if args.action == "show":
        summary = memory.summary()
        if args.format == "json":
            dump_json(summary)
        else:
            console = new_console()
            for key, value in summary.items():
                console.print(f"{key.replace('_', ' ')}: {value}")
        return EXIT_OK
    if args.action == "search":
        hits = memory.search(" ".join(args.query), args.limit)
        if args.format == "json":
            dump_json([h.to_dict() for h in hits])
        else:
            console = new_console()
            for h in hits:
                console.print(f"{h.path}:{h.line}  {h.kind} {h.symbol}  ({h.score:.2f})")
            if not hits:
                console.print("no hits (run nca memory build first?)")
        return EXIT_OK
    return _roadmap(memory, args)


def _roadmap(memory: Any, args: argparse.Namespace) -> int:
    action = args.roadmap_action
    console = new_console()
    if action == "add":
        item = memory.roadmap.add(" ".join(args.title), goal=args.goal)
        console.print(f"added {item}")
    elif action == "done":
        console.print(f"done: {memory.roadmap.done(args.id)}")
    elif args.format == "json":
        dump_json(memory.roadmap.load())
    else:
        for line in memory.roadmap.lines() or ["(empty roadmap: nca memory roadmap add TITLE)"]:
            console.print(line, markup=False)
    return EXIT_OK
