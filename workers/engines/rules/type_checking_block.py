"""A module's ``if TYPE_CHECKING:`` import block, and the names only annotations read, which
a lost import of goes into that block."""

from __future__ import annotations

import ast

__all__ = ["type_checking_block", "typing_only"]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        and isinstance(test.value, ast.Name))


def type_checking_block(tree: ast.Module) -> ast.If | None:
    """Return the module-level ``if TYPE_CHECKING:`` that holds only imports (no ``else``)."""
    for node in tree.body:
        if (isinstance(node, ast.If) and not node.orelse and _is_type_checking(node.test)
                and all(isinstance(s, ast.Import | ast.ImportFrom) for s in node.body)):
            return node
    return None


def typing_only(tree: ast.Module, name: str) -> bool:
    """Return True when nothing reads ``name`` at run time: every read is in a function's
    signature under ``from __future__ import annotations``, in a local variable's annotation,
    or in strings (which the tree does not show). Class-level annotations count as run time
    (dataclasses and pydantic read them), unless the file's ``if TYPE_CHECKING:`` block
    imports a name they read: then its author holds them for type checkers too."""
    future = any(isinstance(n, ast.ImportFrom) and n.module == "__future__"
                 and any(a.name == "annotations" for a in n.names) for n in tree.body)
    in_signatures: set[int] = set()  # evaluated at run time unless postponed
    never: set[int] = set()  # a local variable's annotation is never evaluated (PEP 526)
    in_classes: dict[int, str] = {}  # class-level annotations: a dataclass may read them
    for cls in ast.walk(tree):
        if isinstance(cls, ast.ClassDef):
            for stmt in cls.body:
                if isinstance(stmt, ast.AnnAssign):
                    in_classes.update((id(n), getattr(n, "id", "")) for n in ast.walk(
                        stmt.annotation))
    block = type_checking_block(tree)
    guarded = {a.asname or a.name.partition(".")[0] for stmt in (block.body if block else [])
               for a in getattr(stmt, "names", [])}
    if future and guarded & set(in_classes.values()):
        # the author imports names of class annotations for type checkers only: so are they
        in_signatures.update(in_classes)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
            notes = [a.annotation for a in every if a is not None and a.annotation is not None]
            for note in [*notes, *([node.returns] if node.returns else [])]:
                in_signatures.update(id(n) for n in ast.walk(note))
            for inner in ast.walk(node):
                if isinstance(inner, ast.AnnAssign):
                    never.update(id(n) for n in ast.walk(inner.annotation))
    return all(id(n) in never or (future and id(n) in in_signatures) for n in ast.walk(tree)
               if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load))
