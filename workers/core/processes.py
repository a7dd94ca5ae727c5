"""Running the user's commands: a subprocess with a time limit that kills its whole process group
and keeps only the tail of its output, sync and async; and the folders a scratch tree leaves out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from nca.workers.core.errors import CheckError
from nca.workers.core.types import CheckOutcome

__all__ = ["OUTPUT_LIMIT", "SCRATCH_IGNORE", "kill_group", "run_command", "run_shell"]

#: the most output of a command kept in memory (the tail is what matters)
OUTPUT_LIMIT = 256 * 1024
#: folders never copied into a scratch tree
SCRATCH_IGNORE = (".git", ".venv", "venv", ".nca", "node_modules", "__pycache__", ".mypy_cache",
                  ".ruff_cache", ".pytest_cache", "build", "dist", ".tox")


def run_command(command: str, cwd: Path, timeout: float) -> CheckOutcome:
    """Return the outcome of a shell command, killed with its children after ``timeout`` seconds."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as sink:
        try:
            proc = subprocess.Popen(command, shell=True, cwd=cwd, stdout=sink,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        except OSError as err:
            raise CheckError(f"cannot run {command!r}: {err}") from None
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            kill_group(proc)
        # only the tail is kept: a check that prints 10 MB must not fill memory
        size = sink.seek(0, os.SEEK_END)
        sink.seek(max(0, size - OUTPUT_LIMIT))
        output = sink.read().decode("utf-8", "replace")
    elapsed = int((time.monotonic() - started) * 1000)
    if timed_out:
        output += f"\n[nca] killed after {timeout:g} s"
    return CheckOutcome(ok=not timed_out and proc.returncode == 0,
                        returncode=None if timed_out else proc.returncode,
                        output=output, timed_out=timed_out, elapsed_ms=elapsed)


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


async def run_shell(command: str, cwd: Path, timeout: float) -> tuple[int | None, str, bool]:
    """Return (returncode, output tail, timed out) of a shell command, killed when cancelled."""
    import asyncio  # running already (this is a coroutine): no cost; a CLI run never loads it

    proc = await asyncio.create_subprocess_shell(
        command, cwd=cwd, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, start_new_session=True)
    try:
        data, _ = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        _kill_pid(proc.pid)
        await proc.wait()
        return None, f"[nca] {command!r} killed after {timeout:g} s", True
    except BaseException:
        _kill_pid(proc.pid)  # cancelled: the command stops with the request
        raise
    return proc.returncode, data[-OUTPUT_LIMIT:].decode("utf-8", "replace"), False


def _kill_pid(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
