"""Installed distributions as an index: top-level modules read from source, cached per package."""

from __future__ import annotations

import hashlib
import json
import os
import pkgutil
import sys
from collections.abc import Iterable, Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path

from nca.workers.facts.index_base import SCHEMA_VERSION, SourceIndex, cache_dir, write_cache
from nca.workers.facts.modulefacts import (
    ModuleFacts,
    dump_modules,
    is_extension,
    is_public,
    locate_module,
    module_entry,
    scan_source,
)

__all__ = ["MAX_PACKAGE_FILES", "STAR_BUDGET", "InstalledIndex"]

#: installed packages larger than this are not walked for submodule exports (too slow to read)
MAX_PACKAGE_FILES = 400
#: modules read while following one installed package's star imports for the name table
STAR_BUDGET = 40


def _stamp(origin: str | None) -> str:
    """Return what changes when an installed package's top module changes (mtime and size)."""
    try:
        st = os.stat(origin or "")
    except OSError:
        return ""
    return f"{st.st_mtime_ns}:{st.st_size}"


class InstalledIndex(SourceIndex):
    """Top-level modules of installed distributions, read from source, imported only when
    they have none (extension modules), in a child interpreter with a timeout.

    Given ``search_path`` (the project interpreter's ``sys.path``), only what that interpreter
    can import counts; without it, nca's own environment does (tools and benchmarks only).
    """

    source = "installed"

    def __init__(self, *, python: str = sys.executable, timeout: float = 10.0,
                 search_path: Sequence[str] | None = None) -> None:
        super().__init__()
        self._python = python
        self._timeout = timeout
        self._search_path = tuple(search_path) if search_path is not None else None
        self._tops: dict[str, ModuleSpec] | None = None
        self._names: set[str] | None = None
        self._specs: dict[str, ModuleSpec | None] = {}
        self._walked: dict[str, dict[str, frozenset[str]]] = {}
        self._table_cache: dict[str, dict] | None = None

    def _top_specs(self) -> dict[str, ModuleSpec]:
        if self._tops is None:
            tops: dict[str, ModuleSpec] = {}
            if self._names is None:
                self._names = self._top_names()
            for top in sorted(self._names):
                if self._may_be_top(top):
                    spec = self._spec(top)
                    if spec is not None:
                        tops[top] = spec
            self._tops = tops
        return self._tops

    @staticmethod
    def _may_be_top(name: str) -> bool:
        return is_public(name) and name.isidentifier() and name not in sys.stdlib_module_names

    def _is_top(self, name: str) -> bool:
        """Return whether ``name`` is a key of ``_top_specs``, finding only its own spec (a
        question about one module need not locate every installed one)."""
        if self._tops is not None:
            return name in self._tops
        if not self._may_be_top(name):
            return False
        if self._names is None:
            self._names = self._top_names()
        return name in self._names and self._spec(name) is not None

    def _top_names(self) -> set[str]:
        if self._search_path is None:
            import importlib.metadata  # nca's own environment: tools and benchmarks only

            return set(importlib.metadata.packages_distributions())
        # what the project's interpreter finds on its path, installed by a distribution or not
        folders = [p for p in self._search_path if os.path.isdir(p)]
        return {m.name for m in pkgutil.iter_modules(folders)}

    def _spec(self, module: str) -> ModuleSpec | None:
        if module not in self._specs:
            self._specs[module] = locate_module(module, self._search_path)
        return self._specs[module]

    def _is_package(self, module: str) -> bool:
        spec = self._spec(module)
        return bool(spec and spec.submodule_search_locations)

    def _read(self, module: str) -> ModuleFacts | None:
        spec = self._spec(module)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return None
        try:
            return scan_source(Path(spec.origin).read_bytes(), is_package=self._is_package(module))
        except OSError:
            return None

    def _resolve(self, module: str, depth: int = 0) -> dict | None:
        spec = self._spec(module) if self._is_top(module.partition(".")[0]) else None
        if spec is not None and is_extension(spec.origin) and module not in self._resolved:
            info = dump_modules([module], self._python, self._timeout).get(module)
            self._resolved[module] = info and {
                "attrs": info["attrs"],
                "exports": info["exports"],
                "defines": info.get("defines", []),
                "complete": not info["getattr"],
            }
        return super()._resolve(module, depth) if spec is not None else None

    def _table(self) -> dict[str, dict]:
        if self._table_cache is not None:
            return self._table_cache
        path = self._cache_path("installed")
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if cached.get("schema_version") != SCHEMA_VERSION or cached.get("python") != self._python:
                cached = {}
        except (OSError, ValueError):
            cached = {}
        entries: dict[str, dict] = cached.get("packages", {})
        table, changed = {}, False
        for top, spec in self._top_specs().items():
            if is_extension(spec.origin):  # a child interpreter per package costs too much
                continue
            stamp = _stamp(spec.origin)
            hit = entries.get(top)
            if hit and hit.get("stamp") == stamp:
                table[top] = hit["entry"]
                continue
            self._budget = STAR_BUDGET
            try:
                entry = self._resolve(top) or {"attrs": [], "exports": [], "complete": False}
            finally:
                self._budget = None
            self._resolved.pop(top, None)  # resolved under a budget: ask again unbounded later
            table[top] = entry
            entries[top] = {"stamp": stamp, "entry": entry}
            changed = True
        if changed:
            data = {"schema_version": SCHEMA_VERSION, "python": self._python,
                    "packages": {t: entries[t] for t in table}}
            try:
                write_cache(path, json.dumps(data, separators=(",", ":")))
            except OSError:
                pass  # an unwritable cache only costs a rebuild next time
        self._table_cache = table
        return table

    def modules_named(self, name: str) -> list[tuple[str, str]]:
        return [(name, self.source)] if self._is_top(name) else []

    def module_attributes(self, module: str) -> list[str]:
        entry = self._resolve(module)
        return list(entry["attrs"]) if entry else []

    def knows_all_attributes(self, module: str) -> bool:
        entry = self._resolve(module)
        return bool(entry and entry["complete"])

    def star_exports(self, module: str) -> list[str]:
        entry = self._resolve(module)
        return list(entry["exports"]) if entry else []

    def has_module(self, module: str) -> bool:
        return self._is_top(module.partition(".")[0]) and self._spec(module) is not None

    def providers_in(self, name: str, tops: Iterable[str]) -> list[tuple[str, str]]:
        """Return ``(module, source)`` for submodules of the packages ``tops`` that define ``name``.

        Only the packages a file already imports from are walked (read from source, never
        imported), so ``from packaging.tags import Tag`` is found for a file that uses packaging.
        """
        found = []
        for top in sorted(tops):
            for module, exports in self._package_exports(top).items():
                if name in exports:
                    found.append((module, self.source))
        return found

    def _cache_path(self, kind: str) -> Path:
        key = hashlib.sha1(f"{self._python}\0{self._search_path}".encode()).hexdigest()[:12]
        return cache_dir() / f"{kind}-{sys.implementation.cache_tag}-{key}.json"

    def _package_exports(self, top: str) -> dict[str, frozenset[str]]:
        if top in self._walked:
            return self._walked[top]
        # walking a big package (pygments: 300 files) costs seconds: kept on disk per package,
        # read again only when its top module changed
        spec = self._top_specs().get(top)
        stamp = _stamp(spec.origin if spec else None)
        path = self._cache_path("walked")
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            hit = cached.get("packages", {}).get(top) if cached.get(
                "schema_version") == SCHEMA_VERSION else None
        except (OSError, ValueError):
            cached, hit = {}, None
        if hit and hit.get("stamp") == stamp and stamp:
            walked = {m: frozenset(names) for m, names in hit["exports"].items()}
            self._walked[top] = walked
            return walked
        walked = self._walk(top, spec)
        self._walked[top] = walked
        if stamp:
            packages = dict(cached.get("packages", {})) if isinstance(cached, dict) else {}
            packages[top] = {"stamp": stamp,
                             "exports": {m: sorted(n) for m, n in walked.items()}}
            try:
                write_cache(path, json.dumps({"schema_version": SCHEMA_VERSION,
                                                   "packages": packages},
                                                  separators=(",", ":")))
            except OSError:
                pass  # an unwritable cache only costs the walk next time
        return walked

    def _walk(self, top: str, spec: ModuleSpec | None) -> dict[str, frozenset[str]]:
        exports: dict[str, frozenset[str]] = {}
        folders = list(spec.submodule_search_locations or []) if spec else []
        files = [f for folder in folders for f in sorted(Path(folder).rglob("*.py"))
                 if not {"tests", "test", "_vendor"} & set(f.relative_to(folder).parts[:-1])]
        if len(files) <= MAX_PACKAGE_FILES:
            for folder in folders:
                for path in files:
                    try:
                        rel = path.relative_to(folder).with_suffix("")
                    except ValueError:
                        continue
                    parts = [p for p in rel.parts if p != "__init__"]
                    if not all(p.isidentifier() and is_public(p) for p in parts):
                        continue
                    try:
                        facts = scan_source(path.read_bytes(), is_package=path.name == "__init__.py")
                    except (OSError, SyntaxError, ValueError):
                        continue
                    exports[".".join([top, *parts])] = frozenset(module_entry(facts)["exports"])
        return exports
