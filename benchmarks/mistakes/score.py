"""Running ``nca fix`` on a mutated copy of a real project, and scoring what it did.

Texts: O the installed file, M the file with the mistake (what nca is given), T the file fixed as
intended (O unless a case says otherwise), F nca's result (M with the report's diff applied).
Each edit of a case has a window: its lines within ``RADIUS``, plus the lines its ``at``
pattern marks (for a deleted import: where the name is used), in M and in T.

- found: a problem of ``errors_before`` lies in the window (in M).
- fixed as intended: F has the same code as T: equal ASTs, the module-level imports compared
  as a set of (absolute module, name, alias), so an import added in another place or order,
  or written relative instead of absolute, still counts.
- fixed otherwise: not that, but F parses, no line in any window differs from T except import
  lines, and F keeps every name T's module-level imports bind: the mistake was repaired; the
  file differs elsewhere (an import of the name from another module, a change away from the
  mistake).
- wrong: nca changed an edit's window (a hunk of M->F there, or an applied fix for a problem
  there) and that window does not match T; or it removed a module-level import M had.
- left: found, and none of the above (nothing applied there, or only a suggestion; for several
  mistakes in one file, some may be fixed and the rest left).
- not found: not found, and none of the above.
- error: nca did not answer (timeout, crash, no JSON).
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.mistakes.cases import Case, Mutation, package_root

__all__ = ["OUTCOMES", "Outcome", "Row", "Workspace", "apply_diff", "run_nca", "same_code",
           "score", "summarize"]

INTENDED, OTHERWISE, WRONG, LEFT, NOT_FOUND, ERROR = (
    "intended", "otherwise", "wrong", "left", "not found", "error")
OUTCOMES = (INTENDED, OTHERWISE, WRONG, LEFT, NOT_FOUND, ERROR)

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class DiffError(ValueError):
    pass


def apply_diff(text: str, diff: str) -> str:
    """Return ``text`` with the unified ``diff`` (as ``nca fix --format json`` reports it) applied."""
    if not diff:
        return text
    src = text.splitlines(keepends=True)
    lines = diff.splitlines(keepends=True)
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(lines) and not lines[i].startswith("@@"):
        i += 1
    while i < len(lines):
        m = _HUNK.match(lines[i])
        if m is None:
            raise DiffError(f"not a hunk header: {lines[i]!r}")
        start, length = int(m.group(1)), int(m.group(2) or 1)
        begin = start - 1 if length else start
        if begin < pos:
            raise DiffError("hunks out of order")
        out.extend(src[pos:begin])
        pos = begin
        i += 1
        while i < len(lines) and not lines[i].startswith("@@"):
            line = lines[i]
            tag, body = line[:1], line[1:]
            if tag in (" ", "-"):
                if pos >= len(src) or src[pos].rstrip("\r\n") != body.rstrip("\r\n"):
                    raise DiffError(f"the diff does not apply at line {pos + 1}")
                if tag == " ":
                    out.append(src[pos])
                pos += 1
            elif tag == "+":
                out.append(body)
            elif tag == "\\":  # "\ No newline at end of file": the line before has none
                if out:
                    out[-1] = out[-1].rstrip("\r\n")
            i += 1
    out.extend(src[pos:])
    return "".join(out)


# ------------------------------------------------------------------------ comparing code

def _parse(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _absolute(module: str | None, level: int, package: str) -> str:
    if not level:
        return module or ""
    parts = package.split(".") if package else []
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*base, *([module] if module else [])])


def _imports(tree: ast.Module, package: str) -> tuple[list[ast.stmt], frozenset[tuple]]:
    rest: list[ast.stmt] = []
    imports: set[tuple] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            imports.update(("import", a.name, a.asname) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node.module, node.level, package)
            imports.update(("from", module, a.name, a.asname) for a in node.names)
        else:
            rest.append(node)
    return rest, frozenset(imports)


def _normal(text: str, package: str) -> tuple[str, frozenset[tuple]] | None:
    tree = _parse(text)
    if tree is None:
        return None
    rest, imports = _imports(tree, package)
    return ast.dump(ast.Module(body=rest, type_ignores=[])), imports


def same_code(a: str, b: str, package: str = "") -> bool:
    """Whether ``a`` and ``b`` parse to the same code, module-level imports compared as a set."""
    if a == b:
        return True
    na = _normal(a, package)
    return na is not None and na == _normal(b, package)


def _bound(tree: ast.Module) -> set[str]:
    """The names the module-level imports of ``tree`` bind."""
    out = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                out.add(a.asname or a.name.split(".")[0])
    return out


def _import_lines(tree: ast.Module) -> set[int]:
    out = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return out


def _hunks(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """The differing blocks of lines of ``a`` and ``b``, as 0-based [i1, i2) and [j1, j2)."""
    sm = difflib.SequenceMatcher(None, a.splitlines(), b.splitlines(), autojunk=False)
    return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


def _span(i1: int, i2: int) -> set[int]:
    """1-based lines a block [i1, i2) covers; an insertion point touches the lines either side."""
    return set(range(i1 + 1, i2 + 1)) if i2 > i1 else {i1, i1 + 1}


def _import_only(hunk: tuple[int, int, int, int], a: str, b: str,
                 lines_a: set[int], lines_b: set[int]) -> bool:
    i1, i2, j1, j2 = hunk
    la, lb = a.splitlines(), b.splitlines()
    return (all(n in lines_a or not la[n - 1].strip() for n in range(i1 + 1, i2 + 1))
            and all(n in lines_b or not lb[n - 1].strip() for n in range(j1 + 1, j2 + 1)))


# ------------------------------------------------------------------------------- scoring

@dataclass
class Outcome:
    """What nca did with one case."""

    case: Case
    outcome: str
    found: bool = False
    status: str = ""  # the report's status
    verified: bool = False  # the report's verified
    ms: float = 0.0  # wall clock of the nca fix command
    nca_ms: float = 0.0  # the report's elapsed_ms
    edits: list[dict[str, bool]] = field(default_factory=list)  # per edit: touched, fixed
    errors_near: list[str] = field(default_factory=list)
    fixes_near: list[dict[str, Any]] = field(default_factory=list)
    fixes_other: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    note: str = ""
    reason: str = ""  # the report's reason (why skipped or unfixable)
    diff: str = ""

    @property
    def wrong_verified(self) -> bool:
        return self.outcome == WRONG and any(f["verified"] for f in self.fixes_near)

    def to_dict(self) -> dict[str, Any]:
        c = self.case
        return {
            "id": c.id, "project": c.project, "file": c.file, "kind": c.kind, "split": c.split,
            "detail": c.detail, "outcome": self.outcome, "found": self.found,
            "status": self.status, "verified": self.verified,
            "wrong_verified": self.wrong_verified, "ms": round(self.ms, 1),
            "nca_ms": round(self.nca_ms, 1), "edits": self.edits,
            "errors_near": self.errors_near, "fixes_near": self.fixes_near,
            "fixes_other": self.fixes_other, "suggestions": self.suggestions,
            "note": self.note, "reason": self.reason, "diff": self.diff,
        }


def _problem(p: dict[str, Any]) -> str:
    return f"{p.get('code', '')} line {p.get('line', '?')}: {p.get('message', '')}"


def score(mutation: Mutation, report: dict[str, Any], baseline: str | None = None) -> Outcome:
    """Score ``report`` (``nca fix --format json`` of ``mutation.broken``) against the case.

    ``baseline`` is nca's result for the intended text itself, when it differs from it: a
    result equal to it counts as fixed as intended too.
    """
    case, m_text, t_text = mutation.case, mutation.broken, mutation.intended
    package = case.module_package
    window = mutation.window_broken
    out = Outcome(case, NOT_FOUND, status=str(report.get("status", "")),
                  verified=bool(report.get("verified")), nca_ms=float(report.get("elapsed_ms") or 0))
    near = [p for p in report.get("errors_before", []) if p.get("line") in window]
    out.found = bool(near)
    out.errors_near = [_problem(p) for p in near]
    for f in report.get("fixes", []):
        line = (f.get("problem") or {}).get("line")
        if line in window:
            out.fixes_near.append({"title": f.get("title", ""), "kind": f.get("kind", ""),
                                   "line": line, "verified": bool(f.get("verified"))})
        else:
            out.fixes_other.append(f.get("title", ""))
    out.suggestions = [s.get("title", "") for s in report.get("suggestions", [])]
    out.diff = report.get("diff", "") or ""
    out.reason = str(report.get("reason", "") or "")
    try:
        f_text = apply_diff(m_text, out.diff)
    except DiffError as err:
        out.outcome, out.note = ERROR, f"the report's diff: {err}"
        return out

    if same_code(f_text, t_text, package) or (baseline is not None and same_code(f_text, baseline, package)):
        out.outcome = INTENDED
        out.edits = [{"touched": True, "fixed": True} for _ in mutation.windows_broken]
        return out

    f_tree, t_tree, m_tree = _parse(f_text), _parse(t_text), _parse(m_text)
    both = f_tree is not None and t_tree is not None
    t_imports = _import_lines(t_tree) if both else set()
    f_imports = _import_lines(f_tree) if both else set()
    tf = _hunks(t_text, f_text)
    mf = _hunks(m_text, f_text)
    fix_lines = {f["line"] for f in out.fixes_near}
    # an import line may differ from T's only while F still binds every name T imports
    bound_ok = f_tree is None or t_tree is None or _bound(t_tree) <= _bound(f_tree)
    for win_b, win_t in zip(mutation.windows_broken, mutation.windows_intended, strict=True):
        fixed = bound_ok and not any(_span(h[0], h[1]) & win_t and not (
            both and _import_only(h, t_text, f_text, t_imports, f_imports)) for h in tf)
        touched = bool(fix_lines & win_b) or any(_span(h[0], h[1]) & win_b for h in mf)
        out.edits.append({"touched": touched, "fixed": fixed})

    all_fixed = all(e["fixed"] for e in out.edits)
    lost = (_bound(m_tree) - _bound(f_tree)) if (m_tree is not None and f_tree is not None) else set()
    if f_tree is not None and t_tree is not None and all_fixed:
        out.outcome = OTHERWISE
        differ = [h for h in tf if not _import_only(h, t_text, f_text, t_imports, f_imports)]
        out.note = (f"{len(differ)} block(s) of lines away from the mistake differ" if differ
                    else "the imports differ")
    elif any(e["touched"] and not e["fixed"] for e in out.edits):
        out.outcome = WRONG
        out.note = "the change at the mistake is not the intended one"
    elif lost and f_text != m_text:
        out.outcome = WRONG
        out.note = f"removed the import of {', '.join(sorted(lost))}"
    else:
        out.outcome = LEFT if out.found else NOT_FOUND
        done = sum(e["fixed"] for e in out.edits)
        if done:
            out.note = f"{done} of {len(out.edits)} mistakes fixed"
    return out


# ------------------------------------------------------------------------- running nca

def run_nca(workspace: Path, relpath: str, *, nca: str, python: str,
            timeout: float) -> tuple[dict[str, Any] | None, float, str]:
    """Run ``nca fix relpath --format json`` in ``workspace``; return (report, ms, error)."""
    env = dict(os.environ, NCA_PYTHON=python)
    start = time.perf_counter()
    proc = subprocess.Popen([nca, "fix", relpath, "--format", "json"], cwd=workspace, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # nca and the checker it started
        except ProcessLookupError:
            pass
        proc.communicate()
        return None, (time.perf_counter() - start) * 1000, f"timed out after {timeout:g} s"
    ms = (time.perf_counter() - start) * 1000
    try:
        data = json.loads(stdout)
    except ValueError:
        tail = (stderr or stdout).strip().splitlines()[-3:]
        return None, ms, f"exit {proc.returncode}, no JSON: {' | '.join(tail)}"
    if isinstance(data, list):
        data = data[0] if data else {}
    return data, ms, ""


class Workspace:
    """Scratch projects under ``root``: one folder per project, holding a copy of its package."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def project(self, name: str) -> Path:
        folder = self.root / name
        if not (folder / name).exists():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "pyproject.toml").write_text(
                f'[project]\nname = "scratch-{name}"\nversion = "0"\n', encoding="utf-8")
            shutil.copytree(package_root(name) / name, folder / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        return folder


def fix(workspace: Workspace, mutation: Mutation, *, nca: str, python: str, timeout: float,
        text: str | None = None) -> tuple[dict[str, Any] | None, float, str]:
    """Put ``text`` (the mutation's broken text by default) in place, run nca, restore the file."""
    folder = workspace.project(mutation.case.project)
    target = folder / mutation.case.file
    target.write_text(mutation.broken if text is None else text, encoding="utf-8")
    try:
        return run_nca(folder, mutation.case.file, nca=nca, python=python, timeout=timeout)
    finally:
        target.write_text(mutation.original, encoding="utf-8")


# --------------------------------------------------------------------------------- totals

@dataclass(frozen=True)
class Row:
    """Totals for one kind (or a split, or ``overall``)."""

    name: str
    cases: int
    found: int
    counts: dict[str, int]
    wrong_verified: int
    median_ms: float

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "cases": self.cases, "found": self.found,
                **{k.replace(" ", "_"): v for k, v in self.counts.items()},
                "wrong_verified": self.wrong_verified, "median_ms": round(self.median_ms, 1)}


def row(name: str, outcomes: Sequence[Outcome]) -> Row:
    return Row(name=name, cases=len(outcomes), found=sum(o.found for o in outcomes),
               counts={k: sum(o.outcome == k for o in outcomes) for k in OUTCOMES},
               wrong_verified=sum(o.wrong_verified for o in outcomes),
               median_ms=statistics.median(o.ms for o in outcomes) if outcomes else 0.0)


def summarize(outcomes: Sequence[Outcome], kinds: Iterable[str]) -> list[Row]:
    """One row per kind that has outcomes, in ``kinds`` order, then ``overall``."""
    rows = [row(k, [o for o in outcomes if o.case.kind == k]) for k in kinds]
    return [r for r in rows if r.cases] + [row("overall", outcomes)]
