"""The wolfram engine: symbolic mathematics on a Wolfram Engine, or on Mathics3 when installed.

A kernel does whatever the Wolfram Language says, files, network and processes included
(``Import``, ``Run``, ``URLRead``, ``DeleteFile``...), so user text is never handed to it as
code: no ``ToExpression`` of it, no ``session.evaluate`` of a string made from it. The text is
parsed by ``nca.workers.engines.wolfram_math`` (``parse_math``: numbers, variables,
arithmetic, comparisons, logic, lists, rules and calls, in Wolfram's notation) into an
expression built with wolframclient's ``wl`` factory, and every function it names must be one of ``MATH_FUNCTIONS``; anything else
(strings, ``;``, ``=``, ``#``/``&``, ``@``, contexts, ``$`` names, ``Import[...]``) is refused
with an InputError before a kernel sees it. ``evaluate`` checks any expression it is given
the same way, so code that builds one cannot slip a forbidden head in either. Every
evaluation runs under ``TimeConstrained``; Mathics runs in a child process that is killed past
the limit and has its file, process and code-loading builtins removed. With no kernel the
engine raises an EngineError that says what to install or set; Mathics3 (PyPI ``mathics3``)
is the open-source evaluator.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from nca.workers.core.errors import EngineError
from nca.workers.core.types import Candidate, FixRequest, Health
from nca.workers.engines.base import CancelFlag, Message, ModelEngine, OnCall
from nca.workers.engines.mathics_worker import MathicsWorker, WorkerTimeout
from nca.workers.engines.wolfram_math import (
    MATH_CONSTANTS,
    MATH_FUNCTIONS,
    NAME,
    VARIABLE,
    check_expression,
    parse_math,
)

__all__ = ["MATH", "MATH_CONSTANTS", "MATH_FUNCTIONS", "WolframEngine", "check_expression",
           "parse_math", "serialize"]

#: the role of an evaluator: exact answers to mathematics, asked by name
MATH = "math"
EVALUATORS = ("auto", "wolfram", "mathics")
#: seconds past the limit before a Mathics evaluation that ignored TimeConstrained is killed
KILL_GRACE = 1.0
# Mathics prints some operators as Unicode even in InputForm; the Wolfram Engine prints ASCII
_ASCII_OPERATORS = {"\u21fe": "->", "\u29f4": ":>", "\u2260": "!=", "\u2264": "<=",
                    "\u2265": ">=", "\u2192": "->"}


def serialize(expr: Any) -> str:
    """Return the Wolfram Language InputForm text of a ``wl`` expression (strings escaped)."""
    # wolframclient: the optional wolfram extra, imported on first use
    from wolframclient.serializers import export

    try:
        return bytes(export(expr, target_format="wl")).decode("latin-1")
    except UnicodeEncodeError:
        raise EngineError("the text holds characters outside Latin-1, which the Wolfram "
                          "text form cannot carry", "use the Wolfram Engine (WXF) or ASCII") \
            from None


class WolframEngine(ModelEngine):
    """Evaluates Wolfram Language: ``solve``, ``simplify``, ``integrate``, or a chat message."""

    kind = "wolfram"
    capabilities = frozenset({"chat", MATH})
    context_length = 0

    def __init__(self, engine_id: str = "wolfram", *, evaluator: str = "auto",
                 kernel: str | None = None, timeout: float = 10.0,
                 on_call: OnCall | None = None) -> None:
        super().__init__(engine_id, on_call=on_call)
        if evaluator not in EVALUATORS:
            raise EngineError(f"engine {engine_id}: unknown evaluator {evaluator!r}",
                              f"use one of {', '.join(EVALUATORS)}")
        self.evaluator = evaluator
        self.kernel = kernel
        self.timeout = timeout
        self._lock = threading.Lock()
        self._session: Any = None
        self._backend = ""

    # ------------------------------------------------------------------ health

    def _kernel_path(self) -> str | None:
        if self.kernel:
            return self.kernel
        try:
            # wolframclient: the optional wolfram extra, imported on first use
            from wolframclient.utils.environment import find_default_kernel_path
        except ImportError:
            return None
        found = find_default_kernel_path()
        return str(found) if found else None

    def _choose(self) -> tuple[str, str]:
        """Return ``(backend, reason)``; backend is '' when none can run."""
        has_client = importlib.util.find_spec("wolframclient") is not None
        if not has_client:
            return "", ("wolframclient not installed: pip install "
                        "'neural-coding-assistant[wolfram]'")
        if self.evaluator in ("auto", "wolfram"):
            kernel = self._kernel_path()
            if kernel:
                return "wolfram", f"Wolfram kernel {kernel}"
            if self.evaluator == "wolfram":
                return "", ("no Wolfram kernel found: install the Wolfram Engine and set "
                            f"kernel = \"/path/to/WolframKernel\" in the entry {self.id!r}")
        if importlib.util.find_spec("mathics") is not None:
            return "mathics", "Mathics3 (open-source evaluator)"
        return "", ("no Wolfram kernel and no Mathics3: install the Wolfram Engine and set "
                    "kernel, or pip install mathics3")

    def health(self) -> Health:
        backend, reason = self._choose()
        return Health(bool(backend), reason)

    # ------------------------------------------------------------------ evaluation

    def evaluate(self, expr: Any) -> str:
        """Return the InputForm text of ``expr`` (a ``wl`` expression) evaluated under a time limit.

        ``expr`` may use only ``MATH_FUNCTIONS``, ``MATH_CONSTANTS`` and variables
        (``check_expression``); anything else is an InputError, and nothing is evaluated.
        """
        # wolframclient: the optional wolfram extra, imported on first use
        from wolframclient.language import wl
        from wolframclient.language.expression import WLSymbol

        check_expression(expr)
        limited = wl.ToString(wl.TimeConstrained(expr, self.timeout, WLSymbol("$Aborted")),
                              wl.InputForm)
        text, backend = self.run_limited(limited, "evaluation")
        if backend == "mathics":
            for symbol, ascii_form in _ASCII_OPERATORS.items():
                text = text.replace(symbol, ascii_form)
        return text

    def run_limited(self, limited: Any, what: str, *, prelude: str = "",
                    on_kernel: Callable[[Any], None] | None = None) -> tuple[str, str]:
        """Return the text of ``limited`` (a ``TimeConstrained`` expression) evaluated, and the
        backend that did it; past the time limit an EngineError. On Mathics ``prelude`` (Wolfram
        Language definitions) goes first in the same evaluation; a kernel is first handed to
        ``on_kernel`` (to load definitions once per session)."""
        started = time.perf_counter()
        outcome = "ok"
        try:
            with self._lock:
                session, backend = self._open()
                if backend == "mathics":
                    code = f"{prelude}\n{serialize(limited)}" if prelude else serialize(limited)
                    try:  # TimeConstrained first; the child is killed if it does not stop
                        text = session.evaluate(code, self.timeout + KILL_GRACE)
                    except WorkerTimeout:
                        text = "$Aborted"
                else:
                    if on_kernel is not None:
                        on_kernel(session)
                    text = str(session.evaluate(limited))
            if text.strip() == "$Aborted":
                outcome = "error: timeout"
                raise EngineError(f"engine {self.id}: {what} ran past {self.timeout} s",
                                  "raise timeout in the engine's config")
            return text, backend
        except EngineError as err:
            if outcome == "ok":
                outcome = f"error: {err}"[:200]
            raise
        except Exception as err:
            outcome = f"error: {type(err).__name__}"
            raise EngineError(f"engine {self.id}: {what} failed: {err}") from None
        finally:
            self._called(0, 0, started, outcome)

    def _open(self) -> tuple[Any, str]:
        if self._session is not None:
            return self._session, self._backend
        backend, reason = self._choose()
        if not backend:
            raise EngineError(f"engine {self.id}: {reason}")
        if backend == "mathics":
            self._session = MathicsWorker()
        else:
            # wolframclient: the optional wolfram extra, imported on first use
            from wolframclient.evaluation import WolframLanguageSession
            from wolframclient.exception import WolframKernelException

            try:
                session = WolframLanguageSession(self._kernel_path())
                session.start()
            except WolframKernelException as err:
                raise EngineError(f"engine {self.id}: the Wolfram kernel did not start: {err}",
                                  "check kernel and the Wolfram Engine's activation") from None
            self._session = session
        self._backend = backend
        return self._session, backend

    def close(self) -> None:
        """Stop the kernel, if one was started."""
        with self._lock:
            if self._session is not None and self._backend == "wolfram":
                self._session.terminate()
            elif self._session is not None:
                self._session.close()
            self._session, self._backend = None, ""

    # ------------------------------------------------------------------ questions by name

    def expression(self, text: str) -> Any:
        """Return the ``wl`` expression of the user's math ``text`` (``parse_math``)."""
        return parse_math(str(text))

    def symbol(self, name: str) -> Any:
        """Return the symbol ``name``; anything but a plain identifier is refused."""
        # wolframclient: the optional wolfram extra, imported on first use
        from wolframclient.language.expression import WLSymbol

        if not NAME.match(name):
            raise EngineError(f"{name!r} is not a variable name", "use letters and digits")
        if not VARIABLE.match(name) and name not in MATH_CONSTANTS:
            raise EngineError(f"{name!r} is not a variable name",
                              "start it with a small letter: capitalised names are Wolfram's own")
        return WLSymbol(name)

    def solve(self, equation: str, variable: str) -> str:
        """Return the solutions of ``equation`` (e.g. ``x^2 == 4``) for ``variable``."""
        # wolframclient: the optional wolfram extra, imported on first use
        from wolframclient.language import wl

        return self.evaluate(wl.Solve(self.expression(equation), self.symbol(variable)))

    def simplify(self, expression: str) -> str:
        """Return ``expression`` simplified."""
        # wolframclient: the optional wolfram extra, imported on first use
        from wolframclient.language import wl

        return self.evaluate(wl.Simplify(self.expression(expression)))

    def integrate(self, expression: str, variable: str) -> str:
        """Return the indefinite integral of ``expression`` in ``variable``."""
        # wolframclient: the optional wolfram extra, imported on first use
        from wolframclient.language import wl

        return self.evaluate(wl.Integrate(self.expression(expression), self.symbol(variable)))

    # ------------------------------------------------------------------ engine interface

    def chat(self, messages: Sequence[Message], *, max_tokens: int | None = None,
             temperature: float | None = None, stop: Sequence[str] = (),
             cancel: CancelFlag | None = None) -> Iterator[str]:
        """Return the evaluation of the last user message, as one chunk."""
        question = next((m.get("content", "") for m in reversed(messages)
                         if m.get("role") == "user"), "")
        if not question.strip():
            raise EngineError(f"engine {self.id}: no user message to evaluate")
        yield self.evaluate(self.expression(question))

    def propose(self, request: FixRequest) -> list[Candidate]:
        """Return no candidates: an evaluator answers mathematics, it does not patch code."""
        return []
