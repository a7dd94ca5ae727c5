"""Repairs for syntax errors: the compiler's own hint first, then a bounded token search.

A repair is kept when its text compiles, or when its first error lies on a line after the
original one (that later error is an independent problem). Lighter edits rank first; an edit
that follows the compiler's hint counts as lighter than a blind one of the same size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from nca.workers.core.types import Candidate, Problem
from nca.workers.engines.rules.base import RuleContext, candidate
from nca.workers.engines.rules.guided import guided
from nca.workers.engines.rules.search import (
    CHAIN_WIDTH,
    Budget,
    Fix,
    acceptable,
    first_error,
    search,
)
from nca.workers.facts.document import facts_of

__all__ = ["RULES", "Fix", "SyntaxRepair", "acceptable", "first_error", "repair"]

MAX_CANDIDATES = 5
SEARCH_BUDGET = 300
CHAIN_DEPTH = 3
GUIDED_DISCOUNT = 0.5
UNCLEAN = 0.8  # an edit that leaves a new error right after itself
#: the first guided fixes of an error are checked through their document facts: the tree
#: built from a recent text's where that is exact (the fix of the version before, in an
#: editor), and the outcome kept for verify's lint of the same text. The rest (and the token
#: search's many) compile on their own, and leave the facts' cache to the texts in use
FACTS_CHECKS = 4


# --------------------------------------------------------------------------- chaining guided fixes


def _known_error(text: str) -> SyntaxError | None:
    """Return the first error of ``text`` as :func:`first_error` does, from the text's document
    facts (compiled once there, and kept for the lint of the same text)."""
    err = facts_of(text).compile_error
    if err is None or isinstance(err, SyntaxError):
        return err
    return first_error(text)  # NUL bytes, nesting too deep: worded as a SyntaxError there


def _check(budget: Budget, text: str, via_facts: bool) -> SyntaxError | None:
    """Return the first error of ``text`` as ``budget.check`` does (counted the same)."""
    if not via_facts:
        return budget.check(text)
    budget.compiles -= 1
    return _known_error(text)


def _settle(text: str, err: SyntaxError, budget: Budget) -> list[tuple[Fix, SyntaxError | None]]:
    """Return the guided fixes that remove ``err``, chaining fixes for follow-on errors."""
    origin, seen, done = err.lineno or 1, {text}, []
    frontier: list[tuple[SyntaxError, Fix | None]] = [(err, None)]
    for _ in range(CHAIN_DEPTH):
        grown: list[tuple[SyntaxError, Fix | None]] = []
        for cur_err, prior in frontier:
            for fix in guided(prior.text if prior else text, cur_err):
                if fix.text in seen or not budget.left():
                    continue
                seen.add(fix.text)
                new_err = _check(budget, fix.text, len(seen) <= FACTS_CHECKS + 1)
                if prior is not None:
                    fix = replace(prior, title=f"{prior.title}, then {fix.title[:1].lower()}{fix.title[1:]}",
                                  text=fix.text, weight=prior.weight + fix.weight,
                                  end_line=max(prior.end_line or prior.line, fix.end_line or fix.line))
                if new_err is None or acceptable(new_err, origin):
                    done.append((fix, new_err))
                elif (new_err.lineno, new_err.offset, new_err.msg) != (
                        cur_err.lineno, cur_err.offset, cur_err.msg):
                    grown.append((new_err, fix))
        if any(_clean(fix, new_err) for fix, new_err in done):
            break
        # the lightest go on: a fix of one edit before one of two (the generation order is
        # only the order the message fixers ran in)
        frontier = sorted(grown, key=lambda g: g[1].weight if g[1] else 0.0)[:CHAIN_WIDTH]
    return done


# --------------------------------------------------------------------------- ranking and the rule


def _clean(fix: Fix, new_err: SyntaxError | None) -> bool:
    """Return whether the edit left no error that looks caused by it."""
    if new_err is None:
        return True
    last = max(fix.line, fix.end_line)
    cites = re.search(r"on line (\d+)", new_err.msg or "")
    if (new_err.lineno or 1) <= last + 3 or (cites and fix.line <= int(cites[1]) <= last):
        return False
    return not (fix.strategy == "indentation" and isinstance(new_err, IndentationError))


def _left(text: str, fix: Fix, new_err: SyntaxError | None) -> tuple[int, str] | None:
    """Return the line of ``text`` (before the fix) that ``new_err`` is on, with its message."""
    if new_err is None:
        return None
    shift = fix.text.count("\n") - text.count("\n")
    return (new_err.lineno or 1) - shift, new_err.msg or ""


def _independent(text: str, found: list[tuple[Fix, SyntaxError | None]]) -> set[tuple[int, str]]:
    """Return the errors (line before the fixes, message) that two fixes of different text
    both leave: a later mistake of the author's, not one that either fix made."""
    seen: dict[tuple[int, str], set[str]] = {}
    for fix, new_err in found:
        left = _left(text, fix, new_err)
        if left is not None:
            seen.setdefault(left, set()).add(fix.text)
    return {left for left, texts in seen.items() if len(texts) > 1}


def _rank(fix: Fix, err: SyntaxError, new_err: SyntaxError | None,
          independent: bool = False) -> float:
    line, col = err.lineno or 1, max((err.offset or 1) - 1, 0)
    lines_away = min(abs(fix.line - line), 20)
    near = lines_away * 0.002 + (min(abs(fix.col - col), 40) * 0.00005 if not lines_away else 0.002)
    weight = fix.weight - (GUIDED_DISCOUNT if fix.strategy != "search" else 0.0)
    if not independent and not _clean(fix, new_err):
        weight += UNCLEAN
    return round(100.0 - 10.0 * weight - near, 4)


def repair(text: str, *, limit: int = MAX_CANDIDATES, budget: int = SEARCH_BUDGET) -> list[Fix]:
    """Return up to ``limit`` checked repairs of the first syntax error of ``text``, best first."""
    err = _known_error(text)  # the text was linted a moment ago: its facts know
    if err is None:
        return []
    checks = Budget(budget)
    found = _settle(text, err, checks)
    if len(found) < limit:
        for fix in search(text, err, checks, guided=bool(found)):
            found.append((fix, checks.check(fix.text)))
    best: dict[str, Fix] = {}
    later = _independent(text, found)
    for fix, new_err in found:
        if fix.text == text or not acceptable(new_err, err.lineno or 1):
            continue
        ranked = replace(fix, rank=_rank(fix, err, new_err, _left(text, fix, new_err) in later))
        if fix.text not in best or best[fix.text].rank < ranked.rank:
            best[fix.text] = ranked
    return sorted(best.values(), key=lambda f: -f.rank)[:limit]


class SyntaxRepair:
    """Repairs an E999 problem: message-guided edits, indentation, then a token search."""

    id = "syntax"

    def applies(self, problem: Problem) -> bool:
        return problem.is_syntax

    def propose(self, ctx: RuleContext) -> Iterable[Candidate]:
        return tuple(candidate(f"syntax.{fix.strategy}", ctx, fix.title, fix.text, rank=fix.rank)
                     for fix in repair(ctx.text))


RULES = (SyntaxRepair(),)
