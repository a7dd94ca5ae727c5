"""Updating one file of a built memory: only what changed is re-indexed."""

import os
import time

import pytest

from nca.admin.memory import AgentMemory

FILES = 500


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> AgentMemory:
    root = tmp_path_factory.mktemp("big")
    for n in range(FILES):
        package = root / f"pkg{n % 10}"
        package.mkdir(exist_ok=True)
        (package / "__init__.py").touch()
        previous = f"from pkg{(n - 1) % 10}.mod{n - 1} import func{n - 1}\n" if n else ""
        (package / f"mod{n}.py").write_text(
            f'"""Module number {n}."""\n{previous}\n\nclass Thing{n}:\n'
            f'    def method(self, x: int) -> int:\n        return x + {n}\n\n\n'
            f'def func{n}(a, b=1):\n    """Return a sum."""\n'
            f'    return {f"func{n - 1}(a, b)" if n else "a + b"}\n')
    memory = AgentMemory(root)
    started = time.perf_counter()
    memory.build()
    print(f"built {FILES} files in {time.perf_counter() - started:.2f}s")
    return memory


def _edit(path, text):
    path.write_text(text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))  # a later mtime, always


def test_one_changed_file_is_reindexed(big):
    target = big.workspace / "pkg7" / "mod257.py"
    _edit(target, target.read_text() + "\n\ndef brand_new_helper(z):\n    return func257(z)\n")
    started = time.perf_counter()
    assert big.update_file(target) is True
    print(f"incremental update of 1 of {FILES} files: {(time.perf_counter() - started) * 1000:.0f} ms")
    entry = big.load("architecture")["modules"]["pkg7/mod257.py"]
    assert [f["name"] for f in entry["functions"]] == ["func257", "brand_new_helper"]
    assert len(big.load("architecture")["modules"]) == FILES + 10
    hits = big.search("brand_new_helper", limit=1)
    assert [(h.path, h.symbol) for h in hits] == [("pkg7/mod257.py", "brand_new_helper")]
    edges = {(e["from"], e["to"]) for e in big.load("diagram")["edges"] if e["kind"] == "calls"}
    assert ("function:pkg7.mod257.brand_new_helper", "function:pkg7.mod257.func257") in edges
    assert ("function:pkg7.mod257.func257", "function:pkg6.mod256.func256") in edges
    assert ("function:pkg8.mod258.func258", "function:pkg7.mod257.func257") in edges
    stamp = big.load("contextmap")["files"]["pkg7/mod257.py"]
    assert stamp["mtime_ns"] == target.stat().st_mtime_ns


def test_an_unchanged_file_costs_nothing(big):
    target = big.workspace / "pkg3" / "mod3.py"
    before = big.load("architecture")
    assert big.update_file(target) is False
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10_000_000))
    assert big.update_file(target) is False  # touched, same hash: only the stamp moves
    assert big.load("contextmap")["files"]["pkg3/mod3.py"]["mtime_ns"] == target.stat().st_mtime_ns
    assert big.load("architecture") == before


def test_a_deleted_file_leaves_the_memory(big):
    target = big.workspace / "pkg9" / "mod499.py"
    target.unlink()
    assert big.update_file(target) is True
    assert "pkg9/mod499.py" not in big.load("architecture")["modules"]
    assert "pkg9/mod499.py" not in big.load("contextmap")["files"]
    assert big.search("func499", limit=3) == [] or all(
        h.path != "pkg9/mod499.py" for h in big.search("func499", limit=3))
    assert not any(n["path"] == "pkg9/mod499.py" for n in big.load("diagram")["nodes"])
