"""The cross-module name graph: which workspace module uses which name of which other module.

Read from source with :mod:`ast`, never imported. A use is ``from m import name`` (relative or
absolute), ``from m import *`` (every public name of ``m``), or an attribute read through a
module bound by ``import a.b``, ``import a.b as c`` or ``from a import b``. The verifier asks it
which names an edit may not take away from a module; the cleaner asks which names are public.
"""

from __future__ import annotations

import ast
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from nca.workers.core.parsing import parse
from nca.workers.facts.modulefacts import absolute_module

__all__ = ["ImportUse", "NameGraph", "module_level_names", "uses_in"]


@dataclass(frozen=True)
class ImportUse:
    """``importer`` (a module, at ``path``:``line``) uses ``name`` of ``module`` (``*``: all,
    ``""``: the module itself, imported whole)."""

    importer: str
    path: str
    line: int
    module: str
    name: str


def _bound_by_import(node: ast.Import | ast.ImportFrom, importer: str, is_package: bool
                     ) -> Iterator[tuple[str, str]]:
    """Yield ``(local name, module)`` for the modules an import statement binds."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                yield alias.asname, alias.name
            else:
                yield alias.name.partition(".")[0], alias.name.partition(".")[0]
        return
    base = absolute_module(importer, node.module or "", node.level, is_package)
    for alias in node.names:
        if alias.name != "*":
            # `from pkg import sub` may bind a submodule: its attributes are uses of it
            yield alias.asname or alias.name, f"{base}.{alias.name}" if base else alias.name


def _dotted(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def uses_in(tree: ast.Module, importer: str, path: str, is_package: bool) -> list[ImportUse]:
    """Return every use ``tree`` (the module ``importer``) makes of other modules' names."""
    out: list[ImportUse] = []
    modules: dict[str, str] = {}  # local name -> module it (may) stand for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = absolute_module(importer, node.module or "", node.level, is_package)
            for alias in node.names:
                out.append(ImportUse(importer, path, node.lineno, base, alias.name))
        if isinstance(node, ast.Import | ast.ImportFrom):
            for local, module in _bound_by_import(node, importer, is_package):
                modules.setdefault(local, module)
            if isinstance(node, ast.Import):
                for alias in node.names:
                    # the module as a whole (name ""): its importers are its users too
                    out.append(ImportUse(importer, path, node.lineno, alias.name, ""))
                    if not alias.asname and "." in alias.name:
                        modules.setdefault(alias.name, alias.name)
    if not modules:
        return out
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or isinstance(node.ctx, ast.Del):
            continue
        parts = _dotted(node)
        if not parts or parts[0] not in modules:
            continue
        # the longest dotted prefix that names a module: `a.b.c` with `import a.b` uses c of a.b
        for cut in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:cut])
            used = modules.get(head) if cut == 1 else (
                head if head in modules else None)
            if used:
                out.append(ImportUse(importer, path, node.lineno, used, parts[cut]))
                break
    return out


def module_level_names(tree: ast.Module) -> set[str]:
    """Return the names a module binds at module level (in ``if``/``try`` blocks too)."""
    names: set[str] = set()

    def visit(body: Iterable[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    if alias.name != "*":
                        names.add(alias.asname or alias.name.partition(".")[0])
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            names.add(sub.id)
            elif isinstance(node, ast.If | ast.Try | ast.With | ast.For | ast.While):
                bound = [node.target] if isinstance(node, ast.For) else [
                    i.optional_vars for i in getattr(node, "items", ()) if i.optional_vars]
                for target in bound:
                    names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
                for field in ("body", "orelse", "finalbody"):
                    visit(getattr(node, field, ()) or ())
                for handler in getattr(node, "handlers", ()) or ():
                    visit(handler.body)
            elif isinstance(node, ast.Expr):
                for sub in ast.walk(node.value):
                    if isinstance(sub, ast.NamedExpr) and isinstance(sub.target, ast.Name):
                        names.add(sub.target.id)
    visit(tree.body)
    return names


class NameGraph:
    """The uses between a workspace's modules, re-read per file when its mtime or size changes.

    ``modules`` returns the workspace's ``{module: path}`` (the workspace index's view); the
    graph refreshes itself from it before each question.
    """

    def __init__(self, root: str | os.PathLike[str],
                 modules: Callable[[], Mapping[str, Path]]) -> None:
        self.root = Path(root).resolve()
        self._modules = modules
        # file -> (stamp, module, its uses, the names it reads: what a star import gives it)
        self._files: dict[Path, tuple[tuple[int, int], str, list[ImportUse], frozenset[str]]] = {}

    def module_of(self, rel: str) -> str | None:
        """Return the dotted module of a workspace-relative path, or None."""
        full = (self.root / rel).resolve()
        for module, path in self._modules().items():
            if path == full:
                return module
        return None

    def module_of_name(self, module: str) -> bool:
        """Return True when ``module`` is a module of the workspace."""
        return module in self._modules()

    def refresh(self) -> None:
        """Return nothing; re-read the workspace files that changed since the last question."""
        modules = self._modules()
        seen: set[Path] = set()
        for module, path in modules.items():
            seen.add(path)
            try:
                st = path.stat()
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue  # a FIFO or device named *.py: reading it would block
            stamp = (st.st_mtime_ns, st.st_size)
            held = self._files.get(path)
            if held is not None and held[0] == stamp and held[1] == module:
                continue
            try:
                tree = parse(path.read_bytes())
            except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
                self._files[path] = (stamp, module, [], frozenset())
                continue
            rel = self._rel(path)
            reads = frozenset(n.id for n in ast.walk(tree)
                              if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))
            self._files[path] = (stamp, module, uses_in(tree, module, rel,
                                                        path.name == "__init__.py"), reads)
        for gone in set(self._files) - seen:
            del self._files[gone]

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def uses_of(self, module: str, names: Iterable[str] | None = None,
                exclude_path: str | None = None, *, whole: bool = False) -> list[ImportUse]:
        """Return the uses other files make of ``module``'s names (all, or those in ``names``).

        A star import uses every public name; a use of ``module.sub`` where ``sub`` is a
        submodule is not a use of a name ``module`` binds, but it is still reported for
        ``sub`` (an ``__init__`` that stops importing ``sub`` may break it). With ``whole``,
        plain ``import module`` statements count too (name ``""``).
        """
        self.refresh()
        wanted = set(names) if names is not None else None
        found = []
        for _stamp, _module, uses, _reads in self._files.values():
            for use in uses:
                if use.module != module or use.path == exclude_path:
                    continue
                if use.name == "":
                    if whole:
                        found.append(use)
                    continue
                if use.name == "*":
                    if wanted is None or any(not n.startswith("_") for n in wanted):
                        found.append(use)
                elif wanted is None or use.name in wanted:
                    found.append(use)
        return sorted(found, key=lambda u: (u.path, u.line, u.name))

    def reads(self, rel: str) -> frozenset[str] | None:
        """Return the names the workspace file ``rel`` reads (what a star import may give it),
        or None when the graph does not hold that file."""
        self.refresh()
        held = self._files.get((self.root / rel).resolve())
        return held[3] if held is not None else None

    def used_names(self, module: str, exclude_path: str | None = None) -> set[str]:
        """Return the names of ``module`` other files use (``*`` when one star-imports it)."""
        return {u.name for u in self.uses_of(module, exclude_path=exclude_path)}
