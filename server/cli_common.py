"""What every ``nca`` subcommand shares: exit codes, JSON and rich output, ``--workspace`` and
``--python``. The bottom of the CLI modules: ``nca.server.cli`` (the parser and ``main``) and
the modules of the subcommands import it, and it imports none of them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from nca.workers.core.errors import NcaError

__all__ = ["EXIT_INTERNAL", "EXIT_LEFT", "EXIT_OK", "EXIT_USAGE", "dump_json", "new_console",
           "python_option", "warm_type_checker", "workspace_of"]

EXIT_OK, EXIT_LEFT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def new_console(stderr: bool = False) -> Any:
    """Return a rich Console for a command's output (rich loads here, when a command prints)."""
    from rich.console import Console  # rich loads with the first output: --version never needs it

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def dump_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, indent=None, ensure_ascii=False)
    sys.stdout.write("\n")


def python_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--python", metavar="PATH",
                        help="the project's interpreter or venv: what your code can import is "
                             "judged in it (default: NCA_PYTHON, VIRTUAL_ENV, CONDA_PREFIX, "
                             ".venv in the root, python3 on PATH)")


def workspace_of(args: argparse.Namespace) -> Path | None:
    """Return ``--workspace``, else the project root above the first path (or the cwd)."""
    if args.workspace:
        return Path(args.workspace)
    # nca.workers.core.project (about 35 modules) waits for a command that needs the root:
    # this module loads with `import nca.server.cli`
    from nca.workers.core.project import find_root

    paths = [p for p in getattr(args, "paths", None) or () if p != "-" and Path(p).exists()]
    return find_root(paths[0] if paths else None)


def warm_type_checker(args: argparse.Namespace) -> None:
    """Start the project's type checker and ruff on the one file ``nca fix`` names, before the
    rest of nca loads: they read the project while Python imports (the linter picks up their
    answers).

    Anything unusual (stdin, several paths, a file that cannot be read, no interpreter) skips
    the head start; the fix itself then meets and reports it.
    """
    paths = getattr(args, "paths", None) or []
    if len(paths) != 1 or paths[0] == "-" or not Path(paths[0]).is_file():
        return
    # `nca fix` on one file only, before the dispatcher loads; the rest of the CLI never needs
    # them, and this module loads with `import nca.server.cli`
    from nca.admin.workspace import find_workspace, read_source, relative
    from nca.workers.debugging.ruff_check import run_early

    try:
        root = find_workspace(workspace_of(args))
        rel = relative(paths[0], root)
        text = read_source(root / rel)
    except (NcaError, OSError, ValueError):
        return
    # ruff first: it needs only the file; the checker waits for the project's interpreter
    run_early(text, rel, str(root))
    from nca.workers.core.project import find_interpreter, probe
    from nca.workers.facts.typecheck import warm_start

    try:
        env = probe(*find_interpreter(root, getattr(args, "python", None)))
    except (NcaError, OSError, ValueError):
        return
    warm_start(root, env.checker_env, rel, text)
