"""Continue's own npm packages against nca: the OpenAI adapter it chats through, the
config-yaml validator on what ``nca continue-config --print`` writes, and the headless ``cn``
CLI chatting through that config. Run with Node."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from aiohttp import web

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


@contextlib.contextmanager
def running(workspace: Path, seen: list | None = None):
    """Yield the port of a server on its own loop in a thread, as ``nca serve`` runs it
    beside the LSP; the JSON bodies it is posted are appended to ``seen``."""
    dispatcher = Dispatcher(workspace, council=Council([RulesEngine()], {"fix": ("rules",)}),
                            origin="http")
    app = make_app(dispatcher, HttpSettings(api_key="k3y"))
    if seen is not None:
        @web.middleware
        async def record(request, handler):
            if request.method == "POST":
                seen.append({"path": request.path, **await request.json()})
            return await handler(request)

        app.middlewares.append(record)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    runner, port = asyncio.run_coroutine_threadsafe(
        start_http(app, "127.0.0.1", 0), loop).result(10)
    try:
        yield port
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@pytest.fixture
def server(tmp_path):
    with running(tmp_path) as port:
        yield f"http://127.0.0.1:{port}/v1/"


def test_continue_adapter_lists_streams_and_completes(server):
    prompt = "Fix this:\n```python\ndef area(r)\n    return 3.14 * r * r\n```"
    out = node("chat_stream.mjs", server, "k3y", prompt)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["models"] == ["nca", "nca-autocomplete"]
    assert "```diff" in result["text"] and "+def area(r):" in result["text"]
    assert result["usage"]["completion_tokens"] > 0
    assert "404" in result["completion"]["error"] or "completion" in result["completion"]["error"]


def test_continue_adapter_sees_a_wrong_key(server):
    out = node("chat_stream.mjs", server, "wrong", "hi")
    assert out.returncode != 0 and "401" in out.stderr


def test_generated_config_validates_with_continues_parser(tmp_path):
    home = tmp_path / "home"
    user = home / ".continue" / "config.yaml"
    user.parent.mkdir(parents=True)
    original = ("# mine: keep this\nname: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n"
                "  - name: Other  # the local one\n    provider: ollama\n    model: llama3\n")
    user.write_text(original)
    env_cmd = [sys.executable, "-m", "nca.server.cli", "continue-config", "--port", "8765",
               "--autocomplete"]
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    printed = subprocess.run([*env_cmd, "--print"], capture_output=True, text=True, timeout=60,
                             env=env)
    assert printed.returncode == 0, printed.stderr
    (tmp_path / "printed.yaml").write_text(printed.stdout)
    out = node("validate_config.mjs", str(tmp_path / "printed.yaml"))
    assert out.returncode == 0, out.stdout + out.stderr
    models = {m["name"]: m for m in json.loads(out.stdout)["models"]}
    assert models["nca"]["roles"] == ["chat"]
    assert models["nca-autocomplete"]["roles"] == ["autocomplete"]
    assert models["Other"]["provider"] == "ollama"

    dry = subprocess.run([*env_cmd, "--dry-run"], capture_output=True, text=True, timeout=60,
                         env=env)
    assert dry.returncode == 0 and dry.stdout.startswith(f"--- {user}"), dry.stderr
    assert not list(user.parent.glob("*.bak"))
    written = subprocess.run(env_cmd, capture_output=True, text=True, timeout=60, env=env)
    assert written.returncode == 0, written.stderr
    assert user.read_text() == printed.stdout
    assert user.read_text().startswith(original)  # comments, order and layout kept
    assert node("validate_config.mjs", str(user)).returncode == 0
    again = subprocess.run(env_cmd, capture_output=True, text=True, timeout=60, env=env)
    assert again.returncode == 0 and "nothing changed" in again.stdout, again.stderr
    assert len(list(user.parent.glob("*.bak"))) == 1


CN = NODE_DIR / "node_modules" / ".bin" / "cn"
BROKEN = "def area(r)\n    return math.pi * r * r\n"
FIXED = "import math\n\n\ndef area(r):\n    return math.pi * r * r\n"


@pytest.mark.skipif(not CN.exists(), reason="@continuedev/cli (cn) is not installed: run "
                                            "`npm ci` in tests/node")
def test_continue_cli_gets_the_verified_fix_through_the_generated_config(tmp_path):
    home, workspace = tmp_path / "home", tmp_path / "workspace"
    home.mkdir()
    workspace.mkdir()
    # the environment cn sees: no user config, no telemetry, nothing but this server to reach
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "CONTINUE_CLI_ENABLE_TELEMETRY": "0", "CONTINUE_METRICS_ENABLED": "0"}
    seen: list = []
    with running(workspace, seen) as port:
        printed = subprocess.run(
            [sys.executable, "-m", "nca.server.cli", "continue-config", "--port", str(port),
             "--print"], capture_output=True, text=True, timeout=60,
            env={**env, "NCA_API_KEY": "k3y"})
        assert printed.returncode == 0, printed.stderr
        config = tmp_path / "config.yaml"
        config.write_text(printed.stdout)
        prompt = f"Fix this code:\n```python\n{BROKEN}```"
        out = subprocess.run([str(CN), "-p", prompt, "--config", str(config), "--format", "json"],
                             cwd=workspace, capture_output=True, text=True, timeout=90, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    answer = json.loads(out.stdout)["response"]
    assert "+def area(r):" in answer and "+import math" in answer  # the verified diff
    assert f"```python\n{FIXED}```" in answer  # and the fixed code
    # what Continue sends: a stream, its tools and a long system prompt beside the user's code
    (request,) = [r for r in seen if r["path"] == "/v1/chat/completions"]
    assert request["model"] == "nca" and request["stream"] is True
    assert request["tools"]
    system = [m for m in request["messages"] if m["role"] == "system"]
    assert system and len(str(system[0]["content"])) > 500
    assert BROKEN in str(request["messages"][-1]["content"])


def test_continue_adapter_gets_the_verified_diff_for_a_pasted_traceback(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'app'\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "store.py").write_text("import json\n\n\ndef dump(x):\n    return jsn.dumps(x)\n")
    traceback = ("Traceback (most recent call last):\n"
                 f'  File "{tmp_path / "app" / "store.py"}", line 5, in dump\n'
                 "    return jsn.dumps(x)\nNameError: name 'jsn' is not defined\n")
    with running(tmp_path) as port:
        out = node("chat_stream.mjs", f"http://127.0.0.1:{port}/v1/", "k3y", traceback)
    assert out.returncode == 0, out.stderr
    text = json.loads(out.stdout)["text"]
    assert "**Verified patch**" in text and "+    return json.dumps(x)" in text
