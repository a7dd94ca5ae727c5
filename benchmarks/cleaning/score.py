"""Cases of the cleaning benchmark, how each is run, and precision and recall per category.

A case is a Python file under ``cases/``, or a folder there holding a small workspace. A
scored file says in comment lines what in it is dead::

    # expect imports: os, sys
    # expect functions: _helper
    # expect nothing

and marks the line where code that can never run starts (for an ``if`` that is never true,
the ``if``) with a trailing ``# <- unreachable``.
``# path: pkg/__init__.py`` places a single-file case at that path in its workspace, and
``# min-confidence: N`` overrides the benchmark's minimum confidence for the file.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nca.admin.cleaning import clean_text
from nca.admin.cleaning_knowledge import CleanKnowledge
from nca.admin.dispatcher import Dispatcher

__all__ = ["CASES_DIR", "CATEGORIES", "Case", "Row", "Score", "load_cases", "run", "summarize"]

CASES_DIR = Path(__file__).parent / "cases"
#: benchmark category -> the Cleaner's finding category
CATEGORIES = {"imports": "import", "functions": "function", "classes": "class",
              "methods": "method", "properties": "property", "variables": "variable",
              "attributes": "attribute", "unreachable": "unreachable"}
_EXPECT = re.compile(r"^#\s*expect\s+(\w+)\s*:\s*(.*)$", re.MULTILINE)
_NOTHING = re.compile(r"^#\s*expect\s+nothing\s*$", re.MULTILINE)
_PATH = re.compile(r"^#\s*path\s*:\s*(\S+)\s*$", re.MULTILINE)
_CONFIDENCE = re.compile(r"^#\s*min-confidence\s*:\s*(\d+)\s*$", re.MULTILINE)
_UNREACHABLE = "# <- unreachable"

_Item = tuple[str, str]  # (finding category, name; the line for unreachable code)


@dataclass(frozen=True)
class Case:
    """One scored file: where it lives in its workspace and what in it is dead."""

    name: str
    root: Path  # the case folder, or the single file
    rel: str  # the scored file, relative to the workspace
    text: str
    dead: tuple[_Item, ...]
    min_confidence: int | None = None


@dataclass
class Score:
    """What the Cleaner found and removed in one case, against what is dead."""

    case: str
    found: Counter[_Item] = field(default_factory=Counter)
    removed: Counter[_Item] = field(default_factory=Counter)
    dead: Counter[_Item] = field(default_factory=Counter)
    compiles: bool = True  # the cleaned text compiles

    @property
    def false_removals(self) -> list[_Item]:
        return sorted((self.removed - self.dead).elements())

    @property
    def false_findings(self) -> list[_Item]:
        return sorted((self.found - self.dead).elements())

    @property
    def missed(self) -> list[_Item]:
        return sorted((self.dead - self.found).elements())


@dataclass(frozen=True)
class Row:
    """Totals for one category (or ``overall``)."""

    category: str
    dead: int
    found: int
    true_found: int
    removed: int
    true_removed: int

    @property
    def precision(self) -> float:
        return self.true_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_found / self.dead if self.dead else 1.0

    @property
    def removal_precision(self) -> float:
        return self.true_removed / self.removed if self.removed else 1.0


def load_cases(root: Path = CASES_DIR) -> list[Case]:
    """Return every scored file of the cases under ``root``, sorted by name."""
    cases = []
    for entry in sorted(root.iterdir()):
        if entry.suffix == ".py":
            text = entry.read_text(encoding="utf-8")
            place = _PATH.search(text)
            cases.append(_case(entry.stem, entry, place.group(1) if place else entry.name, text))
        elif entry.is_dir() and not entry.name.startswith(("_", ".")):
            for file in sorted(entry.rglob("*.py")):
                text = file.read_text(encoding="utf-8")
                if _EXPECT.search(text) or _NOTHING.search(text):
                    rel = file.relative_to(entry).as_posix()
                    cases.append(_case(f"{entry.name}/{rel}", entry, rel, text))
    return cases


def _case(name: str, root: Path, rel: str, text: str) -> Case:
    dead: list[_Item] = []
    for category, names in _EXPECT.findall(text):
        if category not in CATEGORIES:
            raise ValueError(f"{name}: unknown category {category!r}")
        if category == "unreachable":
            raise ValueError(f"{name}: mark unreachable code with {_UNREACHABLE!r}")
        dead += [(CATEGORIES[category], n.strip()) for n in names.split(",") if n.strip()]
    for number, line in enumerate(text.splitlines(), 1):
        if line.rstrip().endswith(_UNREACHABLE):
            dead.append(("unreachable", str(number)))
    if not dead and not _NOTHING.search(text):
        raise ValueError(f"{name}: says nothing about what is dead (# expect nothing?)")
    confidence = _CONFIDENCE.search(text)
    return Case(name, root, rel, text, tuple(dead),
                int(confidence.group(1)) if confidence else None)


def run(cases: Iterable[Case], *, min_confidence: int = 60) -> list[Score]:
    """Return the score of each case, each cleaned in a workspace of its own."""
    scores = []
    for case in cases:
        with tempfile.TemporaryDirectory(prefix="nca-clean-bench-") as tmp:
            workspace = Path(tmp)
            if case.root.is_dir():
                shutil.copytree(case.root, workspace, dirs_exist_ok=True)
            else:
                (workspace / case.rel).parent.mkdir(parents=True, exist_ok=True)
                (workspace / case.rel).write_text(case.text, encoding="utf-8")
            dispatcher = Dispatcher(workspace, record=False)
            knowledge = CleanKnowledge.load(workspace)
            confidence = case.min_confidence if case.min_confidence is not None else min_confidence
            report = clean_text(dispatcher, case.text, case.rel, min_confidence=confidence,
                                knowledge=knowledge)
        score = Score(case.name, dead=Counter(case.dead))
        removed = set(report.removed)
        for f in report.findings:
            item = (f.category, str(f.line) if f.category == "unreachable" else f.name)
            score.found[item] += 1
            if f.removable and f.name in removed:
                score.removed[item] += 1
        try:
            compile(report.text, case.rel, "exec", dont_inherit=True)
        except SyntaxError:
            score.compiles = False
        scores.append(score)
    return scores


def summarize(scores: Sequence[Score]) -> list[Row]:
    """Return one row per category that has dead code or findings, then ``overall``."""
    rows = []
    for label, category in CATEGORIES.items():
        dead = _count(category, (s.dead for s in scores))
        found = _count(category, (s.found for s in scores))
        if not dead and not found:
            continue
        rows.append(Row(label, dead, found, _count(category, (s.found & s.dead for s in scores)),
                        _count(category, (s.removed for s in scores)),
                        _count(category, (s.removed & s.dead for s in scores))))
    rows.append(Row("overall", *(sum(getattr(r, a) for r in rows) for a in
                                 ("dead", "found", "true_found", "removed", "true_removed"))))
    return rows


def _count(category: str, counters: Iterable[Counter[_Item]]) -> int:
    return sum(n for c in counters for (cat, _), n in c.items() if cat == category)
