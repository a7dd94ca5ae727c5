"""What the command line asks of a workspace besides fixing, as methods of its ``Dispatcher``
(a base class of it): the CLI calls these, the dispatcher's own (fixing, backups, the log) and
nothing else of nca.admin but config, workspace and the report types.

- the workspace: its dead code (``clean_paths``), its memory (``build_memory``,
  ``search_memory``, the roadmap; ``memory_summary`` is the editor's too), the facts
  ``nca doctor`` shows (``doctor_facts``), the context lengths of the engines Continue talks to;
- no workspace needed (static methods: asked before one is opened, or about none): the state
  folder's check, trust (``trust_workspace``, ``revoke_trust``, ``is_trusted``,
  ``trusted_roots``, ``trust_file``), ``init_project``, and the courier's check of its workers.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from nca.admin import trust
from nca.admin.config import load_config
from nca.admin.courier import Courier
from nca.admin.embedded import missing_rows
from nca.admin.lifecycle import state_folder as state_folder_of
from nca.admin.memory import AgentMemory
from nca.admin.reports import (
    CleanResult,
    CourierCheck,
    DoctorFacts,
    ProjectFacts,
    RoadmapDoc,
)
from nca.admin.workbench import Workbench
from nca.admin.workspace import find_workspace
from nca.workers.core.project import find_interpreter, probe
from nca.workers.facts.typecheck import checker_status

if TYPE_CHECKING:
    from nca.admin.council import Council
    from nca.admin.memory.agent_memory import BuildReport
    from nca.admin.memory.search import Hit
    from nca.admin.scaffold import InitReport

__all__ = ["UpkeepRequests", "project_facts"]


class UpkeepRequests(Workbench):
    """What the CLI asks of one workspace; ``Dispatcher`` provides the attributes below and
    a ``Workbench``'s: the cleaner is handed ``self``."""

    council: Council
    _python: str | None

    # ------------------------------------------------------------------ dead code

    def clean_paths(self, paths: Iterable[str | Path], *, write: bool = False,
                    min_confidence: int = 80, whitelist_files: Iterable[str | Path] = (),
                    ignore_decorators: Iterable[str] = (),
                    check: str | None = None) -> list[CleanResult]:
        """Return, per Python file under ``paths``, the Cleaner's findings; with ``write``,
        the verified removals are written, backed up first (see ``nca.admin.cleaning``)."""
        # loads libcst and vulture (~0.3 s): only the dead-code requests wait for them
        from nca.admin.cleaning import clean_paths

        return clean_paths(self, paths, write=write, min_confidence=min_confidence,
                           whitelist_files=whitelist_files, ignore_decorators=ignore_decorators,
                           check=check)

    # ------------------------------------------------------------------ memory

    @cached_property
    def _agent_memory(self) -> AgentMemory:
        return AgentMemory(self.workspace)

    def build_memory(self) -> BuildReport:
        """Return what indexing the workspace into its AgentMemory/ found."""
        return self._agent_memory.build()

    def search_memory(self, query: str, limit: int = 10) -> list[Hit]:
        """Return the memory's symbols that best match ``query`` (a name or words)."""
        return self._agent_memory.search(query, limit)

    def roadmap(self) -> RoadmapDoc:
        """Return the roadmap's document: goals, phases and roadblocks."""
        return self._agent_memory.roadmap.load()

    def roadmap_lines(self) -> list[str]:
        """Return the roadmap as lines to show (none when it is empty)."""
        return self._agent_memory.roadmap.lines()

    def roadmap_add(self, title: str, goal: str | None = None) -> str:
        """Return the id of a new goal, or of a new phase of ``goal``."""
        return self._agent_memory.roadmap.add(title, goal=goal)

    def roadmap_done(self, item: str) -> str:
        """Return what marking a goal, phase or roadblock done says."""
        return self._agent_memory.roadmap.done(item)

    # ------------------------------------------------------------------ engines and project

    def doctor_facts(self, *, probe: bool = False) -> DoctorFacts:
        """Return the engines (health, capabilities, context), the routing, the project's
        interpreter and where each Wolfram-capable worker runs. With ``probe``, engines that
        can (an openai upstream) are asked over the network."""
        described = self.council.describe(probe=probe)
        facts: DoctorFacts = {"engines": described["engines"], "routing": described["routing"],
                              "source": described["source"],
                              "project": project_facts(self.workspace, self._python),
                              "workers": {}, "type_checker": checker_status()}
        facts["engines"] += missing_rows(set(self.council.engines))
        from nca.workers.engines.wolfram.workers import Workers  # `nca doctor`'s, loaded there

        facts["workers"] = Workers.for_config(load_config(self.workspace)).placement()
        return facts

    def context_lengths(self) -> dict[str, int]:
        """Return the context length of the engine serving ``chat`` and ``fim`` (0: none)."""
        return {role: self.council.context_length(role) for role in ("chat", "fim")}

    # ------------------------------------------------------------------ no workspace needed

    @staticmethod
    def state_folder(workspace: str | Path | None = None) -> Path:
        """Return the workspace's ``.nca`` folder; UnreadableFile when it is not a folder."""
        return state_folder_of(find_workspace(workspace))

    @staticmethod
    def init_project(path: str | Path) -> InitReport:
        """Return what ``nca init`` made in the project at ``path`` (created when missing)."""
        from nca.admin.scaffold import init_project as make_project  # `nca init` only

        return make_project(path)

    @staticmethod
    def check_courier() -> CourierCheck:
        """Return how the workers agree with the courier's Function_Courier.md."""
        courier = Courier()
        return CourierCheck(tuple(courier.check()), len(courier.specs), courier.path.name)

    @staticmethod
    def trust_workspace(root: str | Path) -> Path:
        """Trust the workspace at ``root`` (its config may pick engines, keys and commands);
        return its resolved path."""
        return trust.trust(root)

    @staticmethod
    def revoke_trust(root: str | Path) -> bool:
        """Stop trusting ``root`` itself; return False when it was not trusted."""
        return trust.revoke(root)

    @staticmethod
    def is_trusted(root: str | Path) -> bool:
        """Return True when ``root``'s config is used: it, a folder above it, or NCA_TRUST_ALL."""
        return trust.is_trusted(root)

    @staticmethod
    def trusted_roots() -> list[str]:
        """Return the trusted roots, sorted."""
        return sorted(trust.trusted_roots())

    @staticmethod
    def trust_file() -> Path:
        """Return where the trusted roots are stored."""
        return trust.trust_file()


def project_facts(root: Path, python: str | None) -> ProjectFacts:
    """Return the project model's ground facts: root and interpreter, and how they were found."""
    try:
        env = probe(*find_interpreter(root, python))
    except FileNotFoundError as err:
        return {"root": str(root), "interpreter": None, "error": str(err)}
    return {"root": str(root), "interpreter": env.python, "found_by": env.source,
            "python": f"{env.version[0]}.{env.version[1]}", "fallback": env.is_fallback,
            "error": env.error, "describe": env.describe()}
