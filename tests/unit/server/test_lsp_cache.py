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


def test_carried_problems_move_with_the_lines_an_edit_added_and_drop_on_changed_lines():
    from nca.server.lsp_cache import carried_problems
    from nca.workers.core.types import Problem

    before = "a = 1\nb = 2\nc = 3\nd = 4\n"
    after = "a = 1\nb = 20\nnew = 0\nc = 3\nd = 4\n"  # line 2 changed, one line added below
    above, on, below = (Problem("F822", "x", line=1), Problem("NCA101", "y", line=2),
                        Problem("NCA103", "z", line=4, end_line=4))
    assert carried_problems([above, on, below], before, after) == [
        above, Problem("NCA103", "z", line=5, end_line=5)]
    assert carried_problems([on], before, before) == [on]
    assert carried_problems([], before, after) == []
