"""The hand-placed mistakes of ``cases.toml``: loading them and applying them to the real files.

A case's file is read, at run time, from the installed package (the interpreter running the
benchmark); nothing of the projects is vendored here.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import itertools
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["CASES_FILE", "KINDS", "RADIUS", "Case", "Edit", "Mutation", "load", "mutate",
           "other_release", "package_root", "source", "splits"]

CASES_FILE = Path(__file__).with_name("cases.toml")
KINDS = ("attribute", "foreign-method", "keyword", "missing-self", "missing-import", "syntax",
         "local-name")
RADIUS = 2  # a problem or a change this many lines from the mistake is "at" it


@dataclass(frozen=True)
class Edit:
    original: str  # occurs exactly once in the file
    broken: str  # the mistake
    fixed: str  # the intended repair (usually the original)


@dataclass(frozen=True)
class Case:
    id: str
    project: str  # the top-level package
    file: str  # relative to the package's parent folder (site-packages), e.g. click/core.py
    kind: str
    detail: str
    edits: tuple[Edit, ...]
    at: str = ""  # a regular expression for further lines where the mistake shows
    split: str = ""

    @property
    def module_package(self) -> str:
        """The package the file's relative imports start from (``click`` for click/core.py)."""
        return ".".join(Path(self.file).parent.parts)


@dataclass(frozen=True)
class Mutation:
    """A case applied to its file: the three texts and where the mistake lies in each."""

    case: Case
    original: str
    broken: str  # what nca is given
    intended: str  # the file once the mistake is fixed as intended (usually == original)
    # per edit, the 1-based lines of the mistake (within RADIUS) in the broken / intended text
    windows_broken: tuple[frozenset[int], ...] = field(default=())
    windows_intended: tuple[frozenset[int], ...] = field(default=())

    @property
    def window_broken(self) -> frozenset[int]:
        return frozenset().union(*self.windows_broken)


def _edit(table: dict) -> Edit:
    original = table["original"]
    return Edit(original, table["broken"], table.get("fixed", original))


def load(path: Path = CASES_FILE) -> list[Case]:
    """Return the cases of ``path``, each with its split."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    split_of = {p: name for name, projects in data["splits"].items() for p in projects}
    out = []
    for raw in data["case"]:
        edits = tuple(_edit(e) for e in raw["edit"]) if "edit" in raw else (_edit(raw),)
        out.append(Case(id=raw["id"], project=raw["project"], file=raw["file"], kind=raw["kind"],
                        detail=raw.get("detail", ""), edits=edits, at=raw.get("at", ""),
                        split=split_of.get(raw["project"], "")))
    return out


def splits(path: Path = CASES_FILE) -> dict[str, list[str]]:
    """Return ``{split: [project, ...]}`` as the data file declares them."""
    return dict(tomllib.loads(path.read_text(encoding="utf-8"))["splits"])


@cache
def _versions(path: Path = CASES_FILE) -> dict[str, str]:
    return dict(tomllib.loads(path.read_text(encoding="utf-8")).get("versions", {}))


@cache
def _installed(project: str) -> str | None:
    names = importlib.metadata.packages_distributions().get(project) or []
    try:
        return importlib.metadata.version(names[0]) if names else None
    except importlib.metadata.PackageNotFoundError:
        return None


def other_release(case: Case) -> str | None:
    """Return why ``case`` may not apply here: its project's installed release is not the one
    its snippets were read from (``[versions]`` of cases.toml); None when it is."""
    wanted, installed = _versions().get(case.project), _installed(case.project)
    if wanted is None or installed is None or wanted == installed:
        return None
    return f"{case.project} {installed} is installed; the case was written against {wanted}"


@cache
def package_root(project: str) -> Path:
    """Return the folder holding ``project``'s top-level package (its site-packages)."""
    spec = importlib.util.find_spec(project)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"{project} is not installed as a package in this environment")
    return Path(next(iter(spec.submodule_search_locations))).parent


def source(case: Case) -> str:
    """Return the installed text of ``case``'s file."""
    return (package_root(case.project) / case.file).read_text(encoding="utf-8")


def _lines_of(text: str, start: int, length: int) -> frozenset[int]:
    """1-based lines of ``text[start:start+length]`` widened by RADIUS (one line when empty)."""
    first = text.count("\n", 0, start) + 1
    last = first + text.count("\n", start, start + length)
    if length and text[start:start + length].endswith("\n"):
        last -= 1  # a snippet that ends with a newline ends on the line before
    last = max(first, last)
    return frozenset(range(max(1, first - RADIUS), last + RADIUS + 1))


def _marked(text: str, pattern: str) -> frozenset[int]:
    if not pattern:
        return frozenset()
    regex = re.compile(pattern)
    return frozenset(i for i, line in enumerate(text.splitlines(), 1) if regex.search(line))


def mutate(case: Case, original: str | None = None) -> Mutation:
    """Apply ``case`` to its file's text (``original``, read from the package when None)."""
    text = source(case) if original is None else original
    spots = []
    for edit in case.edits:
        count = text.count(edit.original)
        if count != 1:
            raise ValueError(f"{case.id}: the snippet occurs {count} times in {case.file}, "
                             f"not once: {edit.original!r}")
        spots.append((text.index(edit.original), edit))
    spots.sort(key=lambda s: s[0])
    for (a, ea), (b, _) in itertools.pairwise(spots):
        if a + len(ea.original) > b:
            raise ValueError(f"{case.id}: two edits overlap")
    broken, intended, wins_b, wins_i = [], [], [], []
    pos = len_b = len_i = 0
    for start, edit in spots:
        keep = text[pos:start]
        broken.append(keep)
        intended.append(keep)
        len_b += len(keep)
        len_i += len(keep)
        wins_b.append((len_b, len(edit.broken)))
        wins_i.append((len_i, len(edit.fixed)))
        broken.append(edit.broken)
        intended.append(edit.fixed)
        len_b += len(edit.broken)
        len_i += len(edit.fixed)
        pos = start + len(edit.original)
    broken.append(text[pos:])
    intended.append(text[pos:])
    b_text, i_text = "".join(broken), "".join(intended)
    at_b, at_i = _marked(b_text, case.at), _marked(i_text, case.at)
    return Mutation(
        case=case, original=text, broken=b_text, intended=i_text,
        windows_broken=tuple(_lines_of(b_text, s, n) | at_b for s, n in wins_b),
        windows_intended=tuple(_lines_of(i_text, s, n) | at_i for s, n in wins_i),
    )
