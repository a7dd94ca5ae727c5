"""``nca init``: set a project up for nca, never overwriting anything that is there.

It makes what the design's scaffold names, each part only when it is missing:

- ``AgentMemory/`` with its six files: the four derived from the code (Architecture, Diagram,
  Components, ContextMap: what ``nca memory build`` writes) and BuildTips and Roadmap, empty
  and valid against their schemas;
- ``.nca/`` with its ``.gitignore`` of ``*`` (``git status`` stays clean of it) and an
  ``nca.toml`` of commented defaults, unless settings are already found elsewhere;
- ``.vscode/tasks.json`` and ``.vscode/launch.json`` entries for ``nca fix`` and ``nca serve``,
  merged into the files that exist (other entries, and ours already there, are kept).

What exists is kept and named in the report with the reason; a second run changes nothing.
A JSON file nca cannot merge without losing something (comments, an odd shape) is left as
it is, and the report holds the entries to add by hand.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nca.admin.config import find_config
from nca.admin.memory import AgentMemory
from nca.admin.memory.schemas import FILES
from nca.admin.memory.schemas import empty as empty_memory
from nca.admin.memory.store import path_of, save
from nca.admin.trust import user_config_file
from nca.workers.backups.gitter import atomic_write
from nca.workers.core.errors import InputError, NcaError
from nca.workers.core.statedir import GITIGNORE, STATE_DIR, ignore_state_folder

__all__ = ["CONFIG_TEMPLATE", "InitReport", "init_project", "launch_entries", "task_entries"]

#: the memory files ``nca memory build`` derives from the code
DERIVED = ("architecture", "diagram", "components", "contextmap")
#: the memory files that hold what was learned: made empty
LEARNED = ("buildtips", "roadmap")

CONFIG_TEMPLATE = """\
# nca settings for this workspace, written by `nca init`. Every setting is commented out, so
# nca uses its defaults: the offline rules engine alone. Uncomment what you need;
# `nca doctor` says what nca made of it.
#
# nca reads the first of: nca.toml at the workspace root, this file, [tool.nca] in
# pyproject.toml; with none of them, your own ~/.config/nca/nca.toml. .nca/ is ignored by git
# (.nca/.gitignore holds `*`): to share settings, put them in nca.toml at the root instead.
# Engines that name URLs, keys or model paths, and the commands below, are used only once you
# trusted the workspace: `nca trust`.

# A local Hugging Face model directory (pip install 'neural-coding-assistant[models]'):
# [[engines]]
# id = "coder"
# kind = "transformers"
# path = "~/models/qwen2.5-coder-7b-instruct"
# roles = ["fix", "chat", "fim"]
# device = "auto"          # auto, cpu, cuda, cuda:1, mps
# dtype = "auto"           # auto, float32, float16, bfloat16
# max_tokens = 512
# temperature = 0.0
# timeout = 60

# Any OpenAI-compatible server: vLLM, TGI, Ollama, llama.cpp server:
# [[engines]]
# id = "big"
# kind = "openai"
# base_url = "http://gpu-box:8000/v1"
# model = "qwen2.5-coder"
# api_key_env = "BIG_KEY"  # the environment variable that holds the key
# roles = ["fix", "chat"]

# Which engines serve which role (default: every engine that serves it; rules always fixes):
# [routing]
# fix = ["rules", "coder", "big"]   # candidates from each, all verified, the best one wins
# chat = ["big", "coder"]           # the first healthy one; the next on failure

# What the editor's nca.runTests runs, and a command a fix must keep passing in the editor:
# [tests]
# command = "python -m pytest -q -x"
# [check]
# command = "python -m pytest -x -q"

# Dead-code settings (nca clean) live in pyproject.toml, under [tool.nca.clean].
"""

#: the labels (tasks) and names (launch configurations) nca adds start with this
PREFIX = "nca: "


@dataclass
class InitReport:
    """What ``nca init`` did: paths relative to ``root``, each with what happened to it."""

    root: Path
    created: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was left)
    by_hand: dict[str, str] = field(default_factory=dict)  # path -> JSON to add by hand

    @property
    def changed(self) -> bool:
        return bool(self.created or self.merged)


def init_project(path: str | Path) -> InitReport:
    """Return what was made in the project at ``path`` (created when missing)."""
    root = Path(path).expanduser()
    if os.path.lexists(root) and not root.is_dir():
        raise InputError(f"{root} is not a folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create {root}: {err.strerror or err}") from None
    root = root.resolve()
    report = InitReport(root)
    _state(report)
    _config(report)
    _memory(report)
    _vscode(report, "tasks.json", "tasks", "label", task_entries(),
            {"version": "2.0.0", "tasks": []})
    _vscode(report, "launch.json", "configurations", "name", launch_entries(),
            {"version": "0.2.0", "configurations": []})
    return report


# --------------------------------------------------------------------------- .nca/


def _state(report: InitReport) -> None:
    folder = report.root / STATE_DIR
    rel = f"{STATE_DIR}/.gitignore"
    if os.path.lexists(folder) and not folder.is_dir():
        report.kept.append((STATE_DIR, "not a folder: nca keeps its state there; move it away"))
        return
    folder.mkdir(exist_ok=True)
    if ignore_state_folder(folder):
        report.created.append(rel)
        return
    try:
        text = (folder / ".gitignore").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    if "*" in (line.strip() for line in text.splitlines()):
        report.kept.append((rel, "exists"))
    else:
        report.kept.append((rel, f"exists without a `*` line: .nca/ may show in git status "
                                 f"(nca's own holds: {GITIGNORE.splitlines()[-1]})"))


def _config(report: InitReport) -> None:
    rel = f"{STATE_DIR}/nca.toml"
    target = report.root / rel
    if os.path.lexists(target):
        report.kept.append((rel, "exists"))
        return
    if not (report.root / STATE_DIR).is_dir():
        return  # said by _state
    try:
        found = find_config(report.root)
    except NcaError as err:
        report.kept.append((rel, f"not written: {err}"))
        return
    if found is not None:
        where = _rel(found[0], report.root) + (f" [{found[1]}]" if found[1] else "")
        report.kept.append((rel, f"not written: the settings are in {where}, which it would "
                                 "hide or repeat"))
        return
    user = user_config_file()
    if os.path.lexists(user):
        report.kept.append((rel, f"not written: your own {user} applies here, and a "
                                 "workspace file would replace it"))
        return
    if _create(target, CONFIG_TEMPLATE):
        report.created.append(rel)
    else:
        report.kept.append((rel, "exists"))


# --------------------------------------------------------------------------- AgentMemory/


class _MissingOnly(AgentMemory):
    """The workspace's memory, built without replacing a memory file that exists."""

    def __init__(self, workspace: Path) -> None:
        super().__init__(workspace)
        self.written: list[str] = []

    def _put(self, kind: str, doc: dict[str, Any]) -> None:
        if os.path.lexists(self.path(kind)):
            return
        super()._put(kind, doc)
        self.written.append(kind)


def _memory(report: InitReport) -> None:
    root = report.root
    for kind in LEARNED:
        rel = f"AgentMemory/{FILES[kind]}"
        path = path_of(root, kind)
        if os.path.lexists(path):
            report.kept.append((rel, "exists"))
            continue
        try:
            save(path, kind, empty_memory(kind))
        except (OSError, NcaError) as err:
            report.kept.append((rel, f"not written: {err}"))
            continue
        report.created.append(rel)
    missing = [k for k in DERIVED if not os.path.lexists(path_of(root, k))]
    for kind in DERIVED:
        if kind not in missing:
            report.kept.append((f"AgentMemory/{FILES[kind]}",
                                "exists (`nca memory build` brings it up to date)"))
    if not missing:
        return
    memory = _MissingOnly(root)
    try:
        memory.build()
    except (OSError, NcaError) as err:
        report.kept.extend((f"AgentMemory/{FILES[k]}", f"not built: {err}") for k in missing)
        return
    report.created.extend(f"AgentMemory/{FILES[k]}" for k in DERIVED if k in memory.written)


# --------------------------------------------------------------------------- .vscode/


def _nca_command() -> str:
    """Return how a VS Code task calls nca: ``nca`` when it is on PATH, else its full path."""
    if shutil.which("nca"):
        return "nca"
    beside = Path(sys.executable).with_name("nca")
    return str(beside) if beside.is_file() else "nca"


def task_entries() -> list[dict[str, Any]]:
    """Return the VS Code tasks ``nca init`` adds: fix a file, fix the workspace, serve."""
    nca = _nca_command()
    return [
        {"label": f"{PREFIX}fix this file", "type": "shell", "command": nca,
         "args": ["fix", "${file}"], "problemMatcher": [],
         "detail": "verified fixes of the open file, shown as a diff (add --write to write)"},
        {"label": f"{PREFIX}fix the workspace", "type": "shell", "command": nca,
         "args": ["fix", "${workspaceFolder}"], "problemMatcher": [],
         "detail": "verified fixes of every Python file, shown as diffs"},
        {"label": f"{PREFIX}serve", "type": "shell", "command": nca,
         "args": ["serve", "--tcp", "--port", "2087"], "isBackground": True,
         "problemMatcher": [],
         "detail": "language server on 127.0.0.1:2087 and the OpenAI-compatible route on "
                   "127.0.0.1:8765 (Continue)"},
    ]


def launch_entries() -> list[dict[str, Any]]:
    """Return the debug configurations ``nca init`` adds: nca serve and nca fix, run in the
    interpreter nca is installed in (debugpy comes with VS Code's Python debugger)."""
    common = {"type": "debugpy", "request": "launch", "module": "nca.server.cli",
              "python": sys.executable, "cwd": "${workspaceFolder}",
              "console": "integratedTerminal", "justMyCode": False}
    return [
        {"name": f"{PREFIX}serve", **common, "args": ["serve", "--tcp", "--port", "2087"]},
        {"name": f"{PREFIX}fix this file", **common, "args": ["fix", "${file}"]},
    ]


def _vscode(report: InitReport, name: str, key: str, id_key: str,
            entries: list[dict[str, Any]], fresh: dict[str, Any]) -> None:
    rel = f".vscode/{name}"
    path = report.root / ".vscode" / name
    if not os.path.lexists(path):
        if (report.root / ".vscode").exists() and not (report.root / ".vscode").is_dir():
            report.kept.append((rel, ".vscode is not a folder"))
            return
        (report.root / ".vscode").mkdir(exist_ok=True)
        if _create(path, _dump({**fresh, key: entries})):
            report.created.append(rel)
            return
    by_hand = _dump({key: entries})
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        report.kept.append((rel, f"cannot read it ({err}): add the entries below by hand"))
        report.by_hand[rel] = by_hand
        return
    if not text.strip():
        data: Any = dict(fresh)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            why = ("it has comments or trailing commas, which a rewrite would lose"
                   if _jsonc(text) is not None else "it is not valid JSON")
            report.kept.append((rel, f"left as it is: {why}; add the entries below by hand"))
            report.by_hand[rel] = by_hand
            return
    listed = data.get(key) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(listed, list | type(None)):
        report.kept.append((rel, f"left as it is: `{key}` is not a list; add the entries below "
                                 "by hand"))
        report.by_hand[rel] = by_hand
        return
    listed = list(listed or [])
    have = {e.get(id_key) for e in listed if isinstance(e, dict)}
    added = [e for e in entries if e[id_key] not in have]
    if not added:
        report.kept.append((rel, "has nca's entries"))
        return
    for k, v in fresh.items():
        data.setdefault(k, v)
    data[key] = [*listed, *added]
    try:
        atomic_write(path, _dump(data).encode("utf-8"))
    except OSError as err:
        report.kept.append((rel, f"cannot write it ({err}): add the entries below by hand"))
        report.by_hand[rel] = by_hand
        return
    report.merged.append(f"{rel} (+{', '.join(e[id_key] for e in added)})")


def _jsonc(text: str) -> Any:
    """Return ``text`` parsed as JSON with comments and trailing commas, or None."""
    out, i, n = [], 0, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[i:end + 1])
            i = end + 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(char)
            i += 1
    try:
        return json.loads(re.sub(r",(\s*[}\]])", r"\1", "".join(out)))
    except json.JSONDecodeError:
        return None


# --------------------------------------------------------------------------- helpers


def _dump(data: Any) -> str:
    return json.dumps(data, indent=4, ensure_ascii=False) + "\n"


def _create(path: Path, text: str) -> bool:
    """Return True when ``path`` was created holding ``text``; False when it exists (a file is
    never replaced: made with O_EXCL, so a race with another writer loses, not the file)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                     0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    return True


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
