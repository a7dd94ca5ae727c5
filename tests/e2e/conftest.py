"""Fixtures shared by the end-to-end tests.

``client``: a pytest-lsp client speaking to ``python -m nca.server`` in a fresh workspace
(``tmp_path / "ws"``), recording the workspace edits the server applies (tests/e2e/test_lsp_*).
``words`` and ``bare``: the HTTP API on loopback, with a streaming chat engine or with the
rules engine only behind an API key (tests/e2e/test_http_api_*).
"""

from __future__ import annotations

from pathlib import Path

import pytest_asyncio
import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.e2e.http_api_helpers import WordsEngine, make_dispatcher, serve
from tests.e2e.lsp_helpers import SERVER, start_session


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    ws = tmp_path / "ws"
    ws.mkdir()
    await start_session(lsp_client, ws)
    yield
    await lsp_client.shutdown_session()


@pytest_asyncio.fixture
async def words(tmp_path):
    engine = WordsEngine()
    runner, base = await serve(make_dispatcher(tmp_path, engine))
    yield base, engine
    await runner.cleanup()


@pytest_asyncio.fixture
async def bare(tmp_path):
    """A server with no chat engine, only the rules engine."""
    dispatcher = make_dispatcher(tmp_path)
    runner, base = await serve(dispatcher, api_key="s3cret", max_body_bytes=1024 * 1024)
    yield base, dispatcher
    await runner.cleanup()
