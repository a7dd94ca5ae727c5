"""Repair realistic broken snippets; report parse rate, token edit distance and intent match.

    python -m benchmarks.syntax [--markdown]

Two sets, reported apart: ``cases.CASES`` (the snippets the rules were written against) and
``heldout.HELDOUT`` (written later, never used to change the rules).
"""

from __future__ import annotations

import argparse
import ast
import re
import tempfile
import time

from benchmarks.syntax.cases import CASES
from benchmarks.syntax.heldout import HELDOUT
from nca.admin.dispatcher import Dispatcher

_TOKEN = re.compile(r"""[^\W\d]\w*|\d[\w.]*|'''|\"\"\"|==|!=|<=|>=|->|\*\*|//|\S""")


def tokens(text: str) -> list[str]:
    """Return the tokens of ``text``, broken or not: words, numbers, operators, indentation.

    A regular-expression lexer, since ``tokenize`` gives up on the broken half of the pair. A
    quote is a token of its own and a string's words are tokens: lexed whole, an unclosed
    quote would swallow the rest of its line, and closing it would count as a dozen edits.
    """
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        indent = line[: len(line) - len(line.lstrip())].expandtabs(4)
        out.append(f"<indent {len(indent)}>")
        out.extend(m.group(0) for m in _TOKEN.finditer(line))
    return out


def distance(a: list[str], b: list[str]) -> int:
    """Return the Levenshtein distance between two token lists."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def same_ast(a: str, b: str) -> bool:
    try:
        return ast.dump(ast.parse(a)) == ast.dump(ast.parse(b))
    except SyntaxError:
        return False


def run(cases: list[tuple[str, str, str]]) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as ws:
        dispatcher = Dispatcher(ws, record=False)
        for name, broken, intended in cases:
            started = time.perf_counter()
            report = dispatcher.fix_text(broken, f"{name}.py", only=lambda p: p.is_syntax)
            ms = (time.perf_counter() - started) * 1000
            parses = same_ast(report.text, report.text)
            dist = distance(tokens(broken), tokens(report.text)) if parses else None
            results.append({"name": name, "parses": parses, "distance": dist,
                            "intended": same_ast(report.text, intended),
                            "verified": report.verified, "ms": round(ms, 1)})
    return results


def summary(results: list[dict]) -> dict:
    n = len(results)
    ok = sum(1 for r in results if r["parses"] and r["distance"] is not None and r["distance"] <= 4)
    ms = sorted(r["ms"] for r in results)
    return {"n": n, "ok": ok, "intended": sum(1 for r in results if r["intended"]),
            "ms": ms[n // 2], "misses": [r["name"] for r in results if not r["intended"]],
            "wrong": [r["name"] for r in results if r["verified"] and not r["parses"]]}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.syntax")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    sets = {"written against": summary(run(CASES)), "held out": summary(run(HELDOUT))}
    if args.markdown:
        print("| set | snippets | parse, <= 4 token edits | equal to the intended fix | median ms |")
        print("|---|---|---|---|---|")
        for name, s in sets.items():
            n = s["n"]
            print(f"| {name} | {n} | {s['ok']} ({100 * s['ok'] / n:.1f}%) | {s['intended']} "
                  f"({100 * s['intended'] / n:.1f}%) | {s['ms']:.0f} |")
    else:
        for name, s in sets.items():
            n = s["n"]
            print(f"syntax snippets, {name}: {n}")
            print(f"  parse after repair with <= 4 token edits: {s['ok']}/{n} = "
                  f"{100 * s['ok'] / n:.1f}% (target >= 95%)")
            print(f"  equal to the intended fix:               {s['intended']}/{n} = "
                  f"{100 * s['intended'] / n:.1f}%")
            print(f"  median time per snippet:                 {s['ms']:.0f} ms")
            if s["misses"]:
                print(f"  not the intended fix: {', '.join(s['misses'])}")
    return 1 if any(s["wrong"] for s in sets.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
