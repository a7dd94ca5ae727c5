"""Keywords a `**kwargs` callee of the same file never reads (NCA104 from the callee's body)."""

import pytest

from nca.workers.debugging.keyword_keys import find_unread_keywords

MAKE = ('def make(name, **options):\n    color = options.get("color", "red")\n'
        '    size = options.pop("size", 1)\n    if "border" in options:\n        size += 1\n'
        '    return name, color, options["weight"], size\n\n\n')


def _found(text):
    return [(p.line, p.col, p.symbol, p.message.rpartition("did you mean ")[2])
            for p in find_unread_keywords(text)]


@pytest.mark.parametrize(("call", "word", "meant"), [
    ('make("box", colr="blue")\n', "colr", "`color`?"),
    ('make("box", sise=2)\n', "sise", "`size`?"),
    ('make("box", boder=True)\n', "boder", "`border`?"),
    ('make("box", wieght=3)\n', "wieght", "`weight`?"),
    ('make(nmae="box")\n', "nmae", "`name`?"),  # a named parameter is a near miss too
])
def test_a_near_miss_of_a_key_the_callee_reads_is_found(call, word, meant):
    found = _found(MAKE + call)
    assert [(line, word_, m) for line, _col, word_, m in found] == [(9, word, meant)]
    line, col = found[0][:2]
    assert (MAKE + call).splitlines()[line - 1][col - 1:].startswith(word)


@pytest.mark.parametrize("call", [
    'make("box", color="blue", size=2, border=1)\n',  # all read
    'make("box", zzz=1)\n',  # ignored, but like nothing it reads: no guess to offer
    'make("box", **{"colr": 1})\n',
])
def test_keys_it_reads_or_nothing_like_them_are_left_alone(call):
    assert _found(MAKE + call) == []


@pytest.mark.parametrize("callee", [
    # the kwargs are passed on: another signature decides
    "def make(name, **options):\n    return dict(name=name, **options)\n\n\n",
    # iterated, or read by a computed key
    "def make(name, **options):\n    for k in options:\n        print(k)\n\n\n",
    "def make(name, **options):\n    key = 'color'\n    return options.get(key)\n\n\n",
    # a decorator may change the signature
    "@register\ndef make(name, **options):\n    return options.get('color')\n\n\n",
    # bound twice: which one is called is not known here
    "def make(name, **options):\n    return options.get('color')\n\n\nmake = wrap(make)\n",
])
def test_a_callee_whose_keywords_are_not_all_known_is_not_judged(callee):
    assert _found(callee + 'make("box", colr="blue")\n') == []


def test_a_class_and_a_method_called_through_self():
    text = ("class Canvas:\n    def __init__(self, width, **style):\n"
            "        self.fill = style.get('fill')\n\n"
            "    def draw(self, shape, **opts):\n        return shape, opts.get('outline')\n\n"
            "    def render(self):\n        return self.draw('box', outlne=True)\n\n\n"
            "Canvas(3, fil='red')\n")
    assert sorted(w for _l, _c, w, _m in _found(text)) == ["fil", "outlne"]
