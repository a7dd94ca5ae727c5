"""The workspace as an index: every module of a folder tree, re-read when its file changes."""

from __future__ import annotations

import os
import stat
import time
from collections import Counter
from pathlib import Path

from nca.workers.facts.index_base import SourceIndex
from nca.workers.facts.modulefacts import ModuleFacts, absolute_module, is_public, scan_source

__all__ = ["SKIP_DIRS", "WorkspaceIndex"]

SKIP_DIRS = frozenset({".venv", "venv", ".git", "node_modules", "build", ".nca", "__pycache__"})


class WorkspaceIndex(SourceIndex):
    """Every module of a workspace, re-read only when a file's mtime or size changed."""

    source = "workspace"

    def __init__(self, root: str | os.PathLike[str], *, rescan_interval: float = 1.0) -> None:
        super().__init__()
        self.root = Path(root).resolve()
        self._interval = rescan_interval
        self._scanned_at = float("-inf")
        self._stamps: dict[Path, tuple[int, int]] = {}
        self._paths: dict[str, Path] = {}  # module -> file
        self._modules: dict[Path, str] = {}
        self._by_path: dict[Path, tuple[tuple[int, int], ModuleFacts]] = {}  # file -> stamp, facts

    def refresh(self) -> None:
        """Re-scan the workspace; re-read only the files that changed."""
        stamps: dict[Path, tuple[int, int]] = {}
        packages: set[Path] = set()
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info"))
            if "__init__.py" in files:
                packages.add(Path(folder))
            for name in files:
                if name.endswith(".py"):
                    path = Path(folder, name)
                    try:
                        st = path.stat()
                    except OSError:
                        continue
                    if not stat.S_ISREG(st.st_mode):
                        continue  # a FIFO or device named *.py: reading it would block
                    stamps[path] = (st.st_mtime_ns, st.st_size)
        if stamps != self._stamps:
            self._stamps = stamps
            self._paths, self._modules = {}, {}
            for path in sorted(stamps):
                module = self._module_name(path, packages)
                if module and module not in self._paths:
                    self._paths[module], self._modules[path] = path, module
            self._facts_cache, self._resolved, self._by_name = {}, {}, None
            self._by_path = {p: v for p, v in self._by_path.items() if stamps.get(p) == v[0]}
        self._scanned_at = time.monotonic()

    def _fresh(self) -> None:
        if time.monotonic() - self._scanned_at >= self._interval:
            self.refresh()

    def _module_name(self, path: Path, packages: set[Path]) -> str | None:
        names = [] if path.name == "__init__.py" else [path.stem]
        folder = path.parent
        while folder in packages and folder != self.root:
            names.insert(0, folder.name)
            folder = folder.parent
        if not names or not all(n.isidentifier() for n in names):
            return None
        return ".".join(names)

    def module_paths(self) -> dict[str, Path]:
        """Return ``{module: file}`` for every module of the workspace."""
        self._fresh()
        return dict(self._paths)

    def module_for_path(self, path: str | os.PathLike[str]) -> str | None:
        """Return the dotted module name of a workspace file, or None outside it."""
        self._fresh()
        return self._modules.get(Path(path).resolve())

    def _is_package(self, module: str) -> bool:
        path = self._paths.get(module)
        return bool(path and path.name == "__init__.py")

    def _read(self, module: str) -> ModuleFacts | None:
        path = self._paths.get(module)
        if path is None:
            return None
        stamp = self._stamps[path]
        if path in self._by_path and self._by_path[path][0] == stamp:
            return self._by_path[path][1]
        try:
            facts = scan_source(path.read_bytes(), is_package=self._is_package(module))
        except OSError:
            return None
        self._by_path[path] = (stamp, facts)
        return facts

    def _table(self) -> dict[str, dict]:
        self._fresh()
        empty = {"attrs": [], "exports": [], "complete": False}
        return {module: self._resolve(module) or empty for module in self._paths}

    def import_counts(self, name: str) -> Counter[str]:
        """Return how often workspace files import ``name`` from each module."""
        counts: Counter[str] = Counter()
        for module in self._table():
            facts = self._facts(module)
            for target, level, imported in facts.imports if facts else ():
                origin = absolute_module(module, target, level, self._is_package(module))
                # a package's __init__ re-exporting its own submodule is not a preference
                if imported == name and not origin.startswith(module + "."):
                    counts[origin] += 1
        return counts

    def providers_of(self, name: str) -> list[tuple[str, str]]:
        """Return the modules that offer ``name``; for a private ``_name``, those defining it.

        A package's files import each other's private helpers (``from ._compat import
        _term_len``); the Analyzer only offers those inside the same package.
        """
        if is_public(name):
            return super().providers_of(name)
        found = []
        for module in sorted(self._table()):
            facts = self._facts(module)
            if facts and name in facts.bound and all(n != name for _m, _l, n in facts.imports):
                found.append((module, self.source))
        return found

    def alias_counts(self, alias: str) -> Counter[str]:
        """Return how often workspace files ``import <module> as <alias>``, per module."""
        counts: Counter[str] = Counter()
        for module in self._table():
            facts = self._facts(module)
            for target, asname in facts.module_aliases if facts else ():
                if asname == alias:
                    counts[target] += 1
        return counts
