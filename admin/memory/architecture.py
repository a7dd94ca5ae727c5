"""Architecture.json and Diagram.json from the workspace's source, read with ``ast`` only.

User code is parsed, never imported. A module entry lists its classes, methods and top-level
functions with signatures, one-line docstrings and line ranges; the diagram holds module import
edges and the calls between top-level functions, so a question can be answered by following
edges from a symbol.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from nca.admin.memory.schemas import SCHEMA_VERSION
from nca.admin.workspace import module_name
from nca.workers.core.parsing import parse

__all__ = ["ModuleScan", "build_diagram", "diagram_part", "scan_module"]

_DOC_CHARS = 200


@dataclass
class ModuleScan:
    """One file as the architecture sees it, plus what the diagram needs to resolve its edges."""

    entry: dict[str, Any]
    imports: list[tuple[str, int]] = field(default_factory=list)  # (dotted target, line)
    aliases: dict[str, str] = field(default_factory=dict)  # local name -> dotted target
    calls: list[tuple[str, str, int]] = field(default_factory=list)  # (caller, callee expr, line)


def _doc(node: ast.AST) -> str:
    doc = ast.get_docstring(node, clean=True)  # type: ignore[arg-type]
    if not doc:
        return ""
    return doc.strip().splitlines()[0][:_DOC_CHARS]


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    sig = f"({ast.unparse(node.args)})"
    return f"{sig} -> {ast.unparse(node.returns)}" if node.returns is not None else sig


def _function(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, Any]:
    out: dict[str, Any] = {"name": node.name, "signature": _signature(node), "doc": _doc(node),
                           "lines": [node.lineno, node.end_lineno or node.lineno],
                           "async": isinstance(node, ast.AsyncFunctionDef)}
    if node.decorator_list:
        out["decorators"] = [ast.unparse(d) for d in node.decorator_list]
    return out


def _classes(node: ast.ClassDef, prefix: str = "") -> list[dict[str, Any]]:
    name = f"{prefix}{node.name}"
    methods = [_function(n) for n in node.body
               if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    found = [{"name": name, "doc": _doc(node), "lines": [node.lineno, node.end_lineno or node.lineno],
              "bases": [ast.unparse(b) for b in node.bases], "methods": methods}]
    for inner in node.body:
        if isinstance(inner, ast.ClassDef):
            found.extend(_classes(inner, f"{name}."))
    return found


def _absolute(module: str | None, target: str | None, level: int, is_package: bool) -> str:
    if level == 0:
        return target or ""
    parts = (module or "").split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, target] if target else base)


def _is_main_guard(node: ast.stmt) -> bool:
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    sides = [node.test.left, *node.test.comparators]
    return (any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
            and any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides))


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


def scan_module(text: str, rel: str) -> ModuleScan:
    """Return what one Python file defines, imports and calls; a file that does not parse is noted."""
    module = module_name(rel)
    lines = max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)
    entry: dict[str, Any] = {"module": module, "path": rel, "doc": "", "lines": [1, lines],
                             "classes": [], "functions": [], "imports": [], "main_guard": None}
    try:
        tree = parse(text, filename=rel)
    except (SyntaxError, ValueError) as err:
        entry["error"] = f"does not parse: line {getattr(err, 'lineno', None) or 1}: {err.args[0] if err.args else err}"
        return ModuleScan(entry)
    scan = ModuleScan(entry)
    entry["doc"] = _doc(tree)
    is_package = rel.endswith("__init__.py")
    bases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                bases.add(alias.name)
                scan.imports.append((alias.name, node.lineno))
                local = alias.asname or alias.name.split(".")[0]
                scan.aliases.setdefault(local, alias.name if alias.asname else local)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node.module, node.level, is_package)
            bases.add(base)
            scan.imports.append((base, node.lineno))
            for alias in node.names:
                if alias.name != "*":
                    scan.imports.append((f"{base}.{alias.name}", node.lineno))  # maybe a module
                    scan.aliases.setdefault(alias.asname or alias.name, f"{base}.{alias.name}")
    entry["imports"] = sorted(b for b in bases if b)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            entry["functions"].append(_function(node))
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and (callee := _dotted(call.func)):
                    scan.calls.append((node.name, callee, call.lineno))
        elif isinstance(node, ast.ClassDef):
            entry["classes"].extend(_classes(node))
        elif _is_main_guard(node) and entry["main_guard"] is None:
            entry["main_guard"] = node.lineno
    return scan


# --------------------------------------------------------------------------- diagram


def _module_id(entry: dict[str, Any]) -> str:
    return f"module:{entry['module'] or entry['path']}"


def _function_id(entry: dict[str, Any], name: str) -> str:
    return f"function:{entry['module'] or entry['path']}.{name}"


def diagram_part(scan: ModuleScan, modules: dict[str, dict[str, Any]]) -> tuple[list, list]:
    """Return the diagram nodes and edges one file contributes, resolved against ``modules``.

    ``modules`` maps dotted module names to their architecture entries. Only edges into the
    workspace are kept: the diagram is a map of this code, not of its dependencies.
    """
    entry, rel = scan.entry, scan.entry["path"]
    nodes: list[dict[str, Any]] = [{"id": _module_id(entry), "kind": "module", "path": rel,
                                    "line": 1}]
    own = {f["name"] for f in entry["functions"]}
    nodes.extend({"id": _function_id(entry, f["name"]), "kind": "function", "path": rel,
                  "line": f["lines"][0]} for f in entry["functions"])
    edges: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def add(source: str, target: str, kind: str, line: int) -> None:
        if (source, target) not in seen and source != target:
            seen.add((source, target))
            edges.append({"from": source, "to": target, "kind": kind, "path": rel, "line": line})

    for target, line in scan.imports:
        if target in modules:
            add(_module_id(entry), _module_id(modules[target]), "imports", line)
    for caller, callee, line in scan.calls:
        resolved = _resolve(callee, own, entry, scan.aliases, modules)
        if resolved:
            add(_function_id(entry, caller), resolved, "calls", line)
    return nodes, edges


def _resolve(callee: str, own: set[str], entry: dict[str, Any], aliases: dict[str, str],
             modules: dict[str, dict[str, Any]]) -> str | None:
    head, _, rest = callee.partition(".")
    if not rest and head in own and head not in aliases:
        return _function_id(entry, head)
    dotted = f"{aliases[head]}.{rest}" if head in aliases and rest else aliases.get(head)
    if not dotted:
        return None
    module, _, name = dotted.rpartition(".")
    target = modules.get(module)
    if target is not None and any(f["name"] == name for f in target["functions"]):
        return _function_id(target, name)
    return None


def build_diagram(scans: Iterable[ModuleScan], modules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return Diagram.json for every scanned file."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for scan in scans:
        part_nodes, part_edges = diagram_part(scan, modules)
        nodes.extend(part_nodes)
        edges.extend(part_edges)
    return {"schema_version": SCHEMA_VERSION, "nodes": nodes, "edges": edges}


def neighbours(diagram: dict[str, Any], node_id: str) -> list[tuple[str, str, str]]:
    """Return ``(direction, kind, other node)`` for each edge touching ``node_id``."""
    out = []
    for edge in diagram.get("edges", ()):
        if edge["from"] == node_id:
            out.append(("out", edge["kind"], edge["to"]))
        elif edge["to"] == node_id:
            out.append(("in", edge["kind"], edge["from"]))
    return out
