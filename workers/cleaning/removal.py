"""Removal of dead code from one file's text with libcst, keeping everything else byte-for-byte.

Every removal is decided at the level of a statement list (a module body, an indented block or
a one-line suite), so the comments attached to a removed statement go with it while comments
separated from it by a blank line, and all the formatting of kept code, stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

__all__ = ["Removal", "remove"]

_TERMINATORS = (cst.Return, cst.Raise, cst.Continue, cst.Break)


@dataclass(frozen=True)
class Removal:
    """What to remove: an imported name, a definition, or the code after a terminator.

    ``line`` is 1-based as vulture reports it: the import statement's first line, a
    definition's first decorator (or ``def``/``class``) line, the first unreachable statement.
    """

    kind: str  # import, definition, unreachable
    name: str
    line: int


def remove(text: str, removals: Iterable[Removal]) -> tuple[str, frozenset[Removal]]:
    """Return the text with ``removals`` applied, and which of them were found and applied."""
    wanted = frozenset(removals)
    if not wanted:
        return text, frozenset()
    wrapper = MetadataWrapper(cst.parse_module(text))
    remover = _Remover(wanted)
    module = wrapper.visit(remover)
    return module.code, frozenset(remover.applied)


def _bound_name(alias: cst.ImportAlias) -> str:
    """Return the name an import alias binds, as vulture names it (``os.path`` binds ``os``)."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    dotted = cst.helpers.get_full_name_for_node(alias.name) or ""
    return dotted.partition(".")[0]


def _changed(kept: Sequence[cst.CSTNode], originals: Sequence[cst.CSTNode]) -> bool:
    """Return whether ``kept`` differs from ``originals`` (nodes are compared by identity)."""
    return len(kept) != len(originals) or any(
        a is not b for a, b in zip(kept, originals, strict=True)
    )


def _detached(lines: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
    """Return the leading lines of a removed statement that do not belong to it.

    The run of comment lines directly above a statement is its own and goes with it; blank
    lines and comments above them (section headers, notes about what follows) stay.
    """
    end = len(lines)
    while end > 0 and lines[end - 1].comment is not None:
        end -= 1
    return list(lines[:end])


def _leading(node: cst.BaseStatement) -> Sequence[cst.EmptyLine]:
    """Return the blank and comment lines above a statement."""
    if isinstance(node, cst.SimpleStatementLine | cst.BaseCompoundStatement):
        return node.leading_lines
    return ()


def _blank_run(lines: Sequence[cst.EmptyLine], *, from_end: bool) -> int:
    """Return how many blank lines ``lines`` starts (or ends) with."""
    count = 0
    for line in reversed(lines) if from_end else lines:
        if line.comment is not None:
            break
        count += 1
    return count


def _with_leading(
    node: cst.BaseStatement, carried: list[cst.EmptyLine] | None, *, first: bool
) -> cst.BaseStatement:
    """Return ``node`` with what removed statements before it left behind put above it.

    ``carried`` is None when nothing before ``node`` was removed. The blank lines that
    separated the removed code from what came before keep separating ``node`` from it, unless
    ``node`` has blank lines of its own; the ``first`` statement of a block starts it directly.
    """
    if carried is None:
        return node
    trailing = _blank_run(carried, from_end=True)
    lines = carried[: len(carried) - trailing]
    own = _leading(node)
    if trailing and not _blank_run(own, from_end=False):
        lines += carried[len(carried) - min(trailing, 2) :]
    lines += own
    if first:
        lines = lines[_blank_run(lines, from_end=False) :]
    return node.with_changes(leading_lines=lines)


def _footer(
    carried: list[cst.EmptyLine] | None, footer: Sequence[cst.EmptyLine]
) -> list[cst.EmptyLine]:
    """Return a block's footer with the comments removed statements at its end left behind."""
    if not carried or not any(line.comment is not None for line in carried):
        return list(footer)
    return [*carried[: len(carried) - _blank_run(carried, from_end=True)], *footer]


class _Remover(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, wanted: frozenset[Removal]) -> None:
        super().__init__()
        self.applied: set[Removal] = set()
        self._imports: dict[int, dict[str, Removal]] = {}
        self._definitions: dict[tuple[int, str], Removal] = {}
        self._unreachable: dict[int, Removal] = {}
        for item in wanted:
            if item.kind == "import":
                self._imports.setdefault(item.line, {})[item.name] = item
            elif item.kind == "definition":
                self._definitions[(item.line, item.name)] = item
            elif item.kind == "unreachable":
                self._unreachable[item.line] = item

    # ------------------------------------------------------------------ positions

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def _first_line(self, node: cst.CSTNode) -> int:
        decorators = getattr(node, "decorators", ())
        return self._line(decorators[0] if decorators else node)

    def _cut_after(self, line: int) -> bool:
        """Return whether code starting at ``line`` is wanted gone as unreachable; note it."""
        item = self._unreachable.get(line)
        if item is not None:
            self.applied.add(item)
        return item is not None

    # ------------------------------------------------------------------ small statements

    def _small(
        self, originals: Sequence[cst.BaseSmallStatement], next_line: int | None
    ) -> tuple[list[cst.BaseSmallStatement], bool]:
        """Return the kept small statements of one line, and whether the rest of the block goes.

        ``next_line`` is where the statement after this line starts (None at the block's end).
        """
        kept: list[cst.BaseSmallStatement] = []
        for index, small in enumerate(originals):
            if isinstance(small, cst.Import | cst.ImportFrom):
                filtered = self._filter_import(small)
                if filtered is None:
                    continue
                small = filtered
            kept.append(small)
            if isinstance(small, _TERMINATORS):
                following = originals[index + 1] if index + 1 < len(originals) else None
                start = self._line(following) if following is not None else next_line
                if start is not None and self._cut_after(start):
                    return kept, True
        return kept, False

    def _filter_import(
        self, node: cst.Import | cst.ImportFrom
    ) -> cst.Import | cst.ImportFrom | None:
        """Return the import without its unused names, or None when none is left."""
        targets = self._imports.get(self._line(node))
        if not targets or isinstance(node.names, cst.ImportStar):
            return node
        names = list(node.names)
        kept = [alias for alias in names if _bound_name(alias) not in targets]
        for alias in names:
            item = targets.get(_bound_name(alias))
            if item is not None:
                self.applied.add(item)
        if not kept:
            return None
        if len(kept) == len(names):
            return node
        if kept[-1] is not names[-1]:
            # the new last name takes the old last name's comma (or lack of one), keeping the
            # style of a parenthesised, one-per-line import
            kept[-1] = kept[-1].with_changes(comma=names[-1].comma)
        return node.with_changes(names=kept)

    @staticmethod
    def _close(smalls: list[cst.BaseSmallStatement]) -> list[cst.BaseSmallStatement]:
        """Return small statements whose last one carries no dangling semicolon."""
        if smalls and not isinstance(smalls[-1].semicolon, cst.MaybeSentinel):
            smalls[-1] = smalls[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return smalls

    # ------------------------------------------------------------------ statement lists

    def _statements(
        self, originals: Sequence[cst.BaseStatement], updated: Sequence[cst.BaseStatement]
    ) -> tuple[list[cst.BaseStatement], list[cst.EmptyLine] | None]:
        """Return the kept statements and the lines removed ones left without a home."""
        kept: list[cst.BaseStatement] = []
        carried: list[cst.EmptyLine] | None = None
        cutting = False
        for index, (original, node) in enumerate(zip(originals, updated, strict=True)):
            if cutting:
                carried = [*(carried or []), *_detached(_leading(node))]
                continue
            following = originals[index + 1] if index + 1 < len(originals) else None
            next_line = self._first_line(following) if following is not None else None
            replacement: cst.BaseStatement | None = node
            if isinstance(original, cst.FunctionDef | cst.ClassDef):
                item = self._definitions.get((self._first_line(original), original.name.value))
                if item is not None:
                    self.applied.add(item)
                    replacement = None
            elif isinstance(original, cst.SimpleStatementLine):
                smalls, cutting = self._small(original.body, next_line)
                if not smalls:
                    replacement = None
                elif _changed(smalls, original.body):
                    replacement = node.with_changes(body=self._close(smalls))
            if replacement is None:
                carried = [*(carried or []), *_detached(_leading(node))]
                continue
            kept.append(_with_leading(replacement, carried, first=not kept))
            carried = None
        return kept, carried

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body, carried = self._statements(original_node.body, updated_node.body)
        footer = _footer(carried, updated_node.footer)
        if not (body or footer or updated_node.header):
            # nothing left at all: an empty file, not a lone newline
            return updated_node.with_changes(body=(), footer=(), has_trailing_newline=False)
        return updated_node.with_changes(body=body, footer=footer)

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body, carried = self._statements(original_node.body, updated_node.body)
        if not body:
            body = [cst.SimpleStatementLine(body=[cst.Pass()])]
        return updated_node.with_changes(body=body, footer=_footer(carried, updated_node.footer))

    def leave_SimpleStatementSuite(
        self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite
    ) -> cst.SimpleStatementSuite:
        smalls, _ = self._small(original_node.body, None)
        if not smalls:
            smalls = [cst.Pass()]
        if not _changed(smalls, original_node.body):
            return updated_node
        return updated_node.with_changes(body=self._close(smalls))
