"""Fixtures shared by the tests of the engines.

``wolfram``: the Wolfram Language workers on a Mathics3 child process, one per test module
(skipped where the wolfram extra is not installed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="module")
def wolfram() -> Iterator[Any]:
    pytest.importorskip("mathics", reason="the wolfram extra is not installed")
    from nca.workers.engines.wolfram.workers import WolframWorkers, WorkerEngine

    workers = WolframWorkers(WorkerEngine("wl-test", evaluator="mathics", timeout=30))
    assert workers.health().healthy
    yield workers
    workers.close()
