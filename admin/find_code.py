"""The Python code a chat message holds: its largest Python fence, or bare code after prose.

Apart from :mod:`nca.admin.chat` because the HTTP route measures a message with it before any
chat work starts (and before the chat's modules load).
"""

from __future__ import annotations

import re

__all__ = ["FENCE", "find_code"]

#: a fenced block: its tag and its body (an unclosed fence runs to the end)
FENCE = re.compile(r"```[ \t]*([\w+.#-]*)[^\n]*\n(.*?)(?:```|\Z)", re.S)
_CODE_START = re.compile(r"^(def |class |import |from \S+ import |async def |@\w)", re.M)
_PYTHON_TAGS = {"", "py", "python", "python3", "py3"}


def find_code(text: str) -> str | None:
    """Return the Python code a message holds: its largest Python fence, or bare code after prose."""
    blocks = [body for tag, body in FENCE.findall(text) if tag.lower() in _PYTHON_TAGS]
    if blocks:
        return max(blocks, key=len)
    start = _CODE_START.search(text)
    if start is None:
        return None
    return text[start.start():]
