# path: tests/test_things.py
# expect functions: _unused_helper
import pytest


@pytest.fixture
def database():
    return {}


@pytest.fixture(scope="session")
def settings():
    return {"debug": True}


def _unused_helper():
    return None


def test_lookup(database, settings):
    assert database == {} and settings


class TestGroup:
    def test_inside(self, database):
        assert database == {}
