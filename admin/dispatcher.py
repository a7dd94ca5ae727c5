"""The dispatcher: the one entry point the CLI, the language server and the HTTP route call."""

from __future__ import annotations

import enum
import logging
import time
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nca.admin.chatting import ChatRequests
from nca.admin.checking import judge_by_check
from nca.admin.context import memory_context as memory_for
from nca.admin.council import Council
from nca.admin.courier import Courier
from nca.admin.editing import EditorRequests
from nca.admin.fix_paths import Progress
from nca.admin.fix_paths import fix_paths as run_fix_paths
from nca.admin.lifecycle import Lifecycle
from nca.admin.memory.buildtips import BuildTips, record_fix
from nca.admin.orphans import orphans_of
from nca.admin.planner import plan
from nca.admin.repair import Repairer, RepairOutcome
from nca.admin.reports import FileReport, unified_diff
from nca.admin.tasks import Task, parse_task
from nca.admin.upkeep import UpkeepRequests
from nca.admin.workspace import (
    decode_source,
    find_workspace,
    module_name,
    read_source,
    relative,
)
from nca.workers.backups.gitter import atomic_write, list_backups
from nca.workers.backups.gitter import restore as restore_backup
from nca.workers.core.errors import ConfigError, NcaError, UnreadableFile
from nca.workers.core.project import Interpreter, find_interpreter, probe
from nca.workers.core.types import (
    BackupRecord,
    BackupRequest,
    DebugRequest,
    Problem,
    Summary,
)
from nca.workers.debugging.linting import RuffLinter
from nca.workers.facts.document import forget_all
from nca.workers.facts.knowledge import CombinedIndex, InstalledIndex, StdlibIndex
from nca.workers.facts.namegraph import NameGraph
from nca.workers.facts.runtime_tests import Runtime, set_constants, set_runtime
from nca.workers.facts.workspace_index import WorkspaceIndex

if TYPE_CHECKING:
    from nca.admin.config import NcaConfig
    from nca.workers.facts.typecheck import TyServer

__all__ = ["Dispatcher"]

log = logging.getLogger(__name__)


class Dispatcher(EditorRequests, ChatRequests, UpkeepRequests):
    """Turns tasks into worker calls for one workspace; records every task in the lifecycle log.

    The engines are ``council``'s, else those ``config`` declares, else the workspace's own
    (its nca.toml). What an editor asks of it comes from ``EditorRequests``, what a chat
    client asks from ``ChatRequests``, the command line's other requests from
    ``UpkeepRequests``.
    """

    def __init__(self, workspace: str | Path | None = None, *, council: Council | None = None,
                 config: NcaConfig | None = None, origin: str = "cli", record: bool = True,
                 check_timeout: float = 120.0, python: str | None = None) -> None:
        self.workspace = find_workspace(workspace)
        self._python = python  # the project's interpreter as the user chose it (--python)
        self._checker: TyServer | None | _Unset = _UNSET
        self.courier = Courier()
        if council is None:
            contract = self.courier.contract("fix")
            council = (Council.from_config(config, contract=contract) if config is not None
                       else Council.for_workspace(self.workspace, contract=contract))
        self.council = council
        self.origin = origin
        self.check_timeout = check_timeout
        self._record = record
        self._task_id = 0  # the task model calls are logged under (0: none running)
        self.council.on_call = self._model_call

    @classmethod
    def rules_only(cls, workspace: str | Path | None = None, *, origin: str = "cli",
                   record: bool = True, check_timeout: float = 120.0,
                   python: str | None = None) -> Dispatcher:
        """Return a dispatcher whose only engine is the offline rules engine (no config read)."""
        return cls(workspace, council=Council(), origin=origin, record=record,
                   check_timeout=check_timeout, python=python)

    # ------------------------------------------------------------------ shared parts, made lazily

    @cached_property
    def lifecycle(self) -> Lifecycle | None:
        return Lifecycle(self.workspace) if self._record else None

    @cached_property
    def interpreter(self) -> Interpreter:
        """The project's interpreter (never nca's own, but as a stated fallback)."""
        try:
            python, source = find_interpreter(self.workspace, self._python)
        except FileNotFoundError as err:
            raise ConfigError(str(err)) from None
        found = probe(python, source)
        log.info("project interpreter: %s", found.describe())
        # version and platform tests are decided for it: the branch it takes is ordinary code
        if set_runtime(Runtime(found.version, found.platform, found.implementation)):
            forget_all()
        # ... and so are the project's constants bound to such tests (`if WIN:`)
        set_constants(weakref.WeakMethod(self._runtime_test))
        forget_all()
        return found

    def _runtime_test(self, module: str, level: int, name: str) -> str | None:
        """Return the platform or version test the project's ``module`` (as ``from`` imports
        name it: dots and all) binds the constant ``name`` to, or None."""
        return self.index.runtime_test(module, level, name)

    @cached_property
    def workspace_index(self) -> WorkspaceIndex:
        return WorkspaceIndex(self.workspace)

    @cached_property
    def index(self) -> CombinedIndex:
        # built on first need only: a clean file never pays for the symbol index; what the
        # project can import is what its own interpreter finds, never nca's environment
        env = self.interpreter
        installed = InstalledIndex(python=env.python, search_path=env.sys_path)
        return CombinedIndex(self.workspace_index, StdlibIndex(), installed)

    @cached_property
    def name_graph(self) -> NameGraph:
        return NameGraph(self.workspace, self.workspace_index.module_paths)

    @cached_property
    def linter(self) -> RuffLinter:
        return RuffLinter(_LazyIndex(self), root=self.workspace, graph=self.name_graph,
                          types=self.type_checker)

    def type_checker(self) -> TyServer | None:
        """Return the project's type checker (ty, warm), started on first need; None without."""
        if self._checker is _UNSET:
            # the type checker (ty, an optional part of the lint): loaded where it is started
            from nca.workers.facts.typecheck import start_checker

            self._checker = start_checker(self.workspace, self.interpreter.checker_env)
            if self._checker is not None:
                weakref.finalize(self, self._checker.close)
        elif self._checker is not None and not self._checker.alive:
            self._checker = None  # it stopped: the rules go on without it
        return self._checker

    @cached_property
    def repairer(self) -> Repairer:
        return Repairer(self.courier, self.council, self.linter, index=_LazyIndex(self),
                        tips=self.tips, context=self.memory_context, workspace=self.workspace)

    def memory_context(self, problem: Problem, path: str) -> tuple[str, list[str]]:
        """Return the memory a model fixing ``problem`` should read, and the slices used."""
        task = Task("diagnostic", self.origin, f"{problem.code} {problem.message}", path=path,
                    problems=(problem,))
        return memory_for(self.workspace, task, self.council.context_length("fix"))

    @cached_property
    def tips(self) -> BuildTips:
        return BuildTips(self.workspace)

    # ------------------------------------------------------------------ fixing

    def fix_text(self, text: str, path: str = "stdin.py", *, check: str | None = None,
                 only: Callable[[Problem], bool] | None = None,
                 problems: Sequence[Problem] | None = None) -> FileReport:
        """Return the verified repair of ``text`` as if it were the file at ``path`` (writes
        nothing). ``problems``: the lint of this very text, when the caller has it (the
        language server linted the version it asks about): it is not linted again."""
        task = parse_task(text, origin=self.origin, path=path, check=check)
        if task.kind != "fix_text":
            task = Task("fix_text", self.origin, path, text=text, path=path, check=check)
        return self._run_fix(task, text, path, only=only, problems=problems)

    def fix_file(self, path: str | Path, *, write: bool = False,
                 check: str | None = None, learn: bool = True) -> FileReport:
        """Return the verified repair of a workspace file; with ``write``, back up then write it."""
        full = Path(path) if Path(path).is_absolute() else Path.cwd() / path
        rel = relative(full, self.workspace)
        data_path = self.workspace / rel
        text = read_source(data_path)
        task = parse_task(data_path, origin=self.origin, check=check, write=write)
        report = self._run_fix(task, text, rel)
        if write and report.text != text:
            report = self.write_fixed(report, data_path, text)
        if write and learn:
            self.learn(report)
        return report

    def learn(self, report: FileReport) -> None:
        """Return nothing; store the report's applied fixes in BuildTips, failures as roadblocks.

        Called for written files; the language server calls it when an edit is accepted.
        """
        if not self._record:
            return
        steps = report.extra.get("fix_steps", ()) if report.fixes and report.written else ()
        try:
            record_fix(self.workspace, report.path, steps, report.extra.get("failed", ()))
        except NcaError as err:  # a broken memory file must not fail a fix that was written
            log.warning("not learned: %s", err)

    def fix_paths(self, paths: Iterable[str | Path], *, write: bool = False,
                  check: str | None = None, progress: Progress | None = None,
                  import_check: bool = False) -> list[FileReport]:
        """Return one report per Python file under ``paths`` (see :mod:`nca.admin.fix_paths`)."""
        return run_fix_paths(self, paths, write=write, check=check, progress=progress,
                             import_check=import_check)

    def debug(self, text: str, path: str | None = None) -> Summary:
        """Return the Debugger's summary of a log, traceback or test output."""
        return self.courier.call("debug", DebugRequest(text=text, path=path,
                                                        workspace=str(self.workspace)))

    # ------------------------------------------------------------------ backups

    def backups(self, limit: int = 50) -> list[BackupRecord]:
        return list_backups(str(self.workspace), limit)

    def restore(self, backup_id: str, path: str | None = None) -> list[str]:
        rel = relative(path, self.workspace) if path else None
        return restore_backup(str(self.workspace), backup_id, rel)

    # ------------------------------------------------------------------ internals

    def _model_call(self, engine_id: str, tokens_in: int, tokens_out: int, ms: int,
                    outcome: str) -> None:
        """Log one model call as a lifecycle event (a task of its own outside a fix)."""
        if self.lifecycle is None:
            return
        detail = {"engine": engine_id, "tokens_in": tokens_in, "tokens_out": tokens_out,
                  "ms": ms}
        status = "ok" if outcome == "ok" else outcome
        if self._task_id:
            self.lifecycle.event(self._task_id, "model_call", status, **detail)
            return
        task_id = self.lifecycle.start("model_call", self.origin, engine_id)
        self.lifecycle.event(task_id, "model_call", status, **detail)
        self.lifecycle.finish(task_id, "done" if outcome == "ok" else "error", outcome)

    def _run_fix(self, task: Task, text: str, rel: str, *,
                 only: Callable[[Problem], bool] | None = None,
                 problems: Sequence[Problem] | None = None) -> FileReport:
        started = time.monotonic()
        # the plan the loop runs: steps, skipped steps with their reasons, limits
        steps = plan(task, council=self.council, courier=self.courier)
        task_id = self.lifecycle.start(task.kind, self.origin, task.subject) if self.lifecycle else 0
        self._task_id = task_id

        def record(step: str, status: str = "done", **detail: Any) -> None:
            if self.lifecycle:
                self.lifecycle.event(task_id, step, status, **detail)

        record("plan", steps=list(steps.steps), skipped=[list(s) for s in steps.skipped])
        try:
            outcome = self.repairer.repair(text, rel, module=module_name(rel), only=only,
                                           record=record, plan=steps, problems=problems)
            report = self._report(outcome, rel, task.check, record)
            # what learn() stores once the fixes are applied
            report = replace(report, extra={**report.extra, "fix_steps": tuple(outcome.steps),
                                             "failed": tuple(outcome.failed)})
        except BaseException as err:
            if self.lifecycle:
                self.lifecycle.finish(task_id, "error", f"{type(err).__name__}: {err}")
            raise
        finally:
            self._task_id = 0
        elapsed = int((time.monotonic() - started) * 1000)
        report = replace(report, elapsed_ms=elapsed)
        if self.lifecycle:
            self.lifecycle.finish(task_id, report.status,
                                  f"{len(report.fixes)} fixes, {len(report.errors_after)} left")
        return report

    def _report(self, outcome: RepairOutcome, rel: str, check: str | None,
                record: Callable[..., None]) -> FileReport:
        fixes = tuple(outcome.fixes)
        verified = bool(fixes) and all(f.verified for f in fixes)
        text = outcome.text
        reason = "; ".join(f"{p.code} line {p.line}: {why}" for p, why in outcome.failed[:3])
        after = outcome.after
        if not outcome.before:
            status = "unchanged"
        elif text != outcome.original:
            status = "fixed"
        else:
            status = "unfixable"
        # definitions the fixes renamed or replaced: the cleaner offers them for removal
        orphans: tuple[str, ...] = ()
        if text != outcome.original:
            orphans = orphans_of(outcome.original, text)
        # the file is verified when every applied fix verified and nothing is left; fixes that
        # verified in a file with errors left are still worth writing (fixes_verified)
        fixes_ok = verified and text != outcome.original
        report = FileReport(
            path=rel, status=status, verified=fixes_ok and not after, fixes_verified=fixes_ok,
            original=outcome.original, text=text, errors_before=outcome.before,
            errors_after=after, fixes=fixes, diff=unified_diff(outcome.original, text, rel),
            reason=reason if after or not verified else "",
            suggestions=tuple(outcome.suggestions), extra={"orphans": orphans} if orphans else {})
        return self._checked([report], check, record)[0] if check else report

    def _checked(self, reports: list[FileReport], check: str,
                 record: Callable[..., None] | None = None) -> list[FileReport]:
        """Return ``reports`` judged by ``check``, run once on one scratch copy holding every
        fixed text (see :func:`nca.admin.checking.judge_by_check`)."""
        return judge_by_check(self, reports, check, record)

    def write_fixed(self, report: FileReport, path: Path, original: str) -> FileReport:
        """Return ``report`` after writing its text over ``path`` (backed up first), when the
        fixes verified and the file still holds ``original``; else why it was not written."""
        if not report.fixes_verified:
            return replace(report, reason=report.reason or "not written: the fix did not verify")
        if path.read_bytes() != original.encode("utf-8"):
            return replace(report, reason="not written: the file changed while it was being fixed")
        record = self.courier.call("backup", BackupRequest(
            workspace=str(self.workspace), files=((report.path, original.encode("utf-8")),),
            message=f"nca fix {report.path}"))
        try:
            atomic_write(path, report.text.encode("utf-8"))
        except OSError as err:  # the backup holds the original; the file itself is untouched
            raise UnreadableFile(f"{report.path}: cannot write: {err.strerror}") from None
        return replace(report, written=True, backup_id=record.id)


class _Unset(enum.Enum):
    """Not asked for yet (the type checker is started on first need)."""

    UNSET = enum.auto()


_UNSET = _Unset.UNSET


class _LazyIndex:
    """Builds the dispatcher's symbol index on first use, then forwards everything to it."""

    def __init__(self, dispatcher: Dispatcher) -> None:
        self._dispatcher = dispatcher

    def modules_named(self, name: str) -> Sequence[tuple[str, str]]:
        return self._dispatcher.index.modules_named(name)

    def providers_of(self, name: str) -> Sequence[tuple[str, str]]:
        return self._dispatcher.index.providers_of(name)

    def module_attributes(self, module: str) -> Sequence[str]:
        return self._dispatcher.index.module_attributes(module)

    def __getattr__(self, name: str) -> Any:
        # the optional parts of the index (providers_in, knows_all_attributes, ...)
        return getattr(self._dispatcher.index, name)


def decode_stdin(data: bytes) -> str:
    """Return stdin bytes as source text, or raise UnreadableFile."""
    return decode_source(data, "<stdin>")
