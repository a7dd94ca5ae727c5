"""Fixtures of the search providers' tests: the replaying server, rate limits reset around a test."""

from __future__ import annotations

import pytest

from nca.workers.analysis.search import web as web_module
from nca.workers.analysis.search.limits import reset_limits


@pytest.fixture()
def replay():
    pytest.importorskip("aiohttp")
    from tests.unit.workers.analysis.search_replay import Replay

    server = Replay()
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def fresh_limits():
    reset_limits()
    web_module._said.clear()
    yield
    reset_limits()
