"""``nca memory``: build, show, search and roadmap through the real argument parser."""

import json

from nca.server.cli import main


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_build_show_and_search(tmp_path, capsys):
    (tmp_path / "app.py").write_text('def parse_config(path):\n    """Return settings."""\n')
    code, out, _ = _run(capsys, "memory", "build", str(tmp_path))
    assert code == 0 and "1 modules" in out
    assert (tmp_path / "AgentMemory" / "Architecture" / "Architecture.json").is_file()
    code, out, _ = _run(capsys, "-w", str(tmp_path), "memory", "show", "--format", "json")
    assert code == 0 and json.loads(out)["functions"] == 1
    code, out, _ = _run(capsys, "-w", str(tmp_path), "memory", "search", "parse", "config",
                        "--format", "json")
    hits = json.loads(out)
    assert code == 0 and hits[0] == {"path": "app.py", "symbol": "parse_config",
                                     "kind": "function", "line": 1, "score": hits[0]["score"]}


def test_roadmap_add_done_list(tmp_path, capsys):
    ws = ["-w", str(tmp_path), "memory", "roadmap"]
    assert _run(capsys, *ws, "add", "Ship", "it")[1].strip() == "added g1"
    assert _run(capsys, *ws, "add", "--goal", "g1", "write tests")[1].strip() == "added g1.p1"
    assert _run(capsys, *ws, "done", "g1.p1")[0] == 0
    out = _run(capsys, *ws, "list")[1]
    assert "[x] g1 Ship it" in out and "[x] g1.p1 write tests" in out
    code, _, err = _run(capsys, *ws, "done", "g9")
    assert code == 2 and "no goal g9" in err


def test_a_broken_memory_file_is_a_clear_error(tmp_path, capsys):
    roadmap = tmp_path / "AgentMemory" / "Roadmap.json"
    roadmap.parent.mkdir()
    roadmap.write_text('{\n "schema_version": 1,\n "goals": oops\n}\n')
    code, _, err = _run(capsys, "-w", str(tmp_path), "memory", "roadmap", "list")
    assert code == 2 and "Roadmap.json:3: not JSON" in err
    assert roadmap.read_text().endswith("oops\n}\n")
