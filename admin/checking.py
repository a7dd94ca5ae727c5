"""``--check``: one run of the user's command on one scratch copy holding every fix of a run.

The fixes count as verified only when the command passed there; when it fails with the fixes
and passes without them, the fixes are dropped (nothing of them is written).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from nca.admin.reports import FileReport
from nca.workers.fixing.check_tree import (
    NOT_FOUND,
    NOT_RUNNABLE,
    describe,
    output_tail,
    run_check_on,
)

if TYPE_CHECKING:
    from nca.admin.workbench import Workbench

__all__ = ["judge_by_check"]


def judge_by_check(dispatcher: Workbench, reports: list[FileReport], check: str,
                   record: Callable[..., None] | None = None) -> list[FileReport]:
    """Return ``reports`` judged by ``check``, run once on one scratch copy of the workspace
    that holds every fixed text these reports would write.

    Passed: each fix says so. Failed: no fix counts as verified; the reports say what the
    command did (failed with its exit status, timed out, not found) and keep the tail of
    its output; when the command passes on the same copy without the fixes, the fixes are
    what broke it and are dropped (nothing of them is written). A timeout, and a command
    that was not found or cannot run, is not run again without the fixes.
    """
    ready = [r for r in reports if r.fixes_verified and r.text != r.original]
    if not ready:
        return reports
    task_id = 0
    if record is None and dispatcher.lifecycle is not None:
        task_id = dispatcher.lifecycle.start("check", dispatcher.origin, check)
    lifecycle = dispatcher.lifecycle

    def note(status: str, **detail: Any) -> None:
        if record is not None:
            record("check", status, **detail)
        elif task_id and lifecycle is not None:
            lifecycle.event(task_id, "check", status, **detail)

    try:
        after = run_check_on(check, {r.path: r.text for r in ready}, dispatcher.workspace,
                             dispatcher.check_timeout)
        said = describe(check, after)
        info: dict[str, Any] = {"command": check, "passed": after.ok,
                                "returncode": after.returncode,
                                "timed_out": after.timed_out, "elapsed_ms": after.elapsed_ms,
                                "files": [r.path for r in ready], "summary": said}
        before = None
        if not after.ok:
            info["output"] = output_tail(after)
            if not after.timed_out and after.returncode not in (NOT_FOUND, NOT_RUNNABLE):
                # a check that fails without the fixes too is not the fixes' to blame
                before = run_check_on(check, {r.path: r.original for r in ready},
                                      dispatcher.workspace, dispatcher.check_timeout)
                info["before"] = {"passed": before.ok, "returncode": before.returncode,
                                  "timed_out": before.timed_out,
                                  "summary": describe(check, before)}
    except BaseException as err:
        if task_id and lifecycle is not None:
            lifecycle.finish(task_id, "error", f"{type(err).__name__}: {err}")
        raise
    reverted = before is not None and before.ok
    status = "passed" if after.ok else "reverted" if reverted else "failed"
    note(status, detail=said, files=len(ready))
    if task_id and lifecycle is not None:
        lifecycle.finish(task_id, "done" if after.ok else "error", f"{status}: {said}")
    failed_before = before is not None and not before.ok
    judged = {id(r): _judged(r, said, info, reverted=reverted, failed_before=failed_before)
              for r in ready}
    return [judged.get(id(r), r) for r in reports]


def _judged(report: FileReport, said: str, info: dict[str, Any], *, reverted: bool,
            failed_before: bool) -> FileReport:
    """Return ``report`` as the check command left it (``said``: what it did, in words)."""
    extra = {**report.extra, "check": info}
    if info["passed"]:
        return replace(report, extra=extra, fixes=tuple(
            replace(f, verification=f"{f.verification}; {said} with all the fixes")
            for f in report.fixes))
    if reverted:
        extra.pop("orphans", None)
        return replace(report, status="unfixable" if report.errors_before else "unchanged",
                        verified=False, fixes_verified=False, text=report.original, diff="",
                        fixes=(), errors_after=report.errors_before, extra=extra,
                        reason=f"fixes dropped: {said} with them, and passed without them")
    why = f"{said}; it fails without the fixes too" if failed_before else said
    return replace(report, verified=False, fixes_verified=False, reason=why, extra=extra,
                    fixes=tuple(replace(f, verified=False, verification=f"{f.verification}; {why}")
                                for f in report.fixes))
