"""The workspace index answers one module's questions by reading that module, and keeps what
each file binds on disk so that the next process reads only the files that changed."""

from __future__ import annotations

import json

import pytest

from nca.workers.facts import workspace_index
from nca.workers.facts.workspace_index import CACHE_MIN_FILES, WorkspaceIndex


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "nca"


@pytest.fixture
def reads(monkeypatch):
    """The sources the index parses, in order."""
    read: list[bytes] = []
    real = workspace_index.scan_source
    monkeypatch.setattr(workspace_index, "scan_source",
                        lambda source, **kw: read.append(source) or real(source, **kw))
    return read


def _project(root, files: int):
    pkg = root / "proj" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .m0 import VALUE_0\n")
    for n in range(files):
        (pkg / f"m{n}.py").write_text(f"VALUE_{n} = {n}\n\n\ndef helper_{n}():\n    pass\n")
    return root / "proj"


def test_one_module_is_answered_from_that_module_alone(tmp_path, cache, reads):
    index = WorkspaceIndex(_project(tmp_path, 5))
    assert index.has_module("pkg.m3") and not index.has_module("pkg.m9")
    assert reads == []  # a name is known from the file tree
    assert index.module_attributes("pkg.m3") == ["VALUE_3", "helper_3"]
    assert index.knows_all_attributes("pkg.m3")
    assert reads == [b"VALUE_3 = 3\n\n\ndef helper_3():\n    pass\n"]
    assert index.modules_named("m4") == [("pkg.m4", "workspace")]
    assert len(reads) == 1


def test_the_next_process_reads_only_changed_files(tmp_path, cache, reads):
    root = _project(tmp_path, CACHE_MIN_FILES)
    first = WorkspaceIndex(root)
    assert ("pkg.m7", "workspace") in first.providers_of("helper_7")
    assert len(reads) == CACHE_MIN_FILES + 1  # every module, the package's __init__ too
    assert len(list(cache.glob("workspace-*.json"))) == 1

    (root / "pkg" / "m2.py").write_text("VALUE_2 = 2\nADDED = 1\n")
    reads.clear()
    second = WorkspaceIndex(root)  # a new process: nothing in memory
    assert ("pkg.m7", "workspace") in second.providers_of("helper_7")
    assert second.module_attributes("pkg.m2") == ["ADDED", "VALUE_2"]
    assert second.module_attributes("pkg") == ["VALUE_0"]  # star-free re-export, from the cache
    assert reads == [b"VALUE_2 = 2\nADDED = 1\n"]


def test_a_damaged_cache_is_read_past(tmp_path, cache, reads):
    root = _project(tmp_path, CACHE_MIN_FILES)
    WorkspaceIndex(root).providers_of("helper_1")
    (path,) = cache.glob("workspace-*.json")
    path.write_text(json.dumps({"schema_version": 1, "root": str(root),
                                "files": {"pkg/m1.py": 3}}))
    reads.clear()
    again = WorkspaceIndex(root)
    assert ("pkg.m1", "workspace") in again.providers_of("helper_1")
    assert len(reads) == CACHE_MIN_FILES + 1


def test_a_small_workspace_writes_no_cache(tmp_path, cache):
    WorkspaceIndex(_project(tmp_path, 3)).providers_of("helper_1")
    assert not cache.exists() or not list(cache.glob("workspace-*.json"))


def test_a_cache_write_drops_the_oldest_and_stale_files_of_its_kind(tmp_path):
    import os
    import time

    from nca.workers.facts.index_base import CACHE_FILES_KEPT, write_cache

    now = time.time()
    for n in range(CACHE_FILES_KEPT + 5):  # one per workspace, each older than the one before
        old = tmp_path / f"workspace-{n:012x}.json"
        old.write_text("{}")
        os.utime(old, (now - 60 * n, now - 60 * n))
    stale = tmp_path / "workspace-aaaaaaaaaaaa.json"
    stale.write_text("{}")
    os.utime(stale, (now - 90 * 86400, now - 90 * 86400))
    other = tmp_path / "installed-cpython-311-bbbbbbbbbbbb.json"  # another kind: left alone
    other.write_text("{}")
    os.utime(other, (now - 90 * 86400, now - 90 * 86400))

    write_cache(tmp_path / "workspace-ffffffffffff.json", "{}")
    kept = sorted(p.name for p in tmp_path.glob("workspace-*.json"))
    assert len(kept) == CACHE_FILES_KEPT and "workspace-ffffffffffff.json" in kept
    assert "workspace-000000000000.json" in kept and stale.name not in kept
    assert f"workspace-{CACHE_FILES_KEPT + 4:012x}.json" not in kept  # the oldest went
    assert other.exists()
