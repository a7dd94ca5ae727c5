"""Where names come from: the stdlib, installed distributions and the workspace.

Every index reads source with :mod:`ast` instead of importing it: importing user code or a
third-party package can run anything. Only modules without Python source (builtin and
extension modules) and stdlib modules that fill their namespace at run time (``from posix
import *``, ``globals().update(...)``) are imported, in one child interpreter.
"""

from __future__ import annotations

import json
import os
import sys
import sysconfig
from collections import Counter
from collections.abc import Iterable
from importlib.machinery import PathFinder
from pathlib import Path

from nca.workers.core.types import SymbolIndex
from nca.workers.facts.index_base import SCHEMA_VERSION, TableIndex, cache_dir, write_atomically
from nca.workers.facts.installed_index import InstalledIndex
from nca.workers.facts.modulefacts import (
    ModuleFacts,
    dump_modules,
    is_extension,
    is_public,
    module_entry,
    scan_source,
    submodule_files,
)
from nca.workers.facts.workspace_index import WorkspaceIndex

__all__ = [
    "CombinedIndex",
    "InstalledIndex",
    "ModuleFacts",
    "StdlibIndex",
    "WorkspaceIndex",
    "cache_dir",
    "scan_source",
]

_NOT_STDLIB = frozenset({"antigravity", "this", "idlelib", "tkinter", "turtledemo", "test"})
# packages whose submodules nobody imports by name; skipping them keeps the build fast
_NO_SUBMODULES = frozenset({"encodings", "pydoc_data", "ensurepip", "lib2to3", "distutils"})


class StdlibIndex(TableIndex):
    """The standard library of the running interpreter, cached as JSON per Python version."""

    source = "stdlib"

    def __init__(self, cache: Path | None = None, *, timeout: float = 60.0) -> None:
        self._cache = cache
        self._timeout = timeout
        self._data: dict | None = None
        self._by_name: dict[str, dict[str, list[str]]] | None = None

    @property
    def cache_path(self) -> Path:
        """Return the JSON file holding this interpreter's stdlib index."""
        version = ".".join(map(str, sys.version_info[:3]))
        name = f"stdlib-{sys.implementation.cache_tag}-{version}.json"
        return (self._cache or cache_dir()) / name

    def _load(self) -> dict:
        if self._data is None:
            try:
                data = json.loads(self.cache_path.read_text(encoding="utf-8"))
                if data.get("schema_version") != SCHEMA_VERSION:
                    raise ValueError("old schema")
            except (OSError, ValueError, AttributeError):
                data = self._build()
            self._data = data
        return self._data

    def _table(self) -> dict[str, dict]:
        return self._load()["modules"]

    def _aliases(self) -> dict[str, str]:
        return self._load()["aliases"]

    def _build(self) -> dict:
        stdlib = Path(sysconfig.get_path("stdlib"))
        paths = [str(stdlib), *(p for p in sys.path if p.endswith("lib-dynload"))]
        modules: dict[str, dict] = {}
        runtime: list[str] = []
        for top in sorted(sys.stdlib_module_names):
            if not is_public(top) or top in _NOT_STDLIB:
                continue
            spec = None if top in sys.builtin_module_names else PathFinder.find_spec(top, paths)
            if top in sys.builtin_module_names or (spec and is_extension(spec.origin)):
                runtime.append(top)
                continue
            if spec is None or not spec.origin or not spec.origin.endswith(".py"):
                continue
            files = [(top, Path(spec.origin), bool(spec.submodule_search_locations))]
            if spec.submodule_search_locations and top not in _NO_SUBMODULES:
                files += submodule_files(top, Path(spec.origin).parent)
            for module, path, is_package in files:
                try:
                    facts = scan_source(path.read_bytes(), is_package=is_package)
                except OSError:
                    continue
                modules[module] = module_entry(facts)
                if facts.dynamic or facts.stars:
                    runtime.append(module)
        dumped = dump_modules(runtime, sys.executable, self._timeout)
        for module in runtime:
            if module in dumped:
                info = dumped[module]
                modules[module] = {
                    "attrs": sorted(set(info["attrs"])),
                    "exports": sorted(set(info["exports"])),
                    "defines": sorted(set(info.get("defines", ()))),
                    "complete": not info["getattr"],
                }
            elif dumped:  # the child ran, so this module cannot be imported here
                modules.pop(module, None)
            elif module in modules:
                modules[module]["complete"] = False
        data = {
            "schema_version": SCHEMA_VERSION,
            "python": sys.version,
            "aliases": {"os.path": os.path.__name__},
            "modules": modules,
        }
        if dumped or not runtime:  # a failed child must not be remembered
            try:
                write_atomically(self.cache_path, json.dumps(data, separators=(",", ":")))
            except OSError:
                pass  # an unwritable cache only costs a rebuild next time
        return data


class CombinedIndex:
    """Several indexes asked in order; the first that knows a module answers for it."""

    def __init__(self, *indexes: SymbolIndex) -> None:
        self.indexes = indexes

    def _merged(self, method: str, name: str) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for index in self.indexes:
            for module, source in getattr(index, method)(name):
                seen.setdefault(module, source)
        return list(seen.items())

    def modules_named(self, name: str) -> list[tuple[str, str]]:
        """Return ``(module, source)`` for modules called ``name``, first index first."""
        return self._merged("modules_named", name)

    def providers_of(self, name: str) -> list[tuple[str, str]]:
        """Return ``(module, source)`` for modules that offer ``name``, first index first."""
        return self._merged("providers_of", name)

    def providers_in(self, name: str, tops: Iterable[str]) -> list[tuple[str, str]]:
        """Return ``(module, source)`` for submodules of ``tops`` that define ``name``."""
        seen: dict[str, str] = {}
        for index in self.indexes:
            finder = getattr(index, "providers_in", None)
            for module, source in finder(name, tops) if finder else ():
                seen.setdefault(module, source)
        return list(seen.items())

    def _owner(self, module: str) -> SymbolIndex | None:
        for index in self.indexes:
            has = getattr(index, "has_module", None)
            if has(module) if has else index.module_attributes(module):
                return index
        return None

    def module_attributes(self, module: str) -> list[str]:
        """Return the public attributes of ``module`` from the first index that has it."""
        owner = self._owner(module)
        return list(owner.module_attributes(module)) if owner else []

    def knows_all_attributes(self, module: str) -> bool:
        """Return True when the index that has ``module`` knows its whole namespace."""
        owner = self._owner(module)
        check = getattr(owner, "knows_all_attributes", None)
        return bool(owner and (check(module) if check else owner.module_attributes(module)))

    def star_exports(self, module: str) -> list[str]:
        """Return the names ``from module import *`` binds, from the index that has it (its
        public attributes where that index cannot tell them apart)."""
        owner = self._owner(module)
        if owner is None:
            return []
        exports = getattr(owner, "star_exports", owner.module_attributes)
        return list(exports(module))

    def binds_itself(self, module: str, name: str) -> bool:
        """Return True when ``module`` binds ``name`` itself (a def, a class, an assignment),
        not by importing it: the name's home, not a re-export."""
        check = getattr(self._owner(module), "binds_itself", None)
        return bool(check and check(module, name))

    def has_module(self, module: str) -> bool:
        """Return True when some index knows ``module``."""
        return self._owner(module) is not None

    def source_of(self, module: str) -> str | None:
        """Return where ``module`` comes from: workspace, stdlib or installed."""
        return getattr(self._owner(module), "source", None)

    def import_counts(self, name: str) -> Counter[str]:
        """Return how often the workspace imports ``name`` from each module."""
        total: Counter[str] = Counter()
        for index in self.indexes:
            if hasattr(index, "import_counts"):
                total.update(index.import_counts(name))
        return total

    def plain_import_count(self, module: str) -> int:
        """Return how many workspace files ``import module``."""
        return sum(getattr(index, "plain_import_count", lambda _: 0)(module)
                   for index in self.indexes)

    def own_import_styles(self, top: str, level: int = 1,
                          within: str | None = None) -> tuple[int, int]:
        """Return how many files of package ``top`` (or of its subpackage ``within``) import
        it ``level`` packages up relatively, and absolutely."""
        for index in self.indexes:
            styles = getattr(index, "own_import_styles", None)
            if styles is not None and getattr(index, "has_module", lambda _: False)(top):
                return styles(top, level, within)
        return (0, 0)

    def runtime_test(self, module: str, level: int, name: str) -> str | None:
        """Return the platform or version test the workspace's ``module`` binds ``name`` to."""
        for index in self.indexes:
            found = getattr(index, "runtime_test", lambda *_: None)(module, level, name)
            if found is not None:
                return found
        return None

    def import_order_votes(self) -> Counter[str]:
        """Return how many of the workspace's files follow each isort order."""
        total: Counter[str] = Counter()
        for index in self.indexes:
            total.update(getattr(index, "import_order_votes", Counter)())
        return total

    def member_orders(self, module: str) -> list[tuple[str, ...]]:
        """Return the workspace's ``from module import ...`` name lists, in their order."""
        return [order for index in self.indexes
                for order in getattr(index, "member_orders", lambda _: [])(module)]

    def alias_counts(self, alias: str) -> Counter[str]:
        """Return how often the workspace imports a module under ``alias``, per module."""
        total: Counter[str] = Counter()
        for index in self.indexes:
            if hasattr(index, "alias_counts"):
                total.update(index.alias_counts(alias))
        return total

    def imported_tops(self) -> set[str]:
        """Return the top-level packages the workspace imports."""
        out: set[str] = set()
        for index in self.indexes:
            finder = getattr(index, "imported_tops", None)
            out |= finder() if finder is not None else set()
        return out

    def defines_member(self, name: str) -> bool:
        """Return True when a workspace class has ``name`` or workspace code sets ``x.name``."""
        return any(getattr(index, "defines_member", lambda _: False)(name)
                   for index in self.indexes)

    def imports_of(self, module: str) -> set[str] | None:
        """Return the modules a workspace ``module`` imports, or None when no index can tell."""
        for index in self.indexes:
            finder = getattr(index, "imports_of", None)
            if finder is not None and getattr(index, "has_module", lambda _: False)(module):
                return set(finder(module))
        return None

    def name_alias_counts(self, alias: str) -> Counter[tuple[str, str]]:
        """Return how often the workspace imports a name under ``alias``, per (module, name)."""
        total: Counter[tuple[str, str]] = Counter()
        for index in self.indexes:
            if hasattr(index, "name_alias_counts"):
                total.update(index.name_alias_counts(alias))
        return total

    def module_for_path(self, path: str | os.PathLike[str]) -> str | None:
        """Return the workspace module name of ``path``, when a workspace index has it."""
        for index in self.indexes:
            finder = getattr(index, "module_for_path", None)
            if finder and (module := finder(path)):
                return module
        return None
