"""Unused imports in a package's __init__: a module imported whole that `__all__` leaves out is
removed; anything that may be a re-export is only suggested."""

import pytest

from nca.admin.dispatcher import Dispatcher


def _fix(tmp_path, text):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text(text)
    return Dispatcher(tmp_path).fix_text(text, "pkg/__init__.py")


def test_a_module_import_all_leaves_out_is_removed(tmp_path):
    text = "import os\nimport time\n\n__all__ = ['where']\n\nwhere = os.getcwd()\n"
    report = _fix(tmp_path, text)
    assert report.verified
    assert report.text == "import os\n\n__all__ = ['where']\n\nwhere = os.getcwd()\n"


def test_a_standard_library_module_is_removed_where_there_is_no_all(tmp_path):
    report = _fix(tmp_path, "import copy\nimport os\n\nwhere = os.getcwd()\n")
    assert report.verified and report.text == "import os\n\nwhere = os.getcwd()\n"


def test_one_name_of_a_module_import_line_is_removed(tmp_path):
    text = "import os, time\n\n__all__ = ['where']\n\nwhere = os.getcwd()\n"
    report = _fix(tmp_path, text)
    assert report.verified and report.text.startswith("import os\n\n__all__")


@pytest.mark.parametrize("text", [
    # a from-import is how a package re-exports, listed in __all__ or not
    "from .core import Engine\n\n__all__ = ['where']\n\nwhere = 1\n",
    # no __all__, and not the standard library's: the package may offer it (`pkg.attr`)
    "import attr\n\nwhere = 1\n",
    # imported for what importing it does
    "import readline\n\nwhere = 1\n",
    # __all__ grows at run time
    "import time\n\n__all__ = ['where']\n__all__ += EXTRA\n\nwhere = 1\nEXTRA = []\n",
    # listed: a public attribute of the package
    "import time\n\n__all__ = ['where', 'time']\n\nwhere = 1\n",
])
def test_a_possible_re_export_is_kept(tmp_path, text):
    if "from .core" in text:
        (tmp_path / "pkg").mkdir()
        (tmp_path / "pkg" / "core.py").write_text("class Engine:\n    pass\n")
        report = Dispatcher(tmp_path).fix_text(text, "pkg/__init__.py")
    else:
        report = _fix(tmp_path, text)
    assert report.text == text


def test_many_re_exports_do_not_use_up_the_rounds_before_an_unused_module(tmp_path):
    (tmp_path / "pkg").mkdir()
    names = [f"Name{i}" for i in range(45)]
    (tmp_path / "pkg" / "core.py").write_text("".join(f"{n} = {i}\n" for i, n in enumerate(names)))
    text = "".join(f"from .core import {n}\n" for n in names) + "import calendar\n"
    (tmp_path / "pkg" / "__init__.py").write_text(text)
    report = Dispatcher(tmp_path).fix_text(text, "pkg/__init__.py")
    assert "import calendar" not in report.text and report.text.count("from .core") == 45


def test_an_aliased_module_import_all_leaves_out_is_removed(tmp_path):
    text = "import os\nimport time as t\n\n__all__ = ['where']\n\nwhere = os.getcwd()\n"
    report = _fix(tmp_path, text)
    assert report.verified and "import time" not in report.text
