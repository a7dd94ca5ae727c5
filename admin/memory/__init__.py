"""AgentMemory: what nca knows about a workspace, what fixed its errors, where it is going."""

from nca.admin.memory.agent_memory import AgentMemory, BuildReport
from nca.admin.memory.buildtips import BuildTips, record_fix
from nca.admin.memory.roadmap import Roadmap
from nca.admin.memory.search import Hit
from nca.admin.memory.store import BrokenMemoryFile

__all__ = ["AgentMemory", "BrokenMemoryFile", "BuildReport", "BuildTips", "Hit",
           "Roadmap", "record_fix"]
