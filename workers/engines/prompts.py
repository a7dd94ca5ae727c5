"""Prompts for model engines: the fix prompt (contract, summary, solutions, code) and FIM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nca.workers.core.types import FixRequest

__all__ = ["FIM_STYLES", "FimTokens", "build_fix_messages", "code_window", "fim_prompt",
           "fim_tokens_for"]

SYSTEM = (
    "You repair Python code. You are given the contract of the fix step, the error, what is "
    "known about it, and the code around it. Fix only that error and change as little as "
    "possible. Answer with a unified diff of the file (---/+++ headers, @@ hunks) in a ```diff "
    "block, or with the whole corrected file in one ```python block. No explanations."
)

#: lines of code shown on each side of the error before the budget trims them
RADIUS = 40


def build_fix_messages(request: FixRequest, *, contract: str = "",
                       max_chars: int = 12000) -> list[dict[str, str]]:
    """Return the chat messages asking a model to fix ``request.problem``."""
    problem = request.problem
    path = request.path or "file.py"
    parts: list[str] = []
    if contract:
        parts.append(f"## Contract of the fix step\n{contract.strip()}")
    where = f"{path}:{problem.line}:{problem.col}"
    parts.append(f"## Error\n{where}: {problem.code} {problem.message}")
    if request.summary is not None and request.summary.headline:
        parts.append(f"## Debugger summary\n{request.summary.headline}")
    if request.analysis is not None and request.analysis.solutions:
        ideas = [f"- {s.title} (from {s.source})" for s in request.analysis.solutions[:5]]
        parts.append("## Possible solutions\n" + "\n".join(ideas))
    if request.context:
        parts.append(f"## What the project's memory says\n{request.context.strip()}")
    others = [p for p in request.problems if p != problem][:5]
    if others:
        parts.append("## Other problems in the file\n" + "\n".join(
            f"- line {p.line}: {p.code} {p.message}" for p in others))
    head = "\n\n".join(parts)
    room = max(400, max_chars - len(head) - len(SYSTEM) - 200)
    lines = request.text.splitlines()
    if len(request.text) <= room:
        code = f"## The whole file {path}\n```python\n{request.text.rstrip()}\n```"
    else:
        window = code_window(request.text, problem.line, RADIUS, room)
        first = window[0][0] if window else 1
        last = window[-1][0] if window else 0
        body = "\n".join(text for _, text in window)
        code = (f"## {path}, lines {first}-{last} of {len(lines)}\n"
                f"```python\n{body}\n```")
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"{head}\n\n{code}"}]


def code_window(text: str, line: int, radius: int = RADIUS,
                max_chars: int = 8000) -> list[tuple[int, str]]:
    """Return ``(line number, text)`` pairs around ``line`` that fit in ``max_chars``."""
    lines = text.splitlines()
    if not lines:
        return []
    at = min(max(line, 1), len(lines)) - 1
    lo, hi = at, at + 1
    used = len(lines[at]) + 1
    # grow both ways, one line at a time, until the radius or the budget stops it
    while hi - lo < 2 * radius + 1:
        grown = False
        for side in (-1, 1):
            i = lo - 1 if side < 0 else hi
            if 0 <= i < len(lines) and used + len(lines[i]) + 1 <= max_chars:
                used += len(lines[i]) + 1
                lo, hi = (i, hi) if side < 0 else (lo, i + 1)
                grown = True
        if not grown:
            break
    return [(n + 1, lines[n]) for n in range(lo, hi)]


# --------------------------------------------------------------------------- fill in the middle


@dataclass(frozen=True)
class FimTokens:
    prefix: str
    suffix: str
    middle: str


#: the FIM markers of common code models, tried in this order against a tokenizer's vocabulary
FIM_STYLES: tuple[FimTokens, ...] = (
    FimTokens("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"),  # Qwen2.5-Coder
    FimTokens("<fim_prefix>", "<fim_suffix>", "<fim_middle>"),  # StarCoder, SmolLM
    FimTokens("<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>"),  # DeepSeek-Coder
    FimTokens("<PRE>", "<SUF>", "<MID>"),  # CodeLlama
)


def fim_tokens_for(vocabulary: Sequence[str] | set[str]) -> FimTokens | None:
    """Return the FIM markers a tokenizer knows, or None when it knows none."""
    known = set(vocabulary)
    for style in FIM_STYLES:
        if {style.prefix, style.suffix, style.middle} <= known:
            return style
    return None


def fim_prompt(prefix: str, suffix: str | None, tokens: FimTokens | None) -> str:
    """Return the prompt asking for the text between ``prefix`` and ``suffix``.

    Prefix-suffix-middle order, as the models above were trained; a model without FIM
    markers only continues the prefix.
    """
    if tokens is None or suffix is None:
        return prefix
    if tokens.prefix == "<PRE>":  # CodeLlama spaces its markers
        return f"<PRE> {prefix} <SUF>{suffix} <MID>"
    return f"{tokens.prefix}{prefix}{tokens.suffix}{suffix}{tokens.middle}"
