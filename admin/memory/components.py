"""Components.json: classes, entry points, and UI components of ``.tsx/.jsx/.vue`` files.

Entry points are the console scripts of ``pyproject.toml`` and modules with an
``if __name__ == "__main__"`` block. UI components are read with patterns, not a JS parser:
a component's props, the components it renders (children) and who renders it (used by),
written as a one-line text schematic.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nca.admin.memory.schemas import SCHEMA_VERSION

__all__ = ["UI_SUFFIXES", "build_components", "scan_ui"]

UI_SUFFIXES = (".tsx", ".jsx", ".vue")

_FUNCTION = re.compile(
    r"^\s*(?:export\s+(?:default\s+)?)?function\s+(?P<name>[A-Z]\w*)\s*(?:<[^>]*>)?\s*\((?P<args>[^)]*)\)",
    re.M)
_ARROW = re.compile(
    r"^\s*(?:export\s+)?const\s+(?P<name>[A-Z]\w*)\s*(?::[^=]+)?=\s*(?:React\.)?(?:memo\()?"
    r"(?:async\s*)?\((?P<args>[^)]*)\)\s*(?::[^=]+)?=>", re.M)
_CLASS = re.compile(r"^\s*(?:export\s+(?:default\s+)?)?class\s+(?P<name>[A-Z]\w*)\s+extends\s+"
                    r"(?:React\.)?(?:Pure)?Component\b", re.M)
_TAG = re.compile(r"<(?P<tag>[A-Z][\w.]*)[\s/>]")
_KEBAB_TAG = re.compile(r"<(?P<tag>[a-z]+(?:-[a-z0-9]+)+)[\s/>]")
_PROPS_TYPE = re.compile(r"(?:interface|type)\s+(?P<name>\w+)\s*=?\s*\{(?P<body>[^}]*)\}", re.S)
_FIELD = re.compile(r"(?:^|[;,\n])\s*(?:readonly\s+)?(?P<name>\w+)\??\s*:", re.M)
_VUE_PROPS = re.compile(r"defineProps\s*(?:<\s*\{(?P<typed>[^}]*)\}\s*>)?\s*\(\s*(?P<arg>[\[{][^)]*)?\)",
                        re.S)
_OPTIONS_PROPS = re.compile(r"\bprops\s*:\s*(?P<arg>[\[{][^\]}]*[\]}])", re.S)
_WORDS = re.compile(r"['\"]?(\w+)['\"]?\s*(?::|,|\]|$)", re.M)


def _camel(kebab: str) -> str:
    return "".join(part.capitalize() for part in kebab.split("-"))


def _destructured(args: str) -> list[str]:
    match = re.search(r"\{([^}]*)\}", args)
    if not match:
        return []
    names = [re.split(r"[=:]", p)[0].strip().lstrip(".") for p in match.group(1).split(",")]
    return [n for n in names if n.isidentifier()]


def _typed_props(text: str, args: str, name: str) -> list[str]:
    types = {m.group("name"): m.group("body") for m in _PROPS_TYPE.finditer(text)}
    annotation = re.search(r":\s*(\w+)", args)
    for key in (annotation.group(1) if annotation else None, f"{name}Props", "Props"):
        if key and key in types:
            return _FIELD.findall(types[key])
    return []


def _body_of(text: str, start: int, names: list[tuple[int, str]]) -> str:
    later = [pos for pos, _ in names if pos > start]
    return text[start: min(later) if later else len(text)]


def scan_ui(text: str, rel: str) -> list[dict[str, Any]]:
    """Return the UI components one ``.tsx/.jsx/.vue`` file defines, with props and children."""
    if rel.endswith(".vue"):
        name = _camel(Path(rel).stem.replace("_", "-")) if "-" in Path(rel).stem else Path(rel).stem
        props: list[str] = []
        if (m := _VUE_PROPS.search(text)) is not None:
            props = _FIELD.findall(m.group("typed") or "") or _WORDS.findall(m.group("arg") or "")
        elif (m := _OPTIONS_PROPS.search(text)) is not None:
            props = _WORDS.findall(m.group("arg"))
        template = text.split("<script", 1)[0] if "<template" in text else text
        children = [t for t in _TAG.findall(template)]
        children += [_camel(t) for t in _KEBAB_TAG.findall(template)]
        return [{"name": name, "path": rel, "line": 1, "props": sorted(set(props), key=props.index),
                 "children": sorted(set(children) - {name}), "used_by": []}]
    found: list[tuple[int, str, str]] = []  # (offset, name, args)
    for pattern in (_FUNCTION, _ARROW, _CLASS):
        for m in pattern.finditer(text):
            found.append((m.start(), m.group("name"), m.groupdict().get("args") or ""))
    found.sort()
    starts = [(pos, name) for pos, name, _ in found]
    out = []
    for pos, name, args in found:
        body = _body_of(text, pos, starts)
        props = _destructured(args) or _typed_props(text, args, name)
        props += [p for p in re.findall(r"\bprops\.(\w+)", body) if p not in props]
        props += [p for p in re.findall(r"\bthis\.props\.(\w+)", body) if p not in props]
        children = sorted({t for t in _TAG.findall(body) if t != name})
        out.append({"name": name, "path": rel, "line": text.count("\n", 0, pos) + 1,
                    "props": list(dict.fromkeys(props)), "children": children, "used_by": []})
    return out


def _schematic(component: dict[str, Any]) -> str:
    props = ", ".join(component["props"]) or "-"
    children = ", ".join(component["children"]) or "-"
    used = ", ".join(component["used_by"]) or "-"
    return f"{component['name']}({props}) -> [{children}] <- used by [{used}]"


def link_ui(components: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the components with ``used_by`` filled in and a schematic for each."""
    items = [dict(c) for c in components]
    users: dict[str, set[str]] = {}
    for c in items:
        for child in c["children"]:
            users.setdefault(child.split(".")[-1], set()).add(c["name"])
    for c in items:
        c["used_by"] = sorted(users.get(c["name"], set()) - {c["name"]})
        c["schematic"] = _schematic(c)
    return items


def console_scripts(root: Path) -> list[dict[str, Any]]:
    """Return the console scripts ``pyproject.toml`` declares (empty without one)."""
    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []
    scripts = data.get("project", {}).get("scripts", {})
    return [{"name": name, "kind": "console_script", "target": str(target), "path": None}
            for name, target in sorted(scripts.items())]


def build_components(root: Path, modules: dict[str, dict[str, Any]],
                     ui: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Return Components.json from the architecture's modules (by path) and scanned UI files."""
    classes = []
    entry_points = console_scripts(root)
    for rel, entry in sorted(modules.items()):
        for cls in entry["classes"]:
            classes.append({"name": cls["name"], "module": entry["module"], "path": rel,
                            "line": cls["lines"][0], "bases": cls["bases"],
                            "methods": [m["name"] for m in cls["methods"]],
                            "doc": cls.get("doc", "")})
        if entry.get("main_guard"):
            entry_points.append({"name": entry["module"] or rel, "kind": "main_guard",
                                 "target": f"{entry['module'] or rel}:__main__", "path": rel,
                                 "line": entry["main_guard"]})
    return {"schema_version": SCHEMA_VERSION, "classes": classes, "entry_points": entry_points,
            "ui": link_ui(ui)}
