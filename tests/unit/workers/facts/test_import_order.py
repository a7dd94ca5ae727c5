"""Which isort orders a file's imports follow, and what a workspace's files vote for."""

import ast

from nca.workers.facts.import_order import followed_orders, workspace_orders
from nca.workers.facts.knowledge import WorkspaceIndex


def _orders(text):
    return workspace_orders(ast.parse(text))


def test_a_file_with_plain_and_from_imports_mixed_by_module_votes_for_that():
    text = "from collections import deque\nimport os\nfrom typing import Any\n\nimport attr\n"
    assert set(_orders(text)) == {"by-module", "by-module-nocase"}


def test_isorts_default_and_from_first():
    assert "default" in _orders("import os\nfrom abc import ABC\n")
    assert "by-module" not in _orders("import os\nfrom abc import ABC\n")
    assert set(_orders("from os import sep\nimport abc\n")) == {"from-first", "from-first-nocase"}


def test_a_file_that_tells_nothing_apart_votes_for_nothing():
    assert _orders("from os import sep\nfrom typing import Any\n") == []  # agrees with all
    assert _orders("import sys\nimport abc\n") == []  # follows none
    # sections apart: the blank line between third-party and first-party
    assert _orders("import zlib\nfrom abc import ABC\n\nimport attr\n\nimport a_pkg\n") != []


def test_every_section_is_sorted_on_its_own():
    sections = [[ast.parse("import os").body[0]], [ast.parse("import abc").body[0]]]
    assert "default" in followed_orders(sections)


def test_the_workspace_counts_the_files_that_tell_orders_apart(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from abc import ABC\nimport os\n")
    (tmp_path / "pkg" / "b.py").write_text("from collections import deque\nimport sys\n")
    (tmp_path / "pkg" / "c.py").write_text("import os\nfrom abc import ABC\n")
    votes = WorkspaceIndex(tmp_path).import_order_votes()
    assert votes["by-module"] == 2 and votes["default"] == 1
