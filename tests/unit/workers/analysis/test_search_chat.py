"""Chat answers about an error cite the search results; other chat is unchanged."""

from __future__ import annotations

import pytest

from tests.unit.workers.analysis.search_replay import SE_SEARCH, TRACEBACK, run

pytestmark = pytest.mark.usefixtures("fresh_limits")


# --------------------------------------------------------------------------- the chat hook


class Recorder:
    """A chat engine that answers one sentence and keeps what it was sent."""

    id, kind = "echo", "model"
    capabilities = frozenset({"chat"})

    def __init__(self) -> None:
        self.seen: list[list[dict[str, str]]] = []

    def health(self):
        from nca.workers.core.types import Health

        return Health(True)

    def chat(self, messages, *, max_tokens=None, temperature=None, stop=(), cancel=None):
        self.seen.append(list(messages))
        yield "Check the status code first [1]."


def chat_with(tmp_path, engine=None):
    from nca.admin.chat import Chat
    from nca.admin.council import Council
    from nca.admin.dispatcher import Dispatcher
    from nca.workers.engines.rules.engine import RulesEngine

    engines = [RulesEngine()] + ([engine] if engine else [])
    routing = {"fix": ("rules",), "chat": ("echo",) if engine else ()}
    tmp_path.mkdir(exist_ok=True)
    return Chat(Dispatcher(tmp_path, council=Council(engines, routing)), origin="http")


def answer(chat, text) -> str:
    from nca.admin.chat import ChatMessage

    async def go() -> str:
        return "".join([p async for p in chat.reply([ChatMessage("user", text)])])

    return run(go())


def test_chat_answer_about_an_error_cites_the_search_results(replay, tmp_path, monkeypatch):
    monkeypatch.setenv("NCA_WEB_SEARCH", "1")
    monkeypatch.setenv("NCA_SEARCH_STACKEXCHANGE_URL", f"{replay.url}/2.3")
    monkeypatch.setenv("NCA_SEARCH_GITHUB_URL", replay.url)
    monkeypatch.setenv("NCA_SEARCH_CACHE", str(tmp_path / "cache.sqlite3"))
    engine = Recorder()
    text = answer(chat_with(tmp_path / "ws", engine), f"Why do I get this?\n{TRACEBACK}")
    assert text.startswith("Check the status code first [1].")
    assert "**Sources**" in text
    assert SE_SEARCH["items"][0]["link"] in text
    assert "https://github.com/psf/requests/issues/1234" in text
    (sent,) = engine.seen
    assert sent[0]["role"] == "system" and SE_SEARCH["items"][0]["link"] in sent[0]["content"]
    assert "cite" in sent[0]["content"]


def test_chat_without_an_error_is_unchanged(replay, tmp_path, monkeypatch):
    monkeypatch.setenv("NCA_WEB_SEARCH", "1")
    monkeypatch.setenv("NCA_SEARCH_STACKEXCHANGE_URL", f"{replay.url}/2.3")
    engine = Recorder()
    text = answer(chat_with(tmp_path / "ws", engine), "What is a monad?")
    assert text == "Check the status code first [1]."
    assert replay.requests == [] and engine.seen[0][0]["role"] == "user"


def test_chat_fix_path_lists_the_offline_docs(tmp_path, monkeypatch):
    monkeypatch.delenv("NCA_WEB_SEARCH", raising=False)
    code = "```python\nimport requests\nrequests.get('https://example.com').raise_for_status()\n```"
    text = answer(chat_with(tmp_path / "ws"), f"fix this\n{code}\n{TRACEBACK}")
    assert "**Sources**" in text
    assert "raise_for_status docstring" in text and "file://" in text
