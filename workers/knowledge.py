"""Where names come from: the stdlib, installed distributions and the workspace.

Every index reads source with :mod:`ast` instead of importing it: importing user code or a
third-party package can run anything. Only modules without Python source (builtin and
extension modules) and stdlib modules that fill their namespace at run time (``from posix
import *``, ``globals().update(...)``) are imported, in one child interpreter.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path

from nca.workers.missing_attributes import find_missing_module_attributes
from nca.workers.modulefacts import (
    ModuleFacts,
    absolute_module,
    dump_modules,
    is_extension,
    is_public,
    locate_module,
    module_entry,
    scan_source,
    submodule_files,
)
from nca.workers.types import SymbolIndex

__all__ = [
    "CombinedIndex",
    "InstalledIndex",
    "ModuleFacts",
    "StdlibIndex",
    "WorkspaceIndex",
    "cache_dir",
    "find_missing_module_attributes",
    "scan_source",
]

SCHEMA_VERSION = 1
#: installed packages larger than this are not walked for submodule exports (too slow to read)
MAX_PACKAGE_FILES = 400
#: modules read while following one installed package's star imports for the name table
STAR_BUDGET = 40
SKIP_DIRS = frozenset({".venv", "venv", ".git", "node_modules", "build", ".nca", "__pycache__"})
_NOT_STDLIB = frozenset({"antigravity", "this", "idlelib", "tkinter", "turtledemo", "test"})
# packages whose submodules nobody imports by name; skipping them keeps the build fast
_NO_SUBMODULES = frozenset({"encodings", "pydoc_data", "ensurepip", "lib2to3", "distutils"})


def cache_dir() -> Path:
    """Return nca's cache folder: ``$XDG_CACHE_HOME/nca`` or ``~/.cache/nca``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nca"


def _stamp(origin: str | None) -> str:
    """Return what changes when an installed package's top module changes (mtime and size)."""
    try:
        st = os.stat(origin or "")
    except OSError:
        return ""
    return f"{st.st_mtime_ns}:{st.st_size}"


def _write_atomically(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _TableIndex:
    """An index held as ``{module: {"attrs", "exports", "complete"}}``."""

    source = ""

    def _table(self) -> dict[str, dict]:
        raise NotImplementedError

    def _aliases(self) -> dict[str, str]:
        return {}

    def _providers(self) -> dict[str, list[str]]:
        if getattr(self, "_by_name", None) is None:
            by_name: dict[str, list[str]] = {}
            for module, entry in sorted(self._table().items()):
                for name in entry["exports"]:
                    by_name.setdefault(name, []).append(module)
            self._by_name = by_name
        return self._by_name

    def modules_named(self, name: str) -> list[tuple[str, str]]:
        """Return the modules whose dotted name is ``name`` or ends in ``.name``."""
        return [(m, self.source) for m in self._table() if m == name or m.endswith("." + name)]

    def providers_of(self, name: str) -> list[tuple[str, str]]:
        """Return the modules that offer a public ``name``."""
        return [(m, self.source) for m in self._providers().get(name, ())]

    def module_attributes(self, module: str) -> list[str]:
        """Return the public attributes of ``module`` (empty when unknown)."""
        entry = self._table().get(self._aliases().get(module, module))
        return list(entry["attrs"]) if entry else []

    def knows_all_attributes(self, module: str) -> bool:
        """Return True when ``module_attributes`` is the module's whole public namespace."""
        entry = self._table().get(self._aliases().get(module, module))
        return bool(entry and entry["complete"])

    def has_module(self, module: str) -> bool:
        """Return True when ``module`` is a module this index knows."""
        return self._aliases().get(module, module) in self._table()

    def source_of(self, module: str) -> str | None:
        """Return where ``module`` comes from, or None when this index does not know it."""
        return self.source if self.has_module(module) else None


class StdlibIndex(_TableIndex):
    """The standard library of the running interpreter, cached as JSON per Python version."""

    source = "stdlib"

    def __init__(self, cache: Path | None = None, *, timeout: float = 60.0) -> None:
        self._cache = cache
        self._timeout = timeout
        self._data: dict | None = None
        self._by_name: dict[str, list[str]] | None = None

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
                _write_atomically(self.cache_path, json.dumps(data, separators=(",", ":")))
            except OSError:
                pass  # an unwritable cache only costs a rebuild next time
        return data


class _SourceIndex(_TableIndex):
    """An index over modules read lazily from source files, star imports followed."""

    def __init__(self) -> None:
        self._facts_cache: dict[str, ModuleFacts | None] = {}
        self._resolved: dict[str, dict] = {}
        # modules one resolution may still read; None is unbounded (star imports of a big
        # package like sympy would otherwise pull in thousands of files)
        self._budget: int | None = None
        self._by_name = None

    def _read(self, module: str) -> ModuleFacts | None:
        raise NotImplementedError

    def _facts(self, module: str) -> ModuleFacts | None:
        if module not in self._facts_cache:
            if self._budget is not None:
                self._budget -= 1
            self._facts_cache[module] = self._read(module)
        return self._facts_cache[module]

    def _resolve(self, module: str, depth: int = 0) -> dict | None:
        if module in self._resolved:
            return self._resolved[module]
        facts = self._facts(module)
        if facts is None:
            return None
        entry = module_entry(facts)
        attrs, exports = set(entry["attrs"]), set(entry["exports"])
        complete = not (facts.has_getattr or facts.dynamic)
        for target, level in facts.stars:
            absolute = absolute_module(module, target, level, self._is_package(module))
            within = depth < 4 and (self._budget is None or self._budget > 0)
            star = self._resolve(absolute, depth + 1) if within else None
            if star is None:
                complete = False
                continue
            attrs |= set(star["exports"])
            exports |= set(star["exports"])
            complete &= star["complete"]
        result = {"attrs": sorted(attrs), "exports": sorted(exports), "complete": complete}
        self._resolved[module] = result
        return result

    def _is_package(self, module: str) -> bool:
        return False


class InstalledIndex(_SourceIndex):
    """Top-level modules of installed distributions, read from source, imported only when
    they have none (extension modules), in a child interpreter with a timeout."""

    source = "installed"

    def __init__(self, *, python: str = sys.executable, timeout: float = 10.0) -> None:
        super().__init__()
        self._python = python
        self._timeout = timeout
        self._tops: dict[str, ModuleSpec] | None = None
        self._specs: dict[str, ModuleSpec | None] = {}
        self._walked: dict[str, dict[str, frozenset[str]]] = {}
        self._table_cache: dict[str, dict] | None = None

    def _top_specs(self) -> dict[str, ModuleSpec]:
        if self._tops is None:
            tops: dict[str, ModuleSpec] = {}
            for top in sorted(importlib.metadata.packages_distributions()):
                if is_public(top) and top.isidentifier() and top not in sys.stdlib_module_names:
                    spec = self._spec(top)
                    if spec is not None:
                        tops[top] = spec
            self._tops = tops
        return self._tops

    def _spec(self, module: str) -> ModuleSpec | None:
        if module not in self._specs:
            self._specs[module] = locate_module(module)
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
        spec = self._spec(module) if module.partition(".")[0] in self._top_specs() else None
        if spec is not None and is_extension(spec.origin) and module not in self._resolved:
            info = dump_modules([module], self._python, self._timeout).get(module)
            self._resolved[module] = info and {
                "attrs": info["attrs"],
                "exports": info["exports"],
                "complete": not info["getattr"],
            }
        return super()._resolve(module, depth) if spec is not None else None

    def _table(self) -> dict[str, dict]:
        if self._table_cache is not None:
            return self._table_cache
        path = cache_dir() / f"installed-{sys.implementation.cache_tag}.json"
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if cached.get("schema_version") != SCHEMA_VERSION or cached.get("python") != sys.executable:
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
            data = {"schema_version": SCHEMA_VERSION, "python": sys.executable,
                    "packages": {t: entries[t] for t in table}}
            try:
                _write_atomically(path, json.dumps(data, separators=(",", ":")))
            except OSError:
                pass  # an unwritable cache only costs a rebuild next time
        self._table_cache = table
        return table

    def modules_named(self, name: str) -> list[tuple[str, str]]:
        return [(name, self.source)] if name in self._top_specs() else []

    def module_attributes(self, module: str) -> list[str]:
        entry = self._resolve(module)
        return list(entry["attrs"]) if entry else []

    def knows_all_attributes(self, module: str) -> bool:
        entry = self._resolve(module)
        return bool(entry and entry["complete"])

    def has_module(self, module: str) -> bool:
        return module.partition(".")[0] in self._top_specs() and self._spec(module) is not None

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

    def _package_exports(self, top: str) -> dict[str, frozenset[str]]:
        if top in self._walked:
            return self._walked[top]
        spec = self._top_specs().get(top)
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
        self._walked[top] = exports
        return exports


class WorkspaceIndex(_SourceIndex):
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

    def alias_counts(self, alias: str) -> Counter[str]:
        """Return how often the workspace imports a module under ``alias``, per module."""
        total: Counter[str] = Counter()
        for index in self.indexes:
            if hasattr(index, "alias_counts"):
                total.update(index.alias_counts(alias))
        return total

    def module_for_path(self, path: str | os.PathLike[str]) -> str | None:
        """Return the workspace module name of ``path``, when a workspace index has it."""
        for index in self.indexes:
            finder = getattr(index, "module_for_path", None)
            if finder and (module := finder(path)):
                return module
        return None
