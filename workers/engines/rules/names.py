"""Replace a misspelled name, or a module attribute that does not exist, at the one place
the problem points to. Other uses of the same wrong name are problems of their own."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

from nca.workers.core.types import Candidate, Problem
from nca.workers.engines.rules.base import RuleContext, candidate
from nca.workers.facts.method_habits import EXPRESSION_HABITS, expression_habit

__all__ = ["RULES", "Misspelling", "replace_token"]

# F405: a name no star-imported module defines either (the Analyzer checks which)
MISSPELLING_CODES = frozenset({"F821", "F405", "NameError", "NCA101", "NCA102", "NCA103", "NCA104",
                               "AttributeError"})


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _token_start(text: str, line: int, col: int, name: str) -> int | None:
    """Return the 0-based column of ``name`` on 1-based ``line``: at ``col`` when it is
    there, else the only (or first following) NAME token that spells it."""
    lines = text.splitlines(keepends=True)
    if not 0 < line <= len(lines):
        return None
    row, at = lines[line - 1], col - 1
    before, after = row[at - 1 : at] if at > 0 else "", row[at + len(name) : at + len(name) + 1]
    if at >= 0 and row[at : at + len(name)] == name:
        if not (before and _is_word_char(before)) and not (after and _is_word_char(after)):
            return at
    starts: list[int] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NAME and token.string == name and token.start[0] == line:
                starts.append(token.start[1])
    except (tokenize.TokenError, SyntaxError):
        return None
    if not starts:  # inside an f-string, which Python 3.11 reads as one token
        starts = [m.start() for m in re.finditer(rf"(?<![\w.]){re.escape(name)}\b", row)]
    if len(starts) == 1:
        return starts[0]
    return next((s for s in starts if s >= at), None)


def replace_token(text: str, line: int, col: int, old: str, new: str) -> str | None:
    """Return ``text`` with the token ``old`` at ``line``/``col`` (1-based) changed to ``new``."""
    start = _token_start(text, line, col, old)
    if start is None:
        return None
    lines = text.splitlines(keepends=True)
    row = lines[line - 1]
    lines[line - 1] = row[:start] + new + row[start + len(old) :]
    return "".join(lines)


class Misspelling:
    """Use the name the Analyzer found in scope, or the attribute the module really has."""

    id = "misspelled-name"

    def applies(self, problem: Problem) -> bool:
        return problem.code in MISSPELLING_CODES

    def propose(self, ctx: RuleContext) -> Iterable[Candidate]:
        solutions = ctx.analysis.solutions if ctx.analysis else ()
        for solution in solutions:
            new = solution.detail.get("replacement")
            old = solution.detail.get("original") or ctx.problem.symbol
            if solution.kind not in ("rename", "learned") or not new or not old:
                continue
            text = replace_token(ctx.text, ctx.problem.line, ctx.problem.col, old, new)
            if text is not None and text != ctx.text:
                yield candidate(self.id, ctx, solution.title, text, rank=solution.score,
                                sure=solution.detail.get("sure", True) is not False)


class ExpressionHabit:
    """Write another language's method call as Python's expression (``xs.size()`` ->
    ``len(xs)``, ``d.containsKey(k)`` -> ``k in d``), as the Analyzer found it."""

    id = "expression-habit"

    def applies(self, problem: Problem) -> bool:
        return problem.code in MISSPELLING_CODES and problem.symbol in EXPRESSION_HABITS

    def propose(self, ctx: RuleContext) -> Iterable[Candidate]:
        solutions = ctx.analysis.solutions if ctx.analysis else ()
        for solution in solutions:
            if solution.kind != "expression" or ctx.problem.symbol is None:
                continue
            written = expression_habit(ctx.text, ctx.problem.line, ctx.problem.col,
                                       ctx.problem.symbol)
            if written is not None:
                yield candidate(self.id, ctx, f"Write `{written[1]}` for `{written[0]}`",
                                written[2], rank=solution.score, sure=True)


RULES = (Misspelling(), ExpressionHabit())
