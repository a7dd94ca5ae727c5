"""The JSON Schemas of the memory files, and where each file lives under ``AgentMemory/``.

The copies under the repository's ``AgentMemory/schemas/`` are documentation generated from
these; a test keeps them equal.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FILES", "SCHEMAS", "SCHEMA_VERSION", "empty"]

SCHEMA_VERSION = 1

#: kind -> path under ``<workspace>/AgentMemory/``
FILES = {
    "architecture": "Architecture/Architecture.json",
    "diagram": "Architecture/Diagram.json",
    "buildtips": "Architecture/BuildTips.json",
    "roadmap": "Roadmap.json",
    "components": "Components.json",
    "contextmap": "ContextMap.json",
}

_STR = {"type": "string"}
_INT = {"type": "integer"}
_LINES = {"type": "array", "items": _INT, "minItems": 2, "maxItems": 2}
_NULLABLE_STR = {"type": ["string", "null"]}


def _document(title: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "properties": {"schema_version": {"const": SCHEMA_VERSION}, **properties},
        "required": ["schema_version", *required],
    }


_FUNCTION = {
    "type": "object",
    "properties": {"name": _STR, "signature": _STR, "doc": _STR, "lines": _LINES,
                   "async": {"type": "boolean"}, "decorators": {"type": "array", "items": _STR}},
    "required": ["name", "signature", "lines"],
}
_CLASS = {
    "type": "object",
    "properties": {"name": _STR, "doc": _STR, "lines": _LINES,
                   "bases": {"type": "array", "items": _STR},
                   "methods": {"type": "array", "items": _FUNCTION}},
    "required": ["name", "lines", "methods"],
}
_MODULE = {
    "type": "object",
    "properties": {
        "module": _NULLABLE_STR, "path": _STR, "doc": _STR, "lines": _LINES,
        "classes": {"type": "array", "items": _CLASS},
        "functions": {"type": "array", "items": _FUNCTION},
        "imports": {"type": "array", "items": _STR},
        "main_guard": {"type": ["integer", "null"]},
        "error": _STR,
    },
    "required": ["path", "classes", "functions", "imports"],
}
_SIGNATURE = {
    "type": "object",
    "properties": {"code": _STR, "message": _STR, "symbol": _NULLABLE_STR},
    "required": ["code", "message"],
}
_PHASE = {
    "type": "object",
    "properties": {"id": _STR, "title": _STR, "status": {"enum": ["open", "done"]}},
    "required": ["id", "title", "status"],
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "architecture": _document("Architecture.json: what the workspace's Python code defines", {
        "root": _STR,
        "packages": {"type": "array", "items": _STR},
        "modules": {"type": "object", "additionalProperties": _MODULE},
    }, ["modules"]),
    "diagram": _document("Diagram.json: module imports and calls between top-level functions", {
        "nodes": {"type": "array", "items": {
            "type": "object",
            "properties": {"id": _STR, "kind": {"enum": ["module", "function"]}, "path": _STR,
                           "line": _INT},
            "required": ["id", "kind", "path"]}},
        "edges": {"type": "array", "items": {
            "type": "object",
            "properties": {"from": _STR, "to": _STR, "kind": {"enum": ["imports", "calls"]},
                           "path": _STR, "line": _INT},
            "required": ["from", "to", "kind", "path"]}},
    }, ["nodes", "edges"]),
    "buildtips": _document("BuildTips.json: verified fixes, by error signature", {
        "tips": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "id": _STR, "signature": _SIGNATURE,
                "fix": {"type": "object",
                        "properties": {"diff": _STR, "title": _STR, "kind": _STR},
                        "required": ["diff"]},
                "engine": _STR, "verification": _STR, "file": _STR, "date": _STR,
                "reused": {"type": "integer", "minimum": 0},
                "seen": {"type": "integer", "minimum": 1},
                "last_used": _NULLABLE_STR,
            },
            "required": ["id", "signature", "fix", "engine", "file", "date", "reused"]}},
    }, ["tips"]),
    "roadmap": _document("Roadmap.json: goals, phases and roadblocks", {
        "goals": {"type": "array", "items": {
            "type": "object",
            "properties": {"id": _STR, "title": _STR, "status": {"enum": ["open", "done"]},
                           "created": _STR, "phases": {"type": "array", "items": _PHASE}},
            "required": ["id", "title", "status", "phases"]}},
        "roadblocks": {"type": "array", "items": {
            "type": "object",
            "properties": {"id": _STR, "kind": {"enum": ["failing_fix", "recurring_error"]},
                           "signature": _SIGNATURE, "file": _STR, "count": _INT,
                           "first": _STR, "last": _STR, "detail": _STR,
                           "status": {"enum": ["open", "done"]}},
            "required": ["id", "kind", "signature", "count", "status"]}},
        "counters": {"type": "object", "additionalProperties": _INT},
    }, ["goals", "roadblocks"]),
    "components": _document("Components.json: classes, entry points and UI components", {
        "classes": {"type": "array", "items": {"type": "object", "required": ["name", "path"]}},
        "entry_points": {"type": "array", "items": {
            "type": "object",
            "properties": {"name": _STR, "kind": {"enum": ["console_script", "main_guard"]},
                           "target": _STR, "path": _NULLABLE_STR, "line": _INT},
            "required": ["name", "kind"]}},
        "ui": {"type": "array", "items": {
            "type": "object",
            "properties": {"name": _STR, "path": _STR, "line": _INT,
                           "props": {"type": "array", "items": _STR},
                           "children": {"type": "array", "items": _STR},
                           "used_by": {"type": "array", "items": _STR},
                           "schematic": _STR},
            "required": ["name", "path", "props", "children", "used_by"]}},
    }, ["classes", "entry_points", "ui"]),
    "contextmap": _document("ContextMap.json: what the memory index holds, and from where", {
        "index": _STR,
        "updated": _STR,
        "files": {"type": "object", "additionalProperties": {
            "type": "object",
            "properties": {"mtime_ns": _INT, "size": _INT, "sha256": _STR, "entries": _INT},
            "required": ["mtime_ns", "size", "sha256"]}},
        "sources": {"type": "object", "additionalProperties": {
            "type": "object", "properties": {"task_types": {"type": "array", "items": _STR}}}},
    }, ["files"]),
}


def empty(kind: str) -> dict[str, Any]:
    """Return the document a memory file of ``kind`` holds before anything is recorded."""
    bodies: dict[str, dict[str, Any]] = {
        "architecture": {"packages": [], "modules": {}},
        "diagram": {"nodes": [], "edges": []},
        "buildtips": {"tips": []},
        "roadmap": {"goals": [], "roadblocks": [], "counters": {}},
        "components": {"classes": [], "entry_points": [], "ui": []},
        "contextmap": {"files": {}, "sources": {}},
    }
    return {"schema_version": SCHEMA_VERSION, **bodies[kind]}
