"""fixer_helper: turn a candidate into minimal text edits against the current text.

A candidate comes as a whole new text, a unified diff or edits, made against some ``base``
text. The file may have moved on since (the user kept typing): the change base -> candidate is
split into hunks and each hunk is placed in the current text by its context, the way ``patch``
applies with fuzz. A hunk whose lines cannot be found fails the merge with a reason.
"""

from __future__ import annotations

from nca.workers.core.errors import MergeError
from nca.workers.core.registry import worker
from nca.workers.core.text_edits import candidate_text, minimal_edits, rebase
from nca.workers.core.types import Merged, MergeRequest

__all__ = ["merge"]


@worker("fix_helper")
def merge(request: MergeRequest) -> Merged:
    """Return the candidate merged into ``request.current``, with the minimal edits to get there."""
    try:
        wanted = candidate_text(request.base, request.candidate)
    except MergeError as err:
        return Merged(ok=False, reason=str(err))
    if request.current == request.base:
        merged = wanted
    else:
        try:
            merged = rebase(request.base, wanted, request.current)
        except MergeError as err:
            return Merged(ok=False, reason=str(err))
    return Merged(ok=True, text=merged, edits=tuple(minimal_edits(request.current, merged)))
