"""``nca continue-config``: point Continue's ``~/.continue/config.yaml`` at nca's HTTP route.

The file is the user's: it is read and written back with ruamel.yaml's round trip, so comments,
key order, quoting and indentation stay as they were, and only nca's own entries change.

- ``nca`` (role ``chat``) is updated in place when the file has it, else added after the
  user's models, so it never becomes the default chat model of someone who has one. The
  ``edit`` and ``apply`` roles are not given: the HTTP route answers any message with broken
  code with the repair loop's report (steps, diff, fixed code) and everything else with the
  chat engine or a paragraph saying none is configured; Continue would paste that text into
  the file as the edit.
- ``nca-autocomplete`` (role ``autocomplete``; Continue treats a name starting with ``gpt``
  or ``o`` as an OpenAI chat model, so it is not one) is added only with ``--autocomplete``,
  then before the file's other autocomplete models (Continue's default is the first). An
  existing one gets the new address, where it is.
- ``contextLength`` is the context length of the engine that answers chat (fill-in-the-middle
  for autocomplete) in this workspace, as ``nca doctor`` reports it; none is written when no
  engine is routed (the rules engine reads no prompt), and Continue keeps its default.

A run that changes nothing writes nothing. Otherwise the old file is copied aside first and the
new one replaces it atomically. ``--dry-run`` prints the unified diff and writes nothing;
``--print`` prints the whole merged file.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from nca.server.cli_common import workspace_of
from nca.server.http_defaults import DEFAULT_PORT
from nca.workers.core.errors import ConfigError

__all__ = ["ContinueConfig", "build_config", "default_path", "engine_limits", "model_entries",
           "run_continue_config", "write_config"]

CHAT_NAME, AUTOCOMPLETE_NAME = "nca", "nca-autocomplete"
PLACEHOLDER_KEY = "nca-local"  # Continue wants some key; nca ignores it unless one is set
CHAT_ROLES = ("chat",)
AUTOCOMPLETE_ROLES = ("autocomplete",)
#: the most tokens asked for an answer: a repair report holds the diff and the fixed code
MAX_ANSWER_TOKENS = 4096
AUTOCOMPLETE_TOKENS = 256


def default_path() -> Path:
    """Return where Continue reads its config: ``$CONTINUE_GLOBAL_DIR`` or ``~/.continue``."""
    folder = os.environ.get("CONTINUE_GLOBAL_DIR", "").strip()
    return (Path(folder) if folder else Path.home() / ".continue") / "config.yaml"


def engine_limits(workspace: Path | str | None) -> dict[str, int]:
    """Return the context length of the engine serving ``chat`` and ``fim`` in ``workspace``
    (0: no engine is routed), from the same council ``nca doctor`` describes."""
    # the dispatcher (all of nca.admin) loads when the command runs: the CLI imports this
    # module to build its parser
    from nca.admin.dispatcher import Dispatcher

    return Dispatcher(workspace, record=False).context_lengths()


def _options(context_length: int, answer_tokens: int) -> dict[str, int]:
    if context_length <= 0:
        return {"maxTokens": answer_tokens}
    # leave Continue room for its system prompt, tools and the conversation
    return {"contextLength": context_length,
            "maxTokens": max(1, min(answer_tokens, context_length // 4))}


def model_entries(port: int, host: str = "127.0.0.1", api_key: str | None = None, *,
                  chat_context: int = 0, fim_context: int = 0) -> list[dict[str, Any]]:
    """Return the chat and the autocomplete model entries for a server at ``host:port``."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    base = f"http://{shown}:{port}/v1"
    key = api_key or PLACEHOLDER_KEY
    return [
        {"name": CHAT_NAME, "provider": "openai", "model": CHAT_NAME, "apiBase": base,
         "apiKey": key, "roles": list(CHAT_ROLES),
         "defaultCompletionOptions": _options(chat_context, MAX_ANSWER_TOKENS)},
        {"name": AUTOCOMPLETE_NAME, "provider": "openai", "model": AUTOCOMPLETE_NAME,
         "apiBase": base, "apiKey": key, "roles": list(AUTOCOMPLETE_ROLES),
         "defaultCompletionOptions": _options(fim_context, AUTOCOMPLETE_TOKENS)},
    ]


class ContinueConfig:
    """One Continue config file: its text as read, and the text it should hold."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.before: str | None = None
        self._data: Any = None
        self._yaml = _yaml(2, 4, 2)  # a new file: the layout of Continue's own examples
        self._prefix = ""  # a file of comments only: kept above what is added
        if path.exists():
            self.before = _read_text(path)
            self._load(self.before)
        if self._data is None:
            # ruamel.yaml loads with the first config read or written (see _yaml)
            from ruamel.yaml.comments import CommentedMap

            self._data = CommentedMap([("name", "Local config"), ("version", "1.0.0"),
                                       ("schema", "v1")])

    def _load(self, text: str) -> None:
        # ruamel.yaml loads with the first config read or written (see _yaml)
        from ruamel.yaml.error import YAMLError

        indent, offset = _guess_indent(text)
        self._yaml = _yaml(_guess_mapping_indent(text), indent, offset)
        try:
            data = self._yaml.load(text)
        except YAMLError as err:
            raise ConfigError(f"{self.path} is not valid YAML ({_one_line(err)}); it was left "
                              "as it is") from None
        if data is None:
            self._prefix = text if not text or text.endswith("\n") else text + "\n"
            return
        if not isinstance(data, dict):
            raise ConfigError(f"{self.path} does not hold a YAML mapping; it was left as it is")
        self._data = data

    def models(self) -> Any:
        """Return the file's ``models`` list, made when missing."""
        # ruamel.yaml loads with the first config read or written (see _yaml)
        from ruamel.yaml.comments import CommentedSeq

        data = self._data
        for pos, (key, value) in enumerate((("name", "Local config"), ("version", "1.0.0"))):
            if key not in data:
                data.insert(pos, key, value)
        models = data.get("models")
        if models is None:
            models = CommentedSeq()
            data["models"] = models
        if not isinstance(models, list):
            raise ConfigError(f"{self.path}: 'models' is not a list; fix it by hand first")
        return models

    def merge(self, entries: list[dict[str, Any]], *, autocomplete: bool) -> list[str]:
        """Put nca's ``entries`` in; return one line per change, for the user."""
        models = self.models()
        said = []
        for entry in entries:
            index = _find(models, entry["name"])
            if index is not None:
                if _update(models[index], entry):
                    said.append(f"updated the model {entry['name']!r}")
                continue
            is_autocomplete = "autocomplete" in entry["roles"]
            if is_autocomplete and not autocomplete:
                continue
            at = len(models)
            if is_autocomplete:
                # before the other autocomplete models: Continue's default is the first one
                at = next((i for i, m in enumerate(models) if isinstance(m, dict)
                           and "autocomplete" in (m.get("roles") or ())), len(models))
            added = _commented(entry)
            models.insert(at, added)
            if at > 0:
                _move_trailing_comment(models[at - 1], added)
            said.append(f"added the model {entry['name']!r}")
        return said

    def text(self) -> str:
        """Return the text the file should hold."""
        out = io.StringIO()
        self._yaml.dump(self._data, out)
        return self._prefix + out.getvalue()

    def diff(self) -> str:
        """Return the unified diff from the file as read to :meth:`text` ('' when equal)."""
        name = str(self.path)
        return "".join(difflib.unified_diff(
            (self.before or "").splitlines(keepends=True), self.text().splitlines(keepends=True),
            fromfile=name if self.before is not None else "/dev/null", tofile=name))


def _yaml(mapping: int, sequence: int, offset: int) -> Any:
    # ruamel.yaml (about 40 modules) loads when a config is read or written: the CLI imports
    # this module to build its parser, and `nca --version` never needs it
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip: comments, order, quotes and flow style survive
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a user's long line
    yaml.indent(mapping=mapping, sequence=max(sequence, offset + 2), offset=offset)
    return yaml


def _guess_indent(text: str) -> tuple[int, int]:
    """Return the block sequences' indent and dash offset, as the file writes them."""
    # ruamel.yaml loads with the first config read or written (see _yaml)
    from ruamel.yaml.util import load_yaml_guess_indent

    if not re.search(r"^\s*- ", text, re.M):
        return 4, 2  # no block sequence to copy: Continue's layout
    try:
        _, indent, offset = load_yaml_guess_indent(text)
    except Exception:  # an invalid file: the load that follows says so
        return 4, 2
    return int(indent or 4), int(offset if offset is not None else 2)


_KEY_LINE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_NESTED_KEY = re.compile(r"^( +)[^\s#-][^:#]*:")


def _guess_mapping_indent(text: str) -> int:
    """Return how far the file indents a mapping inside a mapping (2 when it has none)."""
    lines = [line for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    for parent, child in zip(lines, lines[1:], strict=False):
        head, nested = _KEY_LINE.match(parent), _NESTED_KEY.match(child)
        if head and nested and len(nested.group(1)) > len(head.group(1)):
            return len(nested.group(1)) - len(head.group(1))
    return 2


def _find(models: list[Any], name: str) -> int | None:
    return next((i for i, m in enumerate(models) if isinstance(m, dict) and m.get("name") == name),
                None)


def _update(target: Any, entry: dict[str, Any]) -> bool:
    """Set ``entry``'s keys on the mapping ``target`` where they differ; True when any did."""
    changed = False
    for key, value in entry.items():
        current = target.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            changed |= _update(current, value)
        elif isinstance(value, list) and isinstance(current, list):
            if list(current) != value:
                current[:] = value  # the list keeps its flow or block style
                changed = True
        elif current != value or key not in target:
            target[key] = _commented(value)
            changed = True
    return changed


def _last_slots(node: Any) -> list[tuple[Any, Any, int]]:
    """Return ``(container, key, slot)`` of the last value at each depth, outermost first:
    where ruamel keeps the comment that follows a node (blank lines and comments included)."""
    slots = []
    while isinstance(node, (dict, list)) and node and hasattr(node, "ca"):
        key, slot = (list(node)[-1], 2) if isinstance(node, dict) else (len(node) - 1, 0)
        slots.append((node, key, slot))
        node = node[key]
    return slots


def _move_trailing_comment(before: Any, added: Any) -> None:
    """Move the blank lines and comments that follow ``before`` (they introduce what came
    next) below ``added``, the entry inserted after it; its end-of-line comment stays."""
    # ruamel.yaml loads with the first config read or written (see _yaml)
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    for node, key, slot in reversed(_last_slots(before)):
        entry = node.ca.items.get(key)
        token = entry[slot] if entry and len(entry) > slot else None
        if token is None or not isinstance(getattr(token, "value", None), str):
            continue
        value = token.value
        cut = value.find("\n") + 1
        if cut <= 0 or cut >= len(value):
            return
        token.value = value[:cut]
        slots = _last_slots(added)
        if not slots:
            return
        target, target_key, target_slot = slots[-1]
        moved = CommentToken("\n" + value[cut:], CommentMark(0), None)
        cell: list[Any] = [None, None, None, None]
        cell[target_slot] = moved
        target.ca.items[target_key] = cell
        return


def _commented(value: Any) -> Any:
    # ruamel.yaml loads with the first config read or written (see _yaml)
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        return CommentedMap((k, _commented(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_commented(v) for v in value)
    return value


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path} is not UTF-8 text ({err.reason}); it was left as it is") \
            from None
    except OSError as err:
        raise ConfigError(f"{path} cannot be read: {err.strerror or err}") from None


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())[:300]


def build_config(path: Path, port: int, host: str = "127.0.0.1", api_key: str | None = None, *,
                 autocomplete: bool = False, chat_context: int = 0,
                 fim_context: int = 0) -> ContinueConfig:
    """Return the config at ``path`` with nca's entries merged in (nothing written)."""
    config = ContinueConfig(path)
    config.merge(model_entries(port, host, api_key, chat_context=chat_context,
                               fim_context=fim_context), autocomplete=autocomplete)
    return config


def write_config(path: Path, text: str) -> Path | None:
    """Write ``text`` to ``path`` atomically; return the backup of the old file, if any."""
    backup = None
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = path.with_name(f"{path.name}.{stamp}.bak")
        n = 1
        while backup.exists():
            backup = path.with_name(f"{path.name}.{stamp}-{n}.bak")
            n += 1
        shutil.copy2(path, backup)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return backup


def add_parser(sub: Any) -> None:
    """Add the ``continue-config`` subcommand to the CLI's subparsers."""
    p = sub.add_parser("continue-config",
                       help="add nca's models to Continue's config (~/.continue/config.yaml)")
    show = p.add_mutually_exclusive_group()
    show.add_argument("--dry-run", action="store_true",
                      help="print the unified diff of what would change; write nothing")
    show.add_argument("--print", dest="print_only", action="store_true",
                      help="print the whole merged config instead of writing it")
    p.add_argument("--autocomplete", action="store_true",
                   help="also add nca-autocomplete, before the file's other autocomplete models "
                        "(it answers only when an engine is routed to fim)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help="the port nca serve's HTTP route listens on (nca.httpAddress says)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--config", type=Path,
                   help="the file to update (default $CONTINUE_GLOBAL_DIR or ~/.continue, "
                        "config.yaml)")


def run_continue_config(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise ConfigError(f"--port {args.port}: give the port nca serve listens on (1-65535)")
    path = args.config or default_path()
    autocomplete = bool(getattr(args, "autocomplete", False))
    limits = engine_limits(workspace_of(argparse.Namespace(
        workspace=getattr(args, "workspace", None))))
    config = build_config(path, args.port, args.host, os.environ.get("NCA_API_KEY") or None,
                          autocomplete=autocomplete, chat_context=limits["chat"],
                          fim_context=limits["fim"])
    if autocomplete and not limits["fim"]:
        print("nca: no engine is routed to fim in this workspace, so nca-autocomplete answers "
              "with nothing until one is (fim = [...] under [nca.routing])", file=sys.stderr)
    text = config.text()
    if args.print_only:
        sys.stdout.write(text)
        return 0
    if getattr(args, "dry_run", False):
        sys.stdout.write(config.diff())
        if text == config.before:
            print(f"{path} already points at nca; nothing would change", file=sys.stderr)
        return 0
    if text == config.before:
        print(f"{path} already points at nca; nothing changed")
        return 0
    backup = write_config(path, text)
    print(f"wrote {path}" + (f" (the old file is {backup})" if backup else ""))
    return 0
