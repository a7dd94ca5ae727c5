"""Chat routing, the stop/max_tokens limiter, and replies as the lifecycle log sees them."""

import asyncio
import threading

import pytest

from nca.admin.chat import Chat, ChatMessage
from nca.admin.council import Council
from nca.admin.dispatcher import Dispatcher
from nca.admin.find_code import find_code
from nca.workers.core.errors import EngineError
from nca.workers.core.types import Health
from nca.workers.engines.rules.engine import RulesEngine


class Echo:
    id, kind = "echo", "model"
    capabilities = frozenset({"chat"})

    def __init__(self, pieces=("hel", "lo ", "wor", "ld")) -> None:
        self.pieces = pieces

    def health(self):
        return Health(True)

    def chat(self, messages, *, max_tokens=None, temperature=None, stop=(), cancel=None):
        for piece in self.pieces:
            if piece == "!":
                raise EngineError("the model went away", "restart it")
            yield piece


def make(tmp_path, engine=None) -> Chat:
    engines = [RulesEngine()] + ([engine] if engine else [])
    routing = {"fix": ("rules",), "chat": ("echo",) if engine else ()}
    return Chat(Dispatcher(tmp_path, council=Council(engines, routing)), origin="http")


def user(text):
    return [ChatMessage("system", "be nice"), ChatMessage("user", text)]


def collect(reply) -> str:
    async def run():
        return "".join([piece async for piece in reply])
    return asyncio.run(run())


@pytest.mark.parametrize(("text", "kind"), [
    ("```python\ndef f(:\n    pass\n```", "fix"),                       # does not compile
    ("fix this please\n```py\nx = 1\n```", "fix"),                      # asks for a fix
    ("```python\nprint(y)\n```\nTraceback (most recent call last):\n  File \"a.py\", line 1, "
     "in <module>\nNameError: name 'y' is not defined", "fix"),          # code and its error
    ("why is this broken?\nimport os\ndef f(:\n  pass", "fix"),         # bare code after prose
    ("what does this do?\n```python\nx = [i for i in range(3)]\n```", "engine"),
    ("```js\nfunction f( {\n```", "engine"),                            # not Python
    ("What is a monad?", "engine"),
    ("", "engine"),
])
def test_routes(tmp_path, text, kind):
    assert make(tmp_path, Echo()).route(user(text)).kind == kind


def test_without_a_chat_engine_the_answer_names_the_setting(tmp_path):
    chat = make(tmp_path)
    assert chat.route(user("What is a monad?")).kind == "no_engine"
    text = collect(chat.reply(user("What is a monad?")))
    assert text.startswith("No chat engine is configured") and "[nca.routing]" in text


def test_memory_questions_are_answered_from_memory(tmp_path):
    chat = make(tmp_path, Echo())
    assert chat.route(user("What does the project's architecture look like?")).kind == "memory"
    text = collect(chat.reply(user("What is in the memory?")))
    assert text.startswith("From the project's memory") and "nca memory build" in text


def test_find_code_takes_the_largest_python_fence():
    text = "a\n```python\nx = 1\n```\n```python\ndef f():\n    return 2\n```\n```sh\nls\n```"
    assert find_code(text) == "def f():\n    return 2\n"
    assert find_code("no code here") is None


def test_the_fix_path_streams_each_step_and_logs_both_tasks(tmp_path):
    chat = make(tmp_path)
    reply = chat.reply(user("```python\ndef f(x)\n    return x\n```"))
    text = collect(reply)
    debugger, analyzer, patch = (text.index(s) for s in ("**Debugger**", "**Analyzer**",
                                                        "**Verified patch**"))
    assert debugger < analyzer < patch
    assert "```python\ndef f(x):\n    return x\n```" in text
    tasks = {t["kind"]: t for t in chat.dispatcher.lifecycle.recent(5)}
    assert tasks["chat"]["status"] == "done" and tasks["fix_text"]["status"] == "fixed"


def test_clean_code_asked_to_be_fixed_says_there_is_nothing(tmp_path):
    text = collect(make(tmp_path).reply(user("fix this\n```python\nx = 1\n```")))
    assert "Nothing to fix" in text and "```diff" not in text


def test_an_engine_error_is_raised_and_logged(tmp_path):
    chat = make(tmp_path, Echo(("a", "!")))
    with pytest.raises(EngineError):
        collect(chat.reply(user("hi")))
    task = chat.dispatcher.lifecycle.recent(1)[0]
    assert task["status"] == "error" and "went away" in task["summary"]


def test_stopping_early_sets_the_cancel_flag_and_logs_why(tmp_path):
    chat = make(tmp_path, Echo(tuple("abcdefgh")))
    cancel = threading.Event()
    reply = chat.reply(user("hi"), cancel=cancel, interrupted="client disconnected")

    async def first():
        pieces = aiter(reply)
        got = await anext(pieces)
        await pieces.aclose()
        return got

    # chunks that wait together arrive joined: what was read is the answer's start
    assert "abcdefgh".startswith(asyncio.run(first()))
    assert cancel.is_set()
    task = chat.dispatcher.lifecycle.recent(1)[0]
    assert (task["status"], task["summary"]) == ("cancelled", "client disconnected")


def test_without_a_completion_engine_completing_is_an_error(tmp_path):
    from nca.admin.chat import NoCompleter

    with pytest.raises(NoCompleter):
        collect(make(tmp_path).complete("x = ", suffix="\n"))


def test_the_chat_engine_reads_the_projects_memory_first(tmp_path):
    from nca.admin.memory import AgentMemory

    (tmp_path / "billing.py").write_text(
        'def refund_order(order_id):\n    """Return the money of a cancelled order."""\n'
        "    return order_id\n")
    AgentMemory(tmp_path).build()
    seen = []

    class Recording(Echo):
        def chat(self, messages, **kwargs):
            seen.append(messages)
            return super().chat(messages, **kwargs)

    chat = make(tmp_path, Recording())
    assert collect(chat.reply(user("Explain refund_order to me"))) == "hello world"
    first = seen[0][0]
    assert first["role"] == "system" and "refund_order (billing.py:1)" in first["content"]
    assert seen[0][1:] == [{"role": "system", "content": "be nice"},
                           {"role": "user", "content": "Explain refund_order to me"}]
    lifecycle = chat.dispatcher.lifecycle
    (route,) = [e for e in lifecycle.events(lifecycle.recent(1)[0]["id"]) if e["step"] == "route"]
    assert any("refund_order" in s for s in route["detail"]["context"])
