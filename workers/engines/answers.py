"""Model answers parsed into candidates: a unified diff, the whole file, or a snippet.

Nothing here decides whether a candidate is good: fixer_helper merges it and verify checks it
like any rules candidate. A snippet is spliced over the lines of the original it resembles
most near the error, so a model may answer with just the repaired function.
"""

from __future__ import annotations

import difflib
import re
import textwrap

from nca.workers.core.parsing import compile_source
from nca.workers.core.types import Candidate, FixRequest

__all__ = ["code_blocks", "looks_like_diff", "parse_answer", "splice_snippet"]

_FENCE = re.compile(r"^(`{3,}|~{3,})[ \t]*([\w+.-]*)[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@", re.M)

#: a snippet must resemble the lines it replaces at least this much (difflib ratio)
MIN_SIMILARITY = 0.5


def code_blocks(answer: str) -> list[tuple[str, str]]:
    """Return ``(language, body)`` of each fenced block, in order."""
    return [(m.group(2).lower(), m.group(3)) for m in _FENCE.finditer(answer)]


def looks_like_diff(text: str) -> bool:
    """Return True when ``text`` holds at least one unified-diff hunk."""
    return bool(_HUNK.search(text))


def parse_answer(answer: str, request: FixRequest, *, engine: str,
                 kind: str = "model") -> list[Candidate]:
    """Return the candidates an answer holds (empty when it holds no code)."""
    title = f"{engine}: fix {request.problem.code} on line {request.problem.line}"
    blocks = code_blocks(answer)
    if not blocks and looks_like_diff(answer):
        blocks = [("diff", answer)]
    elif not blocks and answer.strip() and _is_code(answer):
        blocks = [("python", answer)]
    out: list[Candidate] = []
    for n, (lang, body) in enumerate(blocks):
        rank = -0.1 * n  # the model's first answer is its preferred one
        if lang in ("diff", "patch", "udiff") or looks_like_diff(body):
            out.append(Candidate(engine, f"{kind}-diff", title, request.problem,
                                 diff=_clean_diff(body), rank=rank))
            continue
        if lang not in ("", "python", "py", "python3"):
            continue
        text = _as_whole_file(body, request.text)
        if text is None:
            text = splice_snippet(request.text, body, request.problem.line)
        if text is not None and text != request.text:
            out.append(Candidate(engine, f"{kind}-code", title, request.problem, text=text,
                                 rank=rank))
    return out


def _clean_diff(body: str) -> str:
    # models sometimes indent the whole block or omit the final newline
    body = textwrap.dedent(body) if not body.startswith(("---", "@@", "diff")) else body
    return body if body.endswith("\n") else body + "\n"


def _is_code(answer: str) -> bool:
    try:
        compile_source(answer, "<answer>", 0)
    except (SyntaxError, ValueError):
        return False
    return "\n" in answer.strip()


def _as_whole_file(body: str, original: str) -> str | None:
    """Return ``body`` as the new whole file when it looks like one, else None."""
    old = original.splitlines()
    new = body.splitlines()
    if not old or not new:
        return None
    # a whole file covers the original's first and last lines' neighbourhood and its length
    if len(new) < 0.7 * len(old):
        return None
    ratio = difflib.SequenceMatcher(None, old, new, autojunk=False).ratio()
    if ratio < MIN_SIMILARITY:
        return None
    return body if body.endswith("\n") or not original.endswith("\n") else body + "\n"


def splice_snippet(text: str, snippet: str, line: int) -> str | None:
    """Return ``text`` with ``snippet`` over the lines near ``line`` it resembles most.

    Tries windows of the snippet's length (give or take two lines) that contain ``line``; the
    snippet is re-indented to the window's indentation. None when no window resembles it
    enough.
    """
    old = text.splitlines(keepends=True)
    new = textwrap.dedent(snippet).splitlines(keepends=True)
    if not old or not new:
        return None
    if not new[-1].endswith("\n"):
        new[-1] += "\n"
    target = min(max(line, 1), len(old)) - 1
    wanted = "\n".join(s.strip() for s in new)
    best: tuple[float, int, int] | None = None
    for size in range(max(1, len(new) - 2), len(new) + 3):
        # only windows holding the error line: the fix is there, not in a look-alike elsewhere
        for start in range(max(0, target - size + 1), target + 1):
            end = start + size
            if end > len(old):
                break
            window = "\n".join(s.strip() for s in old[start:end])
            ratio = difflib.SequenceMatcher(None, window, wanted, autojunk=False).ratio()
            # on a tie the window of the snippet's own length wins
            score = ratio - 0.001 * abs(size - len(new))
            if best is None or score > best[0]:
                best = (score, start, end)
    if best is None or best[0] < MIN_SIMILARITY:
        return None
    _, start, end = best
    indent = _indent_of(old[start:end])
    placed = [indent + s if s.strip() else s for s in new]
    return "".join(old[:start] + placed + old[end:])


def _indent_of(lines: list[str]) -> str:
    for s in lines:
        if s.strip():
            return s[: len(s) - len(s.lstrip())]
    return ""
