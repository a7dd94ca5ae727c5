"""Fixer: ask every fix-capable engine for candidate patches for one problem."""

from __future__ import annotations

import logging

from nca.workers.core.registry import worker
from nca.workers.core.types import Candidate, FixProposal, FixRequest

__all__ = ["fix"]

log = logging.getLogger(__name__)


@worker("fix")
def fix(request: FixRequest) -> FixProposal:
    """Return the candidates of every engine, best first, with the engines that failed.

    An engine that raises is recorded and skipped: one broken backend never stops the others.
    Candidates that would produce the same text are kept once (the first engine's).
    """
    candidates: list[Candidate] = []
    failures: list[tuple[str, str]] = []
    seen: set[tuple[str | None, str | None, tuple[object, ...]]] = set()
    for engine in request.engines:
        if "fix" not in engine.capabilities:
            continue
        try:
            proposed = list(engine.propose(request))
        except Exception as err:  # an engine is foreign code: isolate it
            log.warning("engine %s failed on %s: %s", engine.id, request.problem.code, err)
            failures.append((engine.id, f"{type(err).__name__}: {err}"))
            continue
        for cand in proposed:
            key = (cand.text, cand.diff, cand.edits)
            if cand.text == request.text or key in seen:
                continue
            seen.add(key)
            candidates.append(cand)
    candidates.sort(key=lambda c: -c.rank)
    return FixProposal(request.problem, tuple(candidates), tuple(failures))
