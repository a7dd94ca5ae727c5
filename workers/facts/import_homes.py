"""Where a name conventionally comes from: the import a person means when a name is undefined.

An undefined ``pd`` means pandas, not ``turtle.pd``; ``A`` in a dict is not ``re.A``. The
Analyzer offers an import as sure (a fix that may be applied) only from a name's conventional
home, from a module the file or the workspace already imports it from, or from a module that
is the only one of the standard library to define it; anything else is a suggestion.
"""

from __future__ import annotations

import functools
import typing

__all__ = ["CONVENTIONAL_HOMES", "WELL_KNOWN_ALIASES", "conventional_home", "typing_alias_homes",
           "typing_aliases"]

#: conventional short names for modules, proposed only when the module can be imported
WELL_KNOWN_ALIASES = {
    "np": "numpy", "pd": "pandas", "plt": "matplotlib.pyplot", "mpl": "matplotlib",
    "tf": "tensorflow", "sns": "seaborn", "nx": "networkx", "sp": "scipy",
    "sm": "statsmodels.api", "pl": "polars", "xr": "xarray", "jnp": "jax.numpy",
    "dd": "dask.dataframe", "px": "plotly.express", "go": "plotly.graph_objects",
    "ET": "xml.etree.ElementTree", "mp": "multiprocessing", "gpd": "geopandas",
    "sa": "sqlalchemy", "st": "streamlit", "tk": "tkinter", "npt": "numpy.typing",
    "dt": "datetime", "F": "torch.nn.functional",
}

_HOMES_BY_MODULE = {
    "typing": "Any Callable ClassVar Final Generic Iterable Iterator Literal Mapping NamedTuple "
              "NoReturn Optional Protocol Sequence TYPE_CHECKING TypeVar TypedDict Union cast "
              "overload List Dict Set Tuple FrozenSet Type Self ParamSpec TypeAlias Annotated "
              "get_type_hints runtime_checkable IO TextIO BinaryIO AnyStr NewType Hashable "
              "SupportsInt SupportsFloat SupportsIndex Concatenate TypeGuard Never Unpack "
              "Required NotRequired LiteralString assert_never reveal_type dataclass_transform "
              "override Awaitable Coroutine AsyncIterator AsyncGenerator Generator Collection "
              "Container Reversible MutableMapping MutableSequence MutableSet AbstractSet "
              "DefaultDict OrderedDict Counter Deque ChainMap Pattern Match NoReturn",
    "collections": "OrderedDict defaultdict Counter deque namedtuple ChainMap",
    "dataclasses": "dataclass field asdict astuple fields replace",
    "pathlib": "Path PurePath PosixPath WindowsPath",
    "datetime": "datetime date timedelta timezone",
    "functools": "partial wraps reduce lru_cache cache cached_property total_ordering "
                 "singledispatch",
    "itertools": "chain groupby islice permutations combinations zip_longest accumulate "
                 "count cycle repeat starmap takewhile dropwhile",
    "enum": "Enum IntEnum Flag IntFlag auto unique StrEnum",
    "decimal": "Decimal", "fractions": "Fraction",
    "contextlib": "contextmanager suppress closing ExitStack redirect_stdout nullcontext",
    "abc": "ABC ABCMeta abstractmethod",
    "copy": "copy deepcopy", "pprint": "pprint", "time": "sleep perf_counter monotonic",
    "random": "randint choice shuffle uniform", "math": "sqrt floor ceil pi inf nan tau isnan isinf isclose",
    "uuid": "uuid4 UUID", "glob": "glob", "shutil": "rmtree copyfile copytree which",
    "subprocess": "Popen PIPE CalledProcessError check_output", "textwrap": "dedent indent",
    "io": "StringIO BytesIO", "operator": "itemgetter attrgetter methodcaller",
    "statistics": "mean median stdev", "heapq": "heappush heappop heapify nlargest nsmallest",
    "bisect": "bisect_left bisect_right insort", "queue": "Queue PriorityQueue",
    "threading": "Thread Lock RLock Event", "argparse": "ArgumentParser Namespace",
    "tempfile": "TemporaryDirectory NamedTemporaryFile mkdtemp mkstemp gettempdir",
    "urllib.parse": "urlparse urlencode urljoin quote unquote",
    "http": "HTTPStatus", "types": "SimpleNamespace MappingProxyType ModuleType",
    "warnings": "warn", "inspect": "signature isclass isfunction",
    "hashlib": "sha256 sha1 md5", "base64": "b64encode b64decode", "struct": "pack unpack",
    "zipfile": "ZipFile", "csv": "DictReader DictWriter", "fnmatch": "fnmatch",
    "string": "ascii_letters ascii_lowercase ascii_uppercase digits punctuation",
    "json": "JSONDecodeError", "logging": "getLogger", "sys": "argv",
    "concurrent.futures": "ThreadPoolExecutor ProcessPoolExecutor as_completed",
    "numbers": "Number", "weakref": "WeakKeyDictionary WeakValueDictionary",
    "collections.abc": "Sized",
    "importlib.metadata": "version PackageNotFoundError entry_points distribution",
    "unittest": "TestCase mock", "unittest.mock": "patch MagicMock Mock AsyncMock call",
}
#: name -> the module a person means by it
CONVENTIONAL_HOMES = {name: module for module, names in _HOMES_BY_MODULE.items()
                      for name in names.split()}


def conventional_home(name: str) -> str | None:
    """Return the module ``name`` conventionally comes from, or None when it has none."""
    return CONVENTIONAL_HOMES.get(name)


@functools.cache
def typing_aliases() -> frozenset[str]:
    """The names ``typing`` keeps as deprecated aliases of classes (``Dict``, ``Callable``)."""
    return frozenset(name for name in dir(typing)
                     if isinstance(getattr(getattr(typing, name), "__origin__", None), type))


@functools.cache
def typing_alias_homes() -> dict[str, str]:
    """Those of :func:`typing_aliases` that alias a class of the same name in another module,
    each with that module (``Callable``: ``collections.abc``, ``Match``: ``re``, ``Counter``:
    ``collections``; not ``Dict``, whose class is the builtin ``dict``)."""
    homes = {}
    for name in typing_aliases():
        origin = getattr(typing, name).__origin__
        if origin.__name__ == name and origin.__module__ not in ("typing", "builtins"):
            homes[name] = origin.__module__
    return homes

