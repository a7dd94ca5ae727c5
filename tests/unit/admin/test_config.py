"""The typed config: nca.toml or [tool.nca], engines and routing, errors that name the spot."""

from __future__ import annotations

from pathlib import Path

import pytest

from nca.admin.config import EngineConfig, NcaConfig, load_config, parse_config
from nca.workers.core.errors import ConfigError

NCA_TOML = """
[[nca.engines]]
id = "local"
kind = "transformers"
path = "~/models/coder"
roles = ["fix", "chat"]

[[nca.engines]]
id = "vllm"
kind = "openai"
base_url = "http://gpu:8000/v1"
model = "coder-7b"
api_key_env = "VLLM_KEY"
timeout = 30

[nca.routing]
chat = ["vllm", "local"]
"""


def test_nca_toml_is_read(tmp_path: Path) -> None:
    (tmp_path / "nca.toml").write_text(NCA_TOML)
    config = load_config(tmp_path)
    assert [e.id for e in config.engines] == ["rules", "local", "vllm"]
    vllm = config.engines[2]
    assert (vllm.base_url, vllm.model, vllm.api_key_env, vllm.timeout) == (
        "http://gpu:8000/v1", "coder-7b", "VLLM_KEY", 30.0)
    assert config.route("chat") == ("vllm", "local")
    assert config.route("fix") == ("rules", "local", "vllm")  # every engine serving it
    assert config.route("fim") == ("vllm",)  # local serves fix and chat only
    assert config.source.endswith("nca.toml")


def test_pyproject_tool_nca_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[[tool.nca.engines]]\nid = "wl"\nkind = "wolfram"\n'
        'evaluator = "mathics"\n')
    config = load_config(tmp_path)
    assert config.engines[1] == EngineConfig("wl", "wolfram", evaluator="mathics")
    assert config.route("math") == ("wl",)


def test_the_top_level_form_of_nca_toml(tmp_path: Path) -> None:
    (tmp_path / "nca.toml").write_text('[routing]\nfix = ["rules"]\n')
    assert load_config(tmp_path).routing == {"fix": ("rules",)}


def test_no_config_means_rules_only(tmp_path: Path) -> None:
    assert load_config(tmp_path) == NcaConfig()
    assert NcaConfig().route("fix") == ("rules",)


@pytest.mark.parametrize(("data", "message"), [
    ({"engine": []}, "unknown key(s) engine"),
    ({"engines": {"id": "x"}}, "array of tables"),
    ({"engines": [{"id": "x"}]}, "id and kind are required"),
    ({"engines": [{"id": "x", "kind": "gpt"}]}, "kind 'gpt' is not one of"),
    ({"engines": [{"id": "x", "kind": "openai"}]}, "needs base_url"),
    ({"engines": [{"id": "x", "kind": "transformers"}]}, "needs path"),
    ({"engines": [{"id": "x", "kind": "openai", "base_url": "u", "timout": 3}]},
     "unknown key(s) timout"),
    ({"engines": [{"id": "x", "kind": "openai", "base_url": "u", "timeout": "3"}]},
     "timeout = '3' has the wrong type"),
    ({"engines": [{"id": "x", "kind": "openai", "base_url": "u", "timeout": -1}]},
     "must be positive"),
    ({"engines": [{"id": "x", "kind": "rules", "roles": ["paint"]}]}, "role(s) paint"),
    ({"engines": [{"id": "x", "kind": "rules"}, {"id": "x", "kind": "rules"}]}, "declared twice"),
    ({"routing": {"fix": ["nope"]}}, "unknown engine(s) nope"),
    ({"routing": {"fix": "rules"}}, "list of engine ids"),
    ({"routing": {"draw": ["rules"]}}, "routing.draw"),
])
def test_bad_config_names_the_spot(data: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(data, "nca.toml")
    assert message in str(err.value) and str(err.value).startswith("nca.toml")


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "nca.toml").write_text("[[nca.engines]\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path)


def test_a_config_is_read_again_once_a_file_it_comes_from_changes(tmp_path: Path) -> None:
    (tmp_path / "nca.toml").write_text('[nca.routing]\nfix = ["rules"]\n')
    first = load_config(tmp_path)
    assert load_config(tmp_path) is first  # nothing changed: the answer is kept
    (tmp_path / "nca.toml").write_text('[nca.routing]\nfix = ["rules"]\nchat = ["rules"]\n')
    assert load_config(tmp_path) is not first
    (tmp_path / "nca.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.nca.routing]\nfix = ["rules"]\n')
    assert "pyproject.toml" in load_config(tmp_path).source


def test_a_trust_decision_is_seen_by_the_next_load(tmp_path: Path, monkeypatch) -> None:
    from nca.admin.trust import trust

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("NCA_TRUST_ALL", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    (work / "nca.toml").write_text(
        '[[nca.engines]]\nid = "far"\nkind = "openai"\nbase_url = "http://example.test/v1"\n'
        'model = "m"\n')
    assert not [e for e in load_config(work).engines if e.id == "far"]
    trust(work)
    assert [e for e in load_config(work).engines if e.id == "far"]
