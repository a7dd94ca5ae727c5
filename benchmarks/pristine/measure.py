"""Measure what nca does to working code: a scratch git workspace, import checks before and after.

The machinery, apart from where the code comes from (``environment``) and the command line
(``__main__``): :func:`make_workspace` commits a copy, :func:`check_imports` imports every module
of it in a given interpreter, :func:`measure` runs the steps (``nca fix --write`` and
``nca clean --write`` by default) and returns a :class:`Result`: files and lines changed (``git
diff --numstat`` against the initial commit), modules that imported before and not after, and
every diff hunk with nca's own account of what it did to that file.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

__all__ = [
    "IMPORT_TIMEOUT",
    "Change",
    "Result",
    "Step",
    "StepResult",
    "check_imports",
    "classify",
    "diff_changes",
    "list_modules",
    "make_workspace",
    "measure",
    "nca_command",
    "nca_steps",
]

IMPORT_TIMEOUT = 20  # seconds for one module's import
CHECK_SCRIPT = Path(__file__).with_name("importcheck.py")
GIT_ID = ["-c", "user.name=pristine-bench", "-c", "user.email=pristine-bench@localhost",
          "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"]
#: what nca (and Python) may leave in a workspace that is not a change to the code
IGNORED = (".nca/", "__pycache__/", "*.pyc", "AgentMemory/")


# --------------------------------------------------------------------------- the workspace


def _git(ws: Path, *args: str) -> str:
    out = subprocess.run(["git", *GIT_ID, *args], cwd=ws, capture_output=True, text=True,
                         timeout=120, check=True)
    return out.stdout


def make_workspace(ws: Path, name: str, requires_python: str = "") -> str:
    """Make ``ws`` (already holding the copy) a git repository with a pyproject.toml naming
    ``name`` (and the package's own ``requires-python``), commit everything, return the commit."""
    ws.mkdir(parents=True, exist_ok=True)
    project = f'[project]\nname = "{name}"\nversion = "0"\n'
    if requires_python:
        project += f"requires-python = {json.dumps(requires_python)}\n"
    (ws / "pyproject.toml").write_text(project, encoding="utf-8")
    (ws / ".gitignore").write_text("\n".join(IGNORED) + "\n", encoding="utf-8")
    _git(ws, "init", "-q")
    _git(ws, "add", "--all", ".")
    _git(ws, "commit", "-q", "--no-verify", "-m", "pristine copy")
    return _git(ws, "rev-parse", "HEAD").strip()


# --------------------------------------------------------------------------- imports


def list_modules(ws: Path, paths: Iterable[str], *, by_file: bool = False) -> list[list[str]]:
    """Return ``[module, file, mode]`` for every module under ``paths`` (relative to ``ws``).

    Packages are walked through folders with an ``__init__.py``; ``__main__`` modules are left
    out (importing one runs a program). ``by_file`` gives mode "file" (standard-library copies).
    """
    mode = "file" if by_file else "import"
    out: list[list[str]] = []

    def walk(folder: Path, prefix: str) -> None:
        out.append([prefix, str(folder / "__init__.py"), mode])
        for child in sorted(folder.iterdir()):
            if child.is_dir() and (child / "__init__.py").is_file() and child.name.isidentifier():
                walk(child, f"{prefix}.{child.name}")
            elif (child.suffix == ".py" and child.stem.isidentifier()
                  and child.stem not in {"__init__", "__main__"}):
                out.append([f"{prefix}.{child.stem}", str(child), mode])

    for rel in paths:
        path = ws / rel
        if path.is_dir() and (path / "__init__.py").is_file():
            walk(path, path.name)
        elif path.suffix == ".py" and path.stem.isidentifier():
            out.append([path.stem, str(path), mode])
    return out


def check_imports(python: str | Path, ws: Path, modules: Sequence[Sequence[str]], *,
                  timeout: int = IMPORT_TIMEOUT) -> dict[str, str]:
    """Import ``modules`` with ``ws`` first on ``sys.path`` in ``python``; return module -> "ok"
    or why not. Runs in one child process that forks one more per module."""
    if not modules:
        return {}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    budget = 60 + timeout * len(modules)
    try:
        out = subprocess.run([str(python), "-I", "-B", str(CHECK_SCRIPT), str(ws), str(timeout)],
                             input=json.dumps([list(m) for m in modules]) + "\n", cwd=ws,
                             capture_output=True, text=True, timeout=budget, env=env)
    except subprocess.TimeoutExpired:
        return {m[0]: "the import check timed out" for m in modules}
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        why = (out.stderr.strip().splitlines() or [f"exit {out.returncode}"])[-1]
        return {m[0]: f"the import check failed: {why}" for m in modules}
    return json.loads(lines[-1])


# --------------------------------------------------------------------------- the steps


@dataclass
class StepResult:
    """One command run on the workspace: ``nca fix`` or ``nca clean``."""

    name: str
    command: list[str]
    returncode: int | None
    seconds: float
    timed_out: bool = False
    stderr_tail: str = ""
    #: the JSON objects it printed, one per file
    reports: list[dict] = field(default_factory=list)


Step = Callable[[Path, Sequence[str]], StepResult]


@cache
def _nca_help(sub: str) -> str:
    try:
        out = subprocess.run([*nca_command(), sub, "--help"], capture_output=True, text=True,
                             timeout=120)
        return out.stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


def nca_command() -> list[str]:
    """How to run nca: the ``nca`` script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("nca.exe" if os.name == "nt" else "nca")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nca.server.cli"]


def accepts_python(sub: str) -> bool:
    """Whether ``nca SUB`` has a ``--python`` option (the project's interpreter)."""
    return "--python" in _nca_help(sub)


def project_env(python: str | Path) -> dict[str, str]:
    """nca's environment as if the project's venv were activated (VIRTUAL_ENV, PATH), with
    NCA_PYTHON naming it too, so nothing in the caller's environment picks another one."""
    env = dict(os.environ)
    bindir = Path(python).parent
    env["VIRTUAL_ENV"] = str(bindir.parent)
    env["NCA_PYTHON"] = str(python)
    env.pop("CONDA_PREFIX", None)
    env["PATH"] = str(bindir) + os.pathsep + env.get("PATH", "")
    env.pop("PYTHONHOME", None)
    env.pop("PYTHONPATH", None)
    env["NO_COLOR"] = "1"
    return env


def _json_objects(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def run_step(name: str, command: list[str], ws: Path, *, env: dict[str, str] | None = None,
             timeout: float = 600) -> StepResult:
    started = time.perf_counter()
    try:
        out = subprocess.run(command, cwd=ws, capture_output=True, text=True, timeout=timeout,
                             env=env)
    except subprocess.TimeoutExpired as err:
        stdout = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
        return StepResult(name, command, None, time.perf_counter() - started, True,
                          f"timed out after {timeout:.0f}s", _json_objects(stdout))
    return StepResult(name, command, out.returncode, time.perf_counter() - started, False,
                      out.stderr[-2000:], _json_objects(out.stdout))


def nca_steps(python: str | Path, *, clean: bool = True, timeout: float = 600) -> list[Step]:
    """``nca fix PATHS --write --format json``, then ``nca clean PATHS --write --format json``,
    run with the project's interpreter: ``--python`` where nca has it, NCA_PYTHON and
    VIRTUAL_ENV always."""

    def step(sub: str) -> Step:
        def run(ws: Path, paths: Sequence[str]) -> StepResult:
            cmd = [*nca_command(), "--workspace", str(ws), sub, *paths, "--write",
                   "--format", "json"]
            if accepts_python(sub):
                cmd += ["--python", str(python)]
            return run_step(sub, cmd, ws, env=project_env(python), timeout=timeout)
        return run

    return [step("fix"), step("clean")] if clean else [step("fix")]


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
_IMPORT = re.compile(r"^\s*(?:import\s+[\w.]+|from\s+[\w.]+\s+import\b)")
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


def _side(hunk: str, sign: str) -> list[str]:
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
    return all(_IMPORT.match(line) for line in lines)


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
    if p == "pass" and _IMPORT.match(m):
        return "removed import (left `pass`)"
    wm, wp = _WORD.findall(m), _WORD.findall(p)
    if (len(wm) == len(wp) and _WORD.sub("_", m) == _WORD.sub("_", p)
            and sum(a != b for a, b in zip(wm, wp, strict=True)) >= 1):
        return "renamed a name or attribute"
    return None


def classify(hunk: str) -> str:
    """Name the kind of edit a hunk is, from its +/- lines alone."""
    minus, plus = _code(_side(hunk, "-")), _code(_side(hunk, "+"))
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


def snapshot(ws: Path, label: str) -> str:
    """Commit whatever the last step left in ``ws`` and return the commit."""
    _git(ws, "add", "--all", ".")
    _git(ws, "commit", "-q", "--no-verify", "--allow-empty", "-m", label)
    return _git(ws, "rev-parse", "HEAD").strip()


def _inside(name: str, roots: Sequence[str]) -> bool:
    return any(name == r or name.startswith(r.rstrip("/") + "/") for r in roots)


def numstat(ws: Path, a: str, b: str, paths: Sequence[str]) -> tuple[list[dict], list[str]]:
    """Return numstat rows (file, added, removed) for the code under ``paths`` between commits
    ``a`` and ``b``, and any other file that changed."""
    rows, other = [], []
    for line in _git(ws, "diff", "--numstat", a, b).splitlines():
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
    for file, hunk in _hunks(_git(ws, "diff", "-U2", a, b, "--", *files)):
        body = hunk.splitlines()[1:]
        changes.append(Change(file=file, hunk=hunk, kind=classify(hunk), step=step,
                              added=sum(1 for x in body if x.startswith("+")),
                              removed=sum(1 for x in body if x.startswith("-")),
                              module=_module_of(file)))
    return changes


# --------------------------------------------------------------------------- smoke checks


def smoke(python: str | Path, ws: Path, code: str, *, timeout: int = 120) -> str:
    """Run ``code`` (a few lines that use the package) with ``ws`` first on ``sys.path``;
    return "ok" or the last line of the error."""
    prelude = f"import sys; sys.path.insert(0, {str(ws)!r})\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    try:
        out = subprocess.run([str(python), "-I", "-B", "-c", prelude + code],
                             capture_output=True, text=True, timeout=timeout, env=env,
                             cwd=ws.parent)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout}s"
    if out.returncode == 0:
        return "ok"
    lines = out.stderr.strip().splitlines()
    return (lines[-1] if lines else f"exit {out.returncode}")[:300]


# --------------------------------------------------------------------------- one package


@dataclass
class Result:
    """What the steps did to one package's pristine copy."""

    package: str
    split: str = "dev"
    workspace: str = ""
    modules: int = 0  # modules that imported before (the ones checked after)
    skipped: dict[str, str] = field(default_factory=dict)  # failed before: not counted
    broken: dict[str, str] = field(default_factory=dict)  # imported before, not after
    #: "ok", "broken: why", "failed before: why" (not counted), or "" (no smoke check)
    smoke: str = ""
    files_changed: int = 0
    lines_added: int = 0
    lines_removed: int = 0
    fixes_applied: int = 0
    removals_applied: int = 0
    other_files: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    steps: list[StepResult] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0

    @property
    def lines_changed(self) -> int:
        return self.lines_added + self.lines_removed

    @property
    def smoke_broken(self) -> bool:
        return self.smoke.startswith("broken")

    def to_dict(self) -> dict:
        out = asdict(self)
        out["lines_changed"] = self.lines_changed
        for c, d in zip(self.changes, out["changes"], strict=True):
            d["broke"] = c.broke
        return out


@dataclass
class Said:
    """One thing nca reported doing to a file: a written fix or a removal."""

    step: str
    path: str
    line: int
    text: str
    #: the statement a missing-import fix adds, to find its hunk by
    adds: str = ""


def _nca_accounts(steps: Sequence[StepResult]) -> tuple[int, int, list[Said]]:
    """Count written fixes and removals; return what nca said it did, per file and line."""
    fixes = removals = 0
    said: list[Said] = []
    for step in steps:
        for report in step.reports:
            path = str(report.get("path", ""))
            written = bool(report.get("written"))
            for fix in report.get("fixes") or ():
                if fix.get("verified") and written:
                    fixes += 1
                    problem = fix.get("problem") or {}
                    title = str(fix.get("title"))
                    adds = re.search(r"^Add `((?:from|import) [^`]+)`", title)
                    said.append(Said(step.name, path, int(problem.get("line") or 0),
                                     f"{title} [{fix.get('engine')}/{fix.get('kind')}; "
                                     f"{problem.get('code')} {problem.get('message')}]",
                                     adds.group(1) if adds else ""))
            for finding in report.get("findings") or ():
                if finding.get("removed") and written:
                    removals += 1
                    said.append(Said(step.name, path, int(finding.get("line") or 0),
                                     f"removed {finding.get('category')} {finding.get('name')} "
                                     f"({finding.get('confidence')}%)"))
    return fixes, removals, said


def _norm(path: str, ws: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(ws.resolve()).as_posix() if p.is_absolute() else p.as_posix()
    except ValueError:
        return p.as_posix()


def _attach(changes: Sequence[Change], said: Sequence[Said], ws: Path) -> None:
    """Give each hunk what nca said about its lines; the rest of a file's goes on its first."""
    for item in said:
        path = _norm(item.path, ws)
        mine = [c for c in changes if c.file == path and c.step == item.step]
        if not mine:
            continue
        hit = [c for c in mine if item.adds and any(item.adds in p for p in _side(c.hunk, "+"))]
        if not hit:
            hit = [c for c in mine
                   if c.old_range[0] - 1 <= item.line <= c.old_range[0] + max(c.old_range[1], 1)]
        if hit:
            hit[0].nca_said.append(f"{item.step} line {item.line}: {item.text}")
        else:
            mine[0].nca_said.append(f"{item.step} line {item.line} (no hunk of its own): {item.text}")


_AT = re.compile(r"\[at (.+):(\d+)\]$")
_CANNOT = re.compile(r"cannot import name '(\w+)' from '([\w.]+)'")
_NO_MODULE = re.compile(r"No module named '([\w.]+)'")


def _trace(changes: Sequence[Change], broken: dict[str, str]) -> None:
    """Say which hunk broke which module, from the import error's text and location."""
    for module, why in broken.items():
        hit: list[Change] = []
        if m := _CANNOT.search(why):
            name, source = m.groups()
            hit = [c for c in changes if c.module == source
                   and any(re.search(rf"\b{name}\b", x) for x in _side(c.hunk, "-"))]
        if not hit and (m := _NO_MODULE.search(why)):
            top = m.group(1).split(".")[0]
            hit = [c for c in changes if any(_IMPORT.match(x) and re.search(rf"\b{top}\b", x)
                                             for x in _side(c.hunk, "+"))]
        if not hit and (m := _AT.search(why)):
            file, line = m.group(1), int(m.group(2))
            in_file = [c for c in changes if c.file == file]
            hit = [c for c in in_file
                   if c.new_range[0] <= line < c.new_range[0] + max(c.new_range[1], 1)]
            hit = hit or in_file
        for c in hit:
            c.breaks.append(module)


def measure(name: str, ws: Path, paths: Sequence[str], python: str | Path, steps: Sequence[Step],
            *, by_file: bool = False, split: str = "dev", smoke_code: str = "",
            requires_python: str = "", import_timeout: int = IMPORT_TIMEOUT) -> Result:
    """Commit the copy in ``ws``, check its imports, run ``steps``, check again and diff.

    ``paths`` (relative to ``ws``) are what the steps get and what the diff counts; the copy
    must already be in ``ws``. ``smoke_code`` uses the package; it is run before and after."""
    started = time.perf_counter()
    result = Result(package=name, split=split, workspace=str(ws))
    base = make_workspace(ws, name, requires_python)
    modules = list_modules(ws, paths, by_file=by_file)
    before = check_imports(python, ws, modules, timeout=import_timeout)
    result.skipped = {m: why for m, why in before.items() if why != "ok"}
    good = [m for m in modules if before.get(m[0]) == "ok"]
    result.modules = len(good)
    smoke_before = smoke(python, ws, smoke_code) if smoke_code else ""
    commits = [base]
    for i, step in enumerate(steps):
        done = step(ws, list(paths))
        result.steps.append(done)
        commits.append(snapshot(ws, done.name or f"step {i}"))
    after = check_imports(python, ws, good, timeout=import_timeout)
    result.broken = {m[0]: after.get(m[0], "not checked") for m in good
                     if after.get(m[0]) != "ok"}
    if smoke_code:
        if smoke_before != "ok":
            result.smoke = f"failed before: {smoke_before}"
        else:
            smoke_after = smoke(python, ws, smoke_code)
            result.smoke = "ok" if smoke_after == "ok" else f"broken: {smoke_after}"
    rows, other = numstat(ws, base, commits[-1], paths)
    result.files_changed = len(rows)
    result.lines_added = sum(r["added"] for r in rows)
    result.lines_removed = sum(r["removed"] for r in rows)
    result.other_files = other
    changes = [c for i, s in enumerate(result.steps)
               for c in diff_changes(ws, commits[i], commits[i + 1], paths, s.name)]
    result.fixes_applied, result.removals_applied, said = _nca_accounts(result.steps)
    _attach(changes, said, ws)
    annotate(ws, python, changes)
    _trace(changes, result.broken)
    result.changes = changes
    result.seconds = time.perf_counter() - started
    return result


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
        if _NAMES.match(line) and not _IMPORT.match(line):
            code = line.split("#", 1)[0].replace(")", "")
            for part in code.split(","):
                words = part.split()
                if words:
                    names.add(words[-1])
    return names


def _findable(python: str | Path, ws: Path, modules: Sequence[str]) -> dict[str, bool]:
    code = ("import importlib.util, json, sys; sys.path.insert(0, sys.argv[1]); "
            "print(json.dumps({m: importlib.util.find_spec(m) is not None for m in sys.argv[2:]}))")
    try:
        out = subprocess.run([str(python), "-I", "-c", code, str(ws), *modules],
                             capture_output=True, text=True, timeout=60)
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        return {}


def annotate(ws: Path, python: str | Path, changes: Sequence[Change]) -> None:
    """Sharpen the kinds :func:`classify` gave: a removed import that another module imports
    from this one (or its ``__all__`` lists) is a removed re-export; an added import the
    project's interpreter cannot find is an import from somewhere else (nca's environment)."""
    added_tops: dict[int, list[str]] = {}
    for i, change in enumerate(changes):
        if change.kind in {"removed import", "changed import", "removed import (left `pass`)"}:
            minus = _code(_side(change.hunk, "-"))
            gone = _bound(minus) - _bound(_code(_side(change.hunk, "+")))
            users = importers(ws, change.module, gone)
            if users:
                change.kind = "removed re-exported import"
                change.nca_said.append("re-exported to: " + "; ".join(
                    f"{n} <- {', '.join(sorted(set(f)))}" for n, f in sorted(users.items())))
        if change.kind in {"added import", "changed import", "added code", "edited code"}:
            tops = []
            for node in _statements(_code(_side(change.hunk, "+"))):
                if isinstance(node, ast.Import):
                    tops += [a.name.split(".")[0] for a in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    tops.append(node.module.split(".")[0])
            if tops:
                added_tops[i] = tops
    wanted = sorted({t for tops in added_tops.values() for t in tops})
    findable = _findable(python, ws, wanted) if wanted else {}
    for i, tops in added_tops.items():
        missing = [t for t in tops if findable.get(t) is False]
        if missing:
            changes[i].kind = "added import of a module not in the project env"
            changes[i].nca_said.append(
                f"not importable by the project's python: {', '.join(missing)}")
