"""The language server's work off the request path: checks after typing, dead-code findings,
memory on save.

A change is published twice. First at once, from the cheap checks (compile and the names
facts: the syntax error, else the undefined names, with what the last lint found elsewhere in
the file): they take a few milliseconds on a thousand lines, in a thread of their own. Then,
once the document was left alone for ``debounce_ms``, the lint (ruff's full set, the type
checker) replaces that publish (with no debounce, the lint alone: it comes at once). The Cleaner's findings ("Remove unused function `f`" actions)
are found in the background thread once a document is left alone and no request came for
``SCAN_QUIET_S`` (a scan yields to requests), so listing code actions only reads them. A saved
file updates the workspace's AgentMemory incrementally, off the event loop; its failures are
logged, never raised at the editor.
"""

from __future__ import annotations

import asyncio
import io
import logging
import time
import tokenize
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pygls.uris import to_fs_path

from nca.workers.core.errors import NcaError

if TYPE_CHECKING:
    from nca.server.lsp_server import NcaServer
    from nca.workers.core.types import CleanFinding

__all__ = ["FINDING_CONFIDENCE", "SCAN_IDLE_S", "SCAN_QUIET_S", "cancel_lint", "cancel_scan",
           "first_round", "requests_quiet", "saved", "scan_now", "schedule_lint", "schedule_scan"]

log = logging.getLogger(__name__)

#: how long a changed document must be left alone before the Cleaner looks at it
SCAN_IDLE_S = 1.0
#: a scan starts once no request came for this long (seconds) and none is being answered...
SCAN_QUIET_S = 0.25
#: ...or once it waited this long for that (seconds)
SCAN_WAIT_MAX_S = 10.0
#: the least confidence of a finding offered for removal on its own (vulture gives unused
#: functions, classes and methods 60%); each removal is chosen by the user and verified
FINDING_CONFIDENCE = 60

_SCANS = "_scan_tasks"


def _tasks(ls: NcaServer) -> dict[str, asyncio.Task[None]]:
    tasks = getattr(ls, _SCANS, None)
    if tasks is None:
        tasks = {}
        setattr(ls, _SCANS, tasks)
    return tasks


def schedule_lint(ls: NcaServer, uri: str, delay: float, scan_delay: float | None = None, *,
                  quick: bool = True) -> None:
    """Publish the cheap checks at once (unless not ``quick``), then lint and publish after
    ``delay`` seconds, replacing a lint still waiting.

    The Cleaner's scan for dead code follows ``scan_delay`` seconds later (by default
    once the document has been left alone for a while).
    """
    old = ls.pending_lints.pop(uri, None)
    if old is not None:
        old.cancel()
    ls.pending_lints[uri] = asyncio.ensure_future(_lint_later(ls, uri, delay, scan_delay, quick))


def cancel_lint(ls: NcaServer, uri: str) -> None:
    """Stop a lint of ``uri`` that is still waiting."""
    pending = ls.pending_lints.pop(uri, None)
    if pending is not None:
        pending.cancel()


async def _lint_later(ls: NcaServer, uri: str, delay: float, scan_delay: float | None,
                      quick: bool) -> None:
    try:
        loop = asyncio.get_running_loop()
        changed = loop.time()
        doc = ls.open_document(uri)
        if doc is None:
            return
        version = doc.version
        if quick and ls.lint_cache.get(uri, version) is None:
            try:
                await loop.run_in_executor(ls.quick_pool, ls.quick_now, uri, version, doc.source)
            except Exception:  # the lint below still runs
                log.exception("the cheap checks of %s failed", uri)
            if doc.version != version:
                return  # a newer change has its own checks coming
            if ls.quick_cache.get(uri, version) is not None \
                    and ls.lint_cache.get(uri, version) is None:
                ls.publish(uri)
        rest = delay - (loop.time() - changed)
        if rest > 0:
            await asyncio.sleep(rest)
        if doc.version != version:
            return
        await ls.lint(doc)
        if doc.version == version:  # a newer change has its own lint coming
            ls.publish(uri)
            schedule_scan(ls, uri, scan_delay)
    except asyncio.CancelledError:
        pass
    except Exception:  # a lint that fails must leave the server running
        log.exception("linting %s failed", uri)
    finally:
        if ls.pending_lints.get(uri) is asyncio.current_task():
            ls.pending_lints.pop(uri, None)


def schedule_scan(ls: NcaServer, uri: str, delay: float | None = None) -> None:
    """Find the document's dead code after ``delay`` seconds (default ``SCAN_IDLE_S``)."""
    cancel_scan(ls, uri)
    doc = ls.open_document(uri)
    if doc is None or not uri.startswith("file:") or ls.findings.get(uri, doc.version) is not None:
        return
    if _outside(ls, uri):  # a file outside every root is linted, never cleaned
        return
    wait = SCAN_IDLE_S if delay is None else delay
    _tasks(ls)[uri] = asyncio.ensure_future(_scan_later(ls, uri, wait))


def _outside(ls: NcaServer, uri: str) -> bool:
    """Return True when ``uri`` is outside every workspace root (or has no usable folder)."""
    try:
        return ls.is_outside(ls.dispatcher_for(uri)[0])
    except NcaError:
        return True


def cancel_scan(ls: NcaServer, uri: str) -> None:
    """Stop a scan of ``uri`` that is still waiting (one already in a thread finishes)."""
    task = _tasks(ls).pop(uri, None)
    if task is not None:
        task.cancel()


async def _scan_later(ls: NcaServer, uri: str, delay: float) -> None:
    try:
        if delay > 0:
            await asyncio.sleep(delay)
        await requests_quiet(ls)
        doc = ls.open_document(uri)
        if doc is None:
            return
        version, text = doc.version, doc.source
        findings = await ls.in_background(scan_now, ls, uri, text)
        ls.findings.put(uri, version, "", findings)
    except asyncio.CancelledError:
        pass
    except Exception:  # a scan that fails must leave the server running
        log.exception("looking for dead code in %s failed", uri)
    finally:
        if _tasks(ls).get(uri) is asyncio.current_task():
            _tasks(ls).pop(uri, None)


async def requests_quiet(ls: NcaServer, quiet: float = SCAN_QUIET_S,
                         longest: float = SCAN_WAIT_MAX_S) -> None:
    """Return once no request is being answered and none came for ``quiet`` seconds, or after
    ``longest`` seconds: background work yields to the editor's requests."""
    protocol = ls.protocol
    give_up = time.monotonic() + longest
    while (now := time.monotonic()) < give_up:
        idle = now - protocol.last_request
        if not protocol.answering and idle >= quiet:
            return
        await asyncio.sleep(min(max(quiet - idle, 0.02), give_up - now))


def scan_now(ls: NcaServer, uri: str, text: str) -> tuple[CleanFinding, ...]:
    """Return the findings of ``text`` each removable on its own; runs in the background
    thread."""
    dispatcher, rel = ls.dispatcher_for(uri)
    if ls.is_outside(dispatcher):
        return ()
    try:
        found = dispatcher.removable_findings(text, rel, FINDING_CONFIDENCE)
    except NcaError as err:
        log.info("no dead-code findings for %s: %s", uri, err)
        return ()
    return first_round(text, found)


def first_round(text: str, findings: tuple[CleanFinding, ...]) -> tuple[CleanFinding, ...]:
    """Return the findings that are unused in ``text`` as it is, not only after other removals.

    The Cleaner repeats until nothing is left, so it also reports an import that only an
    unused function uses. Such a name occurs as a name token more than once (its binding and
    its use): it cannot be removed on its own.
    """
    try:
        counts = Counter(tok.string for tok in tokenize.generate_tokens(io.StringIO(text).readline)
                         if tok.type == tokenize.NAME)
    except (tokenize.TokenError, SyntaxError):
        return ()
    return tuple(f for f in findings if f.category == "unreachable" or counts[f.name] <= 1)


# --------------------------------------------------------------------------- on save


def saved(ls: NcaServer, uri: str) -> None:
    """React to a saved file: workspace knowledge is stale, the memory takes the file."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if not path:
        return
    try:
        dispatcher, _ = ls.dispatcher_for(uri)
    except NcaError as err:
        log.info("not taking the save of %s: %s", uri, err)
        return
    if ls.is_outside(dispatcher):  # nothing is written next to a file outside every root
        return
    dispatcher.forget_knowledge()
    task = asyncio.ensure_future(ls.in_background(dispatcher.update_memory, Path(path)))
    task.add_done_callback(_log_failure)


def _log_failure(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("updating the memory failed: %s", task.exception())
