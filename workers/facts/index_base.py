"""What every index shares: the table lookups, star-import resolution and the JSON cache.

Indexes read source with :mod:`ast` and keep their tables as
``{module: {"attrs", "exports", "defines", "complete"}}``; the caches they write carry a schema version.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from nca.workers.facts.modulefacts import ModuleFacts, absolute_module, module_entry

__all__ = ["CACHE_FILES_KEPT", "SCHEMA_VERSION", "SourceIndex", "TableIndex", "cache_dir",
           "write_atomically", "write_cache"]

SCHEMA_VERSION = 7


def cache_dir() -> Path:
    """Return nca's cache folder: ``$XDG_CACHE_HOME/nca`` or ``~/.cache/nca``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nca"


#: cache files kept per kind (the newest), and the age (seconds) after which one goes: each
#: workspace and environment has a file of its own, and those of folders long gone (a test's
#: temporary project, a deleted virtual environment) would otherwise pile up
CACHE_FILES_KEPT = 64
CACHE_MAX_AGE_S = 30 * 86400


def write_cache(path: Path, data: str) -> None:
    """Write the cache file ``path`` (``<kind>-<key>.json``) atomically, then drop the files of
    the same kind beyond the newest :data:`CACHE_FILES_KEPT` or older than
    :data:`CACHE_MAX_AGE_S` (raises OSError when the file cannot be written)."""
    write_atomically(path, data)
    prefix = path.name.rsplit("-", 1)[0] + "-"
    try:
        found = [(entry.stat().st_mtime, entry.path) for entry in os.scandir(path.parent)
                 if entry.name.startswith(prefix) and entry.name.endswith(".json")
                 and entry.name.count("-") == path.name.count("-")
                 and entry.path != str(path)]
    except OSError:
        return
    found.sort(reverse=True)
    oldest = time.time() - CACHE_MAX_AGE_S
    for n, (mtime, old) in enumerate(found, 1):
        if n >= CACHE_FILES_KEPT or mtime < oldest:
            with contextlib.suppress(OSError):  # another process's, gone already
                os.unlink(old)


def write_atomically(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` through a temporary file, so readers never see half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class TableIndex:
    """An index held as ``{module: {"attrs", "exports", "defines", "complete"}}``."""

    source = ""
    #: per entry key, the modules listing each name there, built on first need (None: not yet)
    _by_name: dict[str, dict[str, list[str]]] | None

    def _table(self) -> dict[str, dict]:
        raise NotImplementedError

    def _aliases(self) -> dict[str, str]:
        return {}

    def _providers(self, key: str = "exports") -> dict[str, list[str]]:
        """Return, for each name, the modules whose entry lists it under ``key``."""
        built: dict[str, dict[str, list[str]]] | None = getattr(self, "_by_name", None)
        if built is None:
            built = self._by_name = {}
        by_name = built.get(key)
        if by_name is None:
            by_name = built[key] = {}
            for module, entry in sorted(self._table().items()):
                for name in entry.get(key, ()):
                    by_name.setdefault(name, []).append(module)
        return by_name

    def modules_named(self, name: str) -> list[tuple[str, str]]:
        """Return the modules whose dotted name is ``name`` or ends in ``.name``."""
        return [(m, self.source) for m in self._table() if m == name or m.endswith("." + name)]

    def providers_of(self, name: str) -> list[tuple[str, str]]:
        """Return the modules that offer a public ``name``; where none does, those that
        define it though their ``__all__`` leaves it out (``importlib.metadata.EntryPoint``)."""
        found = self._providers().get(name)
        if found is None:
            found = self._providers("defines").get(name, [])
        return [(m, self.source) for m in found]

    def module_attributes(self, module: str) -> list[str]:
        """Return the public attributes of ``module`` (empty when unknown)."""
        entry = self._table().get(self._aliases().get(module, module))
        return list(entry["attrs"]) if entry else []

    def knows_all_attributes(self, module: str) -> bool:
        """Return True when ``module_attributes`` is the module's whole public namespace."""
        entry = self._table().get(self._aliases().get(module, module))
        return bool(entry and entry["complete"])

    def star_exports(self, module: str) -> list[str]:
        """Return the names ``from module import *`` binds: its ``__all__``, or else its
        public names (empty when unknown)."""
        entry = self._table().get(self._aliases().get(module, module))
        return list(entry["exports"]) if entry else []

    def has_module(self, module: str) -> bool:
        """Return True when ``module`` is a module this index knows."""
        return self._aliases().get(module, module) in self._table()

    def source_of(self, module: str) -> str | None:
        """Return where ``module`` comes from, or None when this index does not know it."""
        return self.source if self.has_module(module) else None



class SourceIndex(TableIndex):
    """An index over modules read lazily from source files, star imports followed."""

    def __init__(self) -> None:
        self._facts_cache: dict[str, ModuleFacts | None] = {}
        self._resolved: dict[str, dict | None] = {}
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

    def binds_itself(self, module: str, name: str) -> bool:
        """Return True when ``module`` binds ``name`` itself, not by importing it."""
        facts = self._facts(module)
        return facts is not None and name in facts.bound and name not in facts.imported()

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
