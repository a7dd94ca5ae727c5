"""The installed-documentation provider against real packages and a shipped md/rst tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from nca.workers.analysis.search.docs import docs_results, package_info, repo_from_urls
from nca.workers.analysis.search.query import ErrorQuery
from tests.unit.workers.analysis.search_replay import REQUESTS_MODELS, TRACEBACK

pytestmark = pytest.mark.usefixtures("fresh_limits")


# --------------------------------------------------------------------------- offline docs


def test_docs_docstring_of_the_function_that_raised():
    query = ErrorQuery.from_text(TRACEBACK)
    assert query is not None
    results = docs_results(query)
    top = results[0]
    assert top.title.startswith("requests.models.Response.raise_for_status docstring (requests ")
    assert top.link.startswith(Path(REQUESTS_MODELS).resolve().as_uri() + "#L")
    assert "def raise_for_status(self" in top.text and "HTTPError" in top.text


@pytest.mark.parametrize(("text", "title"), [
    ("packaging.version.InvalidVersion: Invalid version: '1.x'",
     "packaging.version.InvalidVersion docstring"),
    ("rich.errors.MarkupError: closing tag '[/bold]' at position 3 doesn't match any open tag",
     "rich.errors.MarkupError docstring"),
    # a name a package re-exports: found where it is defined
    ("AttributeError: module 'requests' has no attribute 'Session'",
     "requests.sessions.Session docstring"),
])
def test_docs_of_real_installed_packages(text, title):
    pytest.importorskip(text.split(".")[0] if "." in text.split(":")[0] else "requests")
    query = ErrorQuery.from_text(text)
    assert query is not None
    results = docs_results(query)
    assert results and results[0].title.startswith(title), results
    assert results[0].link.startswith("file://")


def test_docs_metadata_gives_the_repository():
    info = package_info("requests")
    assert info is not None and info.repo == "psf/requests"
    assert info.readme and info.readme_link.startswith("file://")
    yaml = package_info("yaml")  # the import name differs from the distribution's
    if yaml is not None:
        assert yaml.name == "PyYAML" and yaml.repo == "yaml/pyyaml"
    assert repo_from_urls(["https://github.com/sponsors/hynek",
                           "https://github.com/python-attrs/attrs.git"]) == "python-attrs/attrs"
    assert package_info("no_such_package_here") is None


def test_docs_read_the_md_and_rst_a_distribution_ships(tmp_path):
    site = tmp_path / "site"
    pkg = site / "fakepkg"
    (pkg / "docs").mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Fake package."""\n\nclass Frobnicator:\n'
                                     '    """Frobnicates things."""\n')
    (pkg / "docs" / "errors.md").write_text(
        "# Errors\n\nIntro.\n\n## FrobError\n\nA FrobError with 'too many widgets' means the "
        "widget limit was hit; raise it with `Frobnicator(limit=...)`.\n\n## Other\n\nNone.\n")
    (pkg / "docs" / "guide.rst").write_text(
        "Guide\n=====\n\nNothing here.\n\nWidgets\n-------\n\nToo many widgets? Use fewer "
        "widgets per FrobError-prone call.\n")
    info = site / "fakepkg-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fakepkg\nVersion: 1.0\n"
        "Project-URL: Source, https://github.com/someone/fakepkg\n\n# fakepkg\n\nFrobnicates.\n")
    (info / "RECORD").write_text("fakepkg/__init__.py,,\nfakepkg/docs/errors.md,,\n"
                                 "fakepkg/docs/guide.rst,,\nfakepkg-1.0.dist-info/METADATA,,\n"
                                 "fakepkg-1.0.dist-info/RECORD,,\n")
    query = ErrorQuery.from_text("fakepkg.FrobError: too many widgets")
    assert query is not None and query.package == "fakepkg"
    results = docs_results(query, [str(site)])
    titles = [r.title for r in results]
    assert "fakepkg: errors.md: FrobError" in titles, titles
    hit = results[titles.index("fakepkg: errors.md: FrobError")]
    assert hit.link == (pkg / "docs" / "errors.md").resolve().as_uri() + "#L5"
    assert "widget limit" in hit.text
    assert any(t.startswith("fakepkg: guide.rst: Widgets") for t in titles)
    assert package_info("fakepkg", [str(site)]).repo == "someone/fakepkg"
