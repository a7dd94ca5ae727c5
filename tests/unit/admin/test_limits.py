"""Time limits that hold: a worker past its limit is given up and told to stop (its model call
and its subprocesses with it), the loop reports it and goes on, and parallel work is bounded."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from nca.admin.council import Council
from nca.admin.courier import COURIER_FILE, Courier
from nca.admin.dispatcher import Dispatcher
from nca.admin.limits import WorkerTimeout, bounded, run_limited
from nca.workers.core.types import DebugRequest, Summary
from nca.workers.engines.base import ModelEngine
from nca.workers.engines.rules.engine import RulesEngine
from nca.workers.facts.knowledge import CombinedIndex, StdlibIndex, WorkspaceIndex

LIMIT = 0.3
BROKEN = "def f(x)\n    return x\n"


def courier_with(tmp_path: Path, worker: str, limit: str, target: str | None = None) -> Courier:
    """Return a courier whose Function_Courier.md gives ``worker`` another limit (and target)."""
    text = COURIER_FILE.read_text(encoding="utf-8")
    start = text.index(f"## {worker}\n")
    end = text.find("\n## ", start + 1)
    section = text[start:end]
    lines = []
    for line in section.splitlines():
        if line.startswith("- time limit:"):
            line = f"- time limit: {limit}"
        elif line.startswith("- target:") and target:
            line = f"- target: `{target}`"
        lines.append(line)
    path = tmp_path / "Function_Courier.md"
    path.write_text(text[:start] + "\n".join(lines) + text[end:], encoding="utf-8")
    return Courier(path)


def dispatcher_for(tmp_path: Path, council: Council, courier: Courier) -> Dispatcher:
    dispatcher = Dispatcher(tmp_path, council=council)
    dispatcher.courier = courier  # before the repairer is made: it takes this one
    dispatcher.index = CombinedIndex(WorkspaceIndex(tmp_path), StdlibIndex())
    return dispatcher


class SlowModel(ModelEngine):
    """A model that generates until it is told to stop, noting when it started and stopped."""

    kind = "slow"

    def __init__(self) -> None:
        super().__init__("slow")
        self.started: float | None = None
        self.stopped: float | None = None

    def health(self):  # type: ignore[no-untyped-def]
        from nca.workers.core.types import Health

        return Health(True)

    def chat(self, messages, *, cancel=None, **options):  # type: ignore[no-untyped-def]
        self.started = time.monotonic()
        while cancel is None or not cancel.is_set():
            time.sleep(0.002)
            if time.monotonic() - self.started > 10:
                return  # never reached when the cancel flag arrives
        self.stopped = time.monotonic()
        yield from ()


def slow_debug(request: DebugRequest) -> Summary:
    """A debug worker that takes 3 s and knows nothing of cancelling."""
    time.sleep(3)
    return Summary("late")


def test_run_limited_gives_up_at_the_limit_and_sets_the_flag() -> None:
    flag = threading.Event()
    started = time.monotonic()
    with pytest.raises(WorkerTimeout, match="took longer than its 300 ms limit"):
        run_limited("slow", lambda _: flag.wait(5), None, LIMIT, cancel=flag)
    assert time.monotonic() - started < LIMIT * 1.1
    assert flag.is_set()
    assert run_limited("quick", lambda n: n + 1, 1, LIMIT) == 2
    with pytest.raises(KeyError):
        run_limited("raises", lambda d: d["missing"], {}, LIMIT)


def test_a_slow_model_is_cancelled_at_the_fix_limit_and_the_loop_reports_it(
        tmp_path: Path) -> None:
    model = SlowModel()
    courier = courier_with(tmp_path, "fix", f"{LIMIT * 1000:.0f} ms")
    dispatcher = dispatcher_for(tmp_path, Council([model], {"fix": ("slow",)}), courier)
    started = time.monotonic()
    report = dispatcher.fix_text("print(undefined_name)\n", "m.py")
    assert time.monotonic() - started < 5  # reported, not hung
    deadline = time.monotonic() + 1  # the flag is set as the loop goes on: the model sees it
    while model.stopped is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert model.started is not None and model.stopped is not None
    assert model.stopped - model.started < LIMIT * 1.1  # the generation itself stopped
    assert report.status == "unfixable" and "300 ms limit" in report.reason
    events = dispatcher.lifecycle.events(dispatcher.lifecycle.recent(1)[0]["id"])
    assert any(e["step"] == "fix" and e["status"] == "timeout" for e in events)
    assert any(e["step"] == "council" and e["status"] == "timeout"
               and e["detail"]["engine"] == "slow" for e in events)


def test_a_worker_past_its_limit_is_left_behind_and_the_loop_goes_on(tmp_path: Path) -> None:
    courier = courier_with(tmp_path, "debug", f"{LIMIT * 1000:.0f} ms",
                           target="tests.unit.admin.test_limits:slow_debug")
    dispatcher = dispatcher_for(tmp_path, Council([RulesEngine()]), courier)
    dispatcher.fix_text("x = 1\n", "warm.py")  # the linters' first start is not timed here
    started = time.monotonic()
    report = dispatcher.fix_text(BROKEN, "m.py")
    elapsed = time.monotonic() - started
    assert report.status == "fixed"  # the summary only informs a model: the fix goes on
    assert LIMIT <= elapsed < LIMIT * 1.1 + 1.0 and elapsed < 3
    (timeout,) = [e for e in dispatcher.lifecycle.events(dispatcher.lifecycle.recent(1)[0]["id"])
                  if e["status"] == "timeout"]
    assert timeout["step"] == "debug" and timeout["detail"]["limit"] == pytest.approx(LIMIT)


def test_verify_gets_a_subprocess_time_limit_inside_its_own(tmp_path: Path) -> None:
    from nca.workers.core.types import Problem, VerifyRequest
    from nca.workers.debugging.linting import RuffLinter

    (tmp_path / "m.py").write_text("x = 1\n")
    courier = courier_with(tmp_path, "verify", f"{LIMIT * 1000:.0f} ms")
    problem = Problem("F821", "Undefined name `y`", 1, 5)
    request = VerifyRequest(candidate_text="x = 1\n", target=problem, baseline=(problem,),
                            linter=RuffLinter(), path="m.py", workspace=str(tmp_path),
                            check="sleep 30", timeout=LIMIT * 0.9)
    started = time.monotonic()
    verification = courier.call("verify", request)
    assert time.monotonic() - started < LIMIT * 1.1 + 0.5
    assert not verification.verified and verification.check.timed_out  # killed, not waited for


def test_bounded_runs_side_by_side_but_never_more_than_asked() -> None:
    running, peak = 0, 0
    lock = threading.Lock()

    def work(n: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.1)
        with lock:
            running -= 1
        if n == 3:
            raise ValueError("three")
        return n * 2

    started = time.monotonic()
    out = bounded(work, [0, 1, 2, 3], 2)
    assert out[:3] == [0, 2, 4] and isinstance(out[3], ValueError)
    assert peak == 2 and time.monotonic() - started < 0.35
