"""``nca continue-config``: the entries, the merge that keeps the user's models, the backup."""

import argparse

import pytest
import yaml

from nca.server.continue_config import build_config, model_entries, run_continue_config
from nca.workers.errors import ConfigError

USER_FILE = """\
name: Mine
version: 0.0.1
schema: v1
models:
  - name: Claude
    provider: anthropic
    model: claude-x
    apiKey: k
  - name: nca
    provider: openai
    model: old
context:
  - provider: code
"""


def args(path, **kw):
    return argparse.Namespace(config=path, port=kw.get("port", 9000), host="127.0.0.1",
                              print_only=kw.get("print_only", False))


def test_entries_are_what_continue_needs():
    chat, auto = model_entries(9000)
    assert chat["provider"] == "openai" and chat["apiBase"] == "http://127.0.0.1:9000/v1"
    assert chat["roles"] == ["chat", "edit", "apply"] and auto["roles"] == ["autocomplete"]
    assert not auto["name"].startswith(("gpt", "o"))


def test_merge_keeps_the_users_entries_and_backs_up(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    path.write_text(USER_FILE)
    assert run_continue_config(args(path)) == 0
    data = yaml.safe_load(path.read_text())
    assert data["name"] == "Mine" and data["context"] == [{"provider": "code"}]
    assert [m["name"] for m in data["models"]] == ["nca", "nca-autocomplete", "Claude"]
    assert data["models"][0]["model"] == "nca"
    backups = list(tmp_path.glob("config.yaml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text() == USER_FILE
    assert run_continue_config(args(path)) == 0  # again: a second backup, same models
    assert len(list(tmp_path.glob("config.yaml.*.bak"))) == 2
    assert [m["name"] for m in yaml.safe_load(path.read_text())["models"]] == [
        "nca", "nca-autocomplete", "Claude"]


def test_print_writes_nothing(tmp_path, capsys):
    path = tmp_path / "none" / "config.yaml"
    assert run_continue_config(args(path, print_only=True)) == 0
    assert not path.exists()
    assert yaml.safe_load(capsys.readouterr().out)["schema"] == "v1"


@pytest.mark.parametrize("text", ["models: [\n", "- a list\n", "models: 3\n"])
def test_a_broken_file_is_left_alone(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError):
        build_config(path, 9000)
    assert path.read_text() == text
