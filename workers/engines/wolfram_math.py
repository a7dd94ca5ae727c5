"""The Wolfram Language that user text may become: math, parsed here, from an allow-list.

A kernel does whatever the Wolfram Language says, files, network and processes included, so
user text is never handed to it as code. ``parse_math`` reads Wolfram's notation (numbers,
variables, arithmetic, comparisons, logic, lists, rules and calls) into an expression built
with wolframclient's ``wl`` factory; every function it names must be one of
``MATH_FUNCTIONS``. ``check_expression`` checks any expression the same way.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from nca.workers.core.errors import InputError

__all__ = ["MATH_CONSTANTS", "NAME", "VARIABLE", "MATH_FUNCTIONS", "MAX_MATH_CHARS", "MAX_MATH_DEPTH",
           "MAX_MATH_DIGITS", "check_expression", "parse_math"]

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
#: a variable: a name Wolfram's own symbols never have (they start with a capital or ``$``)
VARIABLE = re.compile(r"^[a-z][A-Za-z0-9]*$")


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
    # wolframclient: the optional wolfram extra, imported on first use
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
                and not VARIABLE.match(name):
            raise _refuse(f"the symbol {name!r} is not allowed")
        return
    if isinstance(expr, WLFunction):
        head = expr.head
        if not isinstance(head, WLSymbol):
            raise _refuse("only named functions can be called")
        name = str(head.name)
        if name not in MATH_FUNCTIONS and not VARIABLE.match(name):
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
        # wolframclient: the optional wolfram extra, imported on first use
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
                if text not in MATH_FUNCTIONS and not VARIABLE.match(text):
                    raise _refuse(f"{text} is not one of the mathematical functions this "
                                  "engine runs")
                return self.call(text, *self.nested(lambda: self.arguments("]")))
            if text in MATH_CONSTANTS or VARIABLE.match(text):
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
