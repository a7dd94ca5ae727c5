"""One analysis per document text: the tree, the compile result and the facts every check reads.

The checks of one text (ruff's companions in the linter, the analyzer, verify, the type
checker's filters) used to parse and walk it again each: a resolve in the editor parsed the
same 1,000 lines eleven times. :func:`facts_of` returns the :class:`DocumentFacts` of a text,
made once and kept in a small LRU keyed by the text itself (its hash, then equality: no two
texts share facts); each fact is computed on first need, under the document's lock, and then
shared by every caller and thread.

The tree is shared: callers read it and never change it (no ``NodeTransformer``, no
``fix_missing_locations``, no attributes set on nodes).

A candidate fix differs from its original in a few lines, and so does the next version of a
document being edited. :func:`facts_of` given the facts (or text) the new text was edited from
(``base``) builds the new tree from the base's: when the edit keeps the number of lines and lies
inside whole top-level statements that start at column 0, only those statements are parsed
again (with the base's ``from __future__`` flags; inside one class, only the members the edit
touches, in a stand-in class of the same name) and the others are the base's own nodes, whose
positions are still right. Anything else (lines added or removed, an edit that reaches a
statement boundary, a slice that does not parse and compile on its own, ``from __future__`` or
``global`` in play) parses the whole text, so the facts are always those of a full parse.
Facts worked out per part (a statement, a class member: :meth:`DocumentFacts.per_part`) are
then computed only for the parts the edit touched.
"""

from __future__ import annotations

import ast
import threading
from collections import OrderedDict
from collections.abc import Iterable

from nca.workers.facts.document_facts import MISSING, DocumentFacts
from nca.workers.facts.splice import changed_span, spliced

__all__ = ["DocumentFacts", "analysed_tree", "changed_span", "facts_of", "nearest_base"]

#: documents whose facts are kept (an editor's open file, its candidates, the previous version)
CACHE_SIZE = 24
#: characters of text whose facts are kept at most (facts take about 40 bytes per character:
#: a 1,000-line file's about 1.5 MB)
CACHE_CHARS = 2_000_000
#: the most recently analysed texts a new text without a named base may be built from
RECENT_BASES = 8
#: a text above this size is analysed but its facts are not kept
MAX_CACHED_CHARS = 1_000_000

# --------------------------------------------------------------------------- the cache


_CACHE: OrderedDict[str, DocumentFacts] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHED_CHARS = 0


def facts_of(text: str, base: DocumentFacts | str | None = None) -> DocumentFacts:
    """Return the facts of ``text`` (shared: made once per text while it stays in the LRU).

    ``base``, the facts (or text) of a document ``text`` was edited from, lets the tree be
    built from that document's where that is exact (see the module's doc), also for facts of
    ``text`` already cached but not parsed yet. Without ``base``, the nearest of the texts
    analysed last (:func:`nearest_base`) is the base.
    """
    global _CACHED_CHARS
    with _CACHE_LOCK:
        found = _CACHE.get(text)
        if found is not None:
            _CACHE.move_to_end(text)
    if found is not None:
        if base is not None and "parsed" not in found._memo:
            _adopt(found, base)
        return found
    facts = DocumentFacts(text)
    if base is not None:
        _adopt(facts, base)
    if not facts.spliced:
        # no base named, or one that cannot lend its tree (a candidate's original that does
        # not compile): the text is most likely an edit of one analysed a moment ago (the
        # previous version, the fix of the version before)
        with _CACHE_LOCK:
            recent = list(_CACHE)[-RECENT_BASES:]
        nearest = nearest_base(text, reversed(recent))
        if nearest is not None:
            _adopt(facts, nearest)
    if len(text) > MAX_CACHED_CHARS:
        return facts
    with _CACHE_LOCK:
        found = _CACHE.get(text)
        if found is not None:  # another thread made them meanwhile: one set of facts per text
            _CACHE.move_to_end(text)
            return found
        _CACHE[text] = facts
        _CACHED_CHARS += len(text)
        while len(_CACHE) > CACHE_SIZE or (_CACHED_CHARS > CACHE_CHARS and len(_CACHE) > 1):
            old, _ = _CACHE.popitem(last=False)
            _CACHED_CHARS -= len(old)
    return facts


def _adopt(facts: DocumentFacts, base: DocumentFacts | str) -> None:
    """Give ``facts`` (not parsed yet) the tree built from ``base``'s, where that is exact."""
    if isinstance(base, str):
        base = facts_of(base)
    try:
        built = spliced(base, facts.text)
    except (RecursionError, MemoryError, ValueError):  # pragma: no cover - parse it all
        built = None
    if built is None:
        return
    with facts._lock:
        if "parsed" not in facts._memo:
            facts._memo.update(built._memo)
            facts.spliced = True


def nearest_base(text: str, bases: Iterable[str]) -> str | None:
    """Return the text among ``bases`` whose facts give ``text``'s the most cheaply: one that
    compiles, with as many lines, and the fewest lines changed; None when none fits."""
    lines = text.count("\n")
    best: tuple[int, str] | None = None
    new: list[str] | None = None
    for base in bases:
        if base == text or base.count("\n") != lines:
            continue
        with _CACHE_LOCK:
            known = _CACHE.get(base)
        if known is None or known._memo.get("compiled", MISSING) is not None:
            continue  # only a text already known to compile can lend its tree
        new = new if new is not None else text.split("\n")

        def split_rows(known: DocumentFacts = known) -> list[str]:
            return known.text.split("\n")

        rows = known.memo("rows", split_rows)
        first, last, _ = changed_span(rows, new)
        if best is None or last - first < best[0]:
            best = (last - first, base)
    return best[1] if best else None


def analysed_tree(source: bytes) -> ast.Module | None:
    """Return the tree of ``source`` (a file's bytes) when a text equal to it was analysed and
    parsed already (the file being fixed, read again by the workspace index), else None; never
    parses. Bytes that declare an encoding are not matched (their text is not the UTF-8 one)."""
    if b"coding" in source[:200]:
        return None
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        return None
    with _CACHE_LOCK:
        found = _CACHE.get(text)
    if found is None:
        return None
    parsed = found._memo.get("parsed", MISSING)
    return parsed[0] if isinstance(parsed, tuple) else None


def forget_all() -> None:
    """Drop every cached document (tests; memory pressure)."""
    global _CACHED_CHARS
    with _CACHE_LOCK:
        _CACHE.clear()
        _CACHED_CHARS = 0
