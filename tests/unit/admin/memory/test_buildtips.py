"""Learned fixes: signatures, storage, and the second occurrence fixed from the tip."""

import json

import pytest

from nca.admin.dispatcher import Dispatcher
from nca.admin.memory import AgentMemory, BuildTips
from nca.admin.memory.buildtips import normalise, record_fix, signature
from nca.workers.core.types import Problem, TipStore


@pytest.mark.parametrize(("message", "expected"), [
    ("Undefined name `pritn`", "Undefined name `{name}`"),
    ("SyntaxError: expected ':'", "SyntaxError: expected '{name}'"),
    ("list index 12 out of range at 0x7f3a", "list index {n} out of range at {addr}"),
    ('module "os" has no attribute \'jion\'', 'module "{name}" has no attribute \'{name}\''),
    ("  two   spaces\n", "two spaces"),
])
def test_messages_are_normalised(message, expected):
    assert normalise(message) == expected


def test_the_signature_keeps_the_symbol():
    assert signature(Problem("F821", "Undefined name `foo`", 3)) == {
        "code": "F821", "message": "Undefined name `{name}`", "symbol": "foo"}
    assert signature(Problem("X1", "bad", symbol="s"))["symbol"] == "s"


def test_buildtips_is_a_tip_store(tmp_path):
    assert isinstance(BuildTips(tmp_path), TipStore)
    assert BuildTips(tmp_path).lookup(Problem("E999", "SyntaxError: expected ':'")) == []


BROKEN = "def area(w, h)\n    return w * h\n"


def test_the_second_occurrence_is_fixed_from_the_tip_and_reuse_is_counted(tmp_path):
    source = tmp_path / "geometry.py"
    source.write_text(BROKEN)
    first = Dispatcher(tmp_path).fix_file(source, write=True)
    assert first.written and first.fixes[0].kind != "learned"
    (tip,) = json.loads((tmp_path / "AgentMemory/Architecture/BuildTips.json").read_text())["tips"]
    assert tip["signature"] == {"code": "E999", "message": "SyntaxError: expected '{name}'",
                                "symbol": ":"}
    assert tip["fix"]["diff"].startswith("--- a/geometry.py") and "+def area(w, h):" in tip["fix"]["diff"]
    assert tip["reused"] == 0 and tip["engine"] == "rules" and tip["file"] == "geometry.py"
    assert tip["verification"]

    # the same mistake, in another file, lines further down
    other = tmp_path / "shapes.py"
    other.write_text("# shapes\nUNIT = 1\n\n\n" + BROKEN)
    second = Dispatcher(tmp_path).fix_file(other, write=True)
    assert second.written and second.verified
    assert [f.kind for f in second.fixes] == ["learned"]
    assert "def area(w, h):" in other.read_text()
    tips = BuildTips(tmp_path).load()["tips"]
    assert len(tips) == 1 and tips[0]["reused"] == 1 and tips[0]["last_used"]


def test_a_preview_learns_nothing(tmp_path):
    source = tmp_path / "geometry.py"
    source.write_text(BROKEN)
    report = Dispatcher(tmp_path).fix_file(source)
    assert report.status == "fixed" and not report.written
    assert not (tmp_path / "AgentMemory").exists()


def test_a_fix_that_keeps_failing_becomes_a_roadblock(tmp_path):
    problem = Problem("F821", "Undefined name `zzqxw`", 4)
    for n in range(3):
        record_fix(tmp_path, "m.py", [], [(problem, "no engine had a candidate")])
        blocks = AgentMemory(tmp_path).roadmap.load()["roadblocks"]
        assert len(blocks) == (1 if n == 2 else 0)
    (block,) = blocks
    assert block["kind"] == "failing_fix" and block["count"] == 3 and block["file"] == "m.py"
    assert block["signature"]["symbol"] == "zzqxw" and block["status"] == "open"


def test_an_error_that_keeps_coming_back_becomes_a_roadblock(tmp_path):
    source = tmp_path / "geometry.py"
    for _ in range(4):
        source.write_text(BROKEN)
        Dispatcher(tmp_path).fix_file(source, write=True)
    blocks = AgentMemory(tmp_path).roadmap.load()["roadblocks"]
    assert [b["kind"] for b in blocks] == ["recurring_error"]
    assert BuildTips(tmp_path).load()["tips"][0]["reused"] == 3
