"""What a module defines, learned without importing it in this process.

Source is read with :mod:`ast`; modules without source (builtin and extension modules) and
modules that fill their namespace at run time are imported in a child interpreter instead,
so nothing a module does on import can reach the caller.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec, PathFinder
from pathlib import Path

from nca.workers.core.parsing import parse
from nca.workers.facts.import_order import workspace_orders
from nca.workers.facts.statements import children, walk

__all__ = [
    "ModuleFacts",
    "absolute_module",
    "dump_modules",
    "is_extension",
    "is_public",
    "locate_module",
    "module_entry",
    "relative_target",
    "scan_source",
    "submodule_files",
]

TEST_DIRS = frozenset({"test", "tests", "idle_test"})
# calls and names that put module attributes in place at run time, out of reach of ast
_DYNAMIC_CALLS = frozenset({"globals", "vars", "exec", "setattr"})
_DYNAMIC_ATTRS = frozenset({"_convert_", "global_enum", "modules"})


def is_public(name: str) -> bool:
    return not name.startswith("_")


@dataclass
class ModuleFacts:
    """What a module's source binds at module level, read without running it."""

    bound: set[str] = field(default_factory=set)
    exports: set[str] = field(default_factory=set)  # what ``from m import x`` should offer
    stars: list[tuple[str, int]] = field(default_factory=list)  # ``from m import *``: (m, level)
    imports: list[tuple[str, int, str]] = field(default_factory=list)  # (module, level, name)
    module_aliases: list[tuple[str, str]] = field(default_factory=list)  # import module as alias
    # from module import name as alias: (module, level, name, alias)
    name_aliases: list[tuple[str, int, str, str]] = field(default_factory=list)
    plain_imports: list[str] = field(default_factory=list)  # import a.b (as c): "a.b"
    # attributes some object of the module gets: methods and class attributes of its classes,
    # and every `obj.attr = ...`
    members: set[str] = field(default_factory=set)
    dynamic: bool = False  # attributes are made at run time (globals(), enum._convert_, ...)
    has_getattr: bool = False  # a module-level ``__getattr__`` answers any name
    # the isort orders its import block follows, where that tells them apart (import_order)
    import_orders: list[str] = field(default_factory=list)
    # module-level names bound to a platform or version test: {"WIN": "sys.platform == 'win32'"}
    runtime_tests: dict[str, str] = field(default_factory=dict)

    def imported(self) -> set[str]:
        """Return the names the module's imports bind (those it does not define itself)."""
        return ({n for _m, _l, n in self.imports} | {a for *_, a in self.name_aliases}
                | {a for _m, a in self.module_aliases}
                | {m.partition(".")[0] for m in self.plain_imports})


def _module_level(nodes: list[ast.stmt]):
    """Yield every node at module level, without entering function or class bodies."""
    stack: list[ast.AST] = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            stack.extend(node.decorator_list)
            continue
        if isinstance(
            node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
        ):
            continue
        stack.extend(reversed(children(node)))


def _literal_names(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.List | ast.Tuple) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
    ):
        return [e.value for e in node.elts]  # type: ignore[attr-defined]
    return None


#: what a platform or version test reads
_RUNTIME_WORDS = frozenset({"platform", "version_info", "implementation", "name", "system"})


def _runtime_tests(tree: ast.Module) -> dict[str, str]:
    """Return the module-level constants bound once to a test of the platform or version
    (``WIN = sys.platform.startswith("win")``), with the test's source."""
    found: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or not isinstance(
                node.value, ast.Compare | ast.BoolOp | ast.UnaryOp | ast.Call):
            continue
        value = node.value
        if any(isinstance(n, ast.Attribute) and n.attr in _RUNTIME_WORDS
               and isinstance(n.value, ast.Name) and n.value.id in ("sys", "os", "platform")
               or isinstance(n, ast.Attribute) and n.attr == "name"
               and isinstance(n.value, ast.Attribute) for n in ast.walk(value)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, ast.unparse(value))
    if found:  # a name bound again anywhere at module level is no constant
        stores = Counter(n.id for n in _module_level(tree.body)
                         if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
        found = {name: test for name, test in found.items() if stores[name] == 1}
    return found


def scan_source(source: str | bytes, *, is_package: bool = False,
                tree: ast.Module | None = None) -> ModuleFacts:
    """Return the module-level facts of ``source`` (``tree``: its tree, when already parsed);
    empty facts when it does not parse."""
    if tree is None:
        try:
            tree = parse(source)
        except (SyntaxError, ValueError):
            return ModuleFacts(dynamic=True)
    facts = ModuleFacts(import_orders=workspace_orders(tree), runtime_tests=_runtime_tests(tree))
    defined: set[str] = set()
    reexported: set[str] = set()
    all_names: list[str] = []
    all_exact = False
    for node in _module_level(tree.body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            facts.bound.add(node.name)
            defined.add(node.name)
            facts.has_getattr |= node.name == "__getattr__"
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            facts.bound.add(node.id)
            defined.add(node.id)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.partition(".")[0]
                facts.bound.add(name)
                facts.plain_imports.append(alias.name)
                if alias.asname and alias.asname != alias.name:
                    facts.module_aliases.append((alias.name, alias.asname))
                if alias.asname == alias.name:
                    reexported.add(name)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    facts.stars.append((node.module or "", node.level))
                    continue
                name = alias.asname or alias.name
                facts.bound.add(name)
                facts.imports.append((node.module or "", node.level, alias.name))
                if alias.asname and alias.asname != alias.name:
                    facts.name_aliases.append(
                        (node.module or "", node.level, alias.name, alias.asname))
                if alias.asname == alias.name or (is_package and node.level):
                    reexported.add(name)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in _DYNAMIC_CALLS:
                facts.dynamic = True
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                if func.value.id == "__all__" and func.attr in ("extend", "append"):
                    args = node.args[0] if node.args else None
                    if isinstance(args, ast.Constant) and isinstance(args.value, str):
                        all_names.append(args.value)
                    elif args is not None and (names := _literal_names(args)) is not None:
                        all_names.extend(names)
                    else:
                        all_exact = False
        elif isinstance(node, ast.Attribute) and node.attr in _DYNAMIC_ATTRS:
            facts.dynamic = True
        elif isinstance(node, ast.Name) and node.id in _DYNAMIC_ATTRS:
            facts.dynamic = True
        if isinstance(node, ast.Assign | ast.AugAssign) and any(
            isinstance(t, ast.Name) and t.id == "__all__"
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        ):
            names = _literal_names(node.value)
            all_exact = names is not None and (isinstance(node, ast.Assign) or all_exact)
            all_names = (all_names if isinstance(node, ast.AugAssign) else []) + (names or [])
    # functions can add module attributes too: one walk of the whole tree, each node before
    # the nodes inside it (`self.count += 1` reads the attribute first: it defines nothing)
    augmented: set[int] = set()
    for node in walk(tree):
        if isinstance(node, ast.AugAssign):
            augmented.add(id(node.target))
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    facts.members.add(item.name)
                elif isinstance(item, ast.Assign | ast.AnnAssign):
                    targets = item.targets if isinstance(item, ast.Assign) else [item.target]
                    facts.members.update(t.id for t in targets if isinstance(t, ast.Name))
        elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
              and id(node) not in augmented):
            facts.members.add(node.attr)
        elif isinstance(node, ast.Global):
            facts.bound.update(node.names)
            defined.update(node.names)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            facts.dynamic |= node.func.id in ("globals", "exec")
    declared = {n for n in all_names if is_public(n)}
    defined |= reexported
    facts.exports = declared if all_exact else {n for n in defined if is_public(n)} | declared
    facts.bound |= declared
    return facts


# the child interpreter that lists modules without source; stdout carries only the JSON answer
_DUMP = r"""
import contextlib, importlib, inspect, json, sys
out, result = sys.stdout, {}
with contextlib.redirect_stdout(sys.stderr):
    for name in json.load(sys.stdin):
        try:
            mod = importlib.import_module(name)
        except BaseException:
            continue
        attrs = [a for a in dir(mod) if not a.startswith("_")]
        declared = getattr(mod, "__all__", None)
        if declared is None:
            declared = [a for a in attrs if not inspect.ismodule(getattr(mod, a, None))
                        and getattr(getattr(mod, a, None), "__module__", name) in (name, None)]
        exports = [a for a in declared if isinstance(a, str) and not a.startswith("_")]
        defines = [a for a in attrs if a not in exports
                   and getattr(getattr(mod, a, None), "__module__", None) == name]
        result[name] = {"attrs": attrs, "exports": exports, "defines": defines,
                        "getattr": "__getattr__" in vars(mod)}
json.dump(result, out)
"""


def dump_modules(names: Sequence[str], python: str, timeout: float) -> dict[str, dict]:
    """Return ``{module: {"attrs", "exports", "getattr"}}`` from importing ``names`` in a child."""
    if not names:
        return {}
    try:
        proc = subprocess.run(
            [python, "-I", "-W", "ignore", "-c", _DUMP],
            input=json.dumps(list(names)),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return json.loads(proc.stdout) if proc.returncode == 0 else {}
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return {}


def is_extension(origin: str | None) -> bool:
    return bool(origin) and origin.endswith(tuple(EXTENSION_SUFFIXES))  # type: ignore[union-attr]


def submodule_files(package: str, folder: Path) -> list[tuple[str, Path, bool]]:
    """Return ``(module, file, is_package)`` for the public submodules under ``folder``."""
    found: list[tuple[str, Path, bool]] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        if not is_public(entry.name) or entry.name in TEST_DIRS:
            continue
        if entry.suffix == ".py" and entry.is_file():
            found.append((f"{package}.{entry.stem}", entry, False))
        elif entry.is_dir() and (entry / "__init__.py").is_file() and entry.name.isidentifier():
            sub = f"{package}.{entry.name}"
            found.append((sub, entry / "__init__.py", True))
            found.extend(submodule_files(sub, entry))
    return found


def module_entry(facts: ModuleFacts) -> dict:
    return {
        "attrs": sorted(n for n in facts.bound if is_public(n)),
        "exports": sorted(facts.exports),
        # public names the module defines though its `__all__` leaves them out
        # (`importlib.metadata.EntryPoint`)
        "defines": sorted(n for n in facts.bound - facts.imported() - facts.exports
                          if is_public(n)),
        "complete": not (facts.dynamic or facts.has_getattr or facts.stars),
    }


def absolute_module(module: str, target: str, level: int, is_package: bool) -> str:
    """Return the absolute name of ``from <level dots><target> import`` inside ``module``."""
    if not level:
        return target
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, target] if target else base)


def relative_target(module: str, is_package: bool, target: str) -> tuple[int, str]:
    """Return ``(level, rest)`` of ``from <level dots><rest> import`` inside ``module`` for the
    absolute ``target``: the inverse of :func:`absolute_module`."""
    package = (module if is_package else module.rpartition(".")[0]).split(".")
    parts = target.split(".")
    common = 0
    while common < min(len(package), len(parts)) and package[common] == parts[common]:
        common += 1
    return len(package) - common + 1, ".".join(parts[common:])


def locate_module(module: str, search_path: Sequence[str] | None = None) -> ModuleSpec | None:
    """Return the spec of ``module`` without importing it or its parents.

    With ``search_path`` (a project interpreter's ``sys.path``) only those folders are searched;
    without it, nca's own interpreter's finders are used.
    """
    parts = module.split(".")
    try:
        if search_path is None:
            spec = importlib.util.find_spec(parts[0])
        else:
            spec = PathFinder.find_spec(parts[0], list(search_path))
    except (ImportError, ValueError, OSError):
        return None
    for i in range(1, len(parts)):
        try:
            if spec is None or not spec.submodule_search_locations:
                return None
            spec = PathFinder.find_spec(".".join(parts[: i + 1]),
                                        list(spec.submodule_search_locations))
        except (ImportError, ValueError, OSError, KeyError):
            # a namespace package's path is worked out from its parent in sys.modules, which
            # holds no package nca did not import (fsspec.tests.abstract): not found
            return None
    return spec
