"""Roadmap.json: goals made of phases, and roadblocks the repair loop logs by itself.

A roadblock is a fix that failed ``threshold`` times for the same error signature in a file,
or an error that keeps coming back after it was fixed. Goals and phases are the user's own
(``nca memory roadmap add|done|list``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from nca.admin.memory.store import load, path_of, update
from nca.admin.reports import RoadmapDoc
from nca.workers.core.errors import InputError

__all__ = ["Roadmap", "THRESHOLD"]

#: how often the same failure or recurrence happens before it is a roadblock
THRESHOLD = 3


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _key(kind: str, signature: dict[str, Any], file: str) -> str:
    return "|".join((kind, signature["code"], signature["message"], signature.get("symbol") or "",
                     file))


class Roadmap:
    """Goals, phases and roadblocks of one workspace."""

    def __init__(self, workspace: Path) -> None:
        self.path = path_of(workspace, "roadmap")

    def load(self) -> RoadmapDoc:
        """Return the whole document."""
        return cast(RoadmapDoc, load(self.path, "roadmap"))  # checked against its schema

    def add(self, title: str, goal: str | None = None) -> str:
        """Return the id of a new goal, or of a new phase of ``goal`` when given."""
        if not title.strip():
            raise InputError("a roadmap item needs a title")
        made: list[str] = []

        def change(doc: dict[str, Any]) -> None:
            if goal is None:
                new_id = f"g{len(doc['goals']) + 1}"
                doc["goals"].append({"id": new_id, "title": title.strip(), "status": "open",
                                     "created": _now(), "phases": []})
            else:
                target = _find_goal(doc, goal)
                new_id = f"{target['id']}.p{len(target['phases']) + 1}"
                target["phases"].append({"id": new_id, "title": title.strip(), "status": "open"})
                target["status"] = "open"
            made.append(new_id)

        update(self.path, "roadmap", change)
        return made[0]

    def done(self, item: str) -> str:
        """Return the title of the goal, phase or roadblock ``item`` after marking it done.

        A goal whose phases are all done is done too.
        """
        titles: list[str] = []

        def change(doc: dict[str, Any]) -> None:
            for block in doc["roadblocks"]:
                if block["id"] == item:
                    block["status"] = "done"
                    titles.append(block.get("detail", item))
                    return
            goal_id, _, _ = item.partition(".")
            target = _find_goal(doc, goal_id)
            if item == target["id"]:
                target["status"] = "done"
                for phase in target["phases"]:
                    phase["status"] = "done"
                titles.append(target["title"])
                return
            for phase in target["phases"]:
                if phase["id"] == item:
                    phase["status"] = "done"
                    titles.append(phase["title"])
                    if all(p["status"] == "done" for p in target["phases"]):
                        target["status"] = "done"
                    return
            raise InputError(f"no roadmap item {item}")

        update(self.path, "roadmap", change)
        return titles[0]

    def note(self, kind: str, signature: dict[str, Any], file: str, detail: str,
             threshold: int = THRESHOLD) -> dict[str, Any] | None:
        """Return the roadblock once ``kind`` happened ``threshold`` times, else None.

        ``kind`` is ``failing_fix`` or ``recurring_error``; each call counts one occurrence.
        """
        raised: list[dict[str, Any]] = []

        def change(doc: dict[str, Any]) -> None:
            key = _key(kind, signature, file)
            count = doc.setdefault("counters", {}).get(key, 0) + 1
            doc["counters"][key] = count
            if count < threshold:
                return
            for block in doc["roadblocks"]:
                if block["kind"] == kind and _key(kind, block["signature"], block.get("file", "")) == key:
                    block.update(count=count, last=_now(), detail=detail, status="open")
                    raised.append(block)
                    return
            block = {"id": f"r{len(doc['roadblocks']) + 1}", "kind": kind,
                     "signature": signature, "file": file, "count": count, "first": _now(),
                     "last": _now(), "detail": detail, "status": "open"}
            doc["roadblocks"].append(block)
            raised.append(block)

        update(self.path, "roadmap", change)
        return raised[0] if raised else None

    def lines(self) -> list[str]:
        """Return the roadmap as text lines: goals with phases, then open roadblocks."""
        doc = self.load()
        out = []
        for goal in doc["goals"]:
            out.append(f"[{'x' if goal['status'] == 'done' else ' '}] {goal['id']} {goal['title']}")
            for phase in goal["phases"]:
                mark = "x" if phase["status"] == "done" else " "
                out.append(f"    [{mark}] {phase['id']} {phase['title']}")
        for block in doc["roadblocks"]:
            if block["status"] == "open":
                out.append(f"(!) {block['id']} {block['kind']} x{block['count']} "
                           f"{block.get('file', '')}: {block.get('detail', '')}")
        return out


def _find_goal(doc: dict[str, Any], goal: str) -> dict[str, Any]:
    for item in doc["goals"]:
        if item["id"] == goal:
            return item
    raise InputError(f"no goal {goal} (see nca memory roadmap list)")
