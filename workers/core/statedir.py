"""nca's state folder in a workspace, ``.nca/``: it ignores itself, as pytest's cache does.

Whatever nca keeps there (the lifecycle log, backups outside git, the memory index, a local
``nca.toml``) stays out of ``git status``: the folder holds a ``.gitignore`` of ``*``, written
by whichever command makes the folder first, and again by any later one that finds it missing.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["GITIGNORE", "STATE_DIR", "ignore_state_folder"]

#: the state folder's name under a workspace
STATE_DIR = ".nca"
#: what ``.nca/.gitignore`` holds
GITIGNORE = ("# Created by nca automatically: nca's state stays out of git.\n"
             "# (Settings to share go in nca.toml or [tool.nca] of pyproject.toml.)\n"
             "*\n")


def ignore_state_folder(folder: str | Path) -> bool:
    """Return True when ``folder/.gitignore`` was written (it holds ``*``); False when one was
    there already, or the folder cannot take it (the ignore file is a courtesy, never an error).
    An existing ``.gitignore``, whatever it says, is the user's and is left alone."""
    path = Path(folder) / ".gitignore"
    if os.path.lexists(path):
        return False
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                     0o644)
    except OSError:  # made by another process meanwhile, or a read-only folder
        return False
    try:
        os.write(fd, GITIGNORE.encode("utf-8"))
    finally:
        os.close(fd)
    return True
