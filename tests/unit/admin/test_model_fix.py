"""A model's patch in the real loop: merged, verified and voted like any rules candidate.

The models are scripted upstreams (real aiohttp servers on 127.0.0.1 answering fixed text),
reached through the real openai engine.
"""

from __future__ import annotations

from pathlib import Path

from nca.admin.council import Council
from nca.admin.courier import Courier
from nca.admin.dispatcher import Dispatcher
from nca.workers.engines.openai_engine import OpenAIEngine
from nca.workers.engines.rules.engine import RulesEngine
from nca.workers.facts.knowledge import CombinedIndex, StdlibIndex, WorkspaceIndex
from tests.unit.conftest import ScriptedUpstream, closed_port

BROKEN = "def area(width, height):\n    return width * height * scale\n"
GOOD = "def area(width, height, scale=1.0):\n    return width * height * scale\n"
GOOD_ANSWER = """```diff
--- a/geometry.py
+++ b/geometry.py
@@ -1,2 +1,2 @@
-def area(width, height):
+def area(width, height, scale=1.0):
     return width * height * scale
```"""
# fixes the error too, but rewrites more than it must: the vote prefers the smaller edit
WORSE_ANSWER = """```python
SCALE_FACTOR_FOR_ALL_AREAS = 1.0


def area(width, height):
    scale = SCALE_FACTOR_FOR_ALL_AREAS
    return width * height * scale
```"""
# does not fix anything: never verified
BROKEN_ANSWER = "```diff\n--- a/geometry.py\n+++ b/geometry.py\n@@ -1,2 +1,2 @@\n def area(width, height):\n-    return width * height * scale\n+    return width * height * scale(\n```"


def dispatcher_for(workspace: Path, council: Council) -> Dispatcher:
    dispatcher = Dispatcher(workspace, council=council)
    # the workspace and the stdlib are enough here; site-packages would only cost time
    dispatcher.index = CombinedIndex(WorkspaceIndex(workspace), StdlibIndex())
    return dispatcher


def upstream_answering(answer: str) -> ScriptedUpstream:
    server = ScriptedUpstream(answers=[answer])
    server.start()
    return server


def test_the_models_better_patch_wins_the_vote(tmp_path: Path) -> None:
    servers = [upstream_answering(a) for a in (WORSE_ANSWER, BROKEN_ANSWER, GOOD_ANSWER)]
    try:
        contract = Courier().contract("fix")
        worse, broken, good = (OpenAIEngine(name, s.base_url, retry_delay=0.01,
                                            contract=contract)
                               for name, s in zip(("worse", "broken", "good"), servers,
                                                  strict=True))
        council = Council([RulesEngine(), worse, broken, good])
        dispatcher = dispatcher_for(tmp_path, council)
        report = dispatcher.fix_text(BROKEN, "geometry.py")
    finally:
        for server in servers:
            server.stop()
    assert report.status == "fixed" and report.verified
    assert report.text == GOOD
    (applied,) = report.fixes
    assert applied.engine == "good" and applied.verified
    prompt = servers[2].requests[0]["body"]["messages"][1]["content"]
    assert "nca.workers.fixing.fixer:fix" in prompt  # the worker's contract is in the prompt
    assert "Undefined name `scale`" in prompt
    task = dispatcher.lifecycle.recent(1)[0]["id"]
    events = dispatcher.lifecycle.events(task)
    calls = [e["detail"]["engine"] for e in events if e["step"] == "model_call"]
    assert sorted(calls) == ["broken", "good", "worse"]
    verdicts = [e["status"] for e in events if e["step"] == "verify"]
    assert verdicts.count("passed") == 2 and "failed" in verdicts


def test_a_down_model_is_recorded_and_the_others_still_fix(tmp_path: Path) -> None:
    server = upstream_answering(GOOD_ANSWER)
    try:
        down = OpenAIEngine("down", f"http://127.0.0.1:{closed_port()}/v1", retry_delay=0.01)
        council = Council([RulesEngine(), down, OpenAIEngine("good", server.base_url)])
        dispatcher = dispatcher_for(tmp_path, council)
        report = dispatcher.fix_text(BROKEN, "geometry.py")
    finally:
        server.stop()
    assert report.text == GOOD and report.fixes[0].engine == "good"
    task = dispatcher.lifecycle.recent(1)[0]["id"]
    events = dispatcher.lifecycle.events(task)
    failed = [e for e in events if e["step"] == "fix" and e["status"] == "engine_failed"]
    assert failed and failed[0]["detail"]["engine"] == "down"
    assert any(e["step"] == "model_call" and e["status"].startswith("error")
               and e["detail"]["engine"] == "down" for e in events)


def test_the_models_prompt_carries_the_projects_memory(tmp_path: Path) -> None:
    from nca.admin.memory import AgentMemory

    (tmp_path / "units.py").write_text(
        'def scale_for(unit):\n    """Return the factor that turns ``unit`` into metres."""\n'
        "    return 1.0\n")
    broken = "def area(width, height):\n    return width * height * scale_for\n"
    AgentMemory(tmp_path).build()
    server = upstream_answering(GOOD_ANSWER)
    try:
        engine = OpenAIEngine("good", server.base_url, retry_delay=0.01,
                              contract=Courier().contract("fix"))
        dispatcher = dispatcher_for(tmp_path, Council([engine], {"fix": ("good",)}))
        dispatcher.fix_text(broken, "geometry.py")
    finally:
        server.stop()
    prompt = server.requests[0]["body"]["messages"][1]["content"]
    assert "## What the project's memory says" in prompt
    assert "turns ``unit`` into metres" in prompt  # the docstring of the symbol in question
    task = dispatcher.lifecycle.recent(1)[0]["id"]
    (context,) = [e for e in dispatcher.lifecycle.events(task) if e["step"] == "context"]
    assert any("scale_for" in s for s in context["detail"]["slices"])


def test_the_rules_engine_alone_never_reads_memory(tmp_path: Path) -> None:
    dispatcher = dispatcher_for(tmp_path, Council([RulesEngine()]))
    dispatcher.fix_text("def f(x)\n    return x\n", "m.py")
    task = dispatcher.lifecycle.recent(1)[0]["id"]
    (context,) = [e for e in dispatcher.lifecycle.events(task) if e["step"] == "context"]
    assert context["status"] == "skipped"  # the plan says why: no model is routed to fix
    assert "no model engine" in context["detail"]["reason"]
