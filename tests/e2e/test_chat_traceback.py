"""A traceback pasted alone into the chat, through the official ``openai`` SDK: the answer is
the verified diff of the workspace file its frames name, before any model prose."""

from pathlib import Path

import pytest
import pytest_asyncio
from openai import AsyncOpenAI

from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.server.http_api import HttpSettings, make_app, start_http
from nca.workers.engines.rules.engine import RulesEngine

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

BROKEN = "import json\n\n\ndef dump(x):\n    return jsn.dumps(x)\n"


@pytest_asyncio.fixture
async def server(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'app'\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "store.py").write_text(BROKEN)
    dispatcher = Dispatcher(tmp_path, council=Council([RulesEngine()], {"fix": ("rules",)}),
                            origin="http")
    runner, port = await start_http(make_app(dispatcher, HttpSettings()), "127.0.0.1", 0)
    yield f"http://127.0.0.1:{port}", tmp_path
    await runner.cleanup()


async def test_a_pasted_traceback_gets_the_verified_diff_of_the_workspace_file(server):
    base, workspace = server
    traceback = ("Traceback (most recent call last):\n"
                 f'  File "{workspace / "app" / "store.py"}", line 5, in dump\n'
                 "    return jsn.dumps(x)\n"
                 "NameError: name 'jsn' is not defined\n")
    client = AsyncOpenAI(base_url=f"{base}/v1", api_key="unused")
    stream = await client.chat.completions.create(
        model="nca", messages=[{"role": "user", "content": traceback}], stream=True)
    answer = "".join([c.choices[0].delta.content or "" async for c in stream])
    assert answer.startswith("**Debugger:**")
    assert "**Verified patch**" in answer and "+    return json.dumps(x)" in answer
    assert (workspace / "app" / "store.py").read_text() == BROKEN
