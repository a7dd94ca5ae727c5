"""Continue's own npm packages against nca: the OpenAI adapter it chats through, and the
config-yaml validator on what ``nca continue-config --print`` writes. Run with Node."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from nca.admin.chat import Chat
from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.server.http_api import HttpSettings, make_app, start_http
from nca.workers.engines.rules.engine import RulesEngine

NODE_DIR = Path(__file__).resolve().parents[1] / "node"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
    pytest.mark.skipif(not (NODE_DIR / "node_modules" / "@continuedev").is_dir(),
                       reason="Continue's packages are not installed: run `npm ci` in tests/node "
                              "(make test does when npm exists)"),
]


def node(script: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(["node", script, *args], cwd=NODE_DIR, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture
def server(tmp_path):
    """A server on its own loop in a thread, as ``nca serve`` runs it beside the LSP."""
    chat = Chat(Dispatcher(tmp_path, council=Council([RulesEngine()], {"fix": ("rules",)}),
                           origin="http"))
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state = {}

    async def start():
        state["runner"], state["port"] = await start_http(
            make_app(chat, HttpSettings(api_key="k3y")), "127.0.0.1", 0)
        ready.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop)
    assert ready.wait(10)
    yield f"http://127.0.0.1:{state['port']}/v1/"
    asyncio.run_coroutine_threadsafe(state["runner"].cleanup(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def test_continue_adapter_lists_streams_and_completes(server):
    prompt = "Fix this:\n```python\ndef area(r)\n    return 3.14 * r * r\n```"
    out = node("chat_stream.mjs", server, "k3y", prompt)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["models"] == ["nca", "nca-autocomplete"]
    assert "```diff" in result["text"] and "+def area(r):" in result["text"]
    assert result["usage"]["completion_tokens"] > 0
    assert result["completion"] == ""


def test_continue_adapter_sees_a_wrong_key(server):
    out = node("chat_stream.mjs", server, "wrong", "hi")
    assert out.returncode != 0 and "401" in out.stderr


def test_generated_config_validates_with_continues_parser(tmp_path):
    home = tmp_path / "home"
    user = home / ".continue" / "config.yaml"
    user.parent.mkdir(parents=True)
    user.write_text("name: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n"
                    "  - name: Other\n    provider: ollama\n    model: llama3\n")
    env_cmd = [sys.executable, "-m", "nca.server.cli", "continue-config", "--port", "8765"]
    printed = subprocess.run([*env_cmd, "--print"], capture_output=True, text=True, timeout=60,
                             env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert printed.returncode == 0, printed.stderr
    (tmp_path / "printed.yaml").write_text(printed.stdout)
    out = node("validate_config.mjs", str(tmp_path / "printed.yaml"))
    assert out.returncode == 0, out.stdout + out.stderr
    models = {m["name"]: m for m in json.loads(out.stdout)["models"]}
    assert models["nca"]["roles"] == ["chat", "edit", "apply"]
    assert models["nca-autocomplete"]["roles"] == ["autocomplete"]
    assert models["Other"]["provider"] == "ollama"

    written = subprocess.run(env_cmd, capture_output=True, text=True, timeout=60,
                             env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert written.returncode == 0, written.stderr
    assert user.read_text() == printed.stdout
    assert node("validate_config.mjs", str(user)).returncode == 0
