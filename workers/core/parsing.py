"""Parsing Python source in one place that is safe under threads.

CPython 3.11's AST constructor keeps its recursion depth in state shared by every thread:
two threads building trees at once can fail with "AST constructor recursion depth mismatch".
Every parse in nca goes through :func:`parse` (and every compile to check syntax through
:func:`compile_source`), which hold one lock; parsing is CPU-bound under the GIL anyway, so
the lock costs no parallelism.
"""

from __future__ import annotations

import ast
import threading
from typing import Any

__all__ = ["compile_source", "parse"]

_LOCK = threading.RLock()


def parse(source: str | bytes, filename: str = "<unknown>", **kwargs: Any) -> ast.Module:
    """Return the module tree of ``source``; raises SyntaxError or ValueError like :func:`ast.parse`."""
    with _LOCK:
        return ast.parse(source, filename, **kwargs)


def compile_source(source: str | bytes, filename: str, flags: int = ast.PyCF_ONLY_AST) -> Any:
    """Return ``compile(source, filename, "exec", flags)`` under the parse lock."""
    with _LOCK:
        return compile(source, filename, "exec", flags=flags, dont_inherit=True)
