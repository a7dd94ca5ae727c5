"""What the dispatcher's helpers use of it, as a Protocol: they are handed the dispatcher and
type against this, so none of them imports ``nca.admin.dispatcher`` back.

``nca.admin.aftercheck``, ``checking``, ``cleaning``, ``editor`` and ``fix_paths`` take a
``Workbench``; ``Dispatcher`` is one (it has every member below). Its request bases
(``EditorRequests``, ``UpkeepRequests``) hand ``self`` to those helpers: they inherit
``DispatcherMembers``, which declares the same members for type checkers and holds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from nca.admin.courier import Courier
    from nca.admin.lifecycle import Lifecycle
    from nca.admin.reports import FileReport
    from nca.workers.core.project import Interpreter
    from nca.workers.core.types import Linter
    from nca.workers.facts.namegraph import NameGraph

__all__ = ["DispatcherMembers", "Workbench"]


class Workbench(Protocol):
    """One workspace's tools: its folder, the courier, the linter and the lifecycle log."""

    workspace: Path
    origin: str
    check_timeout: float
    courier: Courier

    @property
    def lifecycle(self) -> Lifecycle | None: ...

    @property
    def linter(self) -> Linter: ...

    @property
    def name_graph(self) -> NameGraph: ...

    @property
    def interpreter(self) -> Interpreter: ...

    def fix_file(self, path: str | Path, *, write: bool = False, check: str | None = None,
                 learn: bool = True) -> FileReport: ...

    def learn(self, report: FileReport) -> None: ...

    def write_fixed(self, report: FileReport, path: Path, original: str) -> FileReport: ...


class DispatcherMembers:
    """The members of a ``Workbench``, declared for the dispatcher's request bases; the
    ``Dispatcher`` defines each (at run time this class holds nothing)."""

    workspace: Path
    origin: str
    check_timeout: float
    courier: Courier
    fix_file: Callable[..., FileReport]
    learn: Callable[[FileReport], None]
    write_fixed: Callable[[FileReport, Path, str], FileReport]

    if TYPE_CHECKING:  # the dispatcher's lazily made parts (cached properties)
        @property
        def lifecycle(self) -> Lifecycle | None: ...

        @property
        def linter(self) -> Linter: ...

        @property
        def name_graph(self) -> NameGraph: ...

        @property
        def interpreter(self) -> Interpreter: ...
