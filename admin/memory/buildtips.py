"""BuildTips.json: every verified fix, by error signature, and the TipStore the loop reads.

A signature is the problem's code, its message with names and numbers abstracted, and the
symbol it is about. A fix is stored as the unified diff the repair loop applied; next time the
same signature shows up, :meth:`BuildTips.lookup` offers that diff as a ``learned`` solution,
the rules engine turns it into a candidate, and it is verified like any other. Reuse is counted.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nca.admin.memory.roadmap import Roadmap
from nca.admin.memory.store import load, path_of, update
from nca.admin.repair import FixStep
from nca.workers.core.errors import NcaError
from nca.workers.core.types import Problem, Solution

log = logging.getLogger(__name__)

__all__ = ["BuildTips", "FixStep", "normalise", "record_fix", "signature"]

#: learned solutions offered per problem; each costs one verification
MAX_TIPS = 3
_CONTEXT = 2  # lines of context kept in a stored diff: enough to place it, few enough to reuse

_QUOTED = re.compile(r"(['\"`])(?:(?!\1).){1,200}\1")
_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]+\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\b")
_SPACES = re.compile(r"\s+")


def normalise(message: str) -> str:
    """Return ``message`` with quoted names, addresses and numbers replaced by placeholders."""
    text = _QUOTED.sub(lambda m: f"{m.group(1)}{{name}}{m.group(1)}", message.strip())
    text = _ADDRESS.sub("{addr}", text)
    text = _NUMBER.sub("{n}", text)
    return _SPACES.sub(" ", text)[:300]


def signature(problem: Problem) -> dict[str, Any]:
    """Return the error signature of ``problem``: code, normalised message and symbol."""
    symbol = problem.symbol
    if symbol is None:
        quoted = _QUOTED.search(problem.message)
        symbol = quoted.group(0)[1:-1] if quoted else None
    return {"code": problem.code, "message": normalise(problem.message), "symbol": symbol}


def _today() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class BuildTips:
    """The workspace's learned fixes; a :class:`nca.workers.core.types.TipStore`."""

    def __init__(self, workspace: Path) -> None:
        self.path = path_of(workspace, "buildtips")
        self._cache: tuple[tuple[int, int], dict[str, Any]] | None = None

    def load(self) -> dict[str, Any]:
        """Return the document, re-read only when the file changed."""
        try:
            st = os.stat(self.path)
            stamp = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = (0, 0)
        if self._cache is None or self._cache[0] != stamp:
            self._cache = (stamp, load(self.path, "buildtips"))
        return self._cache[1]

    def lookup(self, problem: Problem) -> Sequence[Solution]:
        """Return learned solutions for ``problem``'s signature, most reused first.

        A memory file that cannot be read offers nothing (and says so in the log): learned
        fixes are a help, never a reason for a fix to fail.
        """
        wanted = signature(problem)
        found = []
        try:
            tips = self.load()["tips"]
        except NcaError as err:
            log.warning("learned fixes not used: %s", err)
            return []
        for tip in tips:
            sig = tip["signature"]
            if (sig["code"], sig["message"], sig.get("symbol")) != (
                    wanted["code"], wanted["message"], wanted["symbol"]):
                continue
            found.append(Solution(
                kind="learned", title=f"learned: {tip['fix'].get('title') or tip['id']}",
                source="buildtips", score=2.0 + min(tip["reused"], 50) / 100,
                detail={"diff": tip["fix"]["diff"], "tip": tip["id"], "file": tip["file"]}))
        found.sort(key=lambda s: -s.score)
        return found[:MAX_TIPS]

    def forget(self, tip_id: str) -> bool:
        """Return True after removing the tip ``tip_id`` (a learned fix that broke something)."""
        removed: list[str] = []

        def change(doc: dict[str, Any]) -> None:
            kept = [t for t in doc["tips"] if t["id"] != tip_id]
            if len(kept) != len(doc["tips"]):
                removed.append(tip_id)
                doc["tips"] = kept

        if not any(t["id"] == tip_id for t in self.load()["tips"]):
            return False
        update(self.path, "buildtips", change)
        self._cache = None
        return bool(removed)

    def record(self, step: FixStep, path: str) -> dict[str, Any]:
        """Return the tip after storing ``step`` (a new tip, or a reuse of a learned one)."""
        sig = signature(step.problem)
        diff = step.diff(path, _CONTEXT)
        kept: list[dict[str, Any]] = []

        def change(doc: dict[str, Any]) -> None:
            for tip in doc["tips"]:
                same_fix = tip["fix"]["diff"] == (step.candidate.diff or diff)
                if tip["signature"] == sig and same_fix:
                    if step.candidate.kind == "learned":
                        tip["reused"] += 1
                        tip["last_used"] = _today()
                    else:
                        tip["seen"] = tip.get("seen", 1) + 1
                    kept.append(tip)
                    return
            tip_id = "t" + hashlib.sha256(f"{sig}{diff}".encode()).hexdigest()[:10]
            tip = {"id": tip_id, "signature": sig,
                   "fix": {"diff": diff, "title": step.candidate.title,
                           "kind": step.candidate.kind},
                   "engine": step.candidate.engine, "verification": step.verification,
                   "file": path, "date": _today(), "reused": 0, "seen": 1, "last_used": None}
            doc["tips"].append(tip)
            kept.append(tip)

        update(self.path, "buildtips", change)
        self._cache = None
        return kept[0]


def record_fix(workspace: Path, path: str, steps: Iterable[FixStep],
               failed: Iterable[tuple[Problem, str]] = ()) -> list[dict[str, Any]]:
    """Return the tips stored for the applied ``steps``; log failures and recurrences as roadblocks.

    Call it once a file's fixes are applied (written, or accepted in the editor).
    """
    tips = BuildTips(workspace)
    roadmap = Roadmap(workspace)
    stored = []
    for step in steps:
        tip = tips.record(step, path)
        stored.append(tip)
        occurrences = tip.get("seen", 1) + tip["reused"]
        if occurrences >= 2:  # it was fixed before and is back again
            roadmap.note("recurring_error", tip["signature"], path,
                         f"{step.problem.code} {step.problem.message} keeps coming back")
    for problem, why in failed:
        roadmap.note("failing_fix", signature(problem), path,
                     f"{problem.code} {problem.message}: {why}")
    return stored
