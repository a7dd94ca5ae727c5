"""docs/architecture.md names every package of the tree, and each package says what it owns."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOPS = {"server": "nca.server", "admin": "nca.admin", "workers": "nca.workers"}


def _packages() -> dict[str, Path]:
    found = {}
    for top, name in TOPS.items():
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / top)
            found[".".join([name, *rel.parts])] = init
    return found


def _mapped() -> list[str]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split("## Packages", 1)[1]
    return re.findall(r"^- `(nca(?:\.\w+)*)`:", section, re.M)


def test_the_map_names_every_package_and_nothing_else():
    mapped = _mapped()
    assert len(mapped) == len(set(mapped)), "a package is named twice"
    assert sorted(mapped) == sorted(_packages())


def test_every_package_says_what_it_owns():
    for name, init in _packages().items():
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc and len(doc) > 20, f"{name} has no docstring saying what it owns"


def test_the_map_matches_the_packages_setuptools_installs():
    pyproject = (ROOT / "pyproject.toml").read_text()
    listed = re.findall(r'^\s+"(nca(?:\.\w+)+)",$', pyproject, re.M)
    assert sorted(set(listed)) == sorted(_packages())
