"""Context for a task: the attention router picks memory slices, the expander fits them.

:func:`get_context_slice` ranks what the memory knows that bears on a task: the failing
symbol's architecture entry, its neighbours in the diagram, the related components of the
task's module (its neighbourhood and centrality in the diagram, from the analyzer role: the
Wolfram worker when nca.toml selects it, else Python), learned fixes for the same error,
roadblocks, components and search hits. :func:`expand_memory` fits the slices, most relevant
first, into an engine's token budget, measured with the engine's own tokenizer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nca.admin.memory.agent_memory import TASK_TYPES, AgentMemory
from nca.admin.memory.architecture import neighbours
from nca.admin.memory.buildtips import signature
from nca.admin.tasks import Task
from nca.admin.wolfram_roles import run_role, workers_for
from nca.workers.core.errors import NcaError
from nca.workers.core.types import Problem
from nca.workers.engines.wolfram.graph_context import ComponentContext
from nca.workers.engines.wolfram.graph_context import component_context as python_context

if TYPE_CHECKING:
    from nca.workers.engines.wolfram.workers import Workers

log = logging.getLogger(__name__)

__all__ = ["Slice", "Tier", "count_tokens_fallback", "expand_memory", "get_context_slice",
           "related_components", "window_tier"]

TokenCounter = Callable[[str], int]

_TOKEN = re.compile(r"\w+|[^\w\s]")
_NAME = re.compile(r"[`'\"](?P<name>[A-Za-z_][\w.]*)[`'\"]")


@dataclass(frozen=True)
class Slice:
    """One piece of memory offered to an engine, with how relevant it is to the task."""

    kind: str  # architecture, diagram, related, buildtip, roadmap, component, search
    title: str
    text: str
    score: float
    path: str | None = None
    line: int | None = None

    def render(self) -> str:
        """Return the slice as the block an engine reads."""
        where = f" ({self.path}:{self.line})" if self.path and self.line else ""
        return f"## {self.kind}: {self.title}{where}\n{self.text.strip()}\n"


@dataclass(frozen=True)
class Tier:
    name: str
    context_length: int
    memory_tokens: int  # how much of the window memory may take


_TIERS = ((4_096, "small", 0.125), (16_384, "medium", 0.15), (65_536, "large", 0.2))


def window_tier(context_length: int) -> Tier:
    """Return the window tier for an engine's context length and the memory budget it allows."""
    for limit, name, share in _TIERS:
        if context_length <= limit:
            return Tier(name, context_length, int(max(context_length, 0) * share))
    return Tier("huge", context_length, min(int(context_length * 0.25), 32_768))


def count_tokens_fallback(text: str) -> int:
    """Return a token count for engines without a tokenizer: words and punctuation marks."""
    return len(_TOKEN.findall(text))


# --------------------------------------------------------------------------- routing


def _symbol_of(problem: Problem) -> str | None:
    if problem.symbol:
        return problem.symbol
    match = _NAME.search(problem.message)
    return match.group("name") if match else None


def _lookup(architecture: dict[str, Any], name: str) -> list[tuple[dict, dict | None, dict]]:
    """Return ``(module, class or None, function or class entry)`` for each definition of ``name``."""
    short = name.rpartition(".")[2]
    found: list[tuple[dict, dict | None, dict]] = []
    for module in architecture["modules"].values():
        for func in module["functions"]:
            if func["name"] == short:
                found.append((module, None, func))
        for cls in module["classes"]:
            if cls["name"].rpartition(".")[2] == short:
                found.append((module, None, cls))
            for meth in cls["methods"]:
                if meth["name"] == short:
                    found.append((module, cls, meth))
    return found


def _describe(module: dict, cls: dict | None, item: dict) -> str:
    if "signature" in item:
        owner = f"{cls['name']}." if cls else ""
        head = f"def {owner}{item['name']}{item['signature']}"
    else:
        head = f"class {item['name']}({', '.join(item['bases'])})"
        head += "".join(f"\n    def {m['name']}{m['signature']}" for m in item["methods"][:12])
    doc = f"\n    {item['doc']}" if item.get("doc") else ""
    return f"{module.get('module') or module['path']}: {head}{doc}"


def related_components(diagram: dict[str, Any], node: str, workers: Workers | None = None,
                       radius: int = 1) -> tuple[ComponentContext | None, str]:
    """Return the component context of ``node`` (None when the diagram lacks it) and where the
    analyzer role computed it: ``"wolfram"``, ``"python"`` or ``"python (wolfram failed: ...)"``."""
    def on_python() -> ComponentContext | None:
        try:
            return python_context(diagram, node, radius)
        except KeyError:
            return None

    def on_wolfram(chosen: Workers) -> ComponentContext | None:
        try:
            return chosen.wolfram.component_context(diagram, node, radius)
        except KeyError:
            return None

    return run_role(workers, "analyzer", on_wolfram, on_python)


def _related_text(ctx: ComponentContext) -> str:
    near = ", ".join(ctx.neighbours[:20]) or "none"
    return (f"imports or calls {ctx.out_degree}, used by {ctx.in_degree}, betweenness "
            f"{float(ctx.betweenness):.3g}, hub of its neighbourhood: {ctx.hub}\nnear: {near}")


def get_context_slice(task: Task, memory: AgentMemory, limit: int = 24, *,
                      workers: Workers | None = None,
                      ran: dict[str, str] | None = None) -> list[Slice]:
    """Return the memory slices relevant to ``task``, most relevant first.

    ``workers`` runs the analyzer role (the related components) where nca.toml chose; where it
    ran is put in ``ran["analyzer"]``.
    """
    kinds = {kind for kind, types in TASK_TYPES.items() if task.kind in types}
    slices: list[Slice] = []
    problems = task.problems
    symbols = [s for s in (_symbol_of(p) for p in problems) if s]
    architecture = memory.load("architecture") if "architecture" in kinds else None
    if architecture is not None:
        for symbol in symbols:
            for module, cls, item in _lookup(architecture, symbol)[:4]:
                slices.append(Slice("architecture", symbol, _describe(module, cls, item), 1.0,
                                    module["path"], item["lines"][0]))
        if task.path and task.path in architecture["modules"]:
            module = architecture["modules"][task.path]
            names = [f["name"] for f in module["functions"]] + [c["name"] for c in module["classes"]]
            slices.append(Slice("architecture", module.get("module") or task.path,
                                f"{module.get('doc', '')}\ndefines: {', '.join(names[:40])}",
                                0.7, task.path, 1))
    if "diagram" in kinds and architecture is not None:
        diagram = memory.load("diagram")
        for symbol in symbols:
            for module, _cls, item in _lookup(architecture, symbol)[:2]:
                node = f"function:{module.get('module') or module['path']}.{item['name']}"
                edges = neighbours(diagram, node)
                if edges:
                    text = "\n".join(f"{'calls' if d == 'out' else 'called by'} {other}"
                                     for d, _kind, other in edges[:20])
                    slices.append(Slice("diagram", node, text, 0.8, module["path"],
                                        item["lines"][0]))
        if task.path and task.path in architecture["modules"]:
            module = architecture["modules"][task.path]
            node = f"module:{module.get('module') or module['path']}"
            ctx, where = related_components(diagram, node, workers)
            if ran is not None:
                ran["analyzer"] = where
            if ctx is not None and ctx.neighbours:
                slices.append(Slice("related", node, _related_text(ctx), 0.5, task.path, 1))
    if "buildtips" in kinds:
        for problem in problems:
            for solution in memory.tips.lookup(problem):
                slices.append(Slice("buildtip", f"{problem.code}: {solution.title}",
                                    solution.detail.get("diff", ""), 0.9,
                                    solution.detail.get("file")))
    if "roadmap" in kinds or problems:
        wanted = {(signature(p)["code"], signature(p)["message"]) for p in problems}
        for block in memory.roadmap.load()["roadblocks"]:
            sig = block["signature"]
            related = (sig["code"], sig["message"]) in wanted or block.get("file") == task.path
            if block["status"] == "open" and (related or "roadmap" in kinds):
                slices.append(Slice("roadmap", f"roadblock {block['id']}", block.get("detail", ""),
                                    0.6 if related else 0.3, block.get("file")))
    if "components" in kinds:
        for component in memory.load("components")["ui"][:50]:
            if component["name"] in task.text or component["path"] == task.path:
                slices.append(Slice("component", component["name"], component["schematic"],
                                    0.5, component["path"], component["line"]))
    query = " ".join([*symbols, *(p.message for p in problems)]) or task.text[:500]
    seen = {(s.path, s.line) for s in slices}
    for hit in memory.search(query, limit=8) if query.strip() else []:
        if (hit.path, hit.line) not in seen:
            slices.append(Slice("search", hit.symbol, f"{hit.kind} {hit.symbol}",
                                0.4 * min(hit.score / 10, 1.0), hit.path, hit.line))
    slices.sort(key=lambda s: -s.score)
    return slices[:limit]


# --------------------------------------------------------------------------- expanding


def _fit(text: str, budget: int, count: TokenCounter) -> str:
    """Return the longest prefix of ``text`` ending at a whitespace boundary within ``budget``."""
    cuts = [m.start() for m in re.finditer(r"\s+", text)] + [len(text)]
    lo, hi, best = 0, len(cuts) - 1, ""
    while lo <= hi:
        mid = (lo + hi) // 2
        prefix = text[: cuts[mid]]
        if count(prefix) <= budget:
            best, lo = prefix, mid + 1
        else:
            hi = mid - 1
    return best


def expand_memory(slices: Sequence[Slice], budget_tokens: int,
                  count_tokens: TokenCounter | None = None) -> str:
    """Return the slices, most relevant first, as one text within ``budget_tokens``.

    Tokens are counted with ``count_tokens`` (the engine's tokenizer) or, without one, with
    :func:`count_tokens_fallback`. Whole slices go in while they fit; the first that does not
    is cut at a word boundary (never inside a token) when a useful part of it fits.
    """
    count = count_tokens or count_tokens_fallback
    parts: list[str] = []
    used = 0
    for piece in sorted(slices, key=lambda s: -s.score):
        block = piece.render()
        cost = count(block)
        if used + cost <= budget_tokens:
            parts.append(block)
            used += cost
            continue
        room = budget_tokens - used
        if room >= 16:  # a stub of a few tokens tells an engine nothing
            cut = _fit(block, room, count)
            if cut.count("\n") >= 1:
                parts.append(cut.rstrip() + "\n")
        break
    text = "\n".join(parts)
    while parts and count(text) > budget_tokens:  # tokenizers do not add up exactly at seams
        parts.pop()
        text = "\n".join(parts)
    return text


def memory_context(workspace: Any, task: Task, context_length: int,
                   count_tokens: TokenCounter | None = None, *,
                   workers: Workers | None = None) -> tuple[str, list[str]]:
    """Return the memory text for ``task`` fitted to an engine's window, and the slices used.

    Reads the workspace's AgentMemory as it is (nothing is built here: a workspace without
    memory gives an empty text). The budget is the window tier's share of ``context_length``.
    The analyzer role runs on ``workers`` (the workspace's own when None); the slices used end
    with ``analyzer:<where it ran>`` when it ran.
    """
    memory = AgentMemory(workspace)
    ran: dict[str, str] = {}
    try:
        if workers is None:
            workers = workers_for(workspace)
        slices = get_context_slice(task, memory, workers=workers, ran=ran)
    except NcaError as err:  # a broken memory file costs the context, never the task
        log.warning("memory not used: %s", err)
        return "", []
    if not slices:
        return "", []
    budget = window_tier(context_length or 4096).memory_tokens
    text = expand_memory(slices, budget, count_tokens)
    used = [f"{s.kind}:{s.title}" for s in slices if s.render().split("\n", 1)[0] in text]
    if "analyzer" in ran:
        used.append(f"analyzer:{ran['analyzer']}")
    return text, used
