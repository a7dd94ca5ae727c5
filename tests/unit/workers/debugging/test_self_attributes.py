import pytest

from nca.admin.dispatcher import Dispatcher
from nca.workers.debugging.self_attributes import find_missing_self_attributes

CLASS = '''class Inventory:
    kind = "store"

    def __init__(self, path):
        self.path = path
        self.items = {}

    def report(self):
        return sorted(self.ATTR.items())
'''


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (CLASS.replace("ATTR", "itmes"), ["'Inventory' object has no attribute 'itmes'"]),
        (CLASS.replace("ATTR", "items"), []),
        # not a near miss of anything: could be set from outside; say nothing
        (CLASS.replace("ATTR", "cache"), []),
        # inherited attributes are unknown: a class with bases is never judged
        (CLASS.replace("ATTR", "itmes").replace("class Inventory:", "class Inventory(Base):"), []),
        # decorators (dataclass, attrs) add attributes
        ("@dataclass\n" + CLASS.replace("ATTR", "itmes"), []),
        # dynamic attribute access: nothing can be said
        (CLASS.replace("ATTR", "itmes") + "\n    def __getattr__(self, name):\n        return 1\n", []),
        (CLASS.replace("ATTR", "itmes") + "\n    def load(self):\n        setattr(self, 'x', 1)\n", []),
        # set from outside the class
        (CLASS.replace("ATTR", "itmes") + "\ninv = Inventory('x')\ninv.itmes = {}\n", []),
    ],
)
def test_only_near_misses_in_plain_classes_are_reported(source, expected):
    assert [p.message for p in find_missing_self_attributes(source)] == expected


def test_position_points_at_the_attribute():
    (p,) = find_missing_self_attributes(CLASS.replace("ATTR", "itmes"))
    assert (p.code, p.line, p.col, p.symbol) == ("NCA102", 9, 28, "itmes")


def test_the_loop_fixes_a_misspelled_self_attribute(tmp_path):
    report = Dispatcher(tmp_path).fix_text(CLASS.replace("ATTR", "itmes"), "inv.py")
    assert report.verified and report.text == CLASS.replace("ATTR", "items")
    assert report.fixes[0].problem.code == "NCA102"
