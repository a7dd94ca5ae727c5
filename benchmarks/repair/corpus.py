"""The benchmark's mutants: library sources, confirmed single-error mutations of them."""

from __future__ import annotations

import importlib
import importlib.util
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.repair.mutations import KINDS, Injection, inject
from nca.workers.core.types import Problem

__all__ = [
    "EXPLORATION",
    "LIBRARIES",
    "SPLITS",
    "LINT_PATH",
    "MAX_LINES",
    "Mutant",
    "Source",
    "confirm",
    "generate",
    "new_problems",
    "sources",
]

#: benchmark library name -> the top-level modules it installs
LIBRARIES: dict[str, tuple[str, ...]] = {
    "attrs": ("attr", "attrs"),
    "idna": ("idna",),
    "packaging": ("packaging",),
    "six": ("six",),
    "click": ("click",),
    # held out: never looked at while the rules were written; scored apart (`--split heldout`)
    "jinja2": ("jinja2",),
    "rich": ("rich",),
    "pyyaml": ("yaml",),
}
#: libraries in neither split, that rule changes are tried on before a split is run
#: (`--libs h11,jsonschema,dateutil --seed 23`); what each installs, as above
EXPLORATION: dict[str, tuple[str, ...]] = {
    "h11": ("h11",), "jsonschema": ("jsonschema",), "dateutil": ("dateutil",),
    "markdown-it-py": ("markdown_it",), "pluggy": ("pluggy",), "platformdirs": ("platformdirs",),
    "tqdm": ("tqdm",), "oauthlib": ("oauthlib",), "pathspec": ("pathspec",), "typer": ("typer",),
    "referencing": ("referencing",), "sortedcontainers": ("sortedcontainers",),
    "pytz": ("pytz",), "shellingham": ("shellingham",), "mdurl": ("mdurl",),
    "iniconfig": ("iniconfig",), "cattrs": ("cattrs",), "anyio": ("anyio",),
    "sniffio": ("sniffio",), "fsspec": ("fsspec",), "huggingface_hub": ("huggingface_hub",),
    "pint": ("pint",), "requests": ("requests",), "urllib3": ("urllib3",),
    "filelock": ("filelock",), "pygments": ("pygments",), "markupsafe": ("markupsafe",),
    "multidict": ("multidict",), "yarl": ("yarl",),
    "argcomplete": ("argcomplete",), "chardet": ("chardet",), "fastjsonschema": ("fastjsonschema",),
    "vulture": ("vulture",), "import-linter": ("importlinter",), "pipx": ("pipx",),
    "pympler": ("pympler",), "flexparser": ("flexparser",), "truststore": ("truststore",),
    "grimp": ("grimp",), "userpath": ("userpath",), "flexcache": ("flexcache",),
}
#: the libraries the rules were developed against, and those kept apart to check them
SPLITS: dict[str, tuple[str, ...]] = {
    "dev": ("attrs", "idna", "packaging", "six", "click"),
    "heldout": ("jinja2", "rich", "pyyaml"),
}

#: files longer than this are skipped: they make each repair slow without testing more
MAX_LINES = 1500

#: the path every text is linted and repaired under, so path-dependent rules agree
LINT_PATH = "pkg/mod.py"

Lint = Callable[[str, str], Sequence[Problem]]


@dataclass(frozen=True)
class Source:
    lib: str
    path: str  # relative to site-packages, e.g. "attr/_make.py"
    text: str


@dataclass(frozen=True)
class Mutant:
    """One confirmed single-error mutant of a library file."""

    kind: str
    lib: str
    path: str
    line: int
    detail: str
    original: str
    text: str
    injected: tuple[Problem, ...]  # problems the mutant has and the original has not
    detected: bool = True  # False when the linter does not show the injected error
    module: str | None = None  # misspell_attribute: the bound name of the module
    attribute: str | None = None  # misspell_attribute: the misspelt attribute

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.path}:{self.line}"


def _module_files(module: str) -> list[tuple[Path, str]]:
    """Return ``(file, path relative to site-packages)`` for each file of ``module``."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise LookupError(
            f"{module} is not installed; install the benchmark libraries: pip install -e '.[bench]'"
        )
    if not spec.submodule_search_locations:
        origin = Path(spec.origin)
        return [(origin, origin.name)]
    root = Path(next(iter(spec.submodule_search_locations)))
    return [(f, f.relative_to(root.parent).as_posix()) for f in sorted(root.rglob("*.py"))]


def sources(libs: Iterable[str]) -> list[Source]:
    """Return the compilable files of ``libs`` under :data:`MAX_LINES` lines, in a fixed order."""
    out = []
    known = {**LIBRARIES, **EXPLORATION}
    for lib in libs:
        if lib not in known:
            raise ValueError(f"unknown library {lib!r}; choose from {', '.join(known)}")
        for module in known[lib]:
            for file, rel in _module_files(module):
                text = file.read_text(encoding="utf-8")
                if not 10 <= text.count("\n") <= MAX_LINES:
                    continue
                try:
                    compile(text, str(file), "exec", dont_inherit=True)
                except SyntaxError:
                    continue
                out.append(Source(lib, rel, text))
    return out


def new_problems(before: Iterable[Problem], after: Iterable[Problem]) -> tuple[Problem, ...]:
    """Return the problems of ``after`` beyond those of ``before``, compared as (code, message).

    Lines move when text changes, so positions do not count; a message that occurs twice in
    ``after`` and once in ``before`` yields one new problem.
    """
    budget = Counter(p.signature for p in before)
    out = []
    for p in after:
        if budget[p.signature] > 0:
            budget[p.signature] -= 1
        else:
            out.append(p)
    return tuple(out)


def _attribute_exists(text: str, module: str, attribute: str) -> bool:
    """Return whether ``module.attribute`` exists, ``module`` being a name bound in ``text``."""
    import ast

    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.asname or alias.name) == module:
                    return hasattr(importlib.import_module(alias.name), attribute)
    return False


def confirm(
    source: Source, injection: Injection, lint: Lint, baseline: Sequence[Problem]
) -> Mutant | None:
    """Return the mutant when its error really shows, else ``None``.

    It shows when linting finds a problem the original lacks; a misspelt attribute must
    instead be missing from its module, and counts as not detected when the linter is silent.
    """
    injected = new_problems(baseline, lint(injection.text, LINT_PATH))
    detected = bool(injected)
    if injection.kind == "misspell_attribute":
        assert injection.module and injection.attribute
        if _attribute_exists(source.text, injection.module, injection.attribute):
            return None
        detected = any(p.code == "NCA101" for p in injected)
    elif not injected:
        return None
    return Mutant(
        kind=injection.kind,
        lib=source.lib,
        path=source.path,
        line=injection.line,
        detail=injection.detail,
        original=source.text,
        text=injection.text,
        injected=injected,
        detected=detected,
        module=injection.module,
        attribute=injection.attribute,
    )


def generate(
    libs: Iterable[str],
    kinds: Iterable[str] = KINDS,
    per_kind: int = 40,
    seed: int = 7,
    lint: Lint | None = None,
) -> list[Mutant]:
    """Return up to ``per_kind`` confirmed, distinct mutants of each kind, reproducibly.

    Each kind draws from its own generator seeded with ``seed`` and the kind's name, so
    choosing fewer kinds leaves the mutants of the others unchanged.
    """
    if lint is None:
        from benchmarks.repair.score import lint
    files = sources(libs)
    if not files:
        raise LookupError("no library files to mutate")
    baselines: dict[str, tuple[Problem, ...]] = {}
    out: list[Mutant] = []
    for kind in kinds:
        rng = random.Random(f"{seed}:{kind}")
        seen: set[str] = set()
        for _ in range(per_kind * 25):
            if len(seen) >= per_kind:
                break
            source = rng.choice(files)
            injection = inject(kind, source.text, rng)
            if injection is None or f"{source.path}:{injection.text}" in seen:
                continue
            if source.path not in baselines:
                baselines[source.path] = tuple(lint(source.text, LINT_PATH))
            mutant = confirm(source, injection, lint, baselines[source.path])
            if mutant is not None:
                seen.add(f"{source.path}:{injection.text}")
                out.append(mutant)
    return out
