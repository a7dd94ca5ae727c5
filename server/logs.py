"""Logging of ``nca serve``: to stderr or a file, never stdout (the LSP channel)."""

from __future__ import annotations

import logging
import sys

__all__ = ["configure_logging", "set_log_level"]


def configure_logging(log_file: str | None, level: str | None) -> None:
    """Send every log record to ``log_file``, or to stderr, at ``level``."""
    handler: logging.Handler = (logging.FileHandler(log_file, encoding="utf-8") if log_file
                                else logging.StreamHandler(sys.stderr))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    set_log_level(level or "INFO")


def set_log_level(level: str) -> None:
    """Set the root level; pygls's own per-message lines only at DEBUG."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    # pygls logs every message it sends at INFO
    logging.getLogger("pygls").setLevel(logging.WARNING if root.level > logging.DEBUG
                                        else logging.NOTSET)
