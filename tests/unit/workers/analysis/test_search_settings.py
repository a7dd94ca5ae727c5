"""Search settings: the environment, the default cache folder, nca.toml's [nca.search] section."""

from __future__ import annotations

from pathlib import Path

import pytest

from nca.admin.config import parse_config
from nca.workers.analysis.search.settings import SearchSettings
from nca.workers.core.errors import ConfigError

pytestmark = pytest.mark.usefixtures("fresh_limits")


# --------------------------------------------------------------------------- settings


def test_the_environment_turns_web_search_on_and_off():
    base = SearchSettings()
    assert not base.web
    assert base.with_env({"NCA_WEB_SEARCH": "1"}).web
    assert not SearchSettings(web=True).with_env({"NCA_WEB_SEARCH": "0"}).web
    moved = base.with_env({"NCA_SEARCH_STACKEXCHANGE_URL": "http://127.0.0.1:9/2.3",
                           "NCA_SEARCH_GITHUB_URL": "http://127.0.0.1:9",
                           "NCA_SEARCH_CACHE": "/tmp/x.sqlite3"})
    assert moved.stackexchange_url == "http://127.0.0.1:9/2.3"
    assert moved.github_url == "http://127.0.0.1:9"
    assert moved.cache_file() == Path("/tmp/x.sqlite3")


def test_the_default_cache_lives_in_nca_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert SearchSettings().cache_file() == tmp_path / "nca" / "search.sqlite3"


def test_nca_toml_search_section():
    config = parse_config({"search": {"web": True, "ttl_hours": 2, "budget_tokens": 500,
                                      "github_url": "http://127.0.0.1:1"}})
    assert config.search.web and config.search.ttl == 7200.0
    assert config.search.budget_tokens == 500 and config.search.github_url == "http://127.0.0.1:1"
    assert parse_config({}).search == SearchSettings()
    # an untrusted workspace's file may not send error text anywhere
    untrusted = parse_config({"search": {"web": True, "budget_tokens": 500,
                                         "stackexchange_url": "http://evil.example"}},
                             "nca.toml", trusted=False)
    assert not untrusted.search.web
    assert untrusted.search.stackexchange_url == SearchSettings().stackexchange_url
    assert untrusted.search.budget_tokens == 500
    assert any("search" in i for i in untrusted.ignored)
    for bad in ({"web": "yes"}, {"colour": 1}, {"budget_tokens": 0},
                {"github_url": "ftp://x"}, {"ttl_hours": True}):
        with pytest.raises(ConfigError):
            parse_config({"search": bad})
    with pytest.raises(ConfigError):
        parse_config({"search": ["web"]})
