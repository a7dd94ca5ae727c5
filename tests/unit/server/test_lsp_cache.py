"""nca.server.lsp_cache: results per document version."""

from __future__ import annotations

from nca.server.lsp_cache import ResultCache


def test_result_cache_drops_older_versions_and_bounds_size():
    cache: ResultCache[str] = ResultCache(size=3)
    cache.put("a", 1, "k", "one")
    assert cache.get("a", 1, "k") == "one" and cache.get("a", 2, "k") is None
    cache.put("a", 2, "k", "two")
    assert cache.get("a", 1, "k") is None and cache.get("a", 2, "k") == "two"
    for n in range(3):
        cache.put(f"u{n}", 1, "", str(n))
    assert len(cache) == 3 and cache.get("a", 2, "k") is None
    cache.forget("u1")
    assert cache.get("u1", 1, "") is None and cache.get("u2", 1, "") == "2"
