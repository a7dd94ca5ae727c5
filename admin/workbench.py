"""What the dispatcher's helpers use of it, as a Protocol: they are handed the dispatcher and
type against this, so none of them imports ``nca.admin.dispatcher`` back.

``nca.admin.aftercheck``, ``checking``, ``cleaning``, ``editor`` and ``fix_paths`` take a
``Workbench``; ``Dispatcher`` is one (it has every member below).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from nca.admin.courier import Courier
    from nca.admin.lifecycle import Lifecycle
    from nca.admin.reports import FileReport

__all__ = ["Workbench"]


class Workbench(Protocol):
    """One workspace's tools: its folder, the courier, the linter and the lifecycle log."""

    workspace: Path
    origin: str
    check_timeout: float
    courier: Courier

    @property
    def lifecycle(self) -> Lifecycle | None: ...

    @property
    def linter(self) -> Any: ...

    @property
    def name_graph(self) -> Any: ...

    @property
    def interpreter(self) -> Any: ...

    def fix_file(self, path: str | Path, *, write: bool = False, check: str | None = None,
                 learn: bool = True) -> FileReport: ...

    def learn(self, report: FileReport) -> None: ...

    def write_fixed(self, report: FileReport, path: Path, original: str) -> FileReport: ...
