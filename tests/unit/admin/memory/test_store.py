"""Memory files: schema-checked loads, broken files kept, atomic and locked writes."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nca.admin.memory.schemas import FILES, SCHEMAS, empty
from nca.admin.memory.store import BrokenMemoryFile, load, save, update

REPO = Path(__file__).resolve().parents[4]


def test_a_missing_file_loads_empty_and_round_trips(tmp_path):
    path = tmp_path / "Roadmap.json"
    assert load(path, "roadmap") == empty("roadmap")
    doc = update(path, "roadmap", lambda d: d["counters"].update(n=3))
    assert doc["counters"] == {"n": 3}
    assert load(path, "roadmap")["counters"] == {"n": 3}
    assert json.loads(path.read_text())["schema_version"] == 1


@pytest.mark.parametrize(("text", "line", "words"), [
    ('{\n "schema_version": 1,\n "tips": [\n  {"id": 1,,}\n ]\n}\n', 4, "not JSON"),
    ('{\n "schema_version": 1,\n "tips": [\n  {"id": "t1"}\n ]\n}\n', 4, "tips/0"),
    ('{\n "schema_version": 7,\n "tips": []\n}\n', 2, "schema_version 7"),
    ('[1, 2]\n', 1, "not a JSON object"),
])
def test_a_broken_file_is_reported_with_its_line_and_never_overwritten(tmp_path, text, line, words):
    path = tmp_path / "BuildTips.json"
    path.write_text(text)
    with pytest.raises(BrokenMemoryFile) as err:
        load(path, "buildtips")
    assert err.value.line == line and words in str(err.value)
    assert f"BuildTips.json:{line}:" in str(err.value)
    with pytest.raises(BrokenMemoryFile):
        update(path, "buildtips", lambda d: d["tips"].clear())
    assert path.read_text() == text


def test_a_document_that_breaks_its_schema_is_not_written(tmp_path):
    path = tmp_path / "Roadmap.json"
    save(path, "roadmap", empty("roadmap"))
    before = path.read_bytes()
    with pytest.raises(ValueError):
        save(path, "roadmap", {"schema_version": 1, "goals": "not a list", "roadblocks": []})
    assert path.read_bytes() == before


def test_the_documented_schemas_are_the_ones_in_the_code():
    for kind, rel in FILES.items():
        doc = REPO / "AgentMemory" / "schemas" / f"{Path(rel).stem}.schema.json"
        assert json.loads(doc.read_text()) == SCHEMAS[kind], doc


def test_the_documented_example_is_valid():
    for kind, rel in FILES.items():
        load(REPO / "AgentMemory" / "example" / rel, kind)  # raises when broken


_WRITER = """
import sys
from pathlib import Path
from nca.admin.memory.store import update
path, tag, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
pad = "x" * 200_000  # big enough that a write takes a while to be caught mid-way
def bump(doc):
    n = doc["counters"].get("n", 0) + 1
    doc["counters"]["n"] = n
    doc["counters"][tag] = doc["counters"].get(tag, 0) + 1
    doc["goals"] = [{"id": "g1", "title": f"{n} {pad}", "status": "open", "phases": []}]
print("ready", flush=True)
for _ in range(rounds):
    update(path, "roadmap", bump)
"""


def _writer(tmp_path: Path, path: Path, tag: str, rounds: int) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    proc = subprocess.Popen([sys.executable, str(script), str(path), tag, str(rounds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


@pytest.mark.e2e
def test_a_writer_killed_mid_write_leaves_a_whole_old_or_new_file(tmp_path):
    path = tmp_path / "Roadmap.json"
    update(path, "roadmap", lambda d: d["counters"].update(n=0))
    seen = []
    for attempt in range(12):
        proc = _writer(tmp_path, path, "w", 10_000)
        time.sleep(0.02 + 0.013 * attempt)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        doc = load(path, "roadmap")  # raises if a torn file were left behind
        n = doc["counters"]["n"]
        assert n == 0 or doc["goals"][0]["title"].startswith(f"{n} ")
        seen.append(n)
    assert seen == sorted(seen) and seen[-1] > seen[0]


@pytest.mark.e2e
def test_two_writing_processes_never_lose_an_update(tmp_path):
    path = tmp_path / "Roadmap.json"
    procs = [_writer(tmp_path, path, tag, 40) for tag in ("a", "b")]
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    counters = load(path, "roadmap")["counters"]
    assert counters == {"n": 80, "a": 40, "b": 40}


def test_locks_live_under_nca_not_beside_the_memory_files(tmp_path):
    from nca.admin.memory.store import path_of

    path = path_of(tmp_path, "roadmap")
    update(path, "roadmap", lambda doc: None)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # nothing beside it
    assert list((tmp_path / ".nca" / "locks").glob("*.lock"))
    assert (tmp_path / ".nca" / ".gitignore").read_text().splitlines()[-1] == "*"
