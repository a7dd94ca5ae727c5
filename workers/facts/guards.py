"""What code says about itself: lines behind version/platform guards or marked to be left alone.

A finding on such a line is not a typo: ``sys.pypy_version_info`` behind
``if sys.implementation.name == "pypy"``, an attribute tested with ``hasattr`` first, an import
in ``try: ... except ImportError``, a line marked ``# type: ignore`` or ``# noqa``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable

from nca.workers.facts.runtime_tests import constant_test, constants_of, decided

__all__ = ["ANY_ATTRIBUTE", "MARK", "NAMES_ONLY", "guard_subjects", "guarded_lines", "marked_lines", "probed_objects",
           "read_by_guard_test"]

#: exceptions whose handler makes the ``try`` body a guard (optional or platform features)
GUARD_EXCEPTIONS = frozenset({"ImportError", "ModuleNotFoundError", "AttributeError",
                              "NameError"})
#: the exceptions of a missing import: a ``try`` catching only these guards, in its ``else:``,
#: the names its imports bound (the rest of the ``else:`` runs wherever the imports worked)
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})
#: what a ``try`` that catches only AttributeError guards: the attributes of any object (not
#: the names it reads: a module the body uses exists whatever attribute it may lack)
ANY_ATTRIBUTE = "."
#: what a ``try`` that catches only NameError guards: the names its body reads (a builtin one
#: interpreter lacks, `unicode`), not their attributes (`types.MehtodType` raises
#: AttributeError, which nothing there catches)
NAMES_ONLY = "<names>"
#: names whose mention in an ``if`` test makes it a version, platform or capability guard
#: (``callable(value)`` is not one: it asks about a value, and says nothing about what exists)
_GUARD_NAMES = frozenset({"hasattr", "getattr", "TYPE_CHECKING", "find_spec"})
#: ``module.attr`` reads that ask which platform, implementation or version this is
_GUARD_ATTRS = {
    "sys": frozenset({"platform", "implementation", "version_info", "version", "hexversion",
                      "maxsize", "byteorder", "pypy_version_info", "flags"}),
    "os": frozenset({"name"}),
    "platform": frozenset({"system", "python_implementation", "machine", "mac_ver",
                           "win32_ver", "release"}),
    "typing": frozenset({"TYPE_CHECKING"}),
    "util": frozenset({"find_spec"}),
}
#: constants that name a platform, version or optional feature (PY2, IS_PYPY, HAS_SSL...)
_GUARD_CONSTANT = re.compile(
    r"^(?:PY\d*|IS_|HAS_|WIN|MAC|LINUX|CPYTHON|PYPY|JYTHON)|_(?:AVAILABLE|SUPPORTED|INSTALLED)$"
    r"|VERSION|PLATFORM")
#: a comment that says to leave its line alone: a type checker's ignore, a bare noqa or one
#: naming a name or import rule (F401, NCA101); a noqa naming another linter's rule (B028) or
#: a coverage pragma says nothing about the names the line reads
#: (a type checker's ignore that names its codes counts only for codes about names,
#: attributes and imports: `# type: ignore[misc]` does not hide `enum.Efum`)
MARK = re.compile(r"#\s*(?:(?:type|pyright):\s*ignore(?!\[)|mypy:\s*ignore"
                  r"|(?:type|pyright):\s*ignore\[[^\]]*(?:attr|name|import|union|member|undefined"
                  r"|unresolved|unbound|possibly)[^\]]*\]"
                  r"|noqa(?!\s*:)|noqa\s*:[\s,A-Z0-9]*?\b(?:F|NCA)\d+)", re.I)


def _span(node: ast.stmt | ast.expr) -> range:
    return range(node.lineno, (getattr(node, "end_lineno", None) or node.lineno) + 1)


def _block_span(nodes: list) -> range:
    return range(nodes[0].lineno, (getattr(nodes[-1], "end_lineno", None) or nodes[-1].lineno) + 1)


def _attribute_roots(body: list[ast.stmt]) -> set[str]:
    """Return the names whose attributes ``body`` reads (``self`` of ``self._iloc``)."""
    out = set()
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Attribute):
                root = node.value
                while isinstance(root, ast.Attribute):
                    root = root.value
                if isinstance(root, ast.Name):
                    out.add(root.id)
    return out


def _is_guard_signal(node: ast.AST) -> bool:
    if isinstance(node, ast.Name) and (
            node.id in _GUARD_NAMES or (node.id.isupper() and _GUARD_CONSTANT.search(node.id))
            or constant_test(node.id) is not None):  # `CYGWIN`, bound to a platform test
        return True
    return (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.attr in _GUARD_ATTRS.get(node.value.id, ()))


def _is_guard_test(test: ast.expr) -> bool:
    return any(_is_guard_signal(node) for node in ast.walk(test))


def _subjects(test: ast.expr) -> frozenset[str] | None:
    """Return the names a guard's test asks ``hasattr``/``getattr`` about, or None when it asks
    about the platform, the version or a feature: then everything behind it is guarded."""
    names: set[str] = set()
    stack: list[ast.AST] = [test]
    while stack:
        node = stack.pop()
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("hasattr", "getattr") and node.args):
            root = node.args[0]
            while isinstance(root, ast.Attribute):
                root = root.value
            if not isinstance(root, ast.Name):
                return None
            names.add(root.id)
            continue
        if _is_guard_signal(node):
            return None
        stack.extend(ast.iter_child_nodes(node))
    return frozenset(names)


def _branches(test: ast.expr) -> tuple[bool, bool] | tuple[None, None]:
    """Return whether the body and the ``else`` of a guard with ``test`` can run on the
    project's interpreter, or (None, None) when the test does not say.

    In ``sys.platform != "win32" and node.mode & S_ISVTX`` the platform part decides and the
    rest is an ordinary condition: both branches can run here."""
    answer = decided(test)
    if answer is not None:
        return answer, not answer
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        parts = [decided(v) if _is_guard_test(v) else True for v in test.values]
        if False in [decided(v) for v in test.values]:
            return False, True
        if all(parts):
            return True, True
    return None, None


def _imported_names(body: list[ast.stmt]) -> frozenset[str] | None:
    """Return the names the imports of a ``try`` body bind, or None when it does more."""
    names: set[str] = set()
    for stmt in body:
        if isinstance(stmt, ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in stmt.names)
        elif isinstance(stmt, ast.ImportFrom) and all(a.name != "*" for a in stmt.names):
            names.update(a.asname or a.name for a in stmt.names)
        else:
            return None
    return frozenset(names) or None


def _handler_names(handler: ast.ExceptHandler) -> set[str]:
    if handler.type is None:
        return {"BaseException"}
    out = set()
    for node in ast.walk(handler.type):
        if isinstance(node, ast.Name):
            out.add(node.id)
        elif isinstance(node, ast.Attribute):
            out.add(node.attr)
    return out


def guard_subjects(tree: ast.AST,
                   nodes: Iterable[ast.AST] | None = None) -> dict[int, frozenset[str] | None]:
    """Return what guards each guarded line: None when it is behind a version, platform or
    feature guard or a ``try`` catching ImportError or NameError (everything there is
    guarded), else the names whose attributes ``hasattr``/``getattr`` tests ask about (``if
    hasattr(stream, "fileno"):`` guards ``stream.fileno``, not ``os.environ`` beside it), with
    :data:`ANY_ATTRIBUTE` for a ``try`` that catches only AttributeError.

    ``nodes``, every node of ``tree`` already walked (DocumentFacts.nodes), saves a walk.
    """
    out: dict[int, frozenset[str] | None] = {}

    def add(span: range, subjects: frozenset[str] | None) -> None:
        for line in span:
            if line in out and out[line] is None:
                continue
            out[line] = None if subjects is None else (out.get(line) or frozenset()) | subjects

    for node in ast.walk(tree) if nodes is None else nodes:
        if isinstance(node, ast.If | ast.IfExp) and _is_guard_test(node.test):
            body_runs, orelse_runs = _branches(node.test)
            if body_runs is None:
                add(_span(node), _subjects(node.test))
                continue
            # a version or platform test the project's interpreter decides: the branch it
            # takes runs here, and only the other is behind the guard
            for runs, branch in ((body_runs, node.body), (orelse_runs, node.orelse)):
                parts = branch if isinstance(branch, list) else [branch]
                if not runs and parts:
                    add(_block_span(parts), None)
        elif isinstance(node, ast.While) and _is_guard_test(node.test):
            add(_span(node), _subjects(node.test))
        elif isinstance(node, ast.Try | ast.TryStar):
            caught = set().union(*(_handler_names(h) for h in node.handlers)) & GUARD_EXCEPTIONS
            if caught == {"AttributeError"}:
                # the try body's attributes, not names; its handlers run where one was missing
                # and read that object's other attributes (`self._iloc`, then `self.x`), not
                # every module's (`warnings.warn` in the handler is no guarded attribute)
                add(range(node.lineno, _block_span(node.body).stop), frozenset({ANY_ATTRIBUTE}))
                roots = frozenset(_attribute_roots(node.body))
                rest = [*node.handlers, *node.orelse, *node.finalbody]
                if rest:
                    add(_block_span(rest), roots or frozenset({ANY_ATTRIBUTE}))
            elif caught == {"NameError"}:
                add(_span(node), frozenset({NAMES_ONLY}))
            elif caught:
                imported = _imported_names(node.body) if caught <= _IMPORT_ERRORS else None
                if not node.orelse or not imported:
                    add(_span(node), None)
                    continue
                # the `else:` runs where the imports worked: only what they bound is guarded
                # there (hypothesis's whole CLI sits in the `else:` of `import click`)
                add(range(node.lineno, _block_span(node.body).stop), None)
                for part in (node.handlers, node.finalbody):
                    if part:
                        add(_block_span(part), None)
                add(_block_span(node.orelse), imported)
        elif isinstance(node, ast.BoolOp):
            tests = [v for v in node.values[:-1] if _is_guard_test(v)]
            if tests and isinstance(node.op, ast.And) and all(decided(v) for v in tests):
                continue  # `sys.platform != "win32" and x`: the rest runs here
            if tests:  # `hasattr(m, "x") and m.x`
                found = [_subjects(v) for v in tests]
                add(_span(node), None if None in found
                    else frozenset().union(*found))  # type: ignore[arg-type]
    return out


def guarded_lines(tree: ast.AST, nodes: Iterable[ast.AST] | None = None) -> set[int]:
    """Return the 1-based lines inside a version/platform/capability guard or a guarding ``try``
    (whatever each guards: see :func:`guard_subjects`)."""
    with constants_of(tree if isinstance(tree, ast.Module) else None):
        return set(guard_subjects(tree, nodes))


def read_by_guard_test(tree: ast.AST, name: str, nodes: Iterable[ast.AST] | None = None) -> bool:
    """Return True when the test of an outermost guard, or of an ``elif`` after it, reads
    ``name``: ``sys`` in ``if sys.version_info >= (3, 11):`` at module level runs on every
    platform and version, so the name is needed whatever the guard then decides."""
    every = list(ast.walk(tree) if nodes is None else nodes)
    tests: list[ast.expr] = []
    inside: set[int] = set()  # lines of guards' bodies (what a guard decides on)
    for node in every:
        if isinstance(node, ast.If | ast.While | ast.IfExp) and _is_guard_test(node.test):
            tests.append(node.test)
            if isinstance(node, ast.IfExp):
                inside.update(_span(node.body))
                inside.update(_span(node.orelse))
                continue
            decided, orelse = list(node.body), node.orelse
            while len(orelse) == 1 and isinstance(orelse[0], ast.If):
                # an `elif` asks its question wherever the guards before it say no: its body
                # is decided, its test is not (`elif CYGWIN:` after `if WIN:`)
                tests.append(orelse[0].test)
                decided.extend(orelse[0].body)
                orelse = orelse[0].orelse
            for stmt in [*decided, *orelse]:
                inside.update(_span(stmt))
        elif isinstance(node, ast.Try | ast.TryStar):
            if any(_handler_names(h) & GUARD_EXCEPTIONS for h in node.handlers):
                inside.update(_span(node))
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
               for test in tests if test.lineno not in inside for n in ast.walk(test))


def marked_lines(text: str) -> set[int]:
    """Return the 1-based lines whose comment says to leave them alone (type: ignore, noqa...)."""
    out: set[int] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT and MARK.search(tok.string):
                out.add(tok.start[0])
    except (tokenize.TokenError, SyntaxError):
        for number, line in enumerate(text.splitlines(), 1):
            if "#" in line and MARK.search(line):
                out.add(number)
    return out


def probed_objects(calls: Iterable[ast.Call]) -> frozenset[tuple[int, str]]:
    """Return ``(line, attr)`` of each ``x.attr`` that a ``getattr``/``hasattr`` call among
    ``calls`` asks about another attribute of: read whatever a guard says
    (``getattr(sys.stder, "encoding", None)`` asks about ``encoding``; ``sys.stder`` is no
    attribute the guard allows to miss)."""
    return frozenset(
        (call.args[0].end_lineno or call.args[0].lineno, call.args[0].attr) for call in calls
        if isinstance(call.func, ast.Name) and call.func.id in ("getattr", "hasattr")
        and call.args and isinstance(call.args[0], ast.Attribute))
