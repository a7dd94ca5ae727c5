"""compile() and ruff on a text, and a check command on a scratch tree: the checks nca trusts."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from nca.workers.core.errors import CheckError
from nca.workers.core.processes import SCRATCH_IGNORE, run_command
from nca.workers.core.text_edits import RuffEdit
from nca.workers.core.types import SYNTAX_CODE, CheckOutcome, Problem, SymbolIndex, problems_from
from nca.workers.debugging.diagnostics import compile_problems
from nca.workers.debugging.missing_attributes import find_missing_module_attributes
from nca.workers.debugging.ruff_server import note_subprocess_run, server_diagnostics
from nca.workers.debugging.self_attributes import find_missing_self_attributes
from nca.workers.debugging.semantic import Checker, attribute_problems, new_type_findings
from nca.workers.facts.document import facts_of, nearest_base
from nca.workers.facts.namegraph import NameGraph, module_level_names

__all__ = ["BROKEN_USE_CODE", "CLEANUP_CODES", "RuffLinter", "compile_problem", "lint_text", "ruff_binary", "ruff_fixes", "ruff_problems"]

#: the ruff rules verification runs: pyflakes (F), syntax/IO errors (E9), and mutable default
#: arguments (B006), a classic bug whose fix changes behaviour and is only ever suggested
RUFF_SELECT = "F,E9,B006"

log = logging.getLogger(__name__)
#: clean-ups nca fixes only where the project's own ruff configuration reports them
CLEANUP_CODES = frozenset({"F401", "F841", "F811", "F541"})
#: another workspace module uses a name the edit removes from its module
BROKEN_USE_CODE = "NCA201"
#: files whose change means the project's ruff configuration may have changed
RUFF_CONFIGS = ("pyproject.toml", "ruff.toml", ".ruff.toml")


def _inside(path: str | None) -> bool:
    """Return True for a workspace-relative path (not stdin, not absolute, not above the root)."""
    return bool(path) and not os.path.isabs(str(path)) and not str(path).startswith(
        ("..", "<")) and str(path) != "stdin.py"


def _config_stamp(root: str) -> tuple:
    stamp = []
    for name in RUFF_CONFIGS:
        try:
            st = os.stat(os.path.join(root, name))
            stamp.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            continue
    return tuple(stamp)


@lru_cache(maxsize=1)
def ruff_binary() -> str:
    """Return the path of the ruff executable that ships with the ruff package."""
    beside = Path(sys.executable).with_name("ruff")  # the environment nca runs in
    if beside.is_file():
        return str(beside)
    try:
        from ruff.__main__ import find_ruff_bin

        return os.fsdecode(find_ruff_bin())
    except (ImportError, FileNotFoundError, TypeError):
        found = shutil.which("ruff")
        if not found:
            raise CheckError("ruff is not installed: pip install ruff") from None
        return found


def compile_problem(text: str, path: str | None = None) -> Problem | None:
    """Return the SyntaxError of ``text`` as a Problem, or None when it compiles."""
    found = compile_problems(text, path or "<string>")
    return found[0] if found else None




@lru_cache(maxsize=32)
def _ruff_json(text: str, path: str | None, select: str, root: str | None = None
               ) -> tuple[dict[str, Any], ...]:
    # cached: the loop asks for problems and fixes of the same text. With a project root, ruff
    # reads the project's own configuration (per-file-ignores, excludes) for the file's real
    # path; without one it runs isolated
    if root is not None and path:
        where = str(Path(root, path))
        cmd = [ruff_binary(), "check", "--force-exclude", "--select", select,
               "--output-format", "json", "--stdin-filename", where, "-"]
    else:
        cmd = [ruff_binary(), "check", "--isolated", "--select", select, "--output-format",
               "json", "--stdin-filename", path or "stdin.py", "-"]
    if root is not None and path:
        note_subprocess_run(root, select)  # a few of these, and ruff server is started
    try:
        proc = subprocess.run(cmd, input=text.encode("utf-8", "surrogatepass"),
                              capture_output=True, timeout=60, check=False, cwd=root)
    except subprocess.TimeoutExpired:
        raise CheckError("ruff did not answer within 60 s") from None
    except OSError as err:
        raise CheckError(f"cannot run ruff: {err}") from None
    if proc.returncode not in (0, 1) and root is not None:
        # a project configuration ruff cannot read must not stop the checks: say so, go isolated
        log.warning("ruff cannot use the configuration of %s (%s); checking isolated", root,
                    _first_line(proc.stderr))
        return _ruff_json(text, path, select, None)
    if proc.returncode not in (0, 1):
        raise CheckError(f"ruff failed: {_first_line(proc.stderr) or proc.returncode}")
    return tuple(json.loads(proc.stdout or b"[]"))


#: (text, path, select, root) -> ruff server's answer, for the texts asked about again (the
#: linter, then the repair loop, then verify's view of syntax errors)
_SERVED: OrderedDict[tuple[str, str, str, str], tuple[dict[str, Any], ...]] = OrderedDict()
_SERVED_LOCK = threading.Lock()


def _ruff_items(text: str, path: str | None, select: str, root: str | None
                ) -> tuple[dict[str, Any], ...]:
    """Return ruff's findings of ``text`` as ``ruff check --output-format json`` gives them:
    from the project's warm ``ruff server`` when it runs, else from the subprocess."""
    if root is None or not path:
        return _ruff_json(text, path, select, root)
    key = (text, str(path), select, root)
    with _SERVED_LOCK:
        found = _SERVED.get(key)
        if found is not None:
            _SERVED.move_to_end(key)
            return found
    found = server_diagnostics(text, str(path), root, select, _ruff_json, ruff_binary)
    if found is None:
        return _ruff_json(text, path, select, root)
    with _SERVED_LOCK:
        _SERVED[key] = found
        while len(_SERVED) > 32:
            _SERVED.popitem(last=False)
    return found


def _first_line(data: bytes) -> str:
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else ""


#: a text on which ruff reports each clean-up code nca may fix, when the configuration selects it
_CLEANUP_PROBE = "import os\nimport os\n\n\ndef f():\n    x = 1\n    return f'a'\n"


@lru_cache(maxsize=256)
def _project_reports(root: str, path: str, stamp: tuple) -> frozenset[str]:
    cmd = [ruff_binary(), "check", "--force-exclude", "--output-format", "json",
           "--stdin-filename", str(Path(root, path)), "-"]
    try:
        proc = subprocess.run(cmd, input=_CLEANUP_PROBE.encode(), capture_output=True,
                              timeout=60, check=False, cwd=root)
        found = json.loads(proc.stdout or b"[]") if proc.returncode in (0, 1) else []
    except (OSError, subprocess.TimeoutExpired, ValueError):
        found = []
    return frozenset(item.get("code") or "" for item in found)


def ruff_fixes(text: str, path: str | None = None, select: str = RUFF_SELECT,
               root: str | None = None
               ) -> dict[tuple[str, int, int], tuple[str, tuple[RuffEdit, ...], str]]:
    """Return ruff's own fixes by (code, line, col): the fix title, its edits and whether ruff
    calls it ``safe`` (``unsafe`` fixes may change behaviour)."""
    out = {}
    for item in _ruff_json(text, path, select, root):
        fix = item.get("fix")
        if not fix or not item.get("code"):
            continue
        edits = tuple(RuffEdit(e["location"]["row"], e["location"]["column"],
                               e["end_location"]["row"], e["end_location"]["column"],
                               e["content"]) for e in fix["edits"])
        loc = item["location"]
        out[(item["code"], loc["row"], loc["column"])] = (
            fix.get("message") or item["message"], edits, fix.get("applicability") or "safe")
    return out


def ruff_problems(text: str, path: str | None = None, select: str = RUFF_SELECT,
                  root: str | None = None) -> list[Problem]:
    """Return ruff's findings for ``text`` (syntax errors included, as E999)."""
    out: list[Problem] = []
    for item in _ruff_items(text, path, select, root):
        code = item.get("code") or SYNTAX_CODE
        message = item["message"]
        if code == "invalid-syntax":
            code, message = SYNTAX_CODE, f"SyntaxError: {message}"
        loc, end = item["location"], item.get("end_location") or {}
        out.append(Problem(
            code=code,
            message=message,
            line=loc["row"],
            col=loc["column"],
            end_line=end.get("row"),
            end_col=end.get("column"),
            source="ruff",
            symbol=None if code == SYNTAX_CODE else _symbol_of(message),
            path=path,
        ))
    return out


def _symbol_of(message: str) -> str | None:
    # ruff quotes the name a message is about in backticks: "Undefined name `jsn`"
    start = message.find("`")
    end = message.find("`", start + 1)
    return message[start + 1:end] if start != -1 and end > start else None


def lint_text(text: str, path: str | None = None, index: SymbolIndex | None = None,
              root: str | None = None) -> tuple[Problem, ...]:
    """Return the problems of ``text``: its SyntaxError, or ruff's F/E9 findings.

    When the text compiles, ``self.x`` loads that are near misses of the class's real
    attributes are reported as NCA102, and, given an ``index``, attribute loads of imported
    modules that the module does not define as NCA101. Given the project's ``root``, ruff
    reads the project's configuration (``# noqa`` is honoured either way).
    """
    syntax = compile_problem(text, path)
    found = ruff_problems(text, path, root=root)
    if syntax is not None:
        # compile() gives the position CPython users know and stops there; ruff's resilient
        # parser also sees the syntax errors further down, which tell a fix of the first one
        # from a fix that only moved it
        later = [p for p in found if p.is_syntax and p.line > syntax.line]
        return (syntax, *problems_from(later))
    found.extend(find_missing_self_attributes(text))
    if index is not None:
        found.extend(find_missing_module_attributes(text, index))
    return problems_from(found)


_IMPORT_LINE = re.compile(r"^(?:import|from)[ \t]+([A-Za-z_]\w*)", re.M)


def _top_imports(text: str) -> set[str]:
    """Return the top-level packages a text imports unconditionally at module level.

    Text that does not parse (the original of a syntax fix) is read line by line instead.
    """
    tops = facts_of(text).top_imports
    return set(_IMPORT_LINE.findall(text)) if tops is None else set(tops)


def _module_level_names(text: str) -> frozenset[str] | None:
    """Return the names ``text`` binds at module level, or None when it does not parse."""
    facts = facts_of(text)
    if facts.tree is None:
        return None
    tree = facts.tree
    return facts.memo(module_level_names, lambda: frozenset(module_level_names(tree)))


_EARLY = ThreadPoolExecutor(max_workers=2, thread_name_prefix="nca-checker-early")


def _ask_early(checker: Checker, path: str, text: str) -> None:
    """Ask the type checker about ``text`` in the background (its answer is kept: the
    checker answers the same question again from memory)."""
    def ask() -> None:
        try:
            checker.findings(path, text)
        except Exception:  # the question is asked again where its answer is used
            log.debug("early type-checker question failed", exc_info=True)

    try:
        _EARLY.submit(ask)
    except RuntimeError:  # the interpreter is shutting down
        pass


class RuffLinter:
    """The :class:`~nca.workers.core.types.Linter` nca uses: compile + ruff, check commands in a scratch tree."""

    def __init__(self, index: SymbolIndex | None = None, *, root: str | os.PathLike[str] | None = None,
                 graph: NameGraph | None = None,
                 types: Callable[[], Checker | None] | None = None) -> None:
        self.index = index
        self.root = str(root) if root is not None else None
        self.graph = graph
        self._types = types  # the project's type checker, started on first need
        # the last texts linted per path (versions, candidates): a new text's facts are built
        # from the nearest one's where that is exact (an edit that keeps the line count)
        self._recent: dict[str | None, deque[str]] = {}

    def checker(self) -> Checker | None:
        """Return the type checker, or None when there is none (semantic checks unavailable)."""
        return self._types() if self._types is not None else None

    def lint(self, text: str, path: str | None = None) -> tuple[Problem, ...]:
        recent = self._recent.get(path)
        if recent is None:
            if len(self._recent) > 64:
                self._recent.clear()
            recent = self._recent[path] = deque(maxlen=4)
        base = nearest_base(text, tuple(recent))
        facts = facts_of(text, base=base)
        if text not in recent:
            recent.append(text)
        checker = self.checker() if _inside(path) else None
        if (checker is not None and facts.compile_error is None
                and getattr(checker, "answers_from_memory", False)):
            # the type checker works on the text (in its own process) while ruff and the
            # rules do: attribute_problems below finds its answer ready, or waits for it
            _ask_early(checker, str(path), text)
        found = lint_text(text, path, self.index, self.root if _inside(path) else None)
        # a clean-up the project's configuration does not ask for is not a problem here
        found = tuple(p for p in found if p.code not in CLEANUP_CODES or self.reports(p.code, path))
        if checker is None or any(p.is_syntax for p in found):
            return found
        try:
            semantic = attribute_problems(checker, text, str(path))
        except OSError as err:  # a checker that stopped answering: the rules go on without it
            log.warning("type checker: %s", err)
            return found
        ours = {(p.line, p.symbol) for p in found if p.code in ("NCA101", "NCA102")}
        return problems_from([*found, *(p for p in semantic if (p.line, p.symbol) not in ours)])

    def new_type_problems(self, original: str, candidate: str, path: str | None,
                          lines: set[int]) -> tuple[Problem, ...]:
        """Return a problem for each type-checker finding ``candidate`` has on ``lines`` (the
        lines a fix changed) that ``original`` did not: a fix that makes `pd` resolve while
        `pd.DataFrame` is then ill-typed brings a new problem."""
        checker = self.checker() if _inside(path) else None
        if checker is None:
            return ()
        try:
            before = checker.findings(str(path), original)
            after = checker.findings(str(path), candidate)
        except OSError as err:
            log.warning("type checker: %s", err)
            return ()
        return tuple(Problem("NCA203", f"type checker: {f.message.splitlines()[0]}", line=f.line,
                             col=f.col, source="ty", symbol=f.rule)
                     for f in new_type_findings(before, after, lines))

    def syntax_errors(self, text: str, path: str | None) -> list[Problem]:
        """Return every syntax error ruff's resilient parser sees in ``text`` (not only the
        first, as compile() gives)."""
        return [p for p in ruff_problems(text, path, root=self.root if _inside(path) else None)
                if p.is_syntax]

    def reports(self, code: str, path: str | None) -> bool:
        """Return True when the project's ruff configuration reports ``code`` for ``path``.

        Clean-ups (unused imports and variables...) are the project's call: a project that does
        not select F401, or ignores it for a file, does not want its imports removed.
        """
        if code not in CLEANUP_CODES or self.root is None or not _inside(path):
            return True
        return code in _project_reports(self.root, str(path), _config_stamp(self.root))

    def broken_uses(self, original: str, candidate: str, path: str | None) -> tuple[Problem, ...]:
        """Return a problem for each use other workspace modules make of a name ``candidate`` no
        longer binds at module level (a re-export removed, a definition renamed)."""
        if self.graph is None or not _inside(path):
            return ()
        module = self.graph.module_of(str(path))
        if module is None:
            return ()
        before, after = _module_level_names(original), _module_level_names(candidate)
        if before is None or after is None:
            return ()  # a text that does not parse had no working importers to break
        removed = before - after
        if not removed:
            return ()
        out = []
        for use in self.graph.uses_of(module, removed, exclude_path=str(path)):
            if use.name != "*" and self.graph.module_of_name(f"{module}.{use.name}"):
                continue  # a submodule: importing it works without the parent binding it
            reads = self.graph.reads(use.path) if use.name == "*" else None
            if reads is not None and not reads & {n for n in removed if not n.startswith("_")}:
                continue  # `from m import *` in a file that names none of what was removed
            what = "every public name" if use.name == "*" else f"`{use.name}`"
            out.append(Problem(
                code=BROKEN_USE_CODE, source="nca", path=use.path, line=use.line, col=1,
                symbol=None if use.name == "*" else use.name,
                message=f"{use.path} imports {what} from `{module}`, which the edit removes"))
        return problems_from(out)

    def unresolved_imports(self, text: str) -> set[str]:
        """Return the modules ``text`` imports unconditionally at module level that no index knows.

        Imports inside ``try``/``if`` blocks (optional or platform dependencies) and relative
        imports are not judged; without an index nothing is.
        """
        if self.index is None:
            return set()
        missing = set()
        for top in _top_imports(text):
            if top != "__future__" and not any(m == top for m, _ in self.index.modules_named(top)):
                missing.add(top)
        return missing

    def run_check(self, command: str, text: str, path: str, workspace: str,
                  timeout: float) -> CheckOutcome:
        """Return the outcome of ``command`` run in a scratch copy of ``workspace`` holding ``text`` at ``path``."""
        with tempfile.TemporaryDirectory(prefix="nca-verify-") as tmp:
            scratch = Path(tmp) / "ws"
            shutil.copytree(workspace, scratch, ignore=shutil.ignore_patterns(*SCRATCH_IGNORE),
                            symlinks=True)
            target = (scratch / path).resolve()
            if not target.is_relative_to(scratch.resolve()):
                raise CheckError(f"{path} is outside the workspace")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            return run_command(command, scratch, timeout)


