"""The ``nca`` command line: fix, clean, backups, log. A boundary: it parses, calls, prints."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import Any

from nca.server.cli_common import (
    EXIT_INTERNAL,
    EXIT_LEFT,
    EXIT_OK,
    EXIT_USAGE,
    python_option,
    warm_type_checker,
)
from nca.workers.core.errors import InputError, NcaError

__all__ = ["main"]

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nca", description="Neural Coding Assistant: turns Python errors into verified fixes.")
    parser.add_argument("--version", action=_VersionAction, help="print nca's version and exit")
    parser.add_argument("--workspace", "-w",
                        help="workspace root (default: the project root above the first path or "
                             "the current directory: the nearest pyproject.toml, setup.cfg, "
                             "setup.py or .git)")

    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    fix = sub.add_parser("fix", help="fix errors in files; shows verified diffs unless --write")
    fix.add_argument("paths", nargs="+", help="files or folders, or - for stdin")
    fix.add_argument("--write", action="store_true", help="back up, then write verified fixes")
    fix.add_argument("--check", help='a command that must pass too, e.g. "pytest -x -q"')
    fix.add_argument("--check-timeout", type=float, default=120.0, metavar="SECONDS")
    fix.add_argument("--path", dest="stdin_path", help="the file name stdin stands for")
    fix.add_argument("--format", choices=("text", "json"), default="text")
    python_option(fix)
    fix.add_argument("--import-check", action="store_true",
                     help="after --write, import the written modules in the project's "
                          "interpreter (runs your code, in a scratch copy); restore on failure")

    clean = sub.add_parser("clean", help="find and remove dead code (unused imports, functions...)")
    clean.add_argument("paths", nargs="+", help="files or folders")
    python_option(clean)
    clean.add_argument("--write", action="store_true",
                       help="back up, then write the removals that pass verification")
    clean.add_argument("--min-confidence", type=int, default=80, metavar="N",
                       help="report findings of at least N%% confidence (60 shows functions)")
    clean.add_argument("--whitelist", action="append", metavar="FILE",
                       help="a vulture whitelist: names it uses are kept (.nca/whitelist.py is read too)")
    clean.add_argument("--ignore-decorators", action="append", metavar="PATTERNS",
                       help='keep what these decorators wrap, e.g. "@app.route,@*.command"')
    clean.add_argument("--check", help='a command that must still pass, e.g. "pytest -x -q"')
    clean.add_argument("--check-timeout", type=float, default=120.0, metavar="SECONDS")
    clean.add_argument("--format", choices=("text", "json"), default="text")

    backups = sub.add_parser("backups", help="list or restore the backups nca made")
    bsub = backups.add_subparsers(dest="action", required=True, metavar="ACTION")
    blist = bsub.add_parser("list", help="list backups, newest first")
    blist.add_argument("--format", choices=("text", "json"), default="text")
    blist.add_argument("--limit", type=int, default=50)
    brestore = bsub.add_parser("restore", help="write a backup's files back (backing up first)")
    brestore.add_argument("id")
    brestore.add_argument("path", nargs="?")

    logp = sub.add_parser("log", help="show the last tasks of the lifecycle log")
    logp.add_argument("--limit", type=int, default=20)
    logp.add_argument("--task", type=int, help="show the events of one task")
    logp.add_argument("--format", choices=("text", "json"), default="text")

    sub.add_parser("courier", help="check Function_Courier.md against the code")

    init = sub.add_parser(
        "init", help="set a project up for nca: AgentMemory/, .nca/nca.toml, .vscode tasks; "
                     "never overwrites (merges, or says what it skipped)")
    init.add_argument("path", nargs="?", metavar="PATH",
                      help="the project folder (default: the workspace)")

    trust = sub.add_parser(
        "trust", help="let a workspace's nca.toml choose engines, keys, models and commands")
    trust.add_argument("path", nargs="?", metavar="PATH",
                       help="the workspace folder (default: the workspace)")
    what = trust.add_mutually_exclusive_group()
    what.add_argument("--revoke", action="store_true", help="stop trusting it")
    what.add_argument("--list", action="store_true", help="list the trusted folders")

    # the subcommands' own modules load when the parser is built, not on `import nca.server.cli`
    from nca.server.memory_commands import add_memory_parser

    add_memory_parser(sub)

    # with the parser, not on import: it brings difflib, shutil and their compression modules
    from nca.server.continue_config import add_parser as add_continue_config

    add_continue_config(sub)
    from nca.server.doctor import add_parser as add_doctor  # with the parser, not on import

    add_doctor(sub)

    serve = sub.add_parser("serve", help="run the language server (stdio by default)")
    mode = serve.add_mutually_exclusive_group()
    mode.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (default)")
    mode.add_argument("--tcp", action="store_true", help="listen for a client over TCP")
    serve.add_argument("--host", default="127.0.0.1", help="TCP address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=2087, help="TCP port (default 2087)")
    serve.add_argument("--allow-remote", action="store_true",
                       help="allow a --host other machines can reach (clients must send the "
                            "token in NCA_LSP_TOKEN as initializationOptions.token)")
    serve.add_argument("--log-file", help="log here instead of stderr")
    from nca.server.http_defaults import add_http_arguments  # with the parser, not on import

    add_http_arguments(serve)
    serve.add_argument("--log-level", default="INFO", type=str.upper,
                       choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            # the language server loads the dispatcher on first use: initialize needs none of it
            from nca.server.serve import run_serve

            return int(run_serve(args))
        if args.command == "fix":
            warm_type_checker(args)
        # the dispatcher and all of nca.admin (about 200 modules) load after the parse, and
        # after warm_type_checker has started ty: `nca --version` and `nca serve` never need them
        from nca.server import commands

        # the process's own command line (argv None, the console script): what the imports
        # made lives until the process ends, so the collector need not walk it again at each
        # collection, nor once more at exit (a caller passing argv keeps its collector as is)
        own_process = argv is None
        if own_process:
            gc.freeze()
        handler = getattr(commands, f"run_{args.command.replace('-', '_')}")
        try:
            return int(handler(args))
        finally:
            if own_process:
                gc.freeze()
    except NcaError as err:
        print(f"nca: error: {err}", file=sys.stderr)
        return EXIT_USAGE if isinstance(err, InputError) else EXIT_LEFT
    except KeyboardInterrupt:
        print("nca: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # the boundary: one line, never a traceback, unless asked
        if os.environ.get("NCA_DEBUG"):
            raise
        print(f"nca: internal error: {type(err).__name__}: {err} (NCA_DEBUG=1 shows where)",
              file=sys.stderr)
        return EXIT_INTERNAL


class _VersionAction(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        print(f"nca {version()}")
        parser.exit()


def version() -> str:
    """Return the version of the installed ``neural-coding-assistant`` distribution."""
    # importlib.metadata (about 70 modules: email, zipfile, csv) is for --version only
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("neural-coding-assistant")
    except PackageNotFoundError:
        return "unknown (not installed: pip install .)"


if __name__ == "__main__":
    raise SystemExit(main())
