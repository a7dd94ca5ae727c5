"""``python -m benchmarks.lsp_diagnostics_speed``: nca's language server against a stock pygls
server measured in the same run, on a 1,000-line file.

- startup: process start to the ``initialize`` response (median of five);
- change to diagnostics: from ``didChange`` (a new text each round, typed far from the error) to
  the first ``publishDiagnostics`` of that version, for a syntax error (a missing colon) and an
  undefined name (a misspelt local); how many first publishes hold the error, and when the
  last publish of the version came (the slow checks: ruff's full set, the type checker). The
  stock server echoes one fixed diagnostic on each change: the floor;
- codeAction p50/p99 on an unchanged document while 50 chat streams run in the same process,
  each client posting again once answered: the default chat route (the council routes chat to
  an engine in the process that answers as the built-in model does, a blocking iterator read
  in threads, at a model's pace without a model: 100 chunks 10 ms apart) and a relayed model
  (an ``openai`` engine in front of a fake upstream at the same pace). The floor is the stock
  server with a bare aiohttp app on its event loop under the same load (the same paced answer
  made in the process, or the upstream's bytes relayed); events/s is what the clients read;
- with ``--bursts``: a typing burst (a line typed key by key at human intervals, each key a
  new version) per debounce, to choose ``nca.diagnostics.debounceMs``: slow-check publishes
  for versions already gone (work wasted), the time from the last key to the slow checks'
  publish, and the first publishes while typing.

Prints figures and ratios to the floor; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.lsp_bench_wire import (
    CHUNK_EVERY_S,
    CHUNKS,
    STOCK_SERVER,
    Client,
    http_address,
    initialize,
    percentile,
)
from benchmarks.lsp_speed import thousand_lines

NCA = [sys.executable, "-m", "nca.server", "--log-level", "WARNING"]
#: the same server, its engine entry ``paced`` answering at a model's pace (see PacedEngine)
NCA_PACED = [sys.executable, "-m", "benchmarks.lsp_bench_wire", "nca", "--log-level", "WARNING"]
#: the error of each kind: its 0-based line, and what tells it in a diagnostic
ERRORS = {"syntax": (400, "E999"), "undefined name": (402, "totl")}
#: the errors a client shows for code actions (another tool's diagnostic under the cursor)
FOREIGN = {"range": {"start": {"line": 402, "character": 11},
                     "end": {"line": 402, "character": 15}},
           "message": "\"totl\" is not defined", "source": "Pylance", "severity": 1}
ENV = {"NCA_EMBEDDED_MODEL": "0"}


def _holds(diagnostics: list[dict[str, Any]], error: str) -> bool:
    line, mark = ERRORS[error]
    return any(d["range"]["start"]["line"] == line and (mark == d.get("code") or mark in
                                                        d.get("message", ""))
               for d in diagnostics)


def _options(debounce: int | None = None, engines: str | None = None) -> dict[str, Any]:
    nca: dict[str, Any] = {}
    if debounce is not None:
        nca["diagnostics"] = {"debounceMs": debounce}
    if engines:
        nca["engines"] = {"file": engines}
    return {"nca": nca}


def _open(client: Client, uri: str, text: str) -> None:
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}})


def _change(client: Client, uri: str, version: int, text: str) -> None:
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                             "contentChanges": [{"text": text}]})


def _publishes(client: Client, uri: str, until: float) -> list[tuple[float, dict[str, Any]]]:
    """Return the publishDiagnostics of ``uri`` that arrive before ``until``."""
    found = []
    while (left := until - time.perf_counter()) > 0:
        try:
            at, message = client.next(timeout=left)
        except Exception:  # noqa: BLE001 - the queue's Empty: the time is up
            break
        if message.get("method") == "textDocument/publishDiagnostics" \
                and message["params"]["uri"] == uri:
            found.append((at, message["params"]))
    return found


def startup(commands: list[list[str]], root: Path, runs: int = 9) -> list[float]:
    """Return each command's median ms from process start to the initialize response, the
    commands started in turn (so that a busy moment of the machine hits all alike)."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for n, command in enumerate(commands):
            client = Client(command, root, ENV)
            times[n].append(initialize(client, root))
            client.close()
    return [statistics.median(t) for t in times]


def diagnostics(command: list[str], root: Path, rounds: int, settle: float) -> dict[str, Any]:
    """Return, per error, first- and last-publish times after each change (ms)."""
    client = Client(command, root, ENV)
    initialize(client, root)
    uri = (root / "big.py").as_uri()
    _open(client, uri, thousand_lines("syntax"))
    version, out = 1, {}
    for error in ERRORS:
        first, last, holding = [], [], 0
        for n in range(rounds + 3):  # three warm-up changes: the checkers start
            version += 1
            sent = time.perf_counter()
            _change(client, uri, version, thousand_lines(error, version))
            seen = [(at, p) for at, p in _publishes(client, uri, sent + settle)
                    if p.get("version") == version]
            if n < 3 or not seen:
                continue
            first.append((seen[0][0] - sent) * 1000)
            last.append((seen[-1][0] - sent) * 1000)
            holding += _holds(seen[0][1]["diagnostics"], error)
        out[error] = {"first": first, "last": last, "holding": holding, "rounds": len(first)}
    client.close()
    return out


#: a typed line whose every prefix parses (a name being typed is an undefined name until done)
TYPED = "    return total + offset_value * 2 - len(str(value))"
#: inter-key intervals: lognormal around 200 ms with a tenth past 400 ms, the shape reported
#: for an average typist within a burst (Dhakal et al., CHI 2018: mean 239 ms over 136 M keys)
IKI_MEDIAN_S, IKI_SIGMA = 0.2, 0.54


def bursts(root: Path, debounces: list[int], seed: int = 7) -> list[dict[str, float]]:
    """Per debounce: one burst typed at human intervals into the 1,000-line file (each key a
    new version), and what it cost: slow-check publishes for versions already gone (work
    wasted), the time from the last key to the slow checks' publish, the first publishes."""
    import random

    rows = []
    for debounce in debounces:
        rng = random.Random(seed)  # the same keystrokes for every debounce
        client = Client(NCA + ["--no-http"], root, ENV)
        initialize(client, root, _options(debounce))
        uri = (root / "typed.py").as_uri()
        base = thousand_lines("undefined name")
        _open(client, uri, base)
        _publishes(client, uri, time.perf_counter() + 3)
        sent_at: dict[int, float] = {}
        for k in range(1, len(TYPED) + 1):
            sent_at[k + 1] = time.perf_counter()
            _change(client, uri, k + 1, base + "\n" + TYPED[:k] + "\n")
            time.sleep(rng.lognormvariate(0, IKI_SIGMA) * IKI_MEDIAN_S)
        last = len(TYPED) + 1
        seen = _publishes(client, uri, time.perf_counter() + debounce / 1000 + 3)
        client.close()
        by_version: dict[int, list[float]] = {}
        for at, params in seen:
            by_version.setdefault(params.get("version"), []).append(at)
        firsts = [(times[0] - sent_at[v]) * 1000 for v, times in by_version.items()
                  if v in sent_at]
        end = by_version.get(last, [])
        rows.append({"debounce": debounce, "keys": len(TYPED),
                     "wasted": sum(1 for v, times in by_version.items()
                                   if len(times) > 1 and v != last),
                     "tail": (end[-1] - sent_at[last]) * 1000 if end else float("nan"),
                     "first_p50": statistics.median(firsts),
                     "first_p90": percentile(firsts, 0.9)})
    return rows


def under_load(command: list[str], root: Path, streams: int, seconds: float, engines: str | None,
               ) -> dict[str, Any]:
    """Return codeAction latencies (ms) while ``streams`` chat clients load the process."""
    client = Client(command, root, ENV)
    initialize(client, root, _options(engines=engines))
    uri = (root / "big.py").as_uri()
    _open(client, uri, thousand_lines("undefined name"))
    _publishes(client, uri, time.perf_counter() + 3)
    params = {"textDocument": {"uri": uri},
              "range": {"start": {"line": 402, "character": 0},
                        "end": {"line": 402, "character": 0}},
              "context": {"diagnostics": [FOREIGN]}}
    for _ in range(30):
        client.request("textDocument/codeAction", params)
    times: list[float] = []
    load = None
    counts = {"streams": 0, "events": 0, "errors": 0}
    out_file = root / "load.json"
    out_file.unlink(missing_ok=True)
    if streams:
        base = http_address(client)
        load = subprocess.Popen([sys.executable, "-m", "benchmarks.lsp_bench_wire", "load",
                                 base, str(streams), str(seconds), str(out_file)])
        time.sleep(1.0)  # the streams are under way
    stop = time.perf_counter() + (seconds - 2 if streams else 3)
    while time.perf_counter() < stop:
        sent = time.perf_counter()
        at, _ = client.request("textDocument/codeAction", params)
        times.append((at - sent) * 1000)
        time.sleep(0.005)
    if load is not None:
        load.wait(timeout=seconds + 120)
        counts = json.loads(out_file.read_text())
    client.close()
    return {"p50": statistics.median(times), "p99": percentile(times, 0.99), "n": len(times),
            "events_per_s": counts["events"] / seconds, "errors": counts["errors"]}


def _upstream(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    port_file = root / "upstream.port"
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.lsp_bench_wire", "upstream",
                             str(port_file)])
    deadline = time.monotonic() + 30
    while not port_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port_file.read_text()}/v1"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lsp_diagnostics_speed")
    parser.add_argument("--rounds", type=int, default=20, help="changes measured per error")
    parser.add_argument("--streams", type=int, default=50, help="chat streams of the load")
    parser.add_argument("--seconds", type=float, default=12, help="length of each load")
    parser.add_argument("--bursts", action="store_true", help="measure typing bursts too")
    parser.add_argument("--skip", default="", help="comma-separated: startup,diagnostics,load")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    with tempfile.TemporaryDirectory(prefix="nca-diag-speed-") as tmp:
        root = Path(tmp).resolve()
        os.environ.setdefault("XDG_CONFIG_HOME", str(root / "config"))
        # the servers run in the scratch folder and import these benchmarks' modules
        here = str(Path(__file__).resolve().parent.parent)
        os.environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [here, os.environ.get("PYTHONPATH")]))
        stock = [sys.executable, str(STOCK_SERVER)]
        print(f"1,000-line file; {args.rounds} changes per error; {args.streams} chat streams "
              f"for {args.seconds:g} s per load; raw JSON-RPC client over stdio")
        if "startup" not in skip:
            script = Path(sys.executable).with_name("nca")
            serve = [str(script)] if script.exists() else [sys.executable, "-m", "nca.server.cli"]
            serve += ["serve", "--stdio", "--no-http", "--log-level", "WARNING"]
            floor, ours = startup([stock, serve], root)
            print(f"startup to initialize (nca serve --stdio): stock pygls {floor:.0f} ms, "
                  f"nca {ours:.0f} ms, ratio {ours / floor:.2f}")
        if "diagnostics" not in skip:
            settle = 2.0
            floor_d = diagnostics(stock, root, args.rounds, 0.5)
            ours_d = diagnostics(NCA + ["--no-http"], root, args.rounds, settle)
            print(f"change -> publishDiagnostics of that version, its first and last publish "
                  f"(p99 of {args.rounds} changes: their largest)")
            print(f"{'change -> diagnostics (ms)':<28}{'p50':>8}{'p99':>8}{'ratio p50':>11}"
                  f"{'holds error':>13}{'last p50':>10}{'last p99':>10}")
            for error in ERRORS:
                f, o = floor_d[error], ours_d[error]
                print(f"{'stock pygls, ' + error:<28}{statistics.median(f['first']):>8.1f}"
                      f"{percentile(f['first'], 0.99):>8.1f}{'':>11}{'':>13}")
                print(f"{'nca, ' + error:<28}{statistics.median(o['first']):>8.1f}"
                      f"{percentile(o['first'], 0.99):>8.1f}"
                      f"{statistics.median(o['first']) / statistics.median(f['first']):>11.1f}"
                      f"{o['holding']:>9}/{o['rounds']:<3}{statistics.median(o['last']):>10.1f}"
                      f"{percentile(o['last'], 0.99):>10.1f}")
        if args.bursts:
            print(f"typing burst: {len(TYPED)} keys, intervals lognormal (median "
                  f"{IKI_MEDIAN_S * 1000:.0f} ms, sigma {IKI_SIGMA})")
            print(f"{'debounce ms':>11}{'slow checks of gone versions':>30}"
                  f"{'last key -> slow publish':>26}{'first publish p50':>19}{'p90':>7}")
            for row in bursts(root, [0, 100, 150, 250, 400, 600]):
                print(f"{row['debounce']:>11}{row['wasted']:>24}/{row['keys']:<5}"
                      f"{row['tail']:>26.0f}{row['first_p50']:>19.1f}{row['first_p90']:>7.1f}")
        if "load" not in skip:
            upstream, url = _upstream(root)
            try:
                relayed, paced = root / "relayed.toml", root / "paced.toml"
                relayed.write_text(f'[[nca.engines]]\nid = "relay"\nkind = "openai"\n'
                                   f'base_url = "{url}"\nmodel = "m"\n\n'
                                   '[nca.routing]\nchat = ["relay"]\n', encoding="utf-8")
                paced.write_text('[[nca.engines]]\nid = "paced"\nkind = "transformers"\n'
                                 'path = "paced"\nroles = ["chat"]\n\n'
                                 '[nca.routing]\nchat = ["paced"]\n', encoding="utf-8")
                loads = [("idle", 0, None, None),
                         ("default route", args.streams, str(paced), "paced"),
                         ("relayed model", args.streams, str(relayed), url)]
                print(f"{'codeAction (ms)':<34}{'p50':>7}{'p99':>7}{'ratio p99':>10}"
                      f"{'events/s':>10}{'ratio':>7}{'errors':>8}")
                for name, streams, engines_file, relay in loads:
                    floor_cmd = stock + (["--relay", relay, str(CHUNKS), str(CHUNK_EVERY_S)]
                                         if relay else [])
                    f = under_load(floor_cmd, root, streams, args.seconds, None)
                    o = under_load(NCA_PACED + ["--http-port", "0"], root, streams,
                                   args.seconds, engines_file)
                    print(f"{'stock pygls' + (' + bare relay' if relay else '') + ', ' + name:<34}"
                          f"{f['p50']:>7.2f}{f['p99']:>7.2f}{'':>10}{f['events_per_s']:>10.0f}"
                          f"{'':>7}{f['errors']:>8}")
                    events = o["events_per_s"] / f["events_per_s"] if f["events_per_s"] else 0
                    print(f"{'nca, ' + name:<34}{o['p50']:>7.2f}{o['p99']:>7.2f}"
                          f"{o['p99'] / f['p99']:>10.2f}{o['events_per_s']:>10.0f}"
                          f"{events:>7.2f}{o['errors']:>8}")
            finally:
                upstream.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
