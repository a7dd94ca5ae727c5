"""A check command (``--check``) run once on one scratch copy of the workspace that holds the
new text of every file a run changes: how ``nca fix --check`` judges a run's fixes together.

The copy leaves out what never matters to a check (``.git``, virtual environments, ``.nca``,
caches: :data:`nca.workers.debugging.linting.SCRATCH_IGNORE`); the command runs in the copy's root through
the shell, with a time limit, and only the tail of its output is kept.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from nca.workers.core.errors import CheckError
from nca.workers.core.processes import SCRATCH_IGNORE, run_command
from nca.workers.core.types import CheckOutcome

__all__ = ["NOT_FOUND", "NOT_RUNNABLE", "describe", "output_tail", "run_check_on"]

#: the shell's exit status for a command it cannot find, and for one it cannot run
NOT_FOUND, NOT_RUNNABLE = 127, 126


def run_check_on(command: str, files: Mapping[str, str], workspace: str | Path,
                 timeout: float) -> CheckOutcome:
    """Return the outcome of ``command`` run once in a scratch copy of ``workspace`` in which
    each workspace-relative path of ``files`` holds its text (the workspace is not touched)."""
    root = Path(workspace)
    with tempfile.TemporaryDirectory(prefix="nca-check-") as tmp:
        scratch = Path(tmp) / "ws"
        try:
            shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(*SCRATCH_IGNORE),
                            symlinks=True)
        except (OSError, shutil.Error) as err:
            raise CheckError(f"cannot copy {root} to run the check in: {_first(err)}") from None
        inside = scratch.resolve()
        for rel, text in files.items():
            target = (scratch / rel).resolve()
            if not target.is_relative_to(inside):
                raise CheckError(f"{rel} is outside the workspace")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            except OSError as err:
                raise CheckError(f"cannot write {rel} into the check's copy: {err}") from None
        return run_command(command, scratch, timeout)


def describe(command: str, outcome: CheckOutcome) -> str:
    """Return what happened to ``command`` in words: passed, timed out, not found, exited N."""
    shown = f"`{command}`"
    if outcome.timed_out:
        return f"{shown} timed out (killed after {outcome.elapsed_ms / 1000:.0f} s)"
    if outcome.ok:
        return f"{shown} passed"
    code = outcome.returncode
    if code == NOT_FOUND:
        return f"{shown} was not found (exit {NOT_FOUND}: is it installed and on PATH?)"
    if code == NOT_RUNNABLE:
        return f"{shown} could not be run (exit {NOT_RUNNABLE}: not executable)"
    if code is not None and code < 0:
        return f"{shown} was killed by signal {-code}"
    return f"{shown} failed (exit {code})"


def output_tail(outcome: CheckOutcome, lines: int = 15, chars: int = 2000) -> str:
    """Return the last ``lines`` lines (at most ``chars`` characters) of the command's output."""
    kept = "\n".join(outcome.output.rstrip().splitlines()[-lines:])
    return kept[-chars:]


def _first(err: BaseException) -> str:
    if isinstance(err, shutil.Error) and err.args and isinstance(err.args[0], list):
        errors = err.args[0]
        return f"{errors[0][0]}: {errors[0][2]}" + (
            f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    return str(err)
