"""compile() and ruff on a text, and a check command on a scratch tree: the checks nca trusts."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import cast

from nca.workers.core.errors import CheckError
from nca.workers.core.processes import SCRATCH_IGNORE, run_command
from nca.workers.core.types import CheckOutcome, Problem, SymbolIndex, problems_from
from nca.workers.debugging.diagnostics import compile_problems
from nca.workers.debugging.keyword_keys import find_unread_keywords
from nca.workers.debugging.missing_attributes import find_missing_module_attributes
from nca.workers.debugging.ruff import (
    config_stamp,
    inside_root,
    project_reports,
    ruff_problems,
)
from nca.workers.debugging.self_attributes import find_missing_self_attributes
from nca.workers.debugging.semantic import (
    ADVICE_RULES,
    Checker,
    attribute_problems,
    new_type_findings,
    with_member_hints,
)
from nca.workers.debugging.untyped_habits import untyped_habit_problems
from nca.workers.facts.document import facts_of, nearest_base
from nca.workers.facts.namegraph import NameGraph, module_level_names

__all__ = ["BROKEN_USE_CODE", "CLEANUP_CODES", "RuffLinter", "compile_problem", "lint_text"]

log = logging.getLogger(__name__)
#: clean-ups nca fixes only where the project's own ruff configuration reports them
CLEANUP_CODES = frozenset({"F401", "F841", "F811", "F541"})
#: another workspace module uses a name the edit removes from its module
BROKEN_USE_CODE = "NCA201"
def compile_problem(text: str, path: str | None = None) -> Problem | None:
    """Return the SyntaxError of ``text`` as a Problem, or None when it compiles."""
    found = compile_problems(text, path or "<string>")
    return found[0] if found else None




@lru_cache(maxsize=32)
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
    found.extend(find_unread_keywords(text))
    if index is not None:
        found.extend(find_missing_module_attributes(text, index))
    return problems_from(found)


_IMPORT_LINE = re.compile(r"^(?:import|from)[ \t]+([A-Za-z_]\w*)", re.M)


def _top_imports(text: str) -> set[str]:
    """Return the top-level packages a text imports unconditionally at module level.

    Text that does not compile (the original of a syntax fix) is read line by line instead:
    its tree would most likely not be made either.
    """
    facts = facts_of(text)
    tops = facts.top_imports if facts.compile_error is None else None
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
        checker = self.checker() if inside_root(path) else None
        if (checker is not None and facts.compile_error is None
                and getattr(checker, "answers_from_memory", False)):
            # the type checker works on the text (in its own process) while ruff and the
            # rules do: attribute_problems below finds its answer ready, or waits for it
            _ask_early(checker, str(path), text)
        # lru_cache's wrapper takes Hashable arguments, and to mypy a Protocol is not one
        found = lint_text(text, path, cast("Hashable", self.index),
                          self.root if inside_root(path) else None)
        # a clean-up the project's configuration does not ask for is not a problem here
        found = tuple(p for p in found if p.code not in CLEANUP_CODES or self.reports(p.code, path))
        if checker is None or any(p.is_syntax for p in found):
            return found
        try:
            defined = getattr(self.index, "defines_member", None)
            semantic = [*attribute_problems(checker, text, str(path), defined),
                        *untyped_habit_problems(checker, text, str(path), defined)]
            found = tuple(with_member_hints(found, checker, text, str(path)))
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
        checker = self.checker() if inside_root(path) else None
        if checker is None:
            return ()
        try:
            before = checker.findings(str(path), original)
            after = checker.findings(str(path), candidate)
        except OSError as err:
            log.warning("type checker: %s", err)
            return ()
        return tuple(Problem("NCA203", f"type checker: {f.message.splitlines()[0]}", line=f.line,
                             col=f.col, end_line=f.end_line, end_col=f.end_col, source="ty",
                             symbol=f.rule)
                     for f in new_type_findings(before, after, lines))

    def type_complaints(self, text: str, path: str | None, lines: set[int]) -> int | None:
        """Return how many findings the type checker has on ``lines`` of ``text`` (advice and
        hints and names nothing defines aside: those count as such), or None without a
        checker: of two repairs of one syntax error, the one that reads as ill-typed code
        (`len(names == 1)`) is seldom what was meant."""
        checker = self.checker() if inside_root(path) else None
        if checker is None:
            return None
        try:
            found = checker.findings(str(path), text)
        except OSError as err:
            log.warning("type checker: %s", err)
            return None
        return sum(1 for f in found if f.rule and f.rule not in ADVICE_RULES
                   and f.rule not in ("unresolved-reference", "unresolved-import")
                   and (f.line in lines or f.end_line in lines))

    def syntax_errors(self, text: str, path: str | None) -> list[Problem]:
        """Return every syntax error ruff's resilient parser sees in ``text`` (not only the
        first, as compile() gives)."""
        return [p for p in ruff_problems(text, path, root=self.root if inside_root(path) else None)
                if p.is_syntax]

    def reports(self, code: str, path: str | None) -> bool:
        """Return True when the project's ruff configuration reports ``code`` for ``path``.

        Clean-ups (unused imports and variables...) are the project's call: a project that does
        not select F401, or ignores it for a file, does not want its imports removed.
        """
        if code not in CLEANUP_CODES or self.root is None or not inside_root(path):
            return True
        return code in project_reports(self.root, str(path), config_stamp(self.root))

    def broken_uses(self, original: str, candidate: str, path: str | None) -> tuple[Problem, ...]:
        """Return a problem for each use other workspace modules make of a name ``candidate`` no
        longer binds at module level (a re-export removed, a definition renamed)."""
        if self.graph is None or not inside_root(path):
            return ()
        if facts_of(original).compile_error is not None:
            return ()  # a module that does not compile had no working importers to break
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


