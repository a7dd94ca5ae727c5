# path: tests/conftest.py
# expect imports: os
import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: slow tests")


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.name)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.setenv("MODE", "test")
