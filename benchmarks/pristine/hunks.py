"""The hunks nca's steps left in a workspace, and the kind of edit each one is."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.pristine.checks import findable_modules
from benchmarks.pristine.workspace import git

__all__ = ["IMPORT_LINE", "Change", "annotate", "classify", "diff_changes", "numstat", "side"]

# --------------------------------------------------------------------------- the diff


@dataclass
class Change:
    """One diff hunk a step made to the pristine code."""

    file: str
    hunk: str
    added: int
    removed: int
    kind: str
    #: the step that made it ("fix", "clean")
    step: str = ""
    #: the module the file is
    module: str = ""
    #: modules that imported before and not after, traced to this hunk
    breaks: list[str] = field(default_factory=list)
    #: what nca said it did here (fix titles, removals), for the reader
    nca_said: list[str] = field(default_factory=list)

    @property
    def broke(self) -> bool:
        return bool(self.breaks)

    @property
    def old_range(self) -> tuple[int, int]:
        return _range(self.hunk, "-")

    @property
    def new_range(self) -> tuple[int, int]:
        return _range(self.hunk, "+")


_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
IMPORT_LINE = re.compile(r"^\s*(?:import\s+[\w.]+|from\s+[\w.]+\s+import\b)")
_DEF = re.compile(r"^\s*(?:async\s+def|def|class)\s+(\w+)")
_WORD = re.compile(r"[A-Za-z_]\w*")
#: a line inside a parenthesised ``from x import (...)``: names only
_NAMES = re.compile(r"^\s*\w+(?:\s+as\s+\w+)?(?:\s*,\s*\w+(?:\s+as\s+\w+)?)*\s*,?\s*\)?\s*(?:#.*)?$")


def _range(hunk: str, sign: str) -> tuple[int, int]:
    """The first line and line count a hunk covers in the old (-) or new (+) text."""
    m = _HUNK.match(hunk)
    if not m:
        return (0, 0)
    start, count = (m.group(1), m.group(2)) if sign == "-" else (m.group(3), m.group(4))
    return int(start), 1 if count is None else int(count)


def _hunks(diff_text: str) -> list[tuple[str, str]]:
    """Split ``git diff`` output into (file, hunk text) pairs."""
    out: list[tuple[str, str]] = []
    file: str = ""
    hunk: list[str] = []

    def flush() -> None:
        if file and hunk:
            out.append((file, "\n".join(hunk)))

    for line in diff_text.splitlines():
        if line.startswith("diff --git "):
            flush()
            file, hunk = line.split(" b/", 1)[-1], []
        elif _HUNK.match(line):
            flush()
            hunk = [line]
        elif line.startswith("Binary files"):
            flush()
            hunk = ["@@ -0,0 +0,0 @@ binary", line]
        elif hunk and line[:1] in {" ", "+", "-", "\\"}:
            hunk.append(line)
    flush()
    return out


def side(hunk: str, sign: str) -> list[str]:
    return [line[1:] for line in hunk.splitlines()[1:] if line.startswith(sign)]


def _code(lines: Iterable[str]) -> list[str]:
    return [line for line in lines if line.strip() and not line.strip().startswith("#")]


def _in_import_list(hunk: str) -> bool:
    """Whether the hunk's first edited line sits inside a parenthesised import list."""
    opened = False
    for line in hunk.splitlines()[1:]:
        if line.startswith(("-", "+")):
            return opened
        text = line[1:]
        if re.search(r"\bimport\s*\(\s*(#.*)?$", text):
            opened = True
        elif ")" in text:
            opened = False
    return False


def _only_imports(lines: Sequence[str], in_list: bool = False) -> bool:
    """Whether ``lines`` are import statements only (multi-line ones too), or names inside
    an import list the hunk opened in its context (``in_list``)."""
    if not lines:
        return False
    if in_list and all(_NAMES.match(line) for line in lines):
        return True
    nodes = _statements(lines)
    if nodes and sum((n.end_lineno or n.lineno) - n.lineno + 1 for n in nodes) >= len(lines):
        return all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in nodes)
    return all(IMPORT_LINE.match(line) for line in lines)


def _pair_kind(minus: str, plus: str) -> str | None:
    """Name a one-line edit: an unused assignment or ``as`` name dropped, a rename..."""
    m, p = minus.strip(), plus.strip()
    assign = re.match(r"^[\w.]+\s*=\s*(.+)$", m)
    if assign and assign.group(1).strip() == p:
        return "dropped an unused assignment (kept the value)"
    if re.sub(r"\s+as\s+\w+\s*:$", ":", m) == p:
        return "dropped an unused `except ... as` name"
    if re.sub(r"\bf(['\"])", r"\1", m) == p:
        return "dropped an f-prefix"
    if p == "pass" and IMPORT_LINE.match(m):
        return "removed import (left `pass`)"
    wm, wp = _WORD.findall(m), _WORD.findall(p)
    if (len(wm) == len(wp) and _WORD.sub("_", m) == _WORD.sub("_", p)
            and sum(a != b for a, b in zip(wm, wp, strict=True)) >= 1):
        return "renamed a name or attribute"
    return None


def classify(hunk: str) -> str:
    """Name the kind of edit a hunk is, from its +/- lines alone."""
    minus, plus = _code(side(hunk, "-")), _code(side(hunk, "+"))
    if not minus and not plus:
        return "comments or blank lines"
    in_list = _in_import_list(hunk)
    if plus and not minus and _only_imports(plus, in_list):
        return "added import"
    if minus and not plus and _only_imports(minus, in_list):
        return "removed import"
    if minus and _only_imports(minus, in_list) and plus and _only_imports(plus, in_list):
        return "changed import"
    removed_defs = [d.group(1) for line in minus if (d := _DEF.match(line))]
    added_defs = {d.group(1) for line in plus if (d := _DEF.match(line))}
    gone = [d for d in removed_defs if d not in added_defs]
    if gone:
        public = [d for d in gone if not d.startswith("_")]
        return "removed public definition" if public else "removed private definition"
    if len(minus) == len(plus):
        kinds = {_pair_kind(m, p) for m, p in zip(minus, plus, strict=True)}
        if len(kinds) == 1 and None not in kinds:
            return kinds.pop()  # type: ignore[return-value]
    if minus and not plus:
        if all(re.match(r"^\s*[\w.]+\s*=", line) for line in minus):
            return "removed an unused assignment"
        return "removed code"
    if plus and not minus:
        return "added code"
    return "edited code"


def _module_of(rel: str) -> str:
    parts = Path(rel).with_suffix("").parts
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _inside(name: str, roots: Sequence[str]) -> bool:
    return any(name == r or name.startswith(r.rstrip("/") + "/") for r in roots)


def numstat(ws: Path, a: str, b: str, paths: Sequence[str]) -> tuple[list[dict], list[str]]:
    """Return numstat rows (file, added, removed) for the code under ``paths`` between commits
    ``a`` and ``b``, and any other file that changed."""
    rows, other = [], []
    for line in git(ws, "diff", "--numstat", a, b).splitlines():
        added, removed, name = line.split("\t", 2)
        if not _inside(name, paths):
            other.append(name)
            continue
        rows.append({"file": name, "added": int(added) if added != "-" else 0,
                     "removed": int(removed) if removed != "-" else 0, "binary": added == "-"})
    return rows, other


def diff_changes(ws: Path, a: str, b: str, paths: Sequence[str], step: str = "") -> list[Change]:
    """Return the hunks between commits ``a`` and ``b`` in the code under ``paths``."""
    files = [r["file"] for r in numstat(ws, a, b, paths)[0]]
    if not files:
        return []
    changes = []
    for file, hunk in _hunks(git(ws, "diff", "-U2", a, b, "--", *files)):
        body = hunk.splitlines()[1:]
        changes.append(Change(file=file, hunk=hunk, kind=classify(hunk), step=step,
                              added=sum(1 for x in body if x.startswith("+")),
                              removed=sum(1 for x in body if x.startswith("-")),
                              module=_module_of(file)))
    return changes


# --------------------------------------------------------------------------- naming the kinds


def _statements(lines: Sequence[str]) -> list[ast.stmt]:
    """Parse hunk lines (each stripped) as far as they parse; multi-line imports whole."""
    try:
        return ast.parse("\n".join(line.strip() for line in lines)).body
    except SyntaxError:
        out = []
        for line in lines:
            try:
                out += ast.parse(line.strip()).body
            except SyntaxError:
                pass
        return out


def _absolute(module: str, level: int, here: str, is_package: bool) -> str:
    if not level:
        return module
    parts = here.split(".") if is_package else here.split(".")[:-1]
    parts = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*parts, module] if module else parts)


def importers(ws: Path, module: str, names: Iterable[str]) -> dict[str, list[str]]:
    """Return name -> the files under ``ws`` that import it from ``module`` (or list it in
    ``module``'s ``__all__``): the sign that a removed import was a re-export."""
    wanted = set(names)
    found: dict[str, list[str]] = {}
    if not wanted:
        return found
    for path in sorted(ws.rglob("*.py")):
        rel = path.relative_to(ws).as_posix()
        if rel.startswith(".") or "/." in rel:
            continue
        here = _module_of(rel)
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _absolute(node.module or "", node.level, here, path.name == "__init__.py")
                if source == module:
                    for alias in node.names:
                        if alias.name in wanted:
                            found.setdefault(alias.name, []).append(rel)
            elif (here == module and isinstance(node, (ast.Assign, ast.AugAssign))
                  and isinstance(node.value, (ast.List, ast.Tuple))
                  and any(isinstance(t, ast.Name) and t.id == "__all__"
                          for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))):
                for elt in node.value.elts:
                    if isinstance(elt, ast.Constant) and elt.value in wanted:
                        found.setdefault(elt.value, []).append(f"{rel} (__all__)")
            elif (here == module and isinstance(node, ast.Call)
                  and isinstance(node.func, ast.Attribute) and node.func.attr == "extend"
                  and isinstance(node.func.value, ast.Name) and node.func.value.id == "__all__"):
                for arg in node.args:
                    for elt in getattr(arg, "elts", ()):
                        if isinstance(elt, ast.Constant) and elt.value in wanted:
                            found.setdefault(elt.value, []).append(f"{rel} (__all__)")
    return found


def _bound(lines: Sequence[str]) -> set[str]:
    """Names the import lines bind; bare ``name,`` lines of an import list count too."""
    names = {(a.asname or a.name).split(".")[0] for node in _statements(lines)
             if isinstance(node, (ast.Import, ast.ImportFrom)) for a in node.names}
    for line in lines:
        if _NAMES.match(line) and not IMPORT_LINE.match(line):
            code = line.split("#", 1)[0].replace(")", "")
            for part in code.split(","):
                words = part.split()
                if words:
                    names.add(words[-1])
    return names


def annotate(ws: Path, python: str | Path, changes: Sequence[Change]) -> None:
    """Sharpen the kinds :func:`classify` gave: a removed import that another module imports
    from this one (or its ``__all__`` lists) is a removed re-export; an added import the
    project's interpreter cannot find is an import from somewhere else (nca's environment)."""
    added_tops: dict[int, list[str]] = {}
    for i, change in enumerate(changes):
        if change.kind in {"removed import", "changed import", "removed import (left `pass`)"}:
            minus = _code(side(change.hunk, "-"))
            gone = _bound(minus) - _bound(_code(side(change.hunk, "+")))
            users = importers(ws, change.module, gone)
            if users:
                change.kind = "removed re-exported import"
                change.nca_said.append("re-exported to: " + "; ".join(
                    f"{n} <- {', '.join(sorted(set(f)))}" for n, f in sorted(users.items())))
        if change.kind in {"added import", "changed import", "added code", "edited code"}:
            tops = []
            for node in _statements(_code(side(change.hunk, "+"))):
                if isinstance(node, ast.Import):
                    tops += [a.name.split(".")[0] for a in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    tops.append(node.module.split(".")[0])
            if tops:
                added_tops[i] = tops
    wanted = sorted({t for tops in added_tops.values() for t in tops})
    findable = findable_modules(python, ws, wanted) if wanted else {}
    for i, tops in added_tops.items():
        missing = [t for t in tops if findable.get(t) is False]
        if missing:
            changes[i].kind = "added import of a module not in the project env"
            changes[i].nca_said.append(
                f"not importable by the project's python: {', '.join(missing)}")
