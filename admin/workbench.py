"""What the dispatcher's helpers use of it: they are handed the dispatcher and type against
``Workbench``, so none of them imports ``nca.admin.dispatcher`` back.

``nca.admin.aftercheck``, ``checking``, ``cleaning``, ``editor`` and ``fix_paths`` take a
``Workbench``. The dispatcher's request bases (``EditorRequests``, ``UpkeepRequests``)
inherit it and hand ``self`` to those helpers, so ``Dispatcher`` is one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nca.admin.courier import Courier
    from nca.admin.lifecycle import Lifecycle
    from nca.admin.reports import FileReport
    from nca.workers.core.project import Interpreter
    from nca.workers.core.types import Linter
    from nca.workers.facts.namegraph import NameGraph

__all__ = ["Workbench"]


class Workbench:
    """One workspace's tools: its folder, the courier, the linter and the lifecycle log.

    Declared for type checkers; the ``Dispatcher`` defines each member (at run time this
    class holds nothing)."""

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
