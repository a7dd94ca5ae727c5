"""What the workspace knows that one file does not: who else uses a name, and what it declares.

The Cleaner reads one file. A name another module imports, an entry point declared in
``pyproject.toml``, a name a vulture whitelist lists: each is used, though nothing in the file
says so. :class:`CleanKnowledge` gathers these once per run and turns a file's text into the
:class:`~nca.workers.cleaning.cleaner.CleanOptions` the Cleaner takes.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nca.admin.workspace import MAX_BYTES, iter_python_files, module_name, read_source
from nca.workers.cleaning.cleaner import CleanOptions
from nca.workers.core.errors import ConfigError, InputError, NcaError
from nca.workers.core.parsing import compile_source, parse

__all__ = ["DEFAULT_WHITELIST", "CleanKnowledge", "FileUses", "entry_points", "used_names"]

#: the workspace's own vulture whitelist, honoured when it exists
DEFAULT_WHITELIST = ".nca/whitelist.py"
_IDENTIFIERS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ENTRY_POINT = re.compile(r"\s*([\w.]+)\s*(?::\s*([\w.]+))?")
_SHORT_STRING = 200  # longer strings are prose, not names looked up by string


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
    _uses: dict[str, FileUses] | None = field(default=None, repr=False)
    _counts: Counter[str] = field(default_factory=Counter, repr=False)
    _imported: dict[str, Counter[str]] = field(default_factory=dict, repr=False)

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
        own = uses.get(rel, _NO_USES)
        bound = _imported_names(text)
        reexported: Counter[str] = Counter()
        if module:
            for source, names in self._imported.items():
                if _same_module(source, module):
                    reexported.update(names)
            reexported.subtract(name for source, name in own.imports
                                if _same_module(source, module))
        kept = set(self._entry_names(module))
        public = self.keep_public and self._in_package(rel)
        for name in set(_IDENTIFIERS.findall(text)):
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
                    continue
                uses[rel] = used_names(read_source(file), module_name(rel),
                                       package=rel.endswith("__init__.py"))
            except (NcaError, OSError):
                continue
        self._uses = uses
        for found in uses.values():
            self._counts.update(found.names)
            for source, name in found.imports:
                self._imported.setdefault(source, Counter())[name] += 1
        return uses


def _same_module(a: str, b: str) -> bool:
    """Return whether two dotted names may be one module installed under another prefix.

    ``nca.server.cli`` and ``server.cli`` are (package-dir mappings, ``src/`` layouts).
    """
    return a == b or a.endswith("." + b) or b.endswith("." + a)


@dataclass(frozen=True)
class FileUses:
    """What one file uses: names, and ``(module, name)`` pairs it imports from modules."""

    names: frozenset[str] = frozenset()
    imports: frozenset[tuple[str, str]] = frozenset()


_NO_USES = FileUses()


def used_names(text: str, module: str | None = None, *, package: bool = False) -> FileUses:
    """Return what ``text``, the module ``module``, uses: loads, attributes, names in strings.

    Text that does not parse uses every identifier in it: what it uses is unknown, and
    keeping too much is the safe mistake.
    """
    try:
        tree = parse(text)
    except (SyntaxError, ValueError):
        return FileUses(frozenset(_IDENTIFIERS.findall(text)))
    names: set[str] = set()
    imports: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, module, package)
            for alias in node.names:
                names.add(alias.name)
                if source:
                    imports.add((source, alias.name))
        elif isinstance(node, ast.keyword) and node.arg:
            names.add(node.arg)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if len(node.value) <= _SHORT_STRING:  # "app.views.index", "pkg.tasks:run"
                names.update(_IDENTIFIERS.findall(node.value))
    return FileUses(frozenset(names), frozenset(imports))


def _absolute(node: ast.ImportFrom, module: str | None, package: bool) -> str:
    """Return the absolute module a ``from ... import`` reads, or "" when unknown."""
    if not node.level:
        return node.module or ""
    if module is None:
        return ""
    parts = module.split(".") if module else []
    keep = len(parts) - node.level + (1 if package else 0)
    if keep < 0:
        return ""
    base = parts[:keep]
    return ".".join([*base, node.module] if node.module else base)


def _imported_names(text: str) -> set[str]:
    """Return the names the imports of ``text`` bind."""
    try:
        tree = parse(text)
    except (SyntaxError, ValueError):
        return set()
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                bound.add(alias.asname or alias.name.partition(".")[0])
    return bound


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
