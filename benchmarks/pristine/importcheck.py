"""Import modules from a scratch copy and say which import; runs in the *benchmark's* interpreter.

A standalone script (the standard library only, no ``benchmarks`` or ``nca`` imports): the
benchmark runs it with the benchmark venv's python as ``python -I -B importcheck.py ROOT TIMEOUT``
(isolated: the script's folder is not on ``sys.path``) with a JSON list of ``[module, file, mode]``
on the first line of stdin, and reads one JSON object back, ``{module: "ok" | "<why it failed>"}``.

Each module is imported in a forked child, so one module's side effects (or its hang) cannot
touch the next. ``mode`` "import" imports by name and requires the module to come from ROOT (a
copy that nca deleted would otherwise be found in site-packages); "file" executes the file under
its own name, for standard-library copies whose real module is already loaded (or frozen).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import signal
import sys
import traceback


def _import(root: str, name: str, file: str, mode: str) -> str:
    if mode == "file":
        spec = importlib.util.spec_from_file_location(name, file)
        if spec is None or spec.loader is None:
            return f"no loader for {file}"
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return "ok"
    module = importlib.import_module(name)
    origin = os.path.realpath(getattr(module, "__file__", None) or "")
    if not origin.startswith(root + os.sep):
        return f"imported from outside the copy: {origin or '(no file)'}"
    return "ok"


def _why(err: BaseException, root: str) -> str:
    """The error in one line, and where it was raised in the copy: ``... [at pkg/mod.py:12]``."""
    where = ""
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        path = os.path.realpath(frame.filename)
        if path.startswith(root + os.sep):
            where = f" [at {os.path.relpath(path, root).replace(os.sep, '/')}:{frame.lineno}]"
            break
    return f"{type(err).__name__}: {err}"[:300] + where


def _child(root: str, name: str, file: str, mode: str, timeout: int) -> str:
    if hasattr(signal, "alarm"):
        signal.alarm(timeout)
    try:
        return _import(root, name, file, mode)
    except BaseException as err:  # SystemExit, KeyboardInterrupt from the alarm: all say "broken"
        return _why(err, root)


def _forked(root: str, name: str, file: str, mode: str, timeout: int) -> str:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: import, write one line, leave without running atexit handlers
        os.close(read)
        quiet = os.open(os.devnull, os.O_WRONLY)  # what an import prints must not reach our stdout
        os.dup2(quiet, 1)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (the child leaves with os._exit)
        try:
            signal.signal(signal.SIGALRM, _timed_out)
            result = _child(root, name, file, mode, timeout)
        except BaseException as err:
            result = _why(err, root)
        with os.fdopen(write, "w") as out:
            out.write(result)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as inp:
        result = inp.read()
    _, status = os.waitpid(pid, 0)
    if not result:
        return f"the child died (wait status {status})"
    return result


def _timed_out(signum: int, frame: object) -> None:
    raise TimeoutError("import timed out")


def main() -> int:
    root = os.path.realpath(sys.argv[1])
    timeout = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    modules = json.loads(sys.stdin.readline())
    sys.path[:] = [root] + [p for p in sys.path if p and os.path.realpath(p) != root]
    results = {}
    for name, file, mode in modules:
        if hasattr(os, "fork"):
            results[name] = _forked(root, name, file, mode, timeout)
        else:  # no fork: one after another in this process (less isolated, still a measurement)
            results[name] = _child(root, name, file, mode, timeout)
    sys.stdout.write(json.dumps(results) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
