"""The wolfram engine never runs user text as Wolfram Language code.

User text is parsed into mathematics built with ``wl`` from an allow-list of functions; text
that names anything else (files, network, processes, the evaluator) is refused before any
kernel starts, and creates nothing. Behind that, the Mathics child refuses blocked names
itself, has its file, process and code-loading builtins removed, and never writes to the
parent's stdout (the editor's channel under ``nca serve --stdio``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nca.workers.core.errors import EngineError, InputError
from nca.workers.engines.wolfram_engine import (
    MATH_FUNCTIONS,
    WolframEngine,
    check_expression,
    parse_math,
    serialize,
)

pytest.importorskip("wolframclient", reason="the wolfram extra is not installed")

HOSTILE = [
    'Import["{tmp}/secret.txt"]', 'Import["/etc/passwd"]', 'Export["{tmp}/x", "y"]',
    'Run["touch {tmp}/pwn"]', 'RunProcess[{{"touch", "{tmp}/pwn"}}]', 'URLRead["http://x"]',
    'URLFetch["http://127.0.0.1"]', 'SystemOpen["{tmp}"]', 'DeleteFile["{tmp}/secret.txt"]',
    'CreateFile["{tmp}/c"]', 'CopyFile["{tmp}/secret.txt", "{tmp}/copy"]', 'Install["x"]',
    'LinkLaunch["sh"]', 'Environment["HOME"]', 'SetDirectory["/"]', 'OpenRead["/etc/passwd"]',
    'Get["/etc/passwd"]', 'Put[x, "{tmp}/put"]', 'ToExpression["Run[\\"touch {tmp}/pwn\\"]"]',
    '<<"/etc/passwd"', 'x >> "{tmp}/put"', '!touch {tmp}/pwn', 'Run[x]', 'Import',
    'Symbol["Run"]["ls"]', 'f = Run; f["ls"]', 'System`Run["ls"]', '$HomeDirectory',
    'Map[Run, {{"ls"}}]', 'Run @ "ls"', '"ls" // Run', 'Block[{{x}}, x]', 'Evaluate[x]',
    'ReleaseHold[Hold[Run["ls"]]]', 'Quit[]', 'Sin[x]; Run["ls"]', '(#1 &)[x]', 'x_ -> x',
    'Sin[Import["/etc/passwd"]]', 'D[Run[x], x]', 'Plus[1, Export["{tmp}/x", 1]]',
]


def hostile(tmp_path: Path) -> list[str]:
    return [text.format(tmp=tmp_path) for text in HOSTILE]


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_text_is_refused_before_any_kernel(tmp_path: Path, index: int) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    text = hostile(tmp_path)[index]
    engine = WolframEngine("wl", evaluator="mathics", timeout=2)
    for ask in (lambda: engine.expression(text), lambda: engine.simplify(text),
                lambda: engine.solve(text, "x"), lambda: engine.integrate(text, "x"),
                lambda: list(engine.chat([{"role": "user", "content": text}]))):
        with pytest.raises(InputError, match="not evaluated"):
            ask()
    assert engine._session is None, "no evaluator may start for refused text"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.txt"]


@pytest.mark.parametrize("name", ["Import", "Run", "$Path", "System`x", "Global`x", "ToExpression"])
def test_names_of_wolframs_own_are_no_variables(name: str) -> None:
    with pytest.raises(EngineError, match="not a variable name"):
        WolframEngine().symbol(name)


def test_built_expressions_are_checked_too() -> None:
    from wolframclient.language import wl, wlexpr
    from wolframclient.language.expression import WLSymbol

    for bad in (wl.Import("/etc/passwd"), wl.Run("ls"), wlexpr("1+1"), WLSymbol("$Path"),
                wl.Global.x, wl.Sin(wl.Import("x")), wl.List(1, wl.Export("x", 1)),
                wl.ToExpression("1"), {"a": 1}, object(), wl.Sin(wl.x)(1),
                wl.Symbol("Run")):
        with pytest.raises(InputError, match="not evaluated"):
            check_expression(bad)
    engine = WolframEngine("wl", evaluator="mathics")
    with pytest.raises(InputError):
        engine.evaluate(wl.Run("ls"))
    assert engine._session is None
    for good in (wl.Solve(wl.Equal(wl.Power(wl.x, 2), 4), wl.x), wl.StringLength('"; Run["x"]'),
                 wl.Integrate(wl.Sin(wl.x), wl.List(wl.x, 0, wl.Pi)), [1, 2.5, "data"]):
        check_expression(good)


@pytest.mark.parametrize(("text", "code"), [
    ("x^2 - 4 == 0", "Equal[Plus[Power[x, 2], -4], 0]"),
    ("2 x y + 3(x + 1)", "Plus[Times[2, x, y], Times[3, Plus[x, 1]]]"),
    ("-x^2", "Times[-1, Power[x, 2]]"),
    ("2^3^2", "Power[2, Power[3, 2]]"),
    ("a/b", "Times[a, Power[b, -1]]"),
    ("a < b <= c", "And[Less[a, b], LessEqual[b, c]]"),
    ("{a -> 1, b -> -2.5}", "List[Rule[a, 1], Rule[b, -2.5]]"),
    ("n! + f[x]", "Plus[Factorial[n], f[x]]"),
    ("x != 1 && !y || z", "Or[And[Unequal[x, 1], Not[y]], z]"),
    ("Integrate[Sin[x], {x, 0, Pi}]", "Integrate[Sin[x], List[x, 0, Pi]]"),
    ("Simplify[x, Assumptions -> x > 0]", "Simplify[x, Rule[Assumptions, Greater[x, 0]]]"),
])
def test_math_notation_is_read(text: str, code: str) -> None:
    assert serialize(parse_math(text)) == code


def test_limits() -> None:
    with pytest.raises(InputError, match="nesting"):
        parse_math("(" * 60 + "x" + ")" * 60)
    parse_math("(" * 40 + "x" + ")" * 40)
    with pytest.raises(InputError, match="digits"):
        parse_math("1" * 2000)
    with pytest.raises(InputError, match="characters"):
        parse_math("x + " * 5000 + "x")
    with pytest.raises(InputError, match="no expression"):
        parse_math("   ")


MATH_TOKENS = ["x", "y", "f", "1", "2.5", "+", "-", "*", "/", "^", "==", "<", "&&", "||", "!",
               "->", "(", ")", "[", "]", "{", "}", ",", " ", "Sin", "D", "Pi", "Import", "Run",
               '"', ";", "=", "`", "$", "#", "&", "@", "Solve", "Integrate"]


@settings(max_examples=500, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60) | st.lists(st.sampled_from(MATH_TOKENS), max_size=25).map("".join))
def test_any_text_is_refused_or_plain_math(text: str) -> None:
    try:
        expr = parse_math(text)
    except InputError:
        return
    check_expression(expr)
    code = serialize(expr)
    assert '"' not in code and "`" not in code and "$" not in code
    heads = {word for word in __import__("re").findall(r"([A-Za-z][A-Za-z0-9]*)\[", code)}
    assert all(h in MATH_FUNCTIONS or h[0].islower() for h in heads), code


# --------------------------------------------------------------------------- the Mathics child

CHILD_SCRIPT = textwrap.dedent("""
    import json, sys
    from nca.workers.engines.mathics_worker import BlockedCode, MathicsWorker

    def main():
        tmp, out = sys.argv[1], sys.argv[2]
        worker = MathicsWorker()
        results = {"math": worker.evaluate("ToString[Solve[x^2 == 4, x], InputForm]", 120)}
        refused = []
        for code in json.loads(sys.argv[3]):
            try:
                worker.evaluate(code, 30)
            except BlockedCode:
                refused.append(code)
        results["refused"] = refused
        # the parent's check bypassed: what the child itself does with the same text
        child = {}
        for code in json.loads(sys.argv[3]) + ['Print["LEAK-TO-STDOUT"]']:
            worker._conn.send("ToString[" + code + ", InputForm]")
            child[code] = worker._conn.recv()
        results["child"] = child
        worker.close()
        with open(out, "w") as f:
            json.dump(results, f)

    if __name__ == "__main__":
        main()
""")


def test_the_mathics_child_is_a_sandbox(tmp_path: Path) -> None:
    pytest.importorskip("mathics", reason="the wolfram extra is not installed")
    work = tmp_path / "work"
    work.mkdir()
    (work / "secret.txt").write_text("TOP-SECRET")
    codes = [f'Run["touch {work}/pwn"]', f'Export["{work}/x.txt", "y"]',
             f'Import["{work}/secret.txt"]', 'Get["/etc/passwd"]', 'Environment["HOME"]',
             f'DeleteFile["{work}/secret.txt"]', f'CreateFile["{work}/c"]',
             f'RunProcess[{{"touch", "{work}/pwn"}}]', 'ToExpression["1 + 1"]',
             f'Put[1, "{work}/put"]', f'OpenWrite["{work}/o"]', 'LoadModule["os"]',
             'URLFetch["http://127.0.0.1:9"]', 'SetDirectory["/"]']
    script = tmp_path / "child.py"
    script.write_text(CHILD_SCRIPT)
    out = tmp_path / "out.json"
    done = subprocess.run([sys.executable, str(script), str(work), str(out), json.dumps(codes)],
                          capture_output=True, timeout=240, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    assert b"LEAK-TO-STDOUT" not in done.stdout, "the child wrote to the parent's stdout"
    results = json.loads(out.read_text())
    assert results["math"] == "{{x ⇾ -2}, {x ⇾ 2}}" or "x -> 2" in results["math"]
    assert results["refused"] == codes
    assert results["child"].pop('Print["LEAK-TO-STDOUT"]') == ["ok", "Null"]
    for code, (status, value) in results["child"].items():
        # inert: the call comes back unevaluated, as a symbol nobody defined would
        assert status == "ok" and value.split("[")[0] == code.split("[")[0], (code, value)
        assert "TOP-SECRET" not in value and "root:" not in value, (code, value)
    assert sorted(p.name for p in work.iterdir()) == ["secret.txt"]
