"""The offline provider: what the installed package itself says about an error.

It reads, never imports: the docstring of the object the error names (found in the module's
source with ``ast``, following a package's ``from .x import Name``), the module's docstring,
and the sections of the distribution's own documentation (its README in METADATA and the
``*.rst``/``*.md`` files it ships, from ``importlib.metadata``) that name the object, the
exception type or the message's words. Links are ``file://`` URIs of what was read, so an
answer can cite them. The distribution's metadata also gives the GitHub repository that the
issues provider searches.
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from importlib.machinery import PathFinder
from pathlib import Path

from nca.workers.analysis.search.query import ErrorQuery
from nca.workers.analysis.search.results import SearchResult, match_score

__all__ = ["PackageInfo", "docs_results", "package_info", "repo_from_urls"]

log = logging.getLogger(__name__)

MAX_DOC_FILES = 30
MAX_DOC_BYTES = 256 * 1024
MAX_SOURCE_BYTES = 2 * 1024 * 1024
MIN_SECTION = 0.4  # a doc section scoring less (match_score, plus 0.3 for naming the object) is left out
_GITHUB = re.compile(r"github\.com[/:](?P<owner>[\w.-]+)/(?P<name>[\w.-]+)", re.I)
_NOT_REPO_OWNERS = {"sponsors", "orgs", "users", "apps", "marketplace"}
_DOC_SUFFIXES = (".md", ".rst")
_RST_RULE = re.compile(r"^([=\-~^*+#`'\".:_])\1{2,}\s*$")


@dataclass(frozen=True)
class PackageInfo:
    """The installed distribution that provides an import name."""

    package: str  # the import name
    name: str  # the distribution's name
    version: str
    repo: str | None  # owner/name on GitHub, from Project-URL or Home-page
    readme: str  # the long description in METADATA
    readme_link: str  # where it was read (a file URI)
    doc_files: tuple[Path, ...]  # the *.rst / *.md files the distribution installed


def repo_from_urls(urls: Sequence[str]) -> str | None:
    """Return ``owner/name`` of the GitHub repository the URLs point at most often."""
    counts: dict[str, int] = {}
    for url in urls:
        for found in _GITHUB.finditer(url):
            owner, name = found.group("owner"), found.group("name")
            name = name.removesuffix(".git").rstrip(".")
            if owner.lower() in _NOT_REPO_OWNERS or not name:
                continue
            key = f"{owner}/{name}"
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], -len(k)))


def package_info(package: str, search_path: Sequence[str] | None = None) -> PackageInfo | None:
    """Return the distribution that installs ``package`` on ``search_path`` (sys.path: None)."""
    return _package_info(package, tuple(search_path) if search_path is not None else None)


@lru_cache(maxsize=64)
def _package_info(package: str, search_path: tuple[str, ...] | None) -> PackageInfo | None:
    dist = _distribution(package, list(search_path) if search_path is not None else None)
    if dist is None:
        return None
    meta = dist.metadata
    urls = [v.split(",", 1)[-1].strip() for v in meta.get_all("Project-URL") or ()]
    urls += [v for key in ("Home-page", "Download-URL") for v in meta.get_all(key) or ()]
    raw = dist.read_text("METADATA") or ""
    readme = raw.split("\n\n", 1)[1] if "\n\n" in raw else ""
    files = list(dist.files or ())
    meta_file = next((f for f in files if f.name == "METADATA"), None)
    readme_link = Path(str(dist.locate_file(meta_file))).resolve().as_uri() if meta_file else \
        next((u for u in urls if u.startswith("http")), f"https://pypi.org/project/{meta['Name']}/")
    docs: list[Path] = []
    for f in files:
        if f.suffix.lower() in _DOC_SUFFIXES and len(docs) < MAX_DOC_FILES:
            docs.append(Path(str(dist.locate_file(f))))
    return PackageInfo(package, str(meta["Name"]), str(dist.version), repo_from_urls(urls),
                       readme, readme_link, tuple(docs))


def _distribution(package: str, path: list[str] | None) -> metadata.Distribution | None:
    """Return the distribution of an import name: by its name first, else by its files."""
    for candidate in (package, package.replace("_", "-")):
        found = next(iter(_discover(candidate, path)), None)
        if found is not None:
            return found
    for dist in _discover(None, path):
        top = (dist.read_text("top_level.txt") or "").split()
        if package in top:
            return dist
        if not top and any(f.parts and f.parts[0] in (package, f"{package}.py")
                           for f in (dist.files or ())[:200]):
            return dist
    return None


def _discover(name: str | None, path: list[str] | None) -> Iterator[metadata.Distribution]:
    if path is None:
        yield from metadata.Distribution.discover(name=name)
    else:
        yield from metadata.Distribution.discover(name=name, path=path)


# --------------------------------------------------------------------------- the provider


def docs_results(query: ErrorQuery, search_path: Sequence[str] | None = None,
                 limit: int = 3) -> list[SearchResult]:
    """Return what the installed package's own documentation says about the error."""
    if query.package is None:
        return []
    try:
        return _docs_results(query, search_path, limit)
    except Exception as err:  # a strange installation is no reason to fail the search
        log.debug("search: reading the documentation of %s failed: %s", query.package, err)
        return []


def _docs_results(query: ErrorQuery, search_path: Sequence[str] | None,
                  limit: int) -> list[SearchResult]:
    info = package_info(query.package or "", search_path)
    version = f" ({info.name} {info.version})" if info else ""
    results: list[SearchResult] = []
    module = query.module or query.package or ""
    source = _source_of(query.path, module, search_path)
    if source is not None:
        path, tree = source
        if query.obj:
            found = _lookup(tree, query.obj, module, search_path, path)
            if found is not None:
                node, where, qualname, in_module = found
                doc = ast.get_docstring(node) or ""
                signature = _signature(node)
                text = f"{signature}\n\n{doc}".strip() if doc else signature
                if text:
                    named = 0.5 + 0.5 * match_score(query, text)
                    results.append(SearchResult(
                        "docs", f"{in_module}.{qualname} docstring{version}",
                        f"{where.resolve().as_uri()}#L{node.lineno}", text, 0, False,
                        min(named, 1.0)))
        module_doc = ast.get_docstring(tree) or ""
        if module_doc:
            value = _section_value(query, module_doc)
            if value >= MIN_SECTION:
                results.append(SearchResult("docs", f"{module} module docstring{version}",
                                            f"{path.resolve().as_uri()}#L1", module_doc, 0,
                                            False, min(value, 1.0)))
    if info is not None:
        sections = list(_sections(info.readme, f"{info.name} README", info.readme_link))
        for file in info.doc_files:
            text = _read(file, MAX_DOC_BYTES)
            if text:
                sections += _sections(text, f"{info.name}: {file.name}", file.resolve().as_uri())
        scored = sorted(((v, s) for s in sections
                         if (v := _section_value(query, s[2])) >= MIN_SECTION),
                        key=lambda vs: -vs[0])
        for value, (title, link, text) in scored[:limit]:
            results.append(SearchResult("docs", title, link, text, 0, False, min(value, 1.0)))
    return results[:limit + 1]


def _section_value(query: ErrorQuery, text: str) -> float:
    value = match_score(query, text)
    name = (query.obj or "").split(".")[-1]
    if name and re.search(rf"\b{re.escape(name)}\b", text):
        value += 0.3
    return value


def _sections(text: str, title: str, link: str) -> Iterator[tuple[str, str, str]]:
    """Yield ``(title, link, text)`` for each headed section of a Markdown or reST text."""
    lines = text.splitlines()
    heading, start, body = "", 0, list[str]()
    for n, line in enumerate(lines):
        md = re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)
        rst = n + 1 < len(lines) and line.strip() and _RST_RULE.match(lines[n + 1]) \
            and len(lines[n + 1].strip()) >= len(line.strip())
        if md or rst:
            if "".join(body).strip():
                yield _section(title, heading, link, start, body)
            heading, start, body = (md.group(1) if md else line.strip()), n + 1, []
            continue
        if _RST_RULE.match(line) and n > 0 and lines[n - 1].strip() == heading:
            continue  # the underline of the heading just read
        body.append(line)
    if "".join(body).strip():
        yield _section(title, heading, link, start, body)


def _section(title: str, heading: str, link: str, line: int,
             body: list[str]) -> tuple[str, str, str]:
    text = "\n".join(body).strip()
    anchor = f"#L{line}" if link.startswith("file:") and line else ""
    return (f"{title}: {heading}" if heading else title, link + anchor, text)


def _read(path: Path, limit: int) -> str:
    try:
        if path.stat().st_size > limit:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


# --------------------------------------------------------------------------- docstrings


def _module_file(dotted: str, search_path: Sequence[str] | None) -> Path | None:
    """Return the source file of a module, found (not imported) on ``search_path``."""
    parts = dotted.split(".")
    path: list[str] | None = list(search_path) if search_path is not None else None
    spec = None
    for n in range(len(parts)):
        spec = PathFinder.find_spec(".".join(parts[: n + 1]), path)
        if spec is None:
            return None
        if n + 1 < len(parts):
            if not spec.submodule_search_locations:
                return None
            path = list(spec.submodule_search_locations)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _parse(path: Path) -> ast.Module | None:
    text = _read(path, MAX_SOURCE_BYTES)
    if not text:
        return None
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _source_of(path: str | None, module: str,
               search_path: Sequence[str] | None) -> tuple[Path, ast.Module] | None:
    file = Path(path) if path and Path(path).is_file() else _module_file(module, search_path)
    if file is None:
        return None
    tree = _parse(file)
    return (file, tree) if tree is not None else None


_Def = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _lookup(tree: ast.Module, obj: str, module: str, search_path: Sequence[str] | None,
            path: Path, depth: int = 0) -> tuple[_Def, Path, str, str] | None:
    """Return the definition of ``obj`` (``Name`` or ``Class.attr``), where it is, its name
    and its module; a missing attribute falls back to its class."""
    parts = obj.split(".")
    for n in range(len(parts), 0, -1):
        node = _walk_to(tree.body, parts[:n])
        if node is not None:
            return node, path, ".".join(parts[:n]), module
        # a package re-exports it: ``from .sessions import Session``
        if depth < 2 and (home := _imported_from(tree, parts[0], module, path)) is not None:
            target = _module_file(home, search_path)
            sub = _parse(target) if target else None
            if target is not None and sub is not None:
                found = _lookup(sub, ".".join(parts[:n]), home, search_path, target, depth + 1)
                if found is not None:
                    return found
    # a traceback names a function, not its class: the first definition of that name
    if len(parts) == 1:
        first = _first_def(tree.body, parts[0], [])
        if first is not None:
            return first[0], path, first[1], module
    return None


def _first_def(body: list[ast.stmt], name: str, outer: list[str]) -> tuple[_Def, str] | None:
    """Return the first definition of ``name`` at any depth, and its qualified name."""
    for node in body:
        if isinstance(node, _Def):
            if node.name == name:
                return node, ".".join([*outer, name])
            inner = _first_def(node.body, name, [*outer, node.name]) \
                if isinstance(node, ast.ClassDef) else None
            if inner is not None:
                return inner
    return None


def _walk_to(body: list[ast.stmt], parts: list[str]) -> _Def | None:
    for node in body:
        if isinstance(node, _Def) and node.name == parts[0]:
            if len(parts) == 1:
                return node
            return _walk_to(node.body, parts[1:]) if isinstance(node, ast.ClassDef) else None
    return None


def _imported_from(tree: ast.Module, name: str, module: str, path: Path) -> str | None:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(
                (a.asname or a.name) == name for a in node.names):
            if node.level == 0:
                return node.module
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            return ".".join([*base, node.module] if node.module else base)
    return None


def _signature(node: _Def) -> str:
    if isinstance(node, ast.ClassDef):
        bases = ", ".join(ast.unparse(b) for b in node.bases)
        return f"class {node.name}({bases})" if bases else f"class {node.name}"
    prefix = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"{prefix} {node.name}({ast.unparse(node.args)}){returns}"
