"""``nca memory``: build, show and search the workspace's AgentMemory; keep its roadmap."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from nca.server.cli_common import EXIT_OK, dump_json, new_console, workspace_of

if TYPE_CHECKING:
    from nca.admin.dispatcher import Dispatcher

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
    # the dispatcher (all of nca.admin; clean_commands imports it too) loads when the command
    # runs: the CLI imports this module to build its parser
    from nca.admin.dispatcher import Dispatcher
    from nca.server.clean_commands import check_state

    root = getattr(args, "path", None) or workspace_of(args)
    check_state(argparse.Namespace(workspace=root))
    # the memory needs no engine: the workspace's config is not read
    dispatcher = Dispatcher.rules_only(root, record=False)
    if args.action == "build":
        report = dispatcher.build_memory()
        if args.format == "json":
            # loaded by the dispatcher by now; at module level it would load with the parser
            from dataclasses import asdict

            dump_json(asdict(report))
        else:
            new_console().print(
                f"indexed {report.files} files: {report.modules} modules, {report.classes} "
                f"classes, {report.functions} functions, {report.ui_components} UI components "
                f"({report.entries} entries, {report.elapsed_ms} ms) into "
                f"{dispatcher.workspace / 'AgentMemory'}")
        return EXIT_OK
    if args.action == "show":
        summary = dispatcher.memory_summary(build=False)
        if args.format == "json":
            dump_json(summary)
        else:
            console = new_console()
            for key, value in summary.items():
                console.print(f"{key.replace('_', ' ')}: {value}")
        return EXIT_OK
    if args.action == "search":
        hits = dispatcher.search_memory(" ".join(args.query), args.limit)
        if args.format == "json":
            dump_json([h.to_dict() for h in hits])
        else:
            console = new_console()
            for h in hits:
                console.print(f"{h.path}:{h.line}  {h.kind} {h.symbol}  ({h.score:.2f})")
            if not hits:
                console.print("no hits (run nca memory build first?)")
        return EXIT_OK
    return _roadmap(dispatcher, args)


def _roadmap(dispatcher: Dispatcher, args: argparse.Namespace) -> int:
    action = args.roadmap_action
    console = new_console()
    if action == "add":
        item = dispatcher.roadmap_add(" ".join(args.title), goal=args.goal)
        console.print(f"added {item}")
    elif action == "done":
        console.print(f"done: {dispatcher.roadmap_done(args.id)}")
    elif args.format == "json":
        dump_json(dispatcher.roadmap())
    else:
        for line in dispatcher.roadmap_lines() or ["(empty roadmap: nca memory roadmap add TITLE)"]:
            console.print(line, markup=False)
    return EXIT_OK
