"""The workspace as an index: every module of a folder tree, re-read when its file changes.

What each file binds is kept on disk too (nca's cache folder, one JSON file per workspace,
keyed by each file's mtime and size), so a CLI run reads only the files that changed since
the last run instead of parsing the whole project again.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

from nca.workers.facts.document import analysed_tree
from nca.workers.facts.index_base import SCHEMA_VERSION, SourceIndex, cache_dir, write_cache
from nca.workers.facts.modulefacts import (
    ModuleFacts,
    absolute_module,
    is_public,
    relative_target,
    scan_source,
)

__all__ = ["CACHE_MIN_FILES", "SKIP_DIRS", "WorkspaceIndex"]

#: workspaces with fewer modules are read again each run (it costs less than the cache file)
CACHE_MIN_FILES = 20
SKIP_DIRS = frozenset({".venv", "venv", ".git", "node_modules", "build", ".nca", "__pycache__"})


_EMPTY = {"attrs": [], "exports": [], "complete": False}


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
        self._loaded = False  # the disk cache was read
        self._unsaved = False  # facts were read from source since the disk cache was written
        self._sets: dict[str, set[str]] = {}  # what _gathered found in every module
        self._orders: dict[str, list[tuple[str, ...]]] | None = None  # see member_orders

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
        if not self._loaded:
            self._loaded = True
            self._by_path.update(self._load(stamps))
        if stamps != self._stamps:
            self._stamps = stamps
            self._paths, self._modules = {}, {}
            for path in sorted(stamps):
                module = self._module_name(path, packages)
                if module and module not in self._paths:
                    self._paths[module], self._modules[path] = path, module
            self._facts_cache, self._resolved, self._by_name = {}, {}, None
            self._sets, self._orders = {}, None
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
            data = path.read_bytes()
        except OSError:
            return None
        # the file being fixed was parsed a moment ago: its tree is not parsed twice
        facts = scan_source(data, is_package=self._is_package(module), tree=analysed_tree(data))
        self._by_path[path] = (stamp, facts)
        self._unsaved = True
        return facts

    def _table(self) -> dict[str, dict]:
        self._fresh()
        table = {module: self._resolve(module) or dict(_EMPTY) for module in self._paths}
        if self._unsaved and len(self._paths) >= CACHE_MIN_FILES:
            self._save()
        return table

    def modules_named(self, name: str) -> list[tuple[str, str]]:
        """Return the modules whose dotted name is ``name`` or ends in ``.name``."""
        self._fresh()
        return [(m, self.source) for m in self._paths if m == name or m.endswith("." + name)]

    # ------------------------------------------------------------------ the disk cache

    def _cache_path(self) -> Path:
        key = hashlib.sha1(str(self.root).encode()).hexdigest()[:12]
        return cache_dir() / f"workspace-{key}.json"

    def _load(self, stamps: dict[Path, tuple[int, int]]) -> dict[Path, tuple[tuple[int, int], ModuleFacts]]:
        """Return the cached facts of the files whose stamp has not changed."""
        try:
            cached = json.loads(self._cache_path().read_text(encoding="utf-8"))
            if cached.get("schema_version") != SCHEMA_VERSION or cached.get("root") != str(self.root):
                return {}
            found = {}
            for rel, (mtime, size, data) in cached["files"].items():
                path = self.root / rel
                if stamps.get(path) == (mtime, size):
                    found[path] = ((mtime, size), _facts_from(data))
            return found
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # no cache, or one this version cannot read: the files are read again

    def _save(self) -> None:
        # a copy: the language server's threads may read other files meanwhile
        known = list(self._by_path.items())
        files = {str(path.relative_to(self.root)): [*stamp, _facts_data(facts)]
                 for path, (stamp, facts) in known}
        data = {"schema_version": SCHEMA_VERSION, "root": str(self.root), "files": files}
        try:
            write_cache(self._cache_path(), json.dumps(data, separators=(",", ":")))
        except OSError:
            pass  # a read-only cache folder costs the next run its reads, nothing else
        self._unsaved = False

    # one module's questions read that module (and what it star-imports), not the workspace

    def _entry(self, module: str) -> dict | None:
        self._fresh()
        return (self._resolve(module) or dict(_EMPTY)) if module in self._paths else None

    def has_module(self, module: str) -> bool:
        """Return True when ``module`` is a module of the workspace."""
        self._fresh()
        return module in self._paths

    def module_attributes(self, module: str) -> list[str]:
        """Return the public attributes of ``module`` (empty when unknown)."""
        entry = self._entry(module)
        return list(entry["attrs"]) if entry else []

    def knows_all_attributes(self, module: str) -> bool:
        """Return True when ``module_attributes`` is the module's whole public namespace."""
        entry = self._entry(module)
        return bool(entry and entry["complete"])

    def star_exports(self, module: str) -> list[str]:
        """Return the names ``from module import *`` binds (empty when unknown)."""
        entry = self._entry(module)
        return list(entry["exports"]) if entry else []

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

    def plain_import_count(self, module: str) -> int:
        """Return how many workspace files ``import module`` (aliased or not)."""
        return sum(1 for m in self._table() if (facts := self._facts(m))
                   and module in facts.plain_imports)

    def member_orders(self, module: str) -> list[tuple[str, ...]]:
        """Return the names of each ``from module import a, b`` of the workspace, in the order
        its files list them (consecutive imports from one module count as one list)."""
        self._fresh()
        if self._orders is None:
            orders: dict[str, list[tuple[str, ...]]] = {}
            for own in self._table():
                facts = self._facts(own)
                runs: list[tuple[tuple[str, int], list[str]]] = []
                for target, level, imported in facts.imports if facts else ():
                    if not runs or runs[-1][0] != (target, level):
                        runs.append(((target, level), []))
                    runs[-1][1].append(imported)
                for (target, level), names in runs:
                    if len(names) > 1:
                        origin = absolute_module(own, target, level, self._is_package(own))
                        orders.setdefault(origin, []).append(tuple(names))
            self._orders = orders
        return list(self._orders.get(module, ()))

    def runtime_test(self, module: str, level: int, name: str) -> str | None:
        """Return the platform or version test the workspace's ``module`` binds ``name`` to at
        module level (``WIN = sys.platform == "win32"``), or None. A relative ``module``
        (``level`` dots) may be any module of that name: where two bind it differently, None.
        Only the modules of that name are read."""
        self._fresh()
        found = {test for m in list(self._paths)
                 if (m == module if not level else m == module or m.endswith("." + module))
                 and (facts := self._facts(m)) is not None
                 and (test := facts.runtime_tests.get(name)) is not None}
        return found.pop() if len(found) == 1 else None

    def import_order_votes(self) -> Counter[str]:
        """Return how many of the workspace's files follow each isort order, counting only
        files whose import block tells the orders apart (see facts.import_order)."""
        votes: Counter[str] = Counter()
        for name in self._gathered("import_orders", lambda module, facts: [
                f"{module}\0{order}" for order in facts.import_orders]):
            votes[name.partition("\0")[2]] += 1
        return votes

    def providers_of(self, name: str) -> list[tuple[str, str]]:
        """Return the modules that offer ``name``, then those that define it though their
        ``__all__`` leaves it out (or it is private).

        A package's files import each other's helpers (``from ._compat import _term_len``,
        pytz's ``from pytz.tzinfo import StaticTzInfo`` where ``__all__ = []``); the Analyzer
        offers a private one only inside the same package.
        """
        found = super().providers_of(name) if is_public(name) else []
        listed = {m for m, _ in found}
        for module in sorted(self._table()):
            facts = self._facts(module)
            if module not in listed and facts and name in facts.bound - facts.imported():
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

    def _gathered(self, key: str,
                  gather: Callable[[str, ModuleFacts], Iterable[str]]) -> set[str]:
        """Return what ``gather`` finds in every module's facts, kept until the next refresh."""
        self._fresh()
        found = self._sets.get(key)
        if found is None:
            found = set()
            for module in self._table():
                facts = self._facts(module)
                if facts is not None:
                    found.update(gather(module, facts))
            self._sets[key] = found
        return found

    def imported_tops(self) -> set[str]:
        """Return the top-level packages the workspace's files import (absolutely)."""
        return self._gathered("tops", lambda _module, facts: [
            *(m.partition(".")[0] for m in facts.plain_imports),
            *(t.partition(".")[0] for t, level, _n in facts.imports if not level and t)])

    def own_import_styles(self, top: str, level: int = 1,
                          within: str | None = None) -> tuple[int, int]:
        """Return how many files of package ``top`` (of its subpackage ``within``, where
        they import that far up) import a module of it ``level`` packages up (``from ..x
        import y`` for 2) relatively, and how many absolutely (``from top.x import y``, as
        far up)."""
        def styles(own: str, facts: ModuleFacts) -> list[str]:
            if own.partition(".")[0] != top:
                return []
            found = []
            for target, dots, _name in facts.imports:
                if dots:
                    found.append(f"r{dots}:{own}")
                elif target.partition(".")[0] == top:
                    far = relative_target(own, self._is_package(own), target)[0]
                    found.append(f"a{far}:{own}")
            return found
        entries = [(e[0], int(e[1:].partition(":")[0]), e.partition(":")[2])
                   for e in self._gathered(f"styles:{top}", styles)]
        def files(kind: str, exact: bool, near: str) -> int:
            return len({own for k, dots, own in entries
                        if k == kind and (dots == level if exact else dots >= level)
                        and own.startswith(near)})
        # as far up exactly (a package writes `..errors` relative but `pkg.common`, four
        # levels up, absolute); where no file goes exactly that far, that far or further;
        # the files of the subpackage ``within`` first, where they say
        for near in ([f"{within}."] if within and within != top else []) + [""]:
            for exact in (True, False):
                found = files("r", exact, near), files("a", exact, near)
                if any(found):
                    return found
        return 0, 0

    def defines_member(self, name: str) -> bool:
        """Return True when a class of the workspace has ``name`` (a method, a class
        attribute) or code of it sets ``obj.name``."""
        return name in self._gathered("members", lambda _module, facts: facts.members)

    def imports_of(self, module: str) -> set[str]:
        """Return the modules ``module`` imports at its top level (``from . import x`` counts
        the submodule ``x`` too), or an empty set when the workspace lacks it."""
        facts = self._facts(module) if module in self._table() else None
        if facts is None:
            return set()
        out = set(facts.plain_imports)
        for target, level, name in facts.imports:
            origin = absolute_module(module, target, level, self._is_package(module))
            out.update((origin, f"{origin}.{name}"))
        return out

    def name_alias_counts(self, alias: str) -> Counter[tuple[str, str]]:
        """Return how often workspace files ``from <module> import <name> as <alias>``, per
        (absolute module, name)."""
        counts: Counter[tuple[str, str]] = Counter()
        for module in self._table():
            facts = self._facts(module)
            for target, level, name, asname in facts.name_aliases if facts else ():
                if asname == alias:
                    origin = absolute_module(module, target, level, self._is_package(module))
                    counts[(origin, name)] += 1
        return counts


def _facts_data(facts: ModuleFacts) -> dict:
    data = asdict(facts)
    data["bound"], data["exports"] = sorted(facts.bound), sorted(facts.exports)
    data["members"] = sorted(facts.members)
    return data


def _facts_from(data: dict) -> ModuleFacts:
    return ModuleFacts(
        bound=set(data["bound"]), exports=set(data["exports"]),
        stars=[(m, int(level)) for m, level in data["stars"]],
        imports=[(m, int(level), n) for m, level, n in data["imports"]],
        module_aliases=[(m, a) for m, a in data["module_aliases"]],
        name_aliases=[(m, int(level), n, a) for m, level, n, a in data["name_aliases"]],
        plain_imports=list(data["plain_imports"]), members=set(data["members"]),
        dynamic=bool(data["dynamic"]), has_getattr=bool(data["has_getattr"]),
        import_orders=list(data["import_orders"]), runtime_tests=dict(data["runtime_tests"]))
