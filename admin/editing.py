"""The requests an editor makes of a workspace, as methods of its ``Dispatcher`` (a base class
of it): the language server calls these and nothing else of nca.admin.

One method per request: lint a text (its cheap checks alone: ``quick_lint``), which of our
problems a client's diagnostic is about, resolve one code action into a title and verified
edits, the dead code of a text (findings, a whole file), backups of texts, the memory's summary
and its update on save, a log's problems by file; fixing (``fix_text``), backups and restores
are the dispatcher's own. Texts come with their workspace-relative path; positions are ours
(Problems 1-based, TextEdits 0-based, in code points): LSP types are the language server's
(``nca.server.lsp_convert``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, cast

from nca.admin.editor import (
    CleanOutcome,
    backup_text,
    clean_text,
    describe,
    edits_between,
    fix_edits,
    match_problem,
    not_lintable,
    problems_by_file,
    removable_findings,
    removal_title,
    remove_finding,
    same_problem,
)
from nca.admin.memory import AgentMemory
from nca.admin.quick_lint import quick_problems
from nca.admin.reports import FileReport, MemorySummary
from nca.admin.workbench import Workbench

if TYPE_CHECKING:
    from nca.admin.cleaning_knowledge import CleanKnowledge
    from nca.admin.council import Council
    from nca.workers.core.types import CleanFinding, Problem, Summary, TextEdit

__all__ = ["EditorRequests", "RemovalTarget", "memory_summary", "update_memory"]

log = logging.getLogger(__name__)


class RemovalTarget(TypedDict):
    """The one finding a "remove" code action removes (the action's data, as the language
    server keeps it)."""

    category: str
    name: str
    line: int


class EditorRequests(Workbench):
    """What an editor asks of one workspace; ``Dispatcher`` provides the attributes below and
    a ``Workbench``'s: the dead-code and backup helpers are handed ``self``."""

    council: Council
    fix_text: Callable[..., FileReport]
    debug: Callable[..., Summary]
    #: which names of the workspace other files use (``clean_knowledge``), until a save
    _knowledge: CleanKnowledge | None = None

    #: why a text is not linted (too large, binary), or None
    not_lintable = staticmethod(not_lintable)
    #: the title of an action removing one finding: "Remove unused function `f`"
    removal_title = staticmethod(removal_title)
    #: the cheap checks of a text as the file ``rel`` (its syntax error, else its undefined
    #: names, as ruff reports them): what an editor shows before ``lint`` has run
    quick_lint = staticmethod(quick_problems)

    # ------------------------------------------------------------------ lint and quick fixes

    def lint(self, text: str, rel: str) -> tuple[Problem, ...]:
        """Return our lint problems of ``text`` as the file ``rel``."""
        return tuple(self.linter.lint(text, rel))

    def fixable(self, problem: Problem) -> bool:
        """Return True when some fix engine may handle ``problem``."""
        return self.council.fixable(problem)

    def quick_fix_target(self, theirs: Problem, problems: Sequence[Problem],
                         text: str) -> Problem | None:
        """Return the one of ``problems`` (ours, of ``text``) a client's diagnostic is about,
        when a fix engine may handle it; else None."""
        ours = match_problem(theirs, problems, text)
        return ours if ours is not None and self.council.fixable(ours) else None

    def resolve_action(self, text: str, rel: str, kind: str | None,
                       target: Problem | RemovalTarget | None = None, *,
                       problems: Sequence[Problem] = (), check: str | None = None,
                       min_confidence: int = 80) -> tuple[str, list[TextEdit]]:
        """Return the title and the verified edits of one code action on ``text`` (no edits:
        the title says why).

        ``kind``: "clean" (all the dead code), "remove" (one finding; ``target`` holds its
        category, name and line), "fixAll", else a quick fix for the client's diagnostic
        ``target`` (a Problem in code points) among ``problems`` (our lint of ``text``); the
        kind says which ``target`` is (none for "clean" and "fixAll").
        ``check``: a command the fixes must keep passing.
        """
        if kind in ("clean", "remove"):
            if kind == "clean":
                outcome = clean_text(self, text, rel, min_confidence,
                                     knowledge=self.clean_knowledge())
                title = "Remove dead code with NCA: "
            else:
                finding = cast("RemovalTarget", target)
                outcome = remove_finding(self, text, rel,
                                         finding["category"], finding["name"], finding["line"])
                title = f"{removal_title(finding['category'], finding['name'])} with NCA"
            if not outcome.verified:
                return f"NCA: no verified removal: {outcome.reason}", []
            if kind == "clean":
                title += ", ".join(outcome.report.removed[:4])
            new = outcome.text
        elif kind == "fixAll":
            report = self.fix_text(text, rel, check=check)
            new = report.text if report.fixes_verified else text
            if new == text:
                return f"NCA: no verified fix: {report.reason or 'nothing fixable'}", []
            title = f"Fix all with NCA: {len(report.fixes)} verified fix(es)"
        else:
            problem = match_problem(cast("Problem", target), problems, text)
            if problem is None:
                return "NCA: no verified fix: the problem is no longer in the text", []
            report = self.fix_text(text, rel, only=same_problem(problem), check=check,
                                   problems=problems)
            edits = fix_edits(text, report)
            if not edits:
                return f"NCA: no verified fix: {report.reason or 'no candidate verified'}", []
            # the title says the fix ("Change `cuont` to `count`", "Add `import os`"), not the
            # error
            fixed = [f.title for f in report.fixes if f.problem == problem] or [
                f.title for f in report.fixes]
            return f"Fix with NCA: {fixed[0] if fixed else describe(problem)}", edits
        return title, edits_between(text, new)

    # ------------------------------------------------------------------ dead code

    def clean_knowledge(self) -> CleanKnowledge:
        """Return which names of the workspace other files use, kept until ``forget_knowledge``."""
        if self._knowledge is None:
            # loads libcst and vulture (~0.3 s): only the dead-code requests wait for them
            from nca.admin.cleaning_knowledge import CleanKnowledge

            self._knowledge = CleanKnowledge.load(self.workspace)
        return self._knowledge

    def forget_knowledge(self) -> None:
        """Drop what ``clean_knowledge`` knows (a file was saved): it is read again on need."""
        self._knowledge = None

    def removable_findings(self, text: str, rel: str,
                           min_confidence: int = 60) -> tuple[CleanFinding, ...]:
        """Return the Cleaner's findings in ``text`` that can be removed one by one; none for a
        text that is not lintable or does not compile."""
        if not_lintable(text) is not None or not _compiles(text, "<scan>"):
            return ()
        return removable_findings(self, text, rel, min_confidence,
                                  knowledge=self.clean_knowledge())

    def clean_file(self, text: str, rel: str, min_confidence: int = 80) -> CleanOutcome | None:
        """Return the verified removal of one file's dead code; None for a file not cleaned
        (generated, or it does not compile: it needs a fix first)."""
        # loads libcst and vulture (~0.3 s): only the dead-code requests wait for them
        from nca.admin.cleaning import skip_reason

        if skip_reason(text, rel) or not _compiles(text, rel):
            return None
        return clean_text(self, text, rel, min_confidence,
                          knowledge=self.clean_knowledge())

    # ------------------------------------------------------------------ backups, memory, logs

    def backup_texts(self, files: Iterable[tuple[str, str]], message: str) -> str:
        """Return the id of a new backup of ``(workspace-relative path, text)`` pairs."""
        return backup_text(self, files, message)

    def memory_summary(self, folder: Path | None = None, *,
                       build: bool = True) -> MemorySummary:
        """Return what the AgentMemory of the workspace (or of ``folder`` in it) holds, built
        first when there is none (unless not ``build``)."""
        return memory_summary(folder or self.workspace, build=build)

    def update_memory(self, path: Path) -> bool:
        """Return True when the workspace's AgentMemory took a change of ``path`` (saved)."""
        return update_memory(self.workspace, path)

    def debug_files(self, output: str, roots: Sequence[Path],
                    base: Path) -> tuple[Summary, dict[Path, list[Problem]]]:
        """Return the Debugger's summary of a log or test output, and its problems grouped by
        the existing file inside ``roots`` they point at (relative paths from ``base``)."""
        summary = self.debug(output)
        return summary, problems_by_file(summary.problems, roots, base=base)


def _compiles(text: str, name: str) -> bool:
    try:
        compile(text, name, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def memory_summary(root: Path, *, build: bool = True) -> MemorySummary:
    """Return ``AgentMemory(root).summary()``, built from the sources when it is missing
    (unless not ``build``)."""
    memory = AgentMemory(root)
    if build and not memory.path("contextmap").is_file():
        report = memory.build()
        log.info("built the memory of %s: %d files in %d ms", root, report.files,
                 report.elapsed_ms)
    return memory.summary()


def update_memory(workspace: Path, path: Path) -> bool:
    """Return True when the workspace's AgentMemory took a change of ``path``.

    A workspace without memory is left without (``nca.showMemory`` or ``nca memory build``
    makes it); every failure is logged, never raised.
    """
    try:
        memory = AgentMemory(workspace)
        if not memory.path("contextmap").is_file():
            return False
        return memory.update_file(path)
    except Exception:  # noqa: BLE001 - the memory is a help, a save must never fail for it
        log.exception("updating the memory of %s for %s failed", workspace, path)
        return False
