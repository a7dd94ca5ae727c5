"""The search query built from an error: the package that raised, the text searched for."""

from __future__ import annotations

import pytest

from nca.workers.analysis.search.core import search_error
from nca.workers.analysis.search.query import ErrorQuery
from nca.workers.analysis.search.settings import SearchSettings
from tests.unit.workers.analysis.search_replay import TRACEBACK, run

pytestmark = pytest.mark.usefixtures("fresh_limits")


# --------------------------------------------------------------------------- the query


def test_query_from_a_traceback_names_the_package_that_raised():
    query = ErrorQuery.from_text("some log line\n" + TRACEBACK)
    assert query is not None
    assert query.exc_type == "requests.exceptions.HTTPError"
    assert query.short_type == "HTTPError"
    assert (query.package, query.module, query.obj) == \
        ("requests", "requests.models", "raise_for_status")
    # the url and its numbers are this run's own: they are not searched for
    assert query.search_text() == "HTTPError 404 Client Error: Not Found for url"


@pytest.mark.parametrize(("text", "package", "obj", "searched"), [
    ("AttributeError: module 'requests' has no attribute 'gett'", "requests", "gett",
     "AttributeError module 'requests' has no attribute"),
    ("ImportError: cannot import name 'Sessionn' from 'requests' (/x/requests/__init__.py)",
     "requests", "Sessionn", "ImportError cannot import name from 'requests'"),
    ("NameError: name 'my_counter' is not defined", None, None,
     "NameError name is not defined"),
    ("AttributeError: 'NoneType' object has no attribute 'group'", None, None,
     "AttributeError 'NoneType' object has no attribute"),
    ("packaging.version.InvalidVersion: Invalid version: '1.x'", "packaging", "InvalidVersion",
     "InvalidVersion Invalid version"),
])
def test_query_from_an_exception_line(text, package, obj, searched):
    query = ErrorQuery.from_text(f"It fails with\n{text}\nany idea?")
    assert query is not None
    assert (query.package, query.obj) == (package, obj)
    assert query.search_text() == searched


@pytest.mark.parametrize("text", ["What is a monad?", "", "the error rate is 2%"])
def test_no_error_no_query(text):
    assert ErrorQuery.from_text(text) is None
    assert run(search_error(text, SearchSettings())) == []
