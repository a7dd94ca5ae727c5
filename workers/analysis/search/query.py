"""The error a search is about: its exception type, its message, and the package that raised.

Built from a traceback or an ``ExceptionType: message`` line anywhere in a text (a chat
message, a log), or from a Problem. The package is the one whose file raised (the innermost
frame under site-packages) or the one the message names (``module 'requests' has no attribute
'gett'``, ``cannot import name 'x' from 'y'``).
"""

from __future__ import annotations

import builtins
import keyword
import re
from dataclasses import dataclass

from nca.workers.core.types import ExceptionInfo, Problem
from nca.workers.debugging.tracebacks import parse_tracebacks

__all__ = ["ErrorQuery", "message_words"]

# an exception line outside a traceback: ``KeyError: 'x'``, ``requests.exceptions.HTTPError: ..``
_EXCEPTION_LINE = re.compile(
    r"^\s*(?P<type>(?:[A-Za-z_]\w{0,60}\.){0,6}[A-Z]\w{0,60}(?:Error|Exception|Warning|Exit"
    r"|Interrupt|Iteration)|(?:[a-z_]\w{0,60}\.){1,6}[A-Z]\w{0,60}(?=:))"
    r"(?::[ \t]*(?P<message>[^\n]{0,2000}))?[ \t]*$", re.M)
_PACKAGE_PATH = re.compile(r"[/\\](?:site|dist)-packages[/\\](?P<rest>[^\"]+?)\.py$")
_QUOTED = re.compile(r"""(['"`])([^'"`\n]{1,200})\1""")
_NAMED_MODULE = (
    re.compile(r"module '(?P<module>[\w.]+)' has no attribute '(?P<name>\w+)'"),
    re.compile(r"cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)'"),
    re.compile(r"No module named '(?P<module>[\w.]+)'"),
)
_NAMED_OBJECT = (
    re.compile(r"'(?P<cls>\w+)' object has no attribute '(?P<name>\w+)'"),
    re.compile(r"^(?P<name>[\w.]+)\(\) (?:got an unexpected|missing \d+ required|takes )"),
)
# noise that makes a message too specific to find: addresses, paths, long numbers
_NOISE = (
    re.compile(r"\b[a-z][\w+.-]{1,20}://\S+"),
    re.compile(r"0x[0-9a-fA-F]{4,}"),
    re.compile(r"(?:[A-Za-z]:)?(?:[/\\][\w.@+-]+){2,}[/\\]?"),
    re.compile(r"\b\d{4,}\b"),
)
_STOP = frozenset("""a an and are as at be but by can cannot could did does for from has have in
into is it its not of on or the this to was were with object""".split())
_BUILTIN_NAMES = frozenset(n for n in dir(builtins) if not n.startswith("_")) | {"NoneType"}


def message_words(text: str) -> list[str]:
    """Return the distinct significant words of ``text``, lower-case, in order."""
    seen: dict[str, None] = {}
    for word in re.findall(r"[A-Za-z_][\w]{2,}", text):
        low = word.lower()
        if low not in _STOP and not keyword.iskeyword(low):
            seen.setdefault(low, None)
    return list(seen)


@dataclass(frozen=True)
class ErrorQuery:
    """What to search for about one error."""

    exc_type: str  # AttributeError, requests.exceptions.HTTPError, E999...
    message: str  # the first line of the message, bounded
    package: str | None = None  # the top-level import name of the package concerned
    module: str | None = None  # the dotted module the error is in or names
    obj: str | None = None  # a name inside ``module`` (or a class's attribute): get, Session.get
    path: str | None = None  # the library file that raised, when a frame says

    @property
    def short_type(self) -> str:
        """Return the exception's class name without its module."""
        return self.exc_type.rsplit(".", 1)[-1]

    @property
    def clean_message(self) -> str:
        """Return the message without what only this run has: addresses, paths, long numbers."""
        text = self.message
        for pattern in _NOISE:
            text = pattern.sub(" ", text)
        return re.sub(r"\s+", " ", text).strip()[:200]

    def search_text(self) -> str:
        """Return the words to search for: the type and the message, the user's own names out.

        A quoted name stays when it is the package, a builtin or a dotted name (those are
        what others searched for too); another one (``name 'my_var' is not defined``) goes.
        """
        def keep(match: re.Match[str]) -> str:
            word = match.group(2)
            known = {self.package or "", self.module or ""}
            dotted = "." in word and all(part.isidentifier() for part in word.split("."))
            if word in known or word in _BUILTIN_NAMES or dotted \
                    or word.split(".")[0] == self.package:
                return f"'{word}'"
            return " "

        text = _QUOTED.sub(keep, self.clean_message)
        text = re.sub(r"\(\s*\)|\[\s*\]|\s[:,;]+(?=\s|$)", " ", text)
        return re.sub(r"\s+", " ", f"{self.short_type} {text}").strip(" :,;")

    def words(self) -> list[str]:
        """Return the significant words of the message (for matching results against it)."""
        return message_words(self.clean_message)

    def key(self) -> str:
        """Return what identifies the query for the cache."""
        return f"{self.exc_type}|{self.search_text()}|{self.package or ''}|{self.obj or ''}"

    # ------------------------------------------------------------------ building one

    @classmethod
    def from_text(cls, text: str) -> ErrorQuery | None:
        """Return the query for the last error in ``text`` (a traceback or an exception line)."""
        if not text or not text.strip():
            return None
        found = parse_tracebacks(text.splitlines()[-5000:])
        if found:
            return cls.from_exception(found[-1])
        lines = list(_EXCEPTION_LINE.finditer(text[-200_000:]))
        if not lines:
            return None
        last = lines[-1]
        return cls._build(last.group("type"), last.group("message") or "", None)

    @classmethod
    def from_exception(cls, info: ExceptionInfo) -> ErrorQuery:
        """Return the query for one parsed exception (the innermost library frame names the file)."""
        path = next((f.path for f in reversed(info.frames)
                     if not f.is_user and _PACKAGE_PATH.search(f.path)), None)
        function = next((f.function for f in reversed(info.frames) if f.path == path), None)
        return cls._build(info.type, info.message, path, function)

    @classmethod
    def from_problem(cls, problem: Problem) -> ErrorQuery:
        """Return the query for a Problem (its code stands for the exception type)."""
        return cls._build(problem.code, problem.message, problem.path
                          if problem.path and _PACKAGE_PATH.search(problem.path) else None,
                          problem.symbol)

    @classmethod
    def _build(cls, exc_type: str, message: str, path: str | None,
               function: str | None = None) -> ErrorQuery:
        message = message.strip().splitlines()[0][:1000] if message.strip() else ""
        package = module = obj = None
        if path is not None and (found := _PACKAGE_PATH.search(path)):
            parts = re.split(r"[/\\]", found.group("rest"))
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if parts and all(p.isidentifier() for p in parts):
                package, module = parts[0], ".".join(parts)
                obj = function if function and function.isidentifier() else None
        for pattern in _NAMED_MODULE:
            if named := pattern.search(message):
                module = named.group("module")
                package = module.split(".")[0]
                obj = named.groupdict().get("name")
                break
        else:
            for pattern in _NAMED_OBJECT:
                if named := pattern.search(message):
                    cls_name = named.groupdict().get("cls")
                    name = named.group("name")
                    if cls_name and cls_name not in _BUILTIN_NAMES:
                        obj = f"{cls_name}.{name}"
                    elif not cls_name:
                        obj = name
                    break
        if package is None and "." in exc_type:
            top = exc_type.split(".")[0]
            if top not in _BUILTIN_NAMES and top.isidentifier():
                # the package's own exception: its class's docstring says when it is raised
                package, module = top, exc_type.rsplit(".", 1)[0]
                obj = obj or exc_type.rsplit(".", 1)[1]
        return cls(exc_type, message, package, module, obj, path)
