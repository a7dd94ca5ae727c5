"""The one exception tree of nca.

Every error the tool raises on purpose derives from :class:`NcaError`. The boundaries (CLI,
LSP, HTTP) turn these into a one-line message, a JSON-RPC error or an OpenAI-style
``{"error": {...}}``; nothing below the boundary prints or formats them.

    NcaError
    ├── InputError            bad input from the user: usage, unreadable or unsuitable files
    │   ├── UnreadableFile    missing, binary, not UTF-8, too large
    │   └── OutsideWorkspace  a path that is not inside the workspace
    ├── ConfigError           a setting that cannot be used
    ├── CheckError            a check command that could not run (timeout, missing binary)
    ├── MergeError            a candidate that cannot be merged into the current text
    ├── BackupError           a backup or restore that failed (nothing was written)
    ├── CourierError          Function_Courier.md and the code disagree, or a worker is unknown
    └── EngineError           an engine that cannot answer; ``fix`` says what to set
"""

from __future__ import annotations

__all__ = [
    "BackupError",
    "CheckError",
    "ConfigError",
    "CourierError",
    "EngineError",
    "InputError",
    "MergeError",
    "NcaError",
    "OutsideWorkspace",
    "UnreadableFile",
]


class NcaError(Exception):
    """Base of every error nca raises on purpose; ``str(err)`` is a one-line reason."""

    code = "nca_error"


class InputError(NcaError):
    code = "invalid_input"


class UnreadableFile(InputError):
    code = "unreadable_file"


class OutsideWorkspace(InputError):
    code = "outside_workspace"


class ConfigError(NcaError):
    code = "invalid_config"


class CheckError(NcaError):
    code = "check_failed_to_run"


class MergeError(NcaError):
    code = "merge_failed"


class BackupError(NcaError):
    code = "backup_failed"


class CourierError(NcaError):
    code = "courier_mismatch"


class EngineError(NcaError):
    """An engine that cannot answer. ``fix`` tells the user exactly what to change."""

    code = "engine_unavailable"

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message if not fix else f"{message} ({fix})")
        self.fix = fix
