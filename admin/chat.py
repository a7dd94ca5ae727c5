"""Chat: answer a conversation with the agent loop, the project's memory or a chat engine.

The last user message decides. Code with an error, a "fix this" or a code block that does not
compile runs the repair loop and streams its steps (what the Debugger found, what the Analyzer
proposes, the verified diff, the fixed code). A question about the project's memory is answered
from memory. Anything else goes to the chat engine the council routes; with none configured the
answer is one paragraph naming the setting to change. An error in the message also goes to the
search providers (nca.workers.analysis.search): the fix path lists what they found, the chat
engine gets it as context, and both cite it by link. Nothing here knows about HTTP or LSP.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import re
import threading
from collections.abc import AsyncGenerator, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from nca.admin.chat_traceback import has_traceback, names_workspace_file, traceback_answer
from nca.admin.config import load_config
from nca.admin.context import memory_context
from nca.admin.embedded import SMOLLM2
from nca.admin.find_code import FENCE, find_code
from nca.admin.replies import ChatMessage, Limiter, NoCompleter, Reply, engine_stream, once
from nca.admin.routing import Routed, TaskLog
from nca.admin.tasks import Task, parse_task
from nca.workers.analysis.search.core import search_error
from nca.workers.analysis.search.results import as_context, sources_markdown
from nca.workers.analysis.search.settings import SearchSettings
from nca.workers.core.errors import EngineError, NcaError
from nca.workers.core.parsing import compile_source

__all__ = [
    "CHAT_SETTING",
    "answer_from_memory",
    "Chat",
    "ChatMessage",
    "NoCompleter",
    "Route",
]

log = logging.getLogger(__name__)

#: the setting that routes chat to an engine, named in the answer when none is configured
CHAT_SETTING = "chat = [...] under [nca.routing]"
SNIPPET_PATH = "snippet.py"

_FIX_WORDS = re.compile(r"\b(fix|repair|broken|error|exception|traceback|doesn'?t (work|run|compile)"
                        r"|does not (work|run|compile)|fails?|failing|crash(es)?|wrong)\b", re.I)
_MEMORY_WORDS = re.compile(r"\b(agent ?memory|memory|build ?tips|roadmap|architecture|"
                           r"components?\.json|context ?map)\b", re.I)


@dataclass(frozen=True)
class Route:
    """Where a conversation goes: fix, traceback, memory, engine or no_engine."""

    kind: str
    code: str = ""  # the code to fix
    question: str = ""  # the last user message


def _compiles(code: str) -> bool:
    try:
        compile_source(code, SNIPPET_PATH, 0)
    except (SyntaxError, ValueError):
        return False
    return True


class Chat:
    """Answers conversations for one dispatcher (its workspace, council and lifecycle log)."""

    def __init__(self, dispatcher: Any, *, origin: str = "http",
                 fix_lock: threading.Lock | None = None) -> None:
        # a callable is asked on each use: a language server knows its workspace only later
        self._dispatcher = dispatcher
        self.origin = origin
        # the repair loop and its caches are not built for two threads at once
        self._fix_lock = fix_lock or threading.Lock()

    @property
    def dispatcher(self) -> Any:
        """Return the dispatcher (of the workspace) this chat works in."""
        found = self._dispatcher
        return found() if callable(found) else found

    # ------------------------------------------------------------------ routing

    def route(self, messages: Sequence[ChatMessage]) -> Route:
        """Return where the conversation's last user message goes."""
        question = next((m.content for m in reversed(messages) if m.role == "user"), "")
        task = parse_task(question, origin=self.origin) if question.strip() else None
        code = find_code(question)
        if code is not None and code.strip():
            prose = FENCE.sub("", question)
            if (task is not None and task.kind == "debug_log") or _FIX_WORDS.search(prose) \
                    or not _compiles(code):
                return Route("fix", code=code, question=question)
        elif has_traceback(question) and (names_workspace_file(
                question, Path(self.dispatcher.workspace)) or self.chat_engine() is None):
            # a traceback alone: the loop reads the workspace files its frames name (one that
            # names none goes to the chat engine, with what the search providers found)
            return Route("traceback", question=question)
        if _MEMORY_WORDS.search(question) and self._memory() is not None:
            return Route("memory", question=question)
        if self.chat_engine() is not None:
            return Route("engine", question=question)
        return Route("no_engine", question=question)

    def chat_engine(self) -> Any | None:
        """Return the first chat engine the council routes (the prompt's own route is the
        council's, see ``reply``), or None when there is none."""
        engines = self.dispatcher.council.engines_for("chat")
        return engines[0] if engines else None

    def fim_engine(self) -> Any | None:
        """Return the fill-in-the-middle engine the council routes, or None."""
        engines = self.dispatcher.council.engines_for("fim")
        return engines[0] if engines else None

    # ------------------------------------------------------------------ answering

    def reply(self, messages: Sequence[ChatMessage], *, max_tokens: int | None = None,
              temperature: float | None = None, stop: Sequence[str] = (),
              cancel: threading.Event | None = None, interrupted: str = "cancelled") -> Reply:
        """Return the reply to ``messages``; nothing runs until it is iterated."""
        cancel = cancel or threading.Event()
        route = self.route(messages)
        if route.kind == "engine":
            engine = self.chat_engine()
            wire, used = self._with_memory(
                [{"role": m.role, "content": m.content} for m in messages], route.question, engine)
            # the lifecycle log says which memory slices went into the prompt
            finish = self._record("chat", route.question, route=route.kind, context=used)
            # the council routes the prompt by its kind and length, and falls back
            engine = Routed(self.dispatcher.council, route.question, finish)
        else:
            finish = self._record("chat", route.question, route=route.kind)
        if route.kind == "fix":
            source = self._fix(route, cancel)
        elif route.kind == "traceback":
            source = self._traceback(route)
        elif route.kind == "memory":
            source = self._memory_answer(route.question)
        elif route.kind == "engine":
            source = self._engine_answer(engine, wire, route.question, max_tokens=max_tokens,
                                         temperature=temperature, stop=tuple(stop),
                                         cancel=cancel)
        else:
            source = once(no_engine_paragraph())
        return Reply(route.kind, source, Limiter(max_tokens, stop), cancel, finish,
                     interrupted=interrupted)

    def complete(self, prompt: str, *, suffix: str | None = None, max_tokens: int | None = None,
                 temperature: float | None = None, stop: Sequence[str] = (),
                 cancel: threading.Event | None = None, interrupted: str = "cancelled") -> Reply:
        """Return the completion of ``prompt`` by the routed FIM engine, else by the built-in
        model; EngineError (at once) when neither is there, rather than an empty answer."""
        cancel = cancel or threading.Event()
        engine = self.fim_engine() or self._builtin_completer()
        if engine is None:
            raise NoCompleter("no engine is routed to complete code (the fim role), and the "
                              "rules engine only fixes errors", "add a model engine to [[nca.engines]] (kind "
                              "transformers or openai) and route fim = [...] under "
                              "[nca.routing] to it, in the workspace's nca.toml")
        finish = self._record("complete", prompt[-80:], route=engine.id)
        source = engine_stream(engine, "complete", prompt, suffix=suffix, max_tokens=max_tokens,
                         temperature=temperature, stop=tuple(stop), cancel=cancel)
        return Reply("fim", source, Limiter(max_tokens, stop), cancel, finish,
                     interrupted=interrupted)

    def _builtin_completer(self) -> Any | None:
        """Return the built-in model (nca.admin.embedded) when it is there and can complete."""
        engine = self.dispatcher.council.engines.get(SMOLLM2)
        if engine is None or "fim" not in engine.capabilities or not engine.health().healthy:
            return None
        return engine

    # ------------------------------------------------------------------ the fix path

    def _locked(self) -> Callable[[Callable[[], Any]], Any]:
        """Return a runner of the repair loop's calls in a thread, one at a time."""
        loop = asyncio.get_running_loop()

        def run(fn: Callable[[], Any]) -> Any:
            def locked() -> Any:
                with self._fix_lock:
                    return fn()
            return loop.run_in_executor(None, locked)
        return run

    async def _traceback(self, route: Route) -> AsyncGenerator[str, None]:
        async for piece in traceback_answer(self.dispatcher, route.question, self._locked(),
                                            _patch_step):
            yield piece
        found = await self._search(route.question)
        if found:
            yield "\n" + sources_markdown(found)

    async def _fix(self, route: Route, cancel: threading.Event) -> AsyncGenerator[str, None]:
        dispatcher = self.dispatcher
        run = self._locked()

        yield "Running the repair loop on the code in your message.\n\n"
        problems = await run(lambda: dispatcher.linter.lint(route.code, SNIPPET_PATH))
        yield _debugger_step(problems)
        if parse_task(route.question, origin=self.origin).kind == "debug_log":
            summary = await run(lambda: dispatcher.debug(route.question))
            yield f"From the log: {summary.headline}\n\n"
        if not problems:
            yield ("Nothing to fix: the code compiles and ruff reports no error. If it fails when "
                   "it runs, paste the traceback with it.\n")
        else:
            report = await run(lambda: dispatcher.fix_text(
                route.code, SNIPPET_PATH, only=lambda _problem: not cancel.is_set()))
            yield _analyzer_step(report)
            yield _patch_step(report)
        # what others found about the error of a pasted traceback, cited by link
        found = await self._search(route.question, problems)
        if found:
            yield "\n" + sources_markdown(found)

    # ------------------------------------------------------------------ search providers

    async def _engine_answer(self, engine: Any, wire: list[dict[str, str]], question: str,
                             **options: Any) -> AsyncGenerator[str, None]:
        """Stream the engine's answer; for a question holding an error, with what the search
        providers found as context first and the links it may cite listed after it."""
        found = await self._search(question)
        if found:
            wire = [{"role": "system", "content": as_context(found)}, *wire]
        stream = cast(AsyncGenerator[str, None], engine_stream(engine, "chat", wire, **options))
        async with aclosing(stream) as chunks:
            async for chunk in chunks:
                yield chunk
        if found:
            yield "\n\n" + sources_markdown(found)

    async def _search(self, text: str, problems: Sequence[Any] = ()) -> list[Any]:
        """Return the ranked search results about the error in ``text`` ([] when it holds none,
        and whatever goes wrong: a search never stops an answer)."""
        dispatcher = self.dispatcher
        try:
            settings = load_config(dispatcher.workspace).search
        except NcaError:
            settings = SearchSettings()

        def search_path() -> Any:
            try:  # where the project's own packages are, not nca's
                return dispatcher.interpreter.sys_path or None
            except Exception:
                return None

        try:
            return await search_error(text, settings.with_env(), problems=problems,
                                      search_path=search_path)
        except Exception as err:
            log.warning("search: %s: %s", type(err).__name__, err)
            return []


    # ------------------------------------------------------------------ memory and the log

    def _memory(self) -> Callable[..., Any] | None:
        # the memory package is optional: without it, such questions go to the chat engine
        try:
            memory = importlib.import_module("nca.admin.memory")
        except ImportError:
            return None
        return getattr(memory, "AgentMemory", None)

    async def _memory_answer(self, question: str) -> AsyncGenerator[str, None]:
        memory_class = self._memory()
        if memory_class is None:
            raise EngineError("the project's memory is not available in this installation")
        workspace = self.dispatcher.workspace

        def lookup() -> str:
            return answer_from_memory(memory_class(workspace), question)

        yield await asyncio.get_running_loop().run_in_executor(None, lookup)

    def _with_memory(self, wire: list[dict[str, str]], question: str,
                     engine: Any) -> tuple[list[dict[str, str]], list[str]]:
        """Return the messages with the project's memory for ``question`` as a system
        message first, and the memory slices used."""
        task = Task("chat", self.origin, question[:80], text=question)
        text, used = memory_context(self.dispatcher.workspace, task,
                                    int(getattr(engine, "context_length", 0) or 0),
                                    getattr(engine, "count_tokens", None))
        if not text:
            return wire, used
        note = {"role": "system", "content": "What nca's memory of this project says, most "
                                            f"relevant first:\n\n{text}"}
        return [note, *wire], used

    def _record(self, kind: str, subject: str, **detail: Any) -> TaskLog:
        lifecycle = self.dispatcher.lifecycle
        if lifecycle is None:
            return TaskLog()
        first = subject.strip().splitlines()[0][:80] if subject.strip() else "(empty)"
        task_id = lifecycle.start(kind, self.origin, first)
        lifecycle.event(task_id, "route", "done", **detail)
        return TaskLog(lifecycle, task_id)

def _debugger_step(problems: Sequence[Any]) -> str:
    if not problems:
        return "**Debugger:** no errors found.\n\n"
    lines = [f"- line {p.line}: `{p.code}` {p.message}" for p in problems[:20]]
    more = f"\n- ... and {len(problems) - 20} more" if len(problems) > 20 else ""
    return f"**Debugger** found {len(problems)} problem(s):\n" + "\n".join(lines) + more + "\n\n"


def _analyzer_step(report: Any) -> str:
    items = [f"- {f.title} (`{f.engine}`/{f.kind}; {f.verification})" for f in report.fixes]
    items += [f"- suggestion, not applied: {s.title}" for s in report.suggestions]
    if not items:
        return f"**Analyzer** found no fix it could verify. {report.reason}\n\n"
    return "**Analyzer** proposes:\n" + "\n".join(items) + "\n\n"


def _patch_step(report: Any) -> str:
    out = []
    if report.diff and report.fixes_verified:
        out.append(f"**Verified patch** (applied to a scratch copy; compile and ruff re-run):\n"
                   f"```diff\n{report.diff.rstrip()}\n```\n\n")
        out.append(f"**Fixed code:**\n```python\n{report.text.rstrip()}\n```\n")
    elif report.diff:
        out.append(f"**Unverified patch**, not offered as a fix ({report.reason}):\n"
                   f"```diff\n{report.diff.rstrip()}\n```\n")
    for p in report.errors_after:
        out.append(f"- still there: line {p.line}: `{p.code}` {p.message}\n")
    return "".join(out)


def answer_from_memory(memory: Any, question: str, limit: int = 8) -> str:
    """Return an answer to ``question`` from an AgentMemory: what it holds and the best hits."""
    facts = memory.summary()
    out = [f"From the project's memory (AgentMemory/ of {facts['workspace']}): "
           f"{facts['modules']} modules, {facts['classes']} classes, {facts['functions']} "
           f"functions, {facts['build_tips']} build tips, {facts['goals']} goals, "
           f"{facts['open_roadblocks']} open roadblocks.\n"]
    if not facts["index_entries"]:
        out.append("\nThe memory is empty: `nca memory build` indexes the workspace.\n")
        return "".join(out)
    hits = memory.search(question, limit)
    if not hits:
        out.append("\nNothing in it matches the question.\n")
    else:
        out.append("\nBest matches:\n")
        out.extend(f"- `{h.symbol}` ({h.kind}) at `{h.path}:{h.line}`\n" for h in hits)
    return "".join(out)


def no_engine_paragraph() -> str:
    """Return the answer given when no chat engine is configured."""
    return ("No chat engine is configured, so nca can only answer with its repair loop here: "
            "paste Python code with an error (or ask it to fix a code block) and it runs the "
            "offline rules engine and returns a verified patch. To chat about anything else, "
            "add a model engine (`[[nca.engines]]` with kind transformers or openai) and route "
            f"chat to it with `{CHAT_SETTING}` in the workspace's nca.toml (or "
            "[tool.nca.routing] in pyproject.toml), then restart `nca serve`.")
