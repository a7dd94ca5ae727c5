"""One workspace's AgentMemory: build it whole, update one file on save, search it.

Derived files (Architecture, Diagram, Components, ContextMap and the search index) are rebuilt
from source; BuildTips and Roadmap hold what was learned and are only ever added to.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nca.admin.memory.architecture import ModuleScan, build_diagram, diagram_part, scan_module
from nca.admin.memory.buildtips import BuildTips
from nca.admin.memory.components import UI_SUFFIXES, build_components, scan_ui
from nca.admin.memory.roadmap import Roadmap
from nca.admin.memory.schemas import FILES, SCHEMA_VERSION
from nca.admin.memory.search import Entry, Hit, SearchIndex, entries_of_module
from nca.admin.memory.store import load, path_of, update
from nca.admin.reports import MemorySummary
from nca.admin.workspace import SKIP_DIRS, decode_source, find_workspace, relative
from nca.workers.core.errors import UnreadableFile

__all__ = ["TASK_TYPES", "AgentMemory", "BuildReport"]

#: which memory file serves which task types (recorded in ContextMap.json)
TASK_TYPES = {
    "architecture": ["fix_file", "fix_text", "diagnostic", "debug_log", "chat"],
    "diagram": ["diagnostic", "debug_log", "chat"],
    "buildtips": ["fix_file", "fix_text", "diagnostic", "debug_log"],
    "roadmap": ["debug_log", "chat"],
    "components": ["chat"],
}
_SOURCE_SUFFIXES = (".py", *UI_SUFFIXES)
_MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class BuildReport:
    files: int
    modules: int
    classes: int
    functions: int
    ui_components: int
    entries: int
    elapsed_ms: int
    skipped: tuple[str, ...] = ()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stamp(path: Path, data: bytes) -> dict[str, Any]:
    st = path.stat()
    return {"mtime_ns": st.st_mtime_ns, "size": st.st_size,
            "sha256": hashlib.sha256(data).hexdigest()}


class AgentMemory:
    """The memory files of one workspace and the search index behind them."""

    def __init__(self, workspace: str | Path | None = None) -> None:
        self.workspace = find_workspace(workspace)
        self.index = SearchIndex(self.workspace)
        self.tips = BuildTips(self.workspace)
        self.roadmap = Roadmap(self.workspace)

    def path(self, kind: str) -> Path:
        """Return where the memory file of ``kind`` lives."""
        return path_of(self.workspace, kind)

    def load(self, kind: str) -> dict[str, Any]:
        """Return the document of ``kind`` (raises BrokenMemoryFile for a broken one)."""
        return load(self.path(kind), kind)

    # ------------------------------------------------------------------ building

    def source_files(self) -> Iterator[Path]:
        """Yield the workspace's .py/.tsx/.jsx/.vue files, skipping tool and env folders."""
        for folder, dirs, files in os.walk(self.workspace):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")
                             and d != "AgentMemory")
            for name in sorted(files):
                if name.endswith(_SOURCE_SUFFIXES):
                    yield Path(folder) / name

    def _read(self, path: Path) -> tuple[bytes, str]:
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise UnreadableFile(f"{path}: larger than {_MAX_BYTES // 2**20} MiB")
        data = path.read_bytes()
        return data, decode_source(data, str(path))

    def build(self) -> BuildReport:
        """Return what was indexed after rebuilding every derived memory file from source."""
        started = time.monotonic()
        scans: list[ModuleScan] = []
        ui: list[dict[str, Any]] = []
        stamps: dict[str, dict[str, Any]] = {}
        skipped: list[str] = []
        for full in self.source_files():
            rel = full.relative_to(self.workspace).as_posix()
            try:
                data, text = self._read(full)
            except (OSError, UnreadableFile):
                skipped.append(rel)
                continue
            stamps[rel] = _stamp(full, data)
            if rel.endswith(".py"):
                scans.append(scan_module(text, rel))
            else:
                ui.extend(scan_ui(text, rel))
        modules = {s.entry["path"]: s.entry for s in scans}
        by_name = {e["module"]: e for e in modules.values() if e["module"]}
        architecture = {"schema_version": SCHEMA_VERSION, "root": str(self.workspace),
                        "packages": _packages(modules), "modules": modules}
        self._put("architecture", architecture)
        self._put("diagram", build_diagram(scans, by_name))
        components = build_components(self.workspace, modules, ui)
        self._put("components", components)
        entries = [*_entries(modules.values(), components["ui"]), *self._tip_entries()]
        for entry in entries:
            if entry.path in stamps:
                stamps[entry.path]["entries"] = stamps[entry.path].get("entries", 0) + 1
        count = self.index.replace((), entries, everything=True)
        self._put("contextmap", self._contextmap(stamps))
        return BuildReport(
            files=len(stamps), modules=len(modules),
            classes=sum(len(m["classes"]) for m in modules.values()),
            functions=sum(len(m["functions"]) for m in modules.values()),
            ui_components=len(components["ui"]), entries=count,
            elapsed_ms=int((time.monotonic() - started) * 1000), skipped=tuple(skipped))

    def _put(self, kind: str, doc: dict[str, Any]) -> None:
        update(self.path(kind), kind, lambda _old: doc)

    def _contextmap(self, stamps: dict[str, dict[str, Any]]) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "index": f".nca/{self.index.path.name}",
                "updated": _now(), "files": stamps,
                "sources": {FILES[k]: {"task_types": v} for k, v in TASK_TYPES.items()}}

    def _tip_entries(self) -> list[Entry]:
        return [Entry(f"AgentMemory/{FILES['buildtips']}",
                      f"{t['signature']['code']} {t['signature'].get('symbol') or ''}".strip(),
                      "tip", 1, f"{t['signature']['message']} {t['fix'].get('title', '')}")
                for t in self.tips.load()["tips"]]

    # ------------------------------------------------------------------ incremental

    def update_file(self, path: str | Path) -> bool:
        """Return True when ``path`` changed since it was indexed and its memory was updated.

        Unchanged mtime and size (or an unchanged hash) cost one ``stat`` (or one read). A file
        that no longer exists is removed from the memory.
        """
        rel = relative(path, self.workspace)
        if not rel.endswith(_SOURCE_SUFFIXES):
            return False
        full = self.workspace / rel
        known = self.load("contextmap")["files"].get(rel)
        if not full.exists():
            if known is None:
                return False
            self._apply(rel, None, None)
            return True
        st = full.stat()
        if known and (known["mtime_ns"], known["size"]) == (st.st_mtime_ns, st.st_size):
            return False
        try:
            data, text = self._read(full)
        except UnreadableFile:
            return False
        stamp = _stamp(full, data)
        if known and known["sha256"] == stamp["sha256"]:
            self._restamp(rel, stamp | {"entries": known.get("entries", 0)})
            return False
        self._apply(rel, text, stamp)
        return True

    def _restamp(self, rel: str, stamp: dict[str, Any] | None) -> None:
        def change(doc: dict[str, Any]) -> None:
            if stamp is None:
                doc["files"].pop(rel, None)
            else:
                doc["files"][rel] = stamp
            doc["updated"] = _now()

        update(self.path("contextmap"), "contextmap", change)

    def _apply(self, rel: str, text: str | None, stamp: dict[str, Any] | None) -> None:
        is_py = rel.endswith(".py")
        scan = scan_module(text, rel) if is_py and text is not None else None
        ui = scan_ui(text, rel) if not is_py and text is not None else []
        modules: dict[str, dict[str, Any]] = {}

        def change_architecture(doc: dict[str, Any]) -> None:
            doc["modules"].pop(rel, None)
            if scan is not None:
                doc["modules"][rel] = scan.entry
            doc["packages"] = _packages(doc["modules"])
            modules.update(doc["modules"])

        if is_py:
            update(self.path("architecture"), "architecture", change_architecture)
        else:
            modules.update(self.load("architecture")["modules"])
        if is_py:
            by_name = {e["module"]: e for e in modules.values() if e["module"]}
            update(self.path("diagram"), "diagram", lambda doc: _replace_part(doc, rel, scan, by_name))

        def change_components(doc: dict[str, Any]) -> dict[str, Any]:
            kept = [c for c in doc["ui"] if c["path"] != rel]
            return build_components(self.workspace, modules, [*kept, *ui])

        components = update(self.path("components"), "components", change_components)
        entries = list(_entries([scan.entry] if scan else [],
                                [c for c in components["ui"] if c["path"] == rel]))
        self.index.replace([rel], entries)
        self._restamp(rel, None if stamp is None else stamp | {"entries": len(entries)})

    # ------------------------------------------------------------------ reading

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Return the best index hits for a question or a symbol name."""
        return self.index.search(query, limit)

    def summary(self) -> MemorySummary:
        """Return counts of what each memory file holds (for ``nca memory show``)."""
        arch = self.load("architecture")
        modules = arch["modules"].values()
        diagram = self.load("diagram")
        components = self.load("components")
        roadmap = self.roadmap.load()
        return {
            "workspace": str(self.workspace),
            "modules": len(arch["modules"]), "packages": len(arch["packages"]),
            "classes": sum(len(m["classes"]) for m in modules),
            "functions": sum(len(m["functions"]) for m in modules),
            "diagram_nodes": len(diagram["nodes"]), "diagram_edges": len(diagram["edges"]),
            "entry_points": len(components["entry_points"]), "ui_components": len(components["ui"]),
            "build_tips": len(self.tips.load()["tips"]),
            "goals": len(roadmap["goals"]),
            "open_roadblocks": sum(1 for r in roadmap["roadblocks"] if r["status"] == "open"),
            "indexed_files": len(self.load("contextmap")["files"]),
            "index_entries": self.index.count(),
        }


def _packages(modules: dict[str, dict[str, Any]]) -> list[str]:
    return sorted(e["module"] for rel, e in modules.items()
                  if rel.endswith("__init__.py") and e["module"])


def _entries(modules: Any, ui: list[dict[str, Any]]) -> Iterator[Entry]:
    for module in modules:
        yield from entries_of_module(module)
    for component in ui:
        yield Entry(component["path"], component["name"], "component", component["line"],
                    component.get("schematic", ""))


def _replace_part(doc: dict[str, Any], rel: str, scan: ModuleScan | None,
                  modules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    nodes = [n for n in doc["nodes"] if n["path"] != rel]
    edges = [e for e in doc["edges"] if e["path"] != rel]
    if scan is not None:
        new_nodes, new_edges = diagram_part(scan, modules)
        nodes.extend(new_nodes)
        edges.extend(new_edges)
    ids = {n["id"] for n in nodes}
    # edges from other files into a function or module this file no longer has go too
    edges = [e for e in edges if e["to"] in ids]
    return {"schema_version": SCHEMA_VERSION, "nodes": nodes, "edges": edges}
