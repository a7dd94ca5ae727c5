"""What the workspace knows that one file does not: who else uses a name, and what it declares.

The Cleaner reads one file. A name another module imports, an entry point declared in
``pyproject.toml``, a name a vulture whitelist lists: each is used, though nothing in the file
says so. :class:`CleanKnowledge` gathers these once per run and turns a file's text into the
:class:`~nca.workers.cleaning.cleaner.CleanOptions` the Cleaner takes.

Across files it also decides the orphan modules (:meth:`CleanKnowledge.orphan_modules`):
those no entry point reaches over the workspace's import graph. The reachability is the
cleaner role's: the Wolfram worker's when nca.toml selects it (``[nca.wolfram] workers``),
else Python's ``graph_context.unreachable``; both give the same set.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nca.admin.wolfram_roles import run_role, workers_for
from nca.admin.workspace import MAX_BYTES, iter_python_files, module_name, read_source
from nca.workers.cleaning.cleaner import CleanOptions
from nca.workers.cleaning.uses import (
    IDENTIFIERS,
    NO_USES,
    RUNS,
    FileUses,
    imported_names,
    used_names,
)
from nca.workers.core.errors import ConfigError, InputError, NcaError
from nca.workers.core.parsing import compile_source
from nca.workers.core.types import CleanFinding
from nca.workers.engines.wolfram.graph_context import unreachable as python_unreachable
from nca.workers.engines.wolfram.workers import Workers

__all__ = ["DEFAULT_WHITELIST", "ORPHAN_CONFIDENCE", "CleanKnowledge", "entry_points"]

log = logging.getLogger(__name__)

#: the workspace's own vulture whitelist, honoured when it exists
DEFAULT_WHITELIST = ".nca/whitelist.py"
_ENTRY_POINT = re.compile(r"\s*([\w.]+)\s*(?::\s*([\w.]+))?")
#: an orphan module is less sure than vulture's unused function (60): it may be loaded in ways
#: no import shows (a plugin path in a config file, ``python -m``), so it is shown below that
#: and never removed
ORPHAN_CONFIDENCE = 50
#: files run by a tool or loaded by a framework's convention, never imported by the project
_RUN_FILES = frozenset({
    "__main__.py", "setup.py", "noxfile.py", "fabfile.py", "dodo.py", "manage.py", "conf.py",
    "conftest.py", "wsgi.py", "asgi.py", "settings.py", "urls.py", "models.py", "admin.py",
    "apps.py", "views.py", "tasks.py", "signals.py"})
_RUN_FOLDERS = frozenset({"tests", "test", "testing", "migrations", "management", "scripts",
                          "bin", "docs", "examples", "benchmarks"})


@dataclass
class CleanKnowledge:
    """The workspace facts cleaning needs, loaded once for a run over many files."""

    workspace: Path
    entry_points: tuple[tuple[str, str], ...] = ()  # (module, attribute path)
    whitelists: tuple[tuple[str, str], ...] = ()  # (workspace-relative name, code)
    ignore_names: tuple[str, ...] = ()
    ignore_decorators: tuple[str, ...] = ()
    # a package's public names are its API, used by code outside the workspace: kept unless
    # `[tool.nca.clean] public = true` says the package is an application's
    keep_public: bool = True
    #: the roles nca.toml sends to Wolfram (the cleaner's reachability); None: the workspace's
    workers: Workers | None = field(default=None, repr=False)
    #: where the reachability of the orphan modules ran ("wolfram", "python", ...), once it ran
    reachability_ran: str = ""
    _uses: dict[str, FileUses] | None = field(default=None, repr=False)
    _counts: Counter[str] = field(default_factory=Counter, repr=False)
    _imported: dict[str, Counter[str]] = field(default_factory=dict, repr=False)
    _unindexed: list[str] = field(default_factory=list, repr=False)
    _orphans: dict[str, str] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, workspace: Path, *, whitelist_files: Iterable[str | Path] = (),
             ignore_decorators: Iterable[str] = ()) -> CleanKnowledge:
        """Return the knowledge of ``workspace``; bad settings raise ConfigError or InputError.

        Whitelists come from ``.nca/whitelist.py``, ``[tool.nca.clean] whitelist`` and
        ``whitelist_files`` (a flag: a missing one is bad input); ignored names and decorators
        from ``[tool.vulture]`` and ``[tool.nca.clean]`` as well as ``ignore_decorators``.
        """
        project = _pyproject(workspace)
        tool = project.get("tool", {})
        settings = _table(tool.get("nca", {}).get("clean", {}), "[tool.nca.clean]")
        vulture = _table(tool.get("vulture", {}), "[tool.vulture]")
        paths: list[tuple[Path, bool]] = []  # (path, given on the command line)
        if (workspace / DEFAULT_WHITELIST).is_file():
            paths.append((workspace / DEFAULT_WHITELIST, False))
        paths += [(workspace / p, False) for p in _strings(settings.get("whitelist"),
                                                           "[tool.nca.clean] whitelist")]
        paths += [(Path(p), True) for p in whitelist_files]
        decorators = [*_strings(vulture.get("ignore_decorators"), "[tool.vulture]"),
                      *_strings(settings.get("ignore-decorators", settings.get(
                          "ignore_decorators")), "[tool.nca.clean] ignore-decorators"),
                      *ignore_decorators]
        return cls(
            workspace=workspace,
            entry_points=entry_points(project),
            whitelists=tuple(_read_whitelist(p, workspace, given) for p, given in paths),
            ignore_names=tuple(_strings(vulture.get("ignore_names"), "[tool.vulture]")),
            ignore_decorators=tuple(dict.fromkeys(decorators)),
            keep_public=not _flag(settings.get("public", False), "[tool.nca.clean] public"),
        )

    def request(self, text: str, rel: str, *, min_confidence: int = 80,
                orphans: Iterable[str] = ()) -> CleanOptions:
        """Return the Cleaner's request for ``text``, the file at workspace-relative ``rel``."""
        return CleanOptions(
            text=text, path=rel, min_confidence=min_confidence, orphans=tuple(orphans),
            whitelist=(*self.ignore_names, *self.kept_names(text, rel)),
            ignore_decorators=self.ignore_decorators, whitelists=self.whitelists)

    def kept_names(self, text: str, rel: str) -> tuple[str, ...]:
        """Return the names in ``text`` that entry points or other workspace files use.

        An imported name counts as used only where another file imports it from this module
        (a re-export): ``os`` used elsewhere says nothing about this file's ``import os``.
        """
        uses = self._index()
        module = module_name(rel)
        own = uses.get(rel, NO_USES)
        bound = imported_names(text)
        reexported: Counter[str] = Counter()
        if module:
            for source, names in self._imported.items():
                if _same_module(source, module):
                    reexported.update(names)
            reexported.subtract(name for source, name in own.imports
                                if _same_module(source, module))
        kept = set(self._entry_names(module))
        public = self.keep_public and self._in_package(rel)
        for name in set(IDENTIFIERS.findall(text)):
            if public and name not in bound and not name.startswith("_"):
                kept.add(name)  # the package's API: someone outside the workspace may use it
                continue
            if name in bound:
                if reexported[name] > 0:
                    kept.add(name)
            elif self._counts[name] - (name in own.names) > 0:
                kept.add(name)
        return tuple(sorted(kept))

    def _in_package(self, rel: str) -> bool:
        """Return True when ``rel`` is a module of an importable package (a folder with an
        ``__init__.py``): its public names are API."""
        return (self.workspace / rel).parent.joinpath("__init__.py").is_file()

    def _entry_names(self, module: str | None) -> set[str]:
        if module is None:
            return set()
        names: set[str] = set()
        for target, attribute in self.entry_points:
            if _same_module(target, module):
                names.update(attribute.split("."))
        return names

    def _index(self) -> dict[str, FileUses]:
        """Return, made once, what each workspace file uses."""
        if self._uses is not None:
            return self._uses
        uses: dict[str, FileUses] = {}
        for file in iter_python_files(self.workspace):
            rel = file.relative_to(self.workspace).as_posix()
            try:
                if file.stat().st_size > MAX_BYTES:
                    self._unindexed.append(rel)
                    continue
                uses[rel] = used_names(read_source(file), module_name(rel),
                                       package=rel.endswith("__init__.py"))
            except (NcaError, OSError):
                self._unindexed.append(rel)
                continue
        self._uses = uses
        for found in uses.values():
            self._counts.update(found.names)
            for source, name in found.imports:
                self._imported.setdefault(source, Counter())[name] += 1
        return uses

    # ------------------------------------------------------------------ orphan modules

    def is_entry(self, rel: str) -> bool:
        """Return True when the workspace file ``rel`` is an entry point: run, not imported.

        Entry points are the modules pyproject.toml's entry points name, files that do work
        when run (a ``__main__`` guard, statements at the top level), tests and the files of
        tools and frameworks (``setup.py``, ``conftest.py``, ``manage.py``, a Django app's
        ``models.py``...), files under tests, scripts, docs or examples, files no import can
        name, and, while public names are API (``keep_public``), the public modules (no part
        of the dotted name starts with ``_``).
        """
        module = module_name(rel)
        parts = rel.split("/")
        name = parts[-1]
        if module is None or name in _RUN_FILES or _RUN_FOLDERS.intersection(parts[:-1]) \
                or name.startswith("test_") or name.endswith("_test.py"):
            return True
        if any(_same_module(target, module) for target, _ in self.entry_points):
            return True
        if self._index().get(rel, RUNS).runs:
            return True
        return self.keep_public and not any(part.startswith("_") for part in module.split("."))

    def reference_graph(self) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """Return the workspace's import graph as a Diagram (node ids: workspace-relative
        paths, ``imports`` edges) and, per file, the files that import it.

        A module imported reaches the packages above it (their ``__init__.py`` runs first); a
        string naming a module (``"app.plugins.csv"``) counts as an import of it.
        """
        uses = self._index()
        files: dict[str, list[str]] = {}  # module name -> its files
        owners: dict[str, list[str]] = {}  # last part of a module name -> module names
        for rel in sorted(uses):
            module = module_name(rel)
            if module:
                files.setdefault(module, []).append(rel)
                owners.setdefault(module.rpartition(".")[2], []).append(module)

        def files_of(dotted: str) -> list[str]:  # installed under another prefix too
            return [rel for module in dict.fromkeys(owners.get(dotted.rpartition(".")[2], ()))
                    if _same_module(dotted, module) for rel in files[module]]

        edges: set[tuple[str, str]] = set()
        importers: dict[str, set[str]] = {}
        for rel, found in sorted(uses.items()):
            for dotted in found.modules:
                for target in files_of(dotted):
                    if target != rel:
                        edges.add((rel, target))
                        importers.setdefault(target, set()).add(rel)
            for parent in _parents(module_name(rel) or ""):  # pkg.mod runs pkg/__init__.py
                edges.update((rel, target) for target in files.get(parent, ()))
        diagram = {"nodes": [{"id": rel, "kind": "module"} for rel in sorted(uses)],
                   "edges": [{"from": source, "to": target, "kind": "imports"}
                             for source, target in sorted(edges)]}
        return diagram, {rel: sorted(found) for rel, found in importers.items()}

    def orphan_modules(self) -> dict[str, str]:
        """Return the workspace files no entry point reaches by imports, each with why.

        The reachability over :meth:`reference_graph` is the cleaner role's (see
        :func:`nca.admin.wolfram_roles.run_role`); where it ran is kept in
        ``reachability_ran`` and logged. A workspace with a file that could not be read has no
        orphans (what that file imports is unknown), nor has one without an entry point (what
        runs it is unknown: every module would be an orphan).
        """
        if self._orphans is not None:
            return self._orphans
        uses = self._index()
        if self._unindexed:
            log.info("no orphan modules: %s could not be read, what it imports is unknown",
                     self._unindexed[0])
            self._orphans = {}
            return self._orphans
        entries = [rel for rel in sorted(uses) if self.is_entry(rel)]
        if not entries:
            log.info("no orphan modules: the workspace declares no entry point")
            self._orphans = {}
            return self._orphans
        diagram, importers = self.reference_graph()
        workers = self.workers
        if workers is None:
            try:
                workers = self.workers = workers_for(self.workspace)
            except NcaError as err:  # the cleaner role stays in Python
                log.warning("the Wolfram roles are not used: %s", err)
        unreached, self.reachability_ran = run_role(
            workers, "cleaner", lambda chosen: chosen.wolfram.unreachable(diagram, entries),
            lambda: python_unreachable(diagram, entries))
        log.info("orphan modules: %d of %d files, reachability on %s", len(unreached),
                 len(uses), self.reachability_ran)
        orphans = {}
        for rel in unreached:
            users = importers.get(rel, [])
            orphans[rel] = "no entry point reaches this module: " + (
                f"only modules no entry point reaches import it ({', '.join(users[:3])})"
                if users else "nothing in the workspace imports it") + \
                "; it may still be loaded by name (a plugin, a config file): delete it by hand"
        self._orphans = orphans
        return orphans

    def orphan_findings(self, rel: str, text: str,
                        min_confidence: int = 80) -> tuple[CleanFinding, ...]:
        """Return the finding of ``rel`` as an orphan module (never removable), or none."""
        if min_confidence > ORPHAN_CONFIDENCE:
            return ()  # below the run's confidence: the graph is not worth building
        why = self.orphan_modules().get(rel)
        if why is None:
            return ()
        return (CleanFinding(name=module_name(rel) or rel, category="module", line=1,
                             confidence=ORPHAN_CONFIDENCE, removable=False,
                             size=text.count("\n") + 1, reason=why),)


def _parents(module: str) -> list[str]:
    """Return the packages above a dotted module name, outermost first."""
    parts = module.split(".")
    return [".".join(parts[:k]) for k in range(1, len(parts))]


def _same_module(a: str, b: str) -> bool:
    """Return whether two dotted names may be one module installed under another prefix.

    ``nca.server.cli`` and ``server.cli`` are (package-dir mappings, ``src/`` layouts).
    """
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def entry_points(project: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Return ``(module, attribute)`` of every entry point a parsed pyproject.toml declares."""
    tables: list[Any] = []
    section = project.get("project", {})
    if isinstance(section, Mapping):
        tables += [section.get("scripts"), section.get("gui-scripts")]
        groups = section.get("entry-points")
        if isinstance(groups, Mapping):
            tables += list(groups.values())
    poetry = project.get("tool", {}).get("poetry", {})
    if isinstance(poetry, Mapping):
        tables += [poetry.get("scripts")]
        plugins = poetry.get("plugins")
        if isinstance(plugins, Mapping):
            tables += list(plugins.values())
    found: list[tuple[str, str]] = []
    for table in tables:
        if not isinstance(table, Mapping):
            continue
        for value in table.values():
            spec = value.get("reference", "") if isinstance(value, Mapping) else value
            match = _ENTRY_POINT.match(spec) if isinstance(spec, str) else None
            if match and match.group(2):
                found.append((match.group(1), match.group(2)))
    return tuple(dict.fromkeys(found))


def _pyproject(workspace: Path) -> dict[str, Any]:
    path = workspace / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as err:
        # without it, entry points are unknown and removing them would break the package
        raise ConfigError(f"{path}: cannot be read ({err}); nothing cleaned") from None


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} in pyproject.toml must be a table")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where} must be true or false, not {value!r}")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{where} in pyproject.toml must be a string or a list of strings")


def _read_whitelist(path: Path, workspace: Path, given: bool) -> tuple[str, str]:
    """Return a whitelist's display name and code, or raise a clear error."""
    full = path if path.is_absolute() else Path.cwd() / path if given else workspace / path
    try:
        name = full.resolve().relative_to(workspace).as_posix()
    except ValueError:
        name = str(full)
    error = InputError if given else ConfigError
    try:
        code = read_source(full)
    except NcaError as err:
        raise error(f"whitelist {err}") from None
    try:
        compile_source(code, name, 0)
    except (SyntaxError, ValueError) as err:
        raise error(f"whitelist {name} is not valid Python: {err}") from None
    return name, code
