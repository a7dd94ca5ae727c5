"""The wolfram engine: expressions built with ``wl``, no kernel, and Mathics3 when installed."""

from __future__ import annotations

import pytest

from nca.admin.council import Council
from nca.workers.core.errors import EngineError, InputError
from nca.workers.engines.wolfram_engine import WolframEngine, check_expression, serialize

pytest.importorskip("wolframclient", reason="the wolfram extra is not installed")

INJECTIONS = [
    'x"] ; Quit[] ; ("',
    "a\\\"b\\c",
    "line one\nline two\r\n",
    '"; DeleteFile["/tmp/x"]; "',
]


def no_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WolframEngine, "_kernel_path", lambda self: None)


@pytest.mark.parametrize("text", INJECTIONS)
def test_user_text_is_never_code(text: str) -> None:
    # user text is parsed into math, never handed to ToExpression: an injection is refused,
    # and what does parse is plain math ("line one line two" is a product of four variables)
    try:
        expr = WolframEngine().expression(text)
    except InputError as err:
        assert "not evaluated" in str(err)
    else:
        check_expression(expr)
        assert '"' not in serialize(expr) and "ToExpression" not in serialize(expr)


def test_user_math_becomes_a_wl_expression() -> None:
    code = serialize(WolframEngine().expression("x^2 - 4 == 0"))
    assert code == "Equal[Plus[Power[x, 2], -4], 0]"


@pytest.mark.parametrize("name", ["x y", "x]", "Quit[]", "", "1x"])
def test_variable_names_are_checked(name: str) -> None:
    with pytest.raises(EngineError, match="not a variable name"):
        WolframEngine().symbol(name)


def test_no_kernel_is_an_error_that_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    no_kernel(monkeypatch)
    engine = WolframEngine("wl", evaluator="wolfram")
    health = engine.health()
    assert not health.healthy and "Wolfram Engine" in health.reason and "kernel" in health.reason
    with pytest.raises(EngineError, match="no Wolfram kernel found"):
        engine.simplify("x + x")


def test_an_unknown_evaluator_is_refused() -> None:
    with pytest.raises(EngineError, match="auto, wolfram, mathics"):
        WolframEngine(evaluator="maple")


def test_the_council_falls_back_when_the_kernel_is_missing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    no_kernel(monkeypatch)

    class Spare:
        id, kind, capabilities = "spare", "wolfram", frozenset({"math"})

        def health(self):  # type: ignore[no-untyped-def]
            from nca.workers.core.types import Health

            return Health(True)

        def simplify(self, expression: str) -> str:
            return f"simplified {expression}"

    council = Council([WolframEngine("wl", evaluator="wolfram"), Spare()],
                      routing={"math": ["wl", "spare"]})
    assert council.first("math", lambda e: e.simplify("x + x")) == "simplified x + x"
    with pytest.raises(EngineError, match="wl: no Wolfram kernel found"):
        Council([WolframEngine("wl", evaluator="wolfram")]).first(
            "math", lambda e: e.simplify("x"))


# --------------------------------------------------------------------------- Mathics3


@pytest.fixture(scope="module")
def mathics() -> WolframEngine:
    pytest.importorskip("mathics", reason="the wolfram extra is not installed")
    engine = WolframEngine("mathics", evaluator="mathics", timeout=5)
    assert engine.health().healthy
    return engine


@pytest.mark.parametrize(("ask", "expected"), [
    (lambda e: e.solve("x^2 - 4 == 0", "x"), "{{x -> -2}, {x -> 2}}"),
    (lambda e: e.simplify("Sin[x]^2 + Cos[x]^2"), "1"),
    (lambda e: e.integrate("x^2", "x"), "x^3/3"),
])
def test_mathics_answers_mathematics(mathics: WolframEngine, ask, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert ask(mathics) == expected


@pytest.mark.parametrize("text", INJECTIONS)
def test_mathics_sees_the_injection_as_data(mathics: WolframEngine, text: str) -> None:
    from wolframclient.language import wl

    assert mathics.evaluate(wl.StringLength(text)) == str(len(text))


def test_chat_evaluates_the_last_user_message(mathics: WolframEngine) -> None:
    answer = "".join(mathics.chat([{"role": "user", "content": "D[x^3, x]"}]))
    assert answer == "3*x^2"


def test_a_long_evaluation_hits_the_time_limit() -> None:
    pytest.importorskip("mathics", reason="the wolfram extra is not installed")
    engine = WolframEngine("m", evaluator="mathics", timeout=0.5)
    with pytest.raises(EngineError, match="ran past 0.5 s"):
        engine.evaluate(engine.expression("Do[i, {i, 10^8}]"))
