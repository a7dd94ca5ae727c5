"""The symbol index is built before the Analyzer's time limit starts: a slow first build (a fresh
environment's installed-package index) must not cost the first fix."""

import sys
import time

from nca.admin.dispatcher import Dispatcher
from nca.workers.facts.knowledge import CombinedIndex, StdlibIndex, WorkspaceIndex


class SlowFirstIndex:
    """Forwards to a real index; its first query takes longer than the Analyzer's limit."""

    def __init__(self, inner, delay: float) -> None:
        self.inner, self.delay, self.first = inner, delay, True

    def modules_named(self, name):
        if self.first:
            self.first = False
            time.sleep(self.delay)
        return self.inner.modules_named(name)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_slow_first_index_build_does_not_cost_the_fix(tmp_path):
    dispatcher = Dispatcher(tmp_path, python=sys.executable)
    limit = dispatcher.courier.spec("analyze").time_limit
    dispatcher.index = SlowFirstIndex(CombinedIndex(WorkspaceIndex(tmp_path), StdlibIndex()),
                                      limit + 0.5)
    report = dispatcher.fix_text("def f():\n    return json.dumps(1)\n", "m.py")
    assert report.text.startswith("import json\n") and report.fixes_verified
    task = dispatcher.lifecycle.recent(1)[0]["id"]
    steps = [e["step"] for e in dispatcher.lifecycle.events(task)]
    assert "index" in steps and steps.index("index") < steps.index("analyze")
