"""nca.server.lsp_background: which findings stand alone."""

from __future__ import annotations

import pytest

from nca.server.lsp_background import first_round
from nca.workers.core.types import CleanFinding

TEXT = ("import os\nimport sys\n\n\ndef helper():\n    return os.getcwd()\n\n\n"
        "def main():\n    print(sys.argv)\n    return\n    print('never')\n")


def finding(category: str, name: str, line: int) -> CleanFinding:
    return CleanFinding(name=name, category=category, line=line, confidence=90, removable=True)


@pytest.mark.parametrize(("found", "kept"), [
    (finding("function", "helper", 5), True),
    (finding("import", "os", 1), False),  # used by helper: unused only once helper is gone
    (finding("unreachable", "unreachable code after 'return'", 12), True),
])
def test_first_round_keeps_what_is_unused_now(found: CleanFinding, kept: bool):
    assert first_round(TEXT, (found,)) == ((found,) if kept else ())


def test_first_round_of_text_that_does_not_tokenize_is_empty():
    assert first_round("def f(:\n    '''\n", (finding("function", "f", 1),)) == ()
