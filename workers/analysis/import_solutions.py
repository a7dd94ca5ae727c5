"""Where a name nothing defines could be imported from: the Analyzer's import solutions.

Candidates come from the workspace's habits (`import numpy as np` in its other files), the
well-known aliases, modules called the name, and the modules that offer it (workspace,
stdlib, installed packages), ranked by how the file and the workspace already import, the
name's conventional home, and whether the import would be circular. Each says whether it is
sure (applied) or a guess (suggested).
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from nca.workers.core.types import AnalyzeRequest, Solution, SymbolIndex
from nca.workers.facts.document import DocumentFacts
from nca.workers.facts.import_homes import (
    WELL_KNOWN_ALIASES,
    conventional_home,
    typing_alias_homes,
    typing_aliases,
)
from nca.workers.facts.modulefacts import absolute_module, relative_target

__all__ = ["import_solutions"]

_SOURCE_RANK = {"workspace": 0, "stdlib": 1, "installed": 2}


def _section(module: str, source: str) -> str:
    if module.startswith("."):
        return "local"
    if module == "__future__":
        return "future"
    return {"workspace": "firstparty", "stdlib": "stdlib"}.get(source, "thirdparty")


class _FileImports:
    """What the analysed file imports already, and which of it belongs to the workspace."""

    def __init__(self, facts: DocumentFacts | ast.Module | None, module: str | None,
                 is_package: bool) -> None:
        self.from_modules: set[str] = set()
        self.tops: set[str] = set()
        self.names_from: dict[str, set[str]] = {}  # absolute module -> names imported from it
        self.relative = False
        self.max_level = 0  # the most dots of the file's relative imports
        self.own_absolute = False
        self.nearest_absolute = 0  # how far up the nearest absolute import of its own goes
        # (files of the package importing it relatively at this level or more, absolutely)
        self.habit: Callable[[int], tuple[int, int]] = lambda _level: (0, 0)
        own_top = module.partition(".")[0] if module else None
        if isinstance(facts, DocumentFacts):
            nodes = facts.of_type((ast.Import, ast.ImportFrom))
        else:  # a tree of its own (or none)
            nodes = [n for n in ast.walk(facts) if isinstance(n, ast.Import | ast.ImportFrom)
                     ] if facts is not None else []
        for node in nodes:
            if isinstance(node, ast.ImportFrom):
                self.relative |= bool(node.level)
                self.max_level = max(self.max_level, node.level)
                target = (absolute_module(module or "", node.module or "", node.level, is_package)
                          if module or not node.level else None) or None
                if target:
                    self.from_modules.add(target)
                    self.names_from.setdefault(target, set()).update(a.name for a in node.names)
                    self.tops.add(target.partition(".")[0])
                    if not node.level and module and target.partition(".")[0] == own_top:
                        self.own_absolute = True
                        level = relative_target(module, is_package, target)[0]
                        self.nearest_absolute = min(self.nearest_absolute or level, level)
            elif isinstance(node, ast.Import):
                self.tops.update(a.name.partition(".")[0] for a in node.names)


def _import(
    statement: str,
    module: str,
    name: str | None,
    asname: str | None,
    source: str,
    score: float,
    first_party: list[str],
    sure: bool = True,
    orders: Sequence[Sequence[str]] = (),
) -> Solution:
    return Solution(
        kind="import",
        title=f"Add `{statement}`",
        source=source,
        score=round(score, 3),
        detail={
            "statement": statement,
            "module": module,
            "name": name,
            "asname": asname,
            "section": _section(module, source),
            "first_party": first_party,
            # False: the module merely exports a name spelt the same; a suggestion, never applied
            "sure": sure,
            # how the workspace's files list the names they import from ``module``
            "orders": [list(o) for o in orders],
        },
    )


def _aliased(solution: Solution, alias: str) -> Solution:
    """Return ``solution`` (an import of a name or a module) importing it as ``alias``."""
    statement = f"{solution.detail['statement']} as {alias}"
    return replace(solution, title=f"Add `{statement}`",
                   detail={**solution.detail, "statement": statement, "asname": alias})


_TEST_PARTS = ("test", "tests", "testing", "conftest")


def _older_home(name: str, imports: _FileImports, counts: Counter[str]) -> tuple[str, str] | None:
    """Return (the module to pass over, the one to take ``name`` from) when ``name`` is one of
    ``typing``'s aliases of another module's class: ``typing`` is passed over unless something
    says the project still takes those from it (the file imports another of them from it and
    none from their new homes, or the workspace imports this one from it more often)."""
    homes = typing_alias_homes()
    newer = homes.get(name)
    if newer is None:
        return None
    # `Dict`, `List` (aliases of builtins) say so too: rich's `from typing import Dict, Mapping`
    from_typing = imports.names_from.get("typing", set()) & typing_aliases()
    from_homes = {n for n, home in homes.items() if n in imports.names_from.get(home, set())}
    if from_typing and not from_homes:
        return newer, "typing"  # the file's own choice
    if from_homes and not from_typing:
        return "typing", newer
    return (newer, "typing") if counts["typing"] > counts[newer] else ("typing", newer)


def _test_or_script(module: str, source: str) -> bool:
    """Return True for a workspace module nobody should import from: a test, a loose script."""
    if source != "workspace":
        return False
    parts = module.split(".")
    if any(p in _TEST_PARTS or p.startswith("test_") or p.endswith("_test") for p in parts):
        return True
    return len(parts) == 1  # a top-level file outside any package: usually a script


def _relative_form(module: str, own: str | None, is_init: bool, imports: _FileImports) -> str:
    """Return how the file ``own`` writes an import of ``module``, a module of its own
    package: relative (``.common``, ``..auto``) where the file imports its package that way
    as far up (a file that writes its siblings ``.x`` and the rest ``pkg.y`` keeps doing so);
    where the file does not say, as most of the package's files do."""
    if not own:
        return module
    if own.partition(".")[0] != module.partition(".")[0]:
        return module
    level, rest = relative_target(own, is_init, module)
    relative = "." * level + rest
    if imports.relative and imports.max_level >= level:
        return relative
    if imports.own_absolute and (imports.relative or imports.nearest_absolute <= level):
        return module  # all absolute, or `.x` for siblings and `pkg.y` for the rest
    # the file goes no higher itself, or its absolute imports all go further up (they say
    # nothing of its siblings): as the package's files write an import that far up
    files_relative, files_absolute = imports.habit(level)
    return module if files_absolute > files_relative else relative


def _reaches(index: SymbolIndex, package: str, own: str | None) -> bool:
    """Return True when importing ``package`` may import ``own`` (the file being fixed),
    directly or through the package's other modules; True where no index can tell."""
    importer: Callable[[str], set[str] | None] | None = getattr(index, "imports_of", None)
    has_module = getattr(index, "has_module", lambda _: False)
    if importer is None or own is None:
        return True
    reached = importer(package)
    if reached is None:
        return True  # no index reads the package: assume the worst
    top = package.partition(".")[0]
    seen, todo = {package}, [package]
    while True:
        if own in reached:
            return True
        fresh = {m for m in reached if m.partition(".")[0] == top and m not in seen
                 and has_module(m)}  # `pkg.name` of `from pkg import name` may be none
        seen |= fresh
        todo.extend(fresh)
        if not todo or len(seen) > 200:
            return bool(todo)
        reached = importer(todo.pop()) or set()


def import_solutions(
    name: str, request: AnalyzeRequest, facts: DocumentFacts, index: SymbolIndex
) -> list[Solution]:
    found = _import_solutions(name, request, facts, index)
    base = name.lstrip("_")
    if not found and base != name and base.isidentifier():
        # `_unquote`: a private alias of a public name (`from urllib.parse import unquote as
        # _unquote`), so the module does not offer it again
        found = [_aliased(s, name) for s in _import_solutions(base, request, facts, index)
                 if s.detail.get("asname") is None]
    for at in [i for i, ch in enumerate(name) if ch.isupper() and i and name[i - 1].islower()]:
        if found:
            break
        # `CompatJSONDecodeError`: the `JSONDecodeError` of a module called `compat`
        prefix, rest = name[:at].strip("_").lower(), name[at:]
        found = [_aliased(s, name) for s in _import_solutions(rest, request, facts, index)
                 if s.detail.get("asname") is None and s.detail.get("name") == rest
                 and s.detail["module"].rpartition(".")[2].strip("_").lower() == prefix]
    if found:  # which isort orders the workspace's files keep their import blocks in
        votes = dict(getattr(index, "import_order_votes", Counter)())
        for solution in found:
            solution.detail["order_votes"] = votes
    return found


def _import_solutions(
    name: str, request: AnalyzeRequest, facts: DocumentFacts, index: SymbolIndex
) -> list[Solution]:
    finder = getattr(index, "module_for_path", None)
    own = request.module or (finder(request.path) if finder and request.path else None)
    is_init = bool(request.path and request.path.replace("\\", "/").endswith("__init__.py"))
    imports = _FileImports(facts, own, is_init)
    styles = getattr(index, "own_import_styles", None)
    if own and styles is not None:
        package = own if is_init else own.rpartition(".")[0]
        imports.habit = lambda level: styles(own.partition(".")[0], level, package)
    first_party = sorted(
        top
        for top in imports.tops | ({own.partition(".")[0]} if own else set())
        if any(src == "workspace" for m, src in index.modules_named(top) if m == top)
    )
    found: list[Solution] = []
    # the workspace's own habit first: `import typing as t` in its other files
    habits: Counter[str] = getattr(index, "alias_counts", lambda _: Counter())(name)
    # a module really called `name` beats a habit of aliasing another one to it
    # (`import ujson as json` somewhere in the workspace must not replace `import json`)
    real_module = any(m == name for m, _s in index.modules_named(name))
    for module, _count in habits.most_common(1):
        top = module.partition(".")[0]
        source = next((s for m, s in index.modules_named(top) if m == top), None)
        if source is None:
            continue  # aliased in the workspace, but not importable here
        found.append(_import(f"import {module} as {name}", module, None, name, source,
                             0.5 if real_module else 0.9, first_party))
    # `from ..auto import tqdm as tqdm_auto`, as the workspace's other files import it
    named: Counter[tuple[str, str]] = getattr(index, "name_alias_counts",
                                              lambda _: Counter())(name)
    for (module, original), _count in named.most_common(1):
        if len(named) > 1 or original not in index.module_attributes(module):
            break  # the habit is split between modules, or the module lost the name
        target = _relative_form(module, own, is_init, imports)
        source = getattr(index, "source_of", lambda _: None)(module) or "workspace"
        found.append(_import(f"from {target} import {original} as {name}", target, original,
                             name, source, 0.9, first_party))
    alias = WELL_KNOWN_ALIASES.get(name)
    if alias and (hit := [s for m, s in index.modules_named(alias.partition(".")[0])]):
        found.append(
            _import(f"import {alias} as {name}", alias, None, name, hit[0], 0.85, first_party)
        )
    if alias:
        # `pd` means pandas: a module that merely exports a `pd` (turtle) is not what was meant
        return found
    # the package a file's relative imports start from: a package's __init__ is its own
    own_package = (own if is_init else own.rpartition(".")[0]) if own else ""
    counts: Counter[str] = getattr(index, "import_counts", lambda _: Counter())(name)
    own_top = own.partition(".")[0] if own else None
    for module, source in index.modules_named(name):
        # a package's private modules are for its own files to import (`from .. import _punycode`)
        inside = source == "workspace" and own_top is not None and (
            module.partition(".")[0] == own_top)
        if module == name:
            # a top-level module may be a loose script, but not the file's own package
            found.append(_import(f"import {name}", name, None, None, source, 0.85, first_party,
                                 sure=not _test_or_script(module, source) or name == own_top))
        elif inside or not any(part.startswith("_") for part in module.split(".")):
            parent = module.rpartition(".")[0]
            known = parent in imports.from_modules or counts[parent] > 0
            target = _relative_form(parent, own, is_init, imports) if inside else parent
            statement = f"from {target} import {name}"
            found.append(_import(statement, target, name, None, source, 0.6, first_party,
                                 sure=bool(known or (inside and not _test_or_script(module, source)))))

    def _circular(module: str) -> bool:
        # inside a package, its own __init__ may import this file (itself, or through the
        # package's other modules): then import the defining module instead
        return bool(own_package) and own_package == module and _reaches(index, module, own)

    # the file's other names nothing binds went with the same statement, most likely: a
    # module that has them too is where it came from (`tqdm` beside `TqdmDeprecationWarning`
    # is `.std`'s, not `.auto`'s)
    # (not beside a star import: the names it binds look unbound, and a module that
    # re-exports everything would have them all)
    stars = isinstance(facts, DocumentFacts) and any(
        a.name == "*" for node in facts.of_type(ast.ImportFrom) for a in node.names)
    others = (facts.unbound_globals - {name} if isinstance(facts, DocumentFacts) and not stars
              else frozenset())

    def together(module: str) -> int:
        return len(others.intersection(index.module_attributes(module))) if others else 0

    older, newer = _older_home(name, imports, counts) or (None, None)
    if older is not None and newer is not None and together(older) > together(newer):
        older, newer = newer, older  # `Mapping` lost beside `IO`: typing's, with it

    binds_itself = getattr(index, "binds_itself", lambda _module, _name: False)
    own_habit = own_top is not None and any(
        counts[m] > 0 and m.partition(".")[0] == own_top for m in counts)

    def rank(item: tuple[str, str]) -> tuple:
        module, source = item
        return (
            # the defining module before the file's own package that re-exports it, which may
            # import this very file (before habits: `from . import x` is no habit of `from pkg`);
            # a package that defines the name itself is its home (`chardet.pipeline`'s
            # `DetectionResult`, which `chardet` re-exports)
            bool(own_package) and module == own_package and not binds_itself(module, name),
            -together(module),
            module == older,
            # where the workspace's files import the name from a module of its own, that is its
            # home: another package the file happens to import from offers the name only by
            # chance (`Text` is `rich.text`'s class, though `typing` has an alias of `str`)
            bool(own_habit) and counts[module] == 0 and module.partition(".")[0] != own_top,
            module not in imports.from_modules,
            # of two modules the file imports from, the one that defines the name (pint's
            # `...errors`, not the `...` package that re-exports it)
            module in imports.from_modules and not binds_itself(module, name),
            module.partition(".")[0] not in imports.tops,  # a package the file already uses
            -counts[module],
            module != home,  # then where the name conventionally comes from
            _SOURCE_RANK.get(source, 3),
            module.count("."),
            module,
        )

    found_in = index.providers_of(name)
    # where the workspace's other files import it from, though that module's `__all__` leaves
    # it out (h11's `Sentinel`, imported from `._util` by its siblings)
    source_of = getattr(index, "source_of", lambda _: None)
    listed = {m for m, _ in found_in}
    # ... but a module of that name, which the files import themselves, is no habit of
    # importing it from a module that happens to import it (pygments' `from .lexer import re`)
    plain = getattr(index, "plain_import_count", lambda _: 0)(name) if real_module else 0
    for module in counts:
        if module not in listed and name in index.module_attributes(module) and (
                counts[module] > plain):
            found_in = [*found_in, (module, source_of(module) or "workspace")]
    walker = getattr(index, "providers_in", None)
    if walker is not None:  # submodules of the installed packages this file already uses
        listed = {m for m, _ in found_in}
        found_in = [*found_in, *((m, s) for m, s in walker(name, imports.tops) if m not in listed)]

    def importable(module: str, source: str) -> bool:
        # a package's private modules and names are for its own files to import
        if source == "workspace" and own_top and module.partition(".")[0] == own_top:
            return True
        if module == "builtins":
            return False  # a builtin this interpreter lacks is a version problem, not an import
        return not name.startswith("_") and not any(p.startswith("_") for p in module.split("."))

    providers = [(m, s) for m, s in found_in if importable(m, s) and m != own]
    crowded = len(providers) > 4
    home = conventional_home(name)
    if newer is not None:  # an abstract collection: its home is where the project takes it
        home = newer
    only_stdlib = [m for m, s in providers if s == "stdlib"]
    # a package the project uses that offers the name too (`httpx2.HTTPError` beside
    # `urllib.error.HTTPError` in huggingface_hub): the standard library's is no sure answer
    used: set[str] = getattr(index, "imported_tops", set)()
    rival = any(s == "installed" and m.partition(".")[0] in used for m, s in providers)
    for position, (module, source) in enumerate(sorted(providers, key=rank)[:3]):
        known = (module in imports.from_modules or counts[module] > 0
                 or module.partition(".")[0] in imports.tops)
        score = 0.8 + 0.1 * known - 0.05 * position - (0.3 if crowded and not known else 0.0)
        score -= 0.1 * (bool(own_package) and module == own_package
                        and not binds_itself(module, name))
        target = module
        if source == "workspace" and own_top and module.partition(".")[0] == own_top:
            target = _relative_form(module, own, is_init, imports)  # as the file imports its own
        # the own top package is no loose script, though its name has no dot
        package_module = source == "workspace" and (
            module == own_top or not _test_or_script(module, source))
        sure = not _circular(module) and (
            known or module == home or (package_module and len(name) >= 3)
            or (source == "stdlib" and only_stdlib == [module] and len(name) >= 4
                and home is None and not rival)
            # `Callable` from collections.abc, or from typing where the project does so
            or (module == newer and not rival))
        if older == module:
            score -= 0.1
        if home is not None and module == home:
            score += 0.15  # the conventional home beats a module that re-exports the name
        statement = f"from {target} import {name}"
        orders = [o for o in getattr(index, "member_orders", lambda _: [])(module) if name in o]
        found.append(_import(statement, target, name, None, source, score, first_party,
                             sure=sure, orders=orders[:40]))
    return found
