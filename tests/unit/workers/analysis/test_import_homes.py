"""Where a lost import is taken from inside a package: the module that defines the name, not
the package's own __init__ that re-exports it (which may import this very file)."""

from __future__ import annotations

import sys

from nca.admin.dispatcher import Dispatcher


def test_a_sibling_module_beats_the_package_that_reexports_it(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from .core import encode\nfrom .ranges import contains\n")
    (pkg / "ranges.py").write_text("def contains(value, ranges):\n    return value in ranges\n")
    (pkg / "data.py").write_text("RANGES = (1, 2)\n")
    text = "from . import data\n\n\ndef encode(value):\n    return contains(value, data.RANGES)\n"
    (pkg / "core.py").write_text(text)
    report = Dispatcher(tmp_path, record=False, python=sys.executable).fix_file(pkg / "core.py")
    assert report.fixes_verified
    assert report.text.startswith("from . import data\nfrom .ranges import contains\n")
