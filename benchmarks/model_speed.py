"""``python -m benchmarks.model_speed``: the transformers engine's streaming speed vs bare generate.

Builds the tiny local model (benchmarks.tiny_model), then, for the same prompt and the same
number of new tokens, times ``model.generate`` called directly and the engine's streamed chat
(TextIteratorStreamer in a thread, the cancel check, the lock). Reports tokens per second and
time to the first chunk; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from benchmarks.tiny_model import build_tiny_model

MESSAGES = [{"role": "system", "content": "You fix Python code."},
            {"role": "user", "content": "def add(a, b) return a + b"}]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=128, help="new tokens per run")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from nca.workers.engines.transformers_engine import TransformersEngine

    console = Console(stderr=False, highlight=False)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        build_tiny_model(folder)
        built = time.perf_counter() - started
        engine = TransformersEngine("tiny", folder)
        started = time.perf_counter()
        model, tokenizer, device = engine.load()
        loaded = time.perf_counter() - started
        prompt = engine.chat_prompt(MESSAGES)
        inputs = tokenizer(prompt, return_tensors="pt", add_special_tokens=False).to(device)
        n = args.tokens

        def bare() -> tuple[float, float]:
            # in a worker thread, as the engine runs it: torch's CPU thread pool behaves
            # differently from the main thread, and that is not what is measured here
            t0 = time.perf_counter()
            worker = threading.Thread(target=lambda: model.generate(
                **inputs, max_new_tokens=n, min_new_tokens=n, do_sample=False,
                pad_token_id=tokenizer.pad_token_id))
            worker.start()
            worker.join()
            total = time.perf_counter() - t0
            return total, total  # the whole answer arrives at once

        def streamed() -> tuple[float, float]:
            t0 = time.perf_counter()
            first = None
            for _ in engine.chat(MESSAGES, max_tokens=n, min_tokens=n):
                if first is None:
                    first = time.perf_counter() - t0
            total = time.perf_counter() - t0
            return total, first if first is not None else total

        bare(), streamed()  # warm-up: first calls pay for kernels and caches
        rows = []
        for name, run in (("model.generate (bare)", bare), ("engine.chat (streamed)", streamed)):
            totals, firsts = zip(*(run() for _ in range(args.rounds)), strict=True)
            median = statistics.median(totals)
            rows.append((name, n / median, median * 1000, statistics.median(firsts) * 1000))

    table = Table(title=f"tiny Llama on {device}: {n} new tokens, median of {args.rounds} "
                        f"(build {built:.2f} s, load {loaded:.2f} s)")
    for column in ("path", "tokens/s", "total ms", "first chunk ms"):
        table.add_column(column, justify="right" if column != "path" else "left")
    for name, rate, total, first in rows:
        table.add_row(name, f"{rate:.0f}", f"{total:.0f}", f"{first:.0f}")
    console.print(table)
    overhead = rows[1][2] / rows[0][2] - 1
    console.print(f"streaming overhead: {overhead:+.1%} of bare generate time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
