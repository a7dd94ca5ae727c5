"""The names other languages give the methods Python spells its own way (``push`` -> ``append``)."""

from __future__ import annotations

__all__ = ["METHOD_HABITS"]

#: the names other languages use for a Python method, offered when the value has the latter
METHOD_HABITS = {
    "push": "append", "add": "append", "addAll": "extend", "toUpperCase": "upper",
    "toLowerCase": "lower", "toUpper": "upper", "toLower": "lower", "startsWith": "startswith",
    "endsWith": "endswith", "trim": "strip", "trimStart": "lstrip", "trimEnd": "rstrip",
    "indexOf": "index", "lastIndexOf": "rindex", "replaceAll": "replace", "keySet": "keys",
    "getOrDefault": "get", "putIfAbsent": "setdefault", "forEach": "map",
}
