"""What the pristine-code benchmark runs nca on: real, working packages and standard-library modules.

Two splits. ``dev`` is what the people fixing nca may look at while they work (it overlaps the
repair benchmark's libraries and the packages the bug reports named); ``heldout`` is kept out of
that loop and reported on its own, so a fix that only fits ``dev`` shows as a gap between them.

Every package is pinned: the source copied into the scratch workspace is the wheel's, and its
runtime dependencies (from the wheel's metadata, not the package itself) go into the benchmark's
own venv, so the scratch project's interpreter is not nca's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ALL", "QUICK", "SMOKE", "SPLITS", "STDLIB_DEV", "STDLIB_HELDOUT", "Package", "select"]

SPLITS = ("dev", "heldout")


@dataclass(frozen=True)
class Package:
    """One benchmark subject: a PyPI distribution (``requirement``) or standard-library modules."""

    name: str
    split: str
    #: what it exercises, for the report
    patterns: str
    #: ``name==version`` on PyPI; empty for a standard-library set
    requirement: str = ""
    #: top-level modules of the standard library copied as a package-less folder
    stdlib: tuple[str, ...] = field(default=())

    @property
    def is_stdlib(self) -> bool:
        return bool(self.stdlib)

    @property
    def smoke(self) -> str:
        """A few lines that use the package, run before and after: breakage an import
        cannot show (a renamed method, a removed fallback) shows here."""
        return SMOKE.get(self.name, "")


#: pure-Python standard-library modules (single files, none frozen), copied side by side
STDLIB_DEV = (
    "functools", "textwrap", "shlex", "string", "fnmatch", "glob", "difflib", "heapq", "bisect",
    "colorsys", "calendar", "dataclasses", "decimal", "_pydecimal", "datetime", "copy",
    "contextlib", "_py_abc", "queue", "tempfile", "platform", "shutil", "subprocess", "pprint",
)
STDLIB_HELDOUT = (
    "argparse", "configparser", "csv", "fractions", "getpass", "gettext", "ipaddress", "numbers",
    "operator", "optparse", "pickle", "quopri", "reprlib", "sched", "secrets", "selectors",
    "statistics", "tarfile", "uuid", "zipfile", "graphlib", "base64", "hmac", "locale",
)

ALL: tuple[Package, ...] = (
    # ----------------------------------------------------------------------------------- dev
    Package("six", "dev", "the compat shim: PY2 names behind version checks, lazy moves",
            "six==1.17.0"),
    Package("attrs", "dev", "attr/attrs re-export hubs, _compat PYPY guard",
            "attrs==26.1.0"),
    Package("click", "dev", "__init__ re-export hub, _compat WIN guards, lazy imports",
            "click==8.5.1"),
    Package("idna", "dev", "__init__ re-export hub, generated tables",
            "idna==3.21"),
    Package("packaging", "dev", "platform tags, musllinux/manylinux guards",
            "packaging==26.4"),
    Package("urllib3", "dev", "compat re-exports, emscripten/platform guards, optional deps",
            "urllib3==2.8.0"),
    Package("requests", "dev", "compat.py re-exported to the rest, optional chardet/simplejson",
            "requests==2.34.2"),
    Package("pyyaml", "dev", "C accelerator fallback (try: from .cyaml import *)",
            "pyyaml==6.0.4"),
    Package("jsonschema", "dev", "__init__ hub with lazy __getattr__, third-party deps",
            "jsonschema==4.26.0"),
    Package("markupsafe", "dev", "C speedups with a _native fallback",
            "markupsafe==3.0.4"),
    Package("stdlib", "dev", "stdlib modules: C-accelerator fallbacks, platform guards",
            stdlib=STDLIB_DEV),
    # ------------------------------------------------------------------------------- heldout
    Package("simplejson", "heldout", "C speedups fallback, py2 compat module",
            "simplejson==4.3.0"),
    Package("python-dateutil", "heldout", "lazy submodules via __getattr__, Windows-only tz.win",
            "python-dateutil==4.0.0"),
    Package("platformdirs", "heldout", "per-platform modules chosen at runtime",
            "platformdirs==4.14.9"),
    Package("typing_extensions", "heldout", "sys.version_info guards everywhere",
            "typing_extensions==4.16.0"),
    Package("jinja2", "heldout", "lazy imports, async guards, markupsafe re-exports",
            "jinja2==3.1.6"),
    Package("filelock", "heldout", "fcntl/msvcrt platform guards",
            "filelock==4.3.2"),
    Package("colorama", "heldout", "Windows-only ctypes behind try/except and platform checks",
            "colorama==0.4.6"),
    Package("certifi", "heldout", "importlib.resources version guards",
            "certifi==2026.10.19.post1"),
    Package("stdlib-heldout", "heldout", "more stdlib modules: accelerators, platform guards",
            stdlib=STDLIB_HELDOUT),
)

#: ``--quick``: a compat shim, a re-export hub with a PyPy guard, a plain hub; no dependencies
QUICK = ("six", "attrs", "idna")


def select(names: str | None = None, *, quick: bool = False, split: str = "all") -> list[Package]:
    """Return the packages ``--packages a,b`` / ``--quick`` / ``--split`` ask for, in order."""
    by_name = {p.name: p for p in ALL}
    if names:
        wanted = [n.strip() for n in names.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in by_name]
        if unknown:
            raise ValueError(f"unknown package(s): {', '.join(unknown)} "
                             f"(known: {', '.join(by_name)})")
        chosen = [by_name[n] for n in wanted]
    elif quick:
        chosen = [by_name[n] for n in QUICK]
    else:
        chosen = list(ALL)
    if split != "all":
        chosen = [p for p in chosen if p.split == split]
    return chosen


SMOKE: dict[str, str] = {
    "six": """
import six
assert six.moves.range(3)[2] == 2 and six.ensure_str(b"x") == "x"
assert six.PY3 and six.text_type is str and six.integer_types == (int,)
from six.moves.urllib.parse import urlparse
assert urlparse("http://a.b/c").netloc == "a.b"
""",
    "attrs": """
import attr, attrs
@attrs.define
class C:
    x: int = attrs.field(validator=attrs.validators.instance_of(int))
assert attrs.asdict(C(1)) == {"x": 1} and attr.evolve(C(1), x=2).x == 2
@attr.s(slots=True, frozen=True)
class D:
    y = attr.ib(default=3)
assert D().y == 3
""",
    "click": """
import click
from click.testing import CliRunner
@click.command()
@click.option("--n", type=int, default=2)
@click.argument("name")
def hello(n, name):
    click.echo(name * n)
r = CliRunner().invoke(hello, ["--n", "3", "ab"])
assert r.exit_code == 0 and r.output == "ababab\\n", r.output
""",
    "idna": """
import idna, idna.codec
assert idna.encode("\u30c9\u30e1\u30a4\u30f3.\u30c6\u30b9\u30c8") == b"xn--eckwd4c7c.xn--zckzah"
assert idna.decode(b"xn--eckwd4c7c.xn--zckzah") == "\u30c9\u30e1\u30a4\u30f3.\u30c6\u30b9\u30c8"
""",
    "packaging": """
from packaging.version import Version
from packaging.specifiers import SpecifierSet
from packaging.requirements import Requirement
from packaging import tags
assert Version("1.2") in SpecifierSet(">=1,<2")
assert Requirement("a[b]>=1; python_version>'3'").marker.evaluate()
assert next(iter(tags.sys_tags())) is not None
""",
    "urllib3": """
import urllib3
from urllib3.util import parse_url, Retry, Timeout
assert parse_url("http://a.b:8/c?d").port == 8
urllib3.PoolManager(retries=Retry(2), timeout=Timeout(1)).clear()
assert urllib3.HTTPHeaderDict({"A": "1"})["a"] == "1"
""",
    "requests": """
import requests
r = requests.Request("GET", "http://x.y/", params={"a": 1}, headers={"X": "1"}).prepare()
assert r.url == "http://x.y/?a=1" and r.headers["x"] == "1"
requests.Session().close()
from requests.utils import requote_uri
assert requote_uri("http://x.y/a b") == "http://x.y/a%20b"
""",
    "pyyaml": """
import yaml
assert yaml.safe_load("a: [1, 2]") == {"a": [1, 2]}
assert yaml.load("b: !!str 1", Loader=yaml.Loader) == {"b": "1"}
assert yaml.safe_dump({"a": 1}) == "a: 1\\n"
assert list(yaml.safe_load_all("--- 1\\n--- 2\\n")) == [1, 2]
""",
    "jsonschema": """
import jsonschema
jsonschema.validate(1, {"type": "integer"})
v = jsonschema.Draft202012Validator({"type": "string", "minLength": 2})
assert not v.is_valid(1) and [e.message for e in v.iter_errors("a")]
""",
    "markupsafe": """
from markupsafe import escape, Markup, _native
assert escape("<a>") == Markup("&lt;a&gt;")
assert Markup("<b>%s</b>") % "<i>" == "<b>&lt;i&gt;</b>"
assert _native._escape_inner("<") == "&lt;"
""",
    "simplejson": """
import simplejson as j
from decimal import Decimal
assert j.loads(j.dumps({"a": [1.5, None]})) == {"a": [1.5, None]}
j._toggle_speedups(False)
assert j.loads('{"d": 1.1}', use_decimal=True) == {"d": Decimal("1.1")}
assert j.dumps({"b": 2, "a": 1}, sort_keys=True) == '{"a": 1, "b": 2}'
""",
    "python-dateutil": """
from dateutil import parser, tz, relativedelta, rrule
d = parser.parse("2024-01-31T03:04:05Z")
assert d.tzinfo is not None and tz.gettz("UTC") is not None
assert (d + relativedelta.relativedelta(months=1)).day == 29
assert len(list(rrule.rrule(rrule.DAILY, count=3, dtstart=d))) == 3
""",
    "platformdirs": """
import platformdirs
assert platformdirs.user_cache_dir("x", "y")
d = platformdirs.PlatformDirs("x", "y", version="1")
assert d.user_data_path.name == "1" and d.site_config_dir
""",
    "typing_extensions": """
from typing_extensions import TypedDict, Literal, Protocol
class T(TypedDict, total=False):
    a: int
class P(Protocol):
    def f(self) -> int: ...
assert T.__optional_keys__ == frozenset({"a"}) and Literal[1].__args__ == (1,)
""",
    "jinja2": """
import jinja2
env = jinja2.Environment(loader=jinja2.DictLoader({"t": "{% for x in xs %}{{ x|upper }}{% endfor %}"}))
assert env.get_template("t").render(xs=["a", "b"]) == "AB"
assert jinja2.Template("{{ y|e }}").render(y="<") == "&lt;"
""",
    "filelock": """
import filelock, tempfile, os
p = os.path.join(tempfile.mkdtemp(), "l")
with filelock.FileLock(p + ".lock", timeout=5):
    pass
with filelock.SoftFileLock(p + ".soft", timeout=5):
    pass
""",
    "colorama": """
import colorama, io
colorama.just_fix_windows_console()
assert colorama.Fore.RED == "\\x1b[31m" and colorama.Style.RESET_ALL == "\\x1b[0m"
from colorama.ansitowin32 import AnsiToWin32
AnsiToWin32(io.StringIO()).write("x")
""",
    "certifi": """
import certifi, os
assert os.path.exists(certifi.where()) and "BEGIN CERTIFICATE" in certifi.contents()
""",
}
