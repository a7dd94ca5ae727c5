import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.syntax.__main__ import distance, tokens
from benchmarks.syntax.cases import CASES
from benchmarks.syntax.heldout import HELDOUT


def test_token_distance_counts_token_edits():
    assert distance(tokens("f(a b)\n"), tokens("f(a, b)\n")) == 1
    assert distance(tokens("if x\n    y\n"), tokens("if x:\n    y\n")) == 1
    assert distance(tokens("x = 1\n    y = 2\n"), tokens("x = 1\ny = 2\n")) == 1


def _run_apart(cases: str) -> list[dict]:
    """Return the benchmark's results for ``benchmarks.syntax.<cases>``, run in a process of its
    own as ``python -m benchmarks.syntax`` runs (not inside this test process's heap)."""
    root = Path(__file__).resolve().parents[3]
    module, _, name = cases.rpartition(".")
    code = (f"import json; from benchmarks.syntax.__main__ import run; from {module} import "
            f"{name}; print(json.dumps(run({name})))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get(
        "PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True,
                          text=True, timeout=240, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_snippets_repair_within_four_token_edits():
    results = _run_apart("benchmarks.syntax.cases.CASES")
    missed = [r["name"] for r in results if not (r["parses"] and r["distance"] <= 4)]
    assert (len(results) - len(missed)) / len(results) >= 0.95, missed
    assert not [r["name"] for r in results if r["verified"] and not r["parses"]]


def test_every_snippet_is_broken_and_its_intended_fix_compiles():
    for name, broken, intended in CASES + HELDOUT:
        compile(intended, name, "exec")
        try:
            compile(broken, name, "exec")
        except SyntaxError:
            continue
        raise AssertionError(f"{name}: the broken snippet compiles")
    assert len({name for name, _, _ in CASES + HELDOUT}) == len(CASES) + len(HELDOUT)
