"""The wolfram engine: symbolic mathematics on a Wolfram Engine, or on Mathics3 when installed.

A kernel does whatever the Wolfram Language says, files, network and processes included
(``Import``, ``Run``, ``URLRead``, ``DeleteFile``...), so user text is never handed to it as
code: no ``ToExpression`` of it, no ``session.evaluate`` of a string made from it. The text is
parsed here (``parse_math``: numbers, variables, arithmetic, comparisons, logic, lists, rules
and calls, in Wolfram's notation) into an expression built with wolframclient's ``wl``
factory, and every function it names must be one of ``MATH_FUNCTIONS``; anything else
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
import re
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

from nca.workers.engines.base import CancelFlag, Message, ModelEngine, OnCall
from nca.workers.engines.mathics_worker import MathicsWorker, WorkerTimeout
from nca.workers.errors import EngineError, InputError
from nca.workers.types import Candidate, FixRequest, Health

__all__ = ["MATH", "MATH_CONSTANTS", "MATH_FUNCTIONS", "WolframEngine", "check_expression",
           "parse_math", "serialize"]

#: the role of an evaluator: exact answers to mathematics, asked by name
MATH = "math"
EVALUATORS = ("auto", "wolfram", "mathics")
#: seconds past the limit before a Mathics evaluation that ignored TimeConstrained is killed
KILL_GRACE = 1.0
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
#: a variable: a name Wolfram's own symbols never have (they start with a capital or ``$``)
_VARIABLE = re.compile(r"^[a-z][A-Za-z0-9]*$")

#: the functions user text may call and ``evaluate`` may be given: mathematics, nothing that
#: reads or writes files, reaches the network, starts processes, defines or evaluates code
MATH_FUNCTIONS = frozenset({
    # arithmetic and numbers
    "Plus", "Subtract", "Times", "Divide", "Minus", "Power", "Sqrt", "Surd", "CubeRoot", "Abs",
    "Sign", "Floor", "Ceiling", "Round", "IntegerPart", "FractionalPart", "Mod", "Quotient",
    "GCD", "LCM", "Factorial", "Factorial2", "Binomial", "Multinomial", "Max", "Min", "N",
    "Rational", "Complex", "Re", "Im", "Conjugate", "Arg", "Numerator", "Denominator",
    "Rationalize", "Chop",
    # elementary and special functions
    "Exp", "Log", "Log2", "Log10", "Sin", "Cos", "Tan", "Cot", "Sec", "Csc", "ArcSin",
    "ArcCos", "ArcTan", "ArcCot", "ArcSec", "ArcCsc", "Sinh", "Cosh", "Tanh", "Coth", "Sech",
    "Csch", "ArcSinh", "ArcCosh", "ArcTanh", "ArcCoth", "ArcSech", "ArcCsch", "Gamma", "Beta",
    "Zeta", "Erf", "Erfc", "PolyGamma", "LogGamma", "BesselJ", "BesselY", "LegendreP",
    "HermiteH", "ChebyshevT", "ChebyshevU", "Fibonacci", "Prime", "PrimeQ", "PrimePi",
    "Divisors", "FactorInteger", "EulerPhi", "IntegerDigits", "DigitCount", "KroneckerDelta",
    # relations and logic
    "Equal", "Unequal", "Less", "LessEqual", "Greater", "GreaterEqual", "And", "Or", "Not",
    "Xor", "Implies", "Element", "Rule", "List",
    # algebra
    "Simplify", "FullSimplify", "Expand", "ExpandAll", "Factor", "Together", "Apart",
    "Cancel", "Collect", "Coefficient", "CoefficientList", "Exponent", "PolynomialQuotient",
    "PolynomialRemainder", "PolynomialGCD", "PolynomialLCM", "Resultant", "Discriminant",
    "TrigExpand", "TrigReduce", "TrigFactor", "TrigToExp", "ExpToTrig", "PowerExpand",
    "ComplexExpand", "FunctionExpand", "Solve", "NSolve", "Reduce", "Eliminate",
    "FindInstance", "FindRoot", "Roots", "DSolve", "RSolve",
    # calculus
    "D", "Dt", "Integrate", "NIntegrate", "Limit", "Series", "Normal", "Sum", "NSum",
    "Product", "Residue", "Minimize", "Maximize", "NMinimize", "NMaximize",
    # lists and linear algebra (no function arguments: no Map, Apply, Select, Function)
    "Table", "Range", "Length", "Total", "Mean", "Median", "Variance", "StandardDeviation",
    "Sort", "Reverse", "Dot", "Cross", "Det", "Inverse", "Transpose", "Tr", "IdentityMatrix",
    "MatrixRank", "MatrixPower", "Eigenvalues", "Eigenvectors", "LinearSolve", "RowReduce",
    "NullSpace", "Norm",
    # a loop whose body is held to these same names (the time limit stops a long one)
    "Do",
    # on data the engine itself builds (strings never come from user text)
    "StringLength",
})
#: the symbols user text may name without calling them
MATH_CONSTANTS = frozenset({
    "Pi", "E", "I", "Infinity", "ComplexInfinity", "Indeterminate", "Degree", "GoldenRatio",
    "EulerGamma", "Catalan", "True", "False", "Reals", "Integers", "Complexes", "Rationals",
    "Primes", "Booleans", "Algebraics", "Assumptions", "GenerateConditions", "WorkingPrecision",
})
#: the longest text ``parse_math`` reads, the deepest nesting, the longest number
MAX_MATH_CHARS, MAX_MATH_DEPTH, MAX_MATH_DIGITS = 10_000, 50, 1_000
# Mathics prints some operators as Unicode even in InputForm; the Wolfram Engine prints ASCII
_ASCII_OPERATORS = {"\u21fe": "->", "\u29f4": ":>", "\u2260": "!=", "\u2264": "<=",
                    "\u2265": ">=", "\u2192": "->"}


def serialize(expr: Any) -> str:
    """Return the Wolfram Language InputForm text of a ``wl`` expression (strings escaped)."""
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
        from wolframclient.language import wl
        from wolframclient.language.expression import WLSymbol

        check_expression(expr)
        started = time.perf_counter()
        limited = wl.ToString(wl.TimeConstrained(expr, self.timeout, WLSymbol("$Aborted")),
                              wl.InputForm)
        outcome = "ok"
        try:
            with self._lock:
                session, backend = self._open()
                if backend == "mathics":
                    try:  # TimeConstrained first; the child is killed if it does not stop
                        text = session.evaluate(serialize(limited), self.timeout + KILL_GRACE)
                    except WorkerTimeout:
                        text = "$Aborted"
                    for symbol, ascii_form in _ASCII_OPERATORS.items():
                        text = text.replace(symbol, ascii_form)
                else:
                    text = str(session.evaluate(limited))
            if text == "$Aborted":
                outcome = "error: timeout"
                raise EngineError(f"engine {self.id}: evaluation ran past {self.timeout} s",
                                  "raise timeout in the engine's config")
            return text
        except EngineError as err:
            if outcome == "ok":
                outcome = f"error: {err}"[:200]
            raise
        except Exception as err:
            outcome = f"error: {type(err).__name__}"
            raise EngineError(f"engine {self.id}: evaluation failed: {err}") from None
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
        from wolframclient.language.expression import WLSymbol

        if not _NAME.match(name):
            raise EngineError(f"{name!r} is not a variable name", "use letters and digits")
        if not _VARIABLE.match(name) and name not in MATH_CONSTANTS:
            raise EngineError(f"{name!r} is not a variable name",
                              "start it with a small letter: capitalised names are Wolfram's own")
        return WLSymbol(name)

    def solve(self, equation: str, variable: str) -> str:
        """Return the solutions of ``equation`` (e.g. ``x^2 == 4``) for ``variable``."""
        from wolframclient.language import wl

        return self.evaluate(wl.Solve(self.expression(equation), self.symbol(variable)))

    def simplify(self, expression: str) -> str:
        """Return ``expression`` simplified."""
        from wolframclient.language import wl

        return self.evaluate(wl.Simplify(self.expression(expression)))

    def integrate(self, expression: str, variable: str) -> str:
        """Return the indefinite integral of ``expression`` in ``variable``."""
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


# --------------------------------------------------------------------------- what may be evaluated


def _refuse(message: str) -> InputError:
    return InputError(f"not evaluated: {message}")


def check_expression(expr: Any, depth: int = 0) -> None:
    """Raise InputError unless ``expr`` uses only allowed heads, constants, variables and data.

    Allowed: ``wl`` calls whose head is in ``MATH_FUNCTIONS`` (or a variable, as in ``f[x]``),
    symbols in ``MATH_CONSTANTS`` or variables, numbers, strings (data: no allowed function
    reads a string as code or a file name) and lists of these. Refused: every other head,
    ``wlexpr`` code, context-qualified and ``$`` names, options, associations, other objects.
    """
    from fractions import Fraction

    from wolframclient.language.expression import WLFunction, WLInputExpression, WLSymbol

    if depth > MAX_MATH_DEPTH * 4:
        raise _refuse("the expression nests too deeply")
    if isinstance(expr, bool | int | float | complex | Fraction | str):
        return
    if isinstance(expr, WLInputExpression):
        raise _refuse("Wolfram Language code as text is never evaluated")
    if isinstance(expr, WLSymbol):
        name = str(expr.name)
        if name not in MATH_CONSTANTS and name not in MATH_FUNCTIONS \
                and not _VARIABLE.match(name):
            raise _refuse(f"the symbol {name!r} is not allowed")
        return
    if isinstance(expr, WLFunction):
        head = expr.head
        if not isinstance(head, WLSymbol):
            raise _refuse("only named functions can be called")
        name = str(head.name)
        if name not in MATH_FUNCTIONS and not _VARIABLE.match(name):
            raise _refuse(f"{name} is not one of the mathematical functions this engine runs")
        if getattr(expr, "opts", None):
            raise _refuse("options must be written as rules")
        for arg in expr.args:
            check_expression(arg, depth + 1)
        return
    if isinstance(expr, list | tuple):
        for item in expr:
            check_expression(item, depth + 1)
        return
    raise _refuse(f"a {type(expr).__name__} is not a mathematical value")


_TOKEN = re.compile(r"(?P<space>\s+)|(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
                    r"|(?P<name>[A-Za-z][A-Za-z0-9]*)"
                    r"|(?P<op>==|!=|<=|>=|->|&&|\|\||[-+*/^()\[\]{},<>!])", re.ASCII)
_COMPARE = {"==": "Equal", "!=": "Unequal", "<": "Less", "<=": "LessEqual", ">": "Greater",
            ">=": "GreaterEqual"}
_STARTS_OPERAND = ("number", "name", "(", "{")
_CHARACTER_HINTS = {
    '"': "strings are not read", ";": "one expression only, no statements",
    "=": "assignments are not read (write == for an equation)", "`": "contexts are not read",
    "$": "system names are not read", "#": "pure functions are not read",
    "&": "pure functions are not read", "@": "write f[x], not f@x", "%": "there is no history",
    ":": "patterns and delayed rules are not read", "_": "patterns are not read",
    "'": "write D[f[x], x] for a derivative", ".": "write Dot[a, b] for a dot product",
}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """Return ``(kind, text, offset)`` tokens; kind is number, name or the operator itself."""
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            hint = _CHARACTER_HINTS.get(char, "it is not part of the mathematics read here")
            raise _refuse(f"the character {char!r} at {pos + 1}: {hint}")
        kind = match.lastgroup or ""
        if kind != "space":
            token = match.group()
            if kind == "number" and len(token) > MAX_MATH_DIGITS:
                raise _refuse(f"a number of more than {MAX_MATH_DIGITS} digits")
            out.append((token if kind == "op" else kind, token, pos))
        pos = match.end()
    return out


class _Parser:
    """Recursive descent over Wolfram's math notation, building ``wl`` expressions."""

    def __init__(self, text: str) -> None:
        from wolframclient.language import wl
        from wolframclient.language.expression import WLFunction, WLSymbol

        self.wl, self.function, self.symbol = wl, WLFunction, WLSymbol
        self.tokens = _tokens(text)
        self.at = 0
        self.depth = 0

    def peek(self) -> str:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else "end"

    def take(self, kind: str | None = None) -> tuple[str, str, int]:
        if self.at >= len(self.tokens):
            raise _refuse(f"the text ends early{f' (expected {kind!r})' if kind else ''}")
        token = self.tokens[self.at]
        if kind is not None and token[0] != kind:
            raise _refuse(f"expected {kind!r} at {token[2] + 1}, found {token[1]!r}")
        self.at += 1
        return token

    def call(self, name: str, *args: Any) -> Any:
        return self.function(self.symbol(name), *args)

    def parse(self) -> Any:
        if not self.tokens:
            raise _refuse("there is no expression")
        expr = self.rule()
        if self.at < len(self.tokens):
            _, text, pos = self.tokens[self.at]
            raise _refuse(f"unexpected {text!r} at {pos + 1}")
        return expr

    def nested(self, parse: Any) -> Any:
        self.depth += 1
        if self.depth > MAX_MATH_DEPTH:
            raise _refuse(f"more than {MAX_MATH_DEPTH} levels of nesting")
        try:
            return parse()
        finally:
            self.depth -= 1

    def rule(self) -> Any:
        left = self.disjunction()
        if self.peek() == "->":
            self.take()
            return self.call("Rule", left, self.nested(self.rule))
        return left

    def disjunction(self) -> Any:
        args = [self.conjunction()]
        while self.peek() == "||":
            self.take()
            args.append(self.conjunction())
        return args[0] if len(args) == 1 else self.call("Or", *args)

    def conjunction(self) -> Any:
        args = [self.negation()]
        while self.peek() == "&&":
            self.take()
            args.append(self.negation())
        return args[0] if len(args) == 1 else self.call("And", *args)

    def negation(self) -> Any:
        if self.peek() == "!":
            self.take()
            return self.call("Not", self.nested(self.negation))
        return self.comparison()

    def comparison(self) -> Any:
        first = self.sum()
        pairs = []
        while self.peek() in _COMPARE:
            op = self.take()[0]
            pairs.append((op, self.sum()))
        if not pairs:
            return first
        ops = {op for op, _ in pairs}
        if len(ops) == 1:
            return self.call(_COMPARE[pairs[0][0]], first, *(right for _, right in pairs))
        terms, left = [], first
        for op, right in pairs:  # a < b <= c: each comparison, all of them true
            terms.append(self.call(_COMPARE[op], left, right))
            left = right
        return self.call("And", *terms)

    def sum(self) -> Any:
        args = [self.product()]
        while self.peek() in ("+", "-"):
            op = self.take()[0]
            term = self.product()
            args.append(term if op == "+" else self.negate(term))
        return args[0] if len(args) == 1 else self.call("Plus", *args)

    def product(self) -> Any:
        args = [self.unary()]
        while True:
            kind = self.peek()
            if kind in ("*", "/"):
                self.take()
                factor = self.unary()
                args.append(factor if kind == "*" else self.call("Power", factor, -1))
            elif kind in _STARTS_OPERAND:  # 2 x, x y, 2 (x + 1): multiplication
                args.append(self.power())
            else:
                break
        return args[0] if len(args) == 1 else self.call("Times", *args)

    def negate(self, expr: Any) -> Any:
        if isinstance(expr, int | float) and not isinstance(expr, bool):
            return -expr
        return self.call("Times", -1, expr)

    def unary(self) -> Any:
        kind = self.peek()
        if kind in ("-", "+"):
            self.take()
            operand = self.nested(self.unary)
            return self.negate(operand) if kind == "-" else operand
        return self.power()

    def power(self) -> Any:
        base = self.postfix()
        if self.peek() == "^":
            self.take()
            return self.call("Power", base, self.nested(self.unary))  # 2^-x, 2^3^2 = 2^(3^2)
        return base

    def postfix(self) -> Any:
        expr = self.primary()
        while self.peek() == "!":
            self.take()
            expr = self.call("Factorial", expr)
        return expr

    def primary(self) -> Any:
        kind, text, pos = self.take()
        if kind == "number":
            return float(text) if "." in text else int(text)
        if kind == "(":
            inner = self.nested(self.rule)
            self.take(")")
            return inner
        if kind == "{":
            return self.call("List", *self.nested(lambda: self.arguments("}")))
        if kind == "name":
            if self.peek() == "[":
                self.take()
                if text not in MATH_FUNCTIONS and not _VARIABLE.match(text):
                    raise _refuse(f"{text} is not one of the mathematical functions this "
                                  "engine runs")
                return self.call(text, *self.nested(lambda: self.arguments("]")))
            if text in MATH_CONSTANTS or _VARIABLE.match(text):
                return self.symbol(text)
            if text in MATH_FUNCTIONS:
                raise _refuse(f"{text} is a function: call it as {text}[...]")
            raise _refuse(f"the name {text!r} is not allowed: variables start with a small "
                          "letter, and capitalised names must be known mathematical ones")
        raise _refuse(f"unexpected {text!r} at {pos + 1}")

    def arguments(self, close: str) -> list[Any]:
        args: list[Any] = []
        if self.peek() == close:
            self.take()
            return args
        while True:
            args.append(self.rule())
            if self.peek() == ",":
                self.take()
                continue
            self.take(close)
            return args


def parse_math(text: str) -> Any:
    """Return the ``wl`` expression of ``text``, math in Wolfram's notation, or raise InputError.

    ``x^2 - 4 == 0``, ``Sin[x]^2 + Cos[x]^2``, ``Integrate[x^2, {x, 0, 1}]``, ``2 x y``,
    ``{a -> 1}``. Only ``MATH_FUNCTIONS`` may be called and only ``MATH_CONSTANTS`` and
    variables (names starting with a small letter) named: the text cannot reach files, the
    network, processes or the evaluator itself.
    """
    if len(text) > MAX_MATH_CHARS:
        raise _refuse(f"the text is over {MAX_MATH_CHARS:,} characters")
    try:
        return _Parser(text).parse()
    except RecursionError:  # the nesting limit comes first; a deep caller's stack may not
        raise _refuse("the expression nests too deeply") from None
