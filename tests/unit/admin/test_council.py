"""The council: engines built from config, routing, health, fallback, the call hook."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from nca.admin.config import parse_config
from nca.admin.council import Council
from nca.workers.core.errors import EngineError
from nca.workers.core.types import Health
from nca.workers.engines.openai_engine import OpenAIEngine
from nca.workers.engines.rules.engine import RulesEngine
from tests.unit.conftest import ScriptedUpstream, closed_port

MESSAGES = [{"role": "user", "content": "hi"}]


class Fake:
    """An engine that answers with fixed chunks, fails, or reports itself down."""

    kind = "fake"
    capabilities = frozenset({"chat", "fim", "fix"})
    context_length = 100

    def __init__(self, engine_id: str, chunks: tuple[str, ...] = ("ok",), *,
                 fail: str = "", healthy: bool = True, fail_after: int | None = None) -> None:
        self.id, self.chunks, self.fail, self.healthy = engine_id, chunks, fail, healthy
        self.fail_after = fail_after
        self.on_call = None
        self.asked = 0

    def health(self) -> Health:
        return Health(self.healthy, "" if self.healthy else f"{self.id} is off")

    def propose(self, request):  # type: ignore[no-untyped-def]
        return []

    def chat(self, messages, **options) -> Iterator[str]:  # type: ignore[no-untyped-def]
        self.asked += 1
        for n, chunk in enumerate(self.chunks):
            if self.fail and (self.fail_after is None or n == self.fail_after):
                raise EngineError(self.fail)
            yield chunk
        if self.fail and self.fail_after is not None and self.fail_after >= len(self.chunks):
            raise EngineError(self.fail)

    def complete(self, prompt, *, suffix=None, **options) -> Iterator[str]:  # type: ignore[no-untyped-def]
        return self.chat([], **options)

    async def achat(self, messages, **options):  # type: ignore[no-untyped-def]
        for chunk in self.chat(messages, **options):
            yield chunk


def test_default_council_is_the_rules_engine() -> None:
    council = Council()
    assert [e.id for e in council.engines_for("fix")] == ["rules"]
    assert council.engines_for("chat") == ()


def test_routing_order_and_health_choose_the_engines() -> None:
    a, b, c = Fake("a"), Fake("b", healthy=False), Fake("c")
    council = Council([a, b, c], routing={"chat": ["c", "b", "a"]})
    assert council.engines_for("chat") == (c, a)
    assert council.engines_for("fim") == (a, c)  # not routed: every engine declaring it
    assert council.context_length("chat") == 100


def answer(council: Council, messages=MESSAGES, **options) -> str:  # type: ignore[no-untyped-def]
    """Return the council's streamed chat answer, joined."""
    async def collect() -> str:
        return "".join([c async for c in council.achat(messages, **options)])

    return asyncio.run(collect())


@pytest.mark.parametrize(("engines", "reply"), [
    ([Fake("a", ("x", "y"))], "xy"),
    ([Fake("a", fail="boom"), Fake("b", ("second",))], "second"),
    ([Fake("a", healthy=False), Fake("b", ("second",))], "second"),
    ([Fake("a", fail="boom", fail_after=0), Fake("b", ("z",))], "z"),
])
def test_chat_falls_back_before_the_first_chunk(engines: list[Fake], reply: str) -> None:
    assert answer(Council(engines)) == reply


def test_a_failure_mid_answer_is_not_hidden() -> None:
    # past the head the council reads to tell a refusal, the answer is the user's
    long = tuple("x" * 10 for _ in range(6))
    first, spare = Fake("a", long, fail="dropped", fail_after=5), Fake("b")
    with pytest.raises(EngineError, match="dropped"):
        answer(Council([first, spare]))
    assert spare.asked == 0  # half an answer was sent: it cannot be taken back


def test_when_every_engine_fails_the_error_lists_each() -> None:
    council = Council([Fake("a", fail="boom"), Fake("b", healthy=False)])
    with pytest.raises(EngineError, match="no engine could answer chat") as caught:
        answer(council)
    assert "a: boom" in str(caught.value) and "b: b is off" in str(caught.value)
    with pytest.raises(EngineError, match="no engine serves chat"):
        answer(Council())


def test_first_tries_engines_in_order() -> None:
    council = Council([Fake("a", fail="x"), Fake("b")], routing={"chat": ["a", "b"]})

    def ask(engine: Fake) -> str:
        return "".join(engine.chat([]))

    assert council.first("chat", ask) == "ok"


def test_a_down_upstream_falls_back_to_the_next(upstream: ScriptedUpstream) -> None:
    down = OpenAIEngine("down", f"http://127.0.0.1:{closed_port()}/v1", retry_delay=0.01)
    up = OpenAIEngine("up", upstream.base_url)
    council = Council([RulesEngine(), down, up], routing={"chat": ["down", "up"]})
    assert answer(council) == "Hello from the upstream."
    # the failed upstream is now reported down and skipped without a new attempt
    assert [e.id for e in council.engines_for("chat")] == ["up"]
    assert "unreachable" in council.health()["down"].reason


def test_engines_from_config_report_through_the_council(upstream: ScriptedUpstream,
                                                        tmp_path: Path) -> None:
    config = parse_config({"engines": [
        {"id": "up", "kind": "openai", "base_url": upstream.base_url, "model": "m"},
        {"id": "local", "kind": "transformers", "path": str(tmp_path / "none")},
        {"id": "wl", "kind": "wolfram"},
    ]})
    council = Council.from_config(config, contract="the contract")
    calls = []
    council.on_call = lambda *args: calls.append(args)
    assert answer(council) == "Hello from the upstream."
    assert calls and calls[0][0] == "up" and calls[0][-1] == "ok"
    assert council.engines["up"].contract == "the contract"
    assert council.route("fix") == ("rules", "up", "local")
    assert [e.id for e in council.engines_for("fix")] == ["rules", "up"]


def test_describe_lists_health_capabilities_and_routing(upstream: ScriptedUpstream,
                                                        tmp_path: Path) -> None:
    pytest.importorskip("transformers", reason="the models extra is not installed")
    config = parse_config({"engines": [
        {"id": "up", "kind": "openai", "base_url": upstream.base_url, "context_length": 4096},
        {"id": "gone", "kind": "openai", "base_url": f"http://127.0.0.1:{closed_port()}/v1"},
        {"id": "local", "kind": "transformers", "path": str(tmp_path / "none")},
    ]}, "nca.toml")
    report = Council.from_config(config).describe(probe=True)
    rows = {row["id"]: row for row in report["engines"]}
    assert rows["up"] == {"id": "up", "kind": "openai", "healthy": True,
                          "capabilities": ["chat", "fim", "fix", "stream"],
                          "context_length": 4096, "reason": rows["up"]["reason"]}
    assert not rows["gone"]["healthy"] and "unreachable" in rows["gone"]["reason"]
    assert not rows["local"]["healthy"] and "no model directory" in rows["local"]["reason"]
    assert report["routing"]["fix"] == ["rules", "up", "gone", "local"]
    assert report["source"] == "nca.toml"
