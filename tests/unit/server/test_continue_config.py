"""``nca continue-config``: the user's file kept as written (comments, order, layout), nca's
entries added or updated in place, the roles that work, the engine's context length, the
backup, a second run that changes nothing, and ``--dry-run`` that writes nothing."""

import argparse
import difflib

import pytest
import yaml

from nca.server import continue_config
from nca.server.continue_config import build_config, model_entries, run_continue_config
from nca.workers.core.errors import ConfigError

ENGINE_LIMITS = continue_config.engine_limits  # the real one; the tests below set theirs

USER_FILE = """\
# my Continue setup: keep this comment
name: Mine   # shown in the picker
version: 0.0.1
schema: v1
models:
  # the chat model I use
  - name: Claude
    provider: anthropic
    model: claude-x
    roles: [chat, edit]
    apiKey: "k"
  - name: Tab
    provider: ollama
    model: qwen
    roles:
      - autocomplete   # fast enough

# what Continue sees
context:
  - provider: code # code
"""

OLD_NCA = """\
name: Mine
version: 0.0.1
models:
  - name: nca   # added by nca
    provider: openai
    model: nca
    apiBase: http://127.0.0.1:8765/v1
    apiKey: nca-local
    roles: [chat, edit, apply]
    requestOptions:
      timeout: 5
  - name: Other
    provider: ollama
    model: llama3
"""


@pytest.fixture(autouse=True)
def engines(monkeypatch):
    """The workspace's engines, as nca doctor sees them: a chat engine of 8,192 tokens."""
    limits = {"chat": 8192, "fim": 0}
    monkeypatch.setattr(continue_config, "engine_limits", lambda _workspace: dict(limits))
    monkeypatch.delenv("NCA_API_KEY", raising=False)
    return limits


def args(path, **kw):
    return argparse.Namespace(config=path, port=kw.get("port", 9000), host="127.0.0.1",
                              print_only=kw.get("print_only", False),
                              dry_run=kw.get("dry_run", False),
                              autocomplete=kw.get("autocomplete", False), workspace=None)


def names(path):
    return [m["name"] for m in yaml.safe_load(path.read_text())["models"]]


def backups(tmp_path):
    return sorted(tmp_path.glob("config.yaml.*.bak"))


def test_entries_are_what_continue_needs_and_what_works():
    chat, auto = model_entries(9000, chat_context=8192)
    assert chat["provider"] == "openai" and chat["apiBase"] == "http://127.0.0.1:9000/v1"
    # the route answers edit/apply requests with a repair report or a chat answer, not with
    # the rewritten code Continue would paste: only chat is offered
    assert chat["roles"] == ["chat"] and auto["roles"] == ["autocomplete"]
    assert chat["defaultCompletionOptions"] == {"contextLength": 8192, "maxTokens": 2048}
    assert not auto["name"].startswith(("gpt", "o"))
    assert model_entries(1, "::1")[0]["apiBase"] == "http://[::1]:1/v1"


def test_no_engine_no_made_up_context_length():
    chat, auto = model_entries(9000)
    assert "contextLength" not in chat["defaultCompletionOptions"]
    assert "contextLength" not in auto["defaultCompletionOptions"]


def test_comments_and_order_survive_and_nca_is_not_the_default(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    path.write_text(USER_FILE)
    assert run_continue_config(args(path)) == 0
    text = path.read_text()
    # everything the user wrote is still there, in the same order, byte for byte: the change
    # only adds lines
    changes = [d for d in difflib.ndiff(USER_FILE.splitlines(), text.splitlines())
               if d[:1] in "+-"]
    assert changes and all(d.startswith("+ ") for d in changes)
    assert text.startswith(USER_FILE.split("\n# what Continue sees")[0])
    assert text.endswith("\n# what Continue sees\ncontext:\n  - provider: code # code\n")
    # nca comes after the user's models (Claude stays the default chat model) and is no
    # autocomplete model unless asked
    assert names(path) == ["Claude", "Tab", "nca"]
    nca = yaml.safe_load(text)["models"][2]
    assert nca["roles"] == ["chat"] and nca["apiBase"] == "http://127.0.0.1:9000/v1"
    assert nca["defaultCompletionOptions"]["contextLength"] == 8192
    (backup,) = backups(tmp_path)
    assert backup.read_text() == USER_FILE
    assert "wrote" in capsys.readouterr().out

    # a second run changes nothing: no write, no new backup
    assert run_continue_config(args(path)) == 0
    assert path.read_text() == text and len(backups(tmp_path)) == 1
    assert "nothing changed" in capsys.readouterr().out


def test_autocomplete_only_when_asked_and_then_first(tmp_path, engines):
    engines["fim"] = 4096
    path = tmp_path / "config.yaml"
    path.write_text(USER_FILE)
    assert run_continue_config(args(path, autocomplete=True)) == 0
    assert names(path) == ["Claude", "nca-autocomplete", "Tab", "nca"]
    auto = yaml.safe_load(path.read_text())["models"][1]
    assert auto["defaultCompletionOptions"] == {"contextLength": 4096, "maxTokens": 256}
    text = path.read_text()
    assert run_continue_config(args(path, autocomplete=True)) == 0
    assert path.read_text() == text
    # without --autocomplete the entry the user asked for before keeps working, where it is
    assert run_continue_config(args(path, port=9100)) == 0
    assert names(path) == ["Claude", "nca-autocomplete", "Tab", "nca"]
    assert {m["apiBase"] for m in yaml.safe_load(path.read_text())["models"]
            if m["name"].startswith("nca")} == {"http://127.0.0.1:9100/v1"}


def test_autocomplete_without_a_fim_engine_says_it_answers_nothing(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    assert run_continue_config(args(path, autocomplete=True)) == 0
    assert "no engine is routed to fim" in capsys.readouterr().err
    assert names(path) == ["nca", "nca-autocomplete"]


def test_an_old_entry_is_updated_in_place(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(OLD_NCA)
    assert run_continue_config(args(path)) == 0
    text = path.read_text()
    assert names(path) == ["nca", "Other"]
    assert "  - name: nca   # added by nca\n" in text
    assert "    roles: [chat]\n" in text  # the user's flow style kept
    nca = yaml.safe_load(text)["models"][0]
    assert nca["apiBase"] == "http://127.0.0.1:9000/v1"
    assert nca["requestOptions"] == {"timeout": 5}  # keys nca does not own are left alone


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    path.write_text(USER_FILE)
    assert run_continue_config(args(path, dry_run=True)) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- {path}\n+++ {path}\n@@ ")
    assert "+  - name: nca\n" in out and "+    apiBase: http://127.0.0.1:9000/v1\n" in out
    assert not [line for line in out.splitlines() if line.startswith("-") and
                not line.startswith("---")]
    assert path.read_text() == USER_FILE and backups(tmp_path) == []

    missing = tmp_path / "new" / "config.yaml"
    assert run_continue_config(args(missing, dry_run=True)) == 0
    assert capsys.readouterr().out.startswith(f"--- /dev/null\n+++ {missing}\n")
    assert not missing.parent.exists()

    assert run_continue_config(args(path)) == 0
    capsys.readouterr()
    assert run_continue_config(args(path, dry_run=True)) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "nothing would change" in captured.err


def test_print_writes_nothing(tmp_path, capsys):
    path = tmp_path / "none" / "config.yaml"
    assert run_continue_config(args(path, print_only=True)) == 0
    assert not path.exists()
    printed = yaml.safe_load(capsys.readouterr().out)
    assert printed["schema"] == "v1" and printed["name"] and printed["version"]


def test_a_file_of_comments_keeps_them(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("# nothing yet\n")
    assert run_continue_config(args(path)) == 0
    assert path.read_text().startswith("# nothing yet\nname: ")
    assert names(path) == ["nca"]


def test_the_api_key_comes_from_nca_api_key(tmp_path, monkeypatch):
    monkeypatch.setenv("NCA_API_KEY", "s3cret")
    path = tmp_path / "config.yaml"
    assert run_continue_config(args(path)) == 0
    assert yaml.safe_load(path.read_text())["models"][0]["apiKey"] == "s3cret"
    assert build_config(path, 9000, api_key="k2").text().count("apiKey: k2") == 1


@pytest.mark.parametrize("text", ["models: [\n", "- a list\n", "models: 3\n"])
def test_a_broken_file_is_left_alone(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError):
        build_config(path, 9000)
    assert path.read_text() == text


def test_the_context_length_is_the_routed_engines(tmp_path, monkeypatch):
    # the real council of a workspace with no nca.toml: the rules engine reads no prompt, and
    # the built-in model (when installed) has its configured window; never a made-up 32,768
    from nca.admin.council import Council

    monkeypatch.setenv("NCA_EMBEDDED_MODEL", "0")
    assert ENGINE_LIMITS(tmp_path) == {"chat": 0, "fim": 0}
    monkeypatch.delenv("NCA_EMBEDDED_MODEL")
    council = Council.for_workspace(tmp_path)
    assert ENGINE_LIMITS(tmp_path)["chat"] == council.context_length("chat") != 32768
