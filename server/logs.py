"""Logging of ``nca serve``: to stderr or a file, never stdout (the LSP channel)."""

from __future__ import annotations

import logging
import sys

__all__ = ["ExpectedErrors", "configure_logging", "set_log_level"]


class ExpectedErrors(logging.Filter):
    """Log an error the client was answered with (bad params, a refused request) in one line.

    pygls logs every JSON-RPC error a handler raises with its traceback; only an internal
    error (-32603, a bug) keeps it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        code = getattr(error, "code", None)
        if error is not None and type(error).__module__.startswith("pygls") \
                and isinstance(code, int) and code != -32603:
            self._one_line(record, f"{record.getMessage()}: {error}")
        elif isinstance(error, ValueError) and not type(error).__module__.startswith("nca"):
            # a body that is not JSON or not UTF-8: the client's fault, said in one line
            self._one_line(record, f"{record.getMessage()}: {type(error).__name__}: {error}")
        elif record.name.startswith("pygls") and isinstance(record.msg, str) \
                and record.msg.startswith("Unable to deserialize message"):
            # pygls logs the whole traceback of params that do not fit; the client was answered
            found = [line.strip(" |+-") for line in record.getMessage().splitlines()
                     if "Error" in line and not line.startswith("Traceback")]
            self._one_line(record, f"params that do not fit: {found[-1] if found else '?'}")
        return True

    @staticmethod
    def _one_line(record: logging.LogRecord, message: str) -> None:
        record.msg = message
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.levelno, record.levelname = logging.INFO, "INFO"


def configure_logging(log_file: str | None, level: str | None) -> None:
    """Send every log record to ``log_file``, or to stderr, at ``level``."""
    handler: logging.Handler = (logging.FileHandler(log_file, encoding="utf-8") if log_file
                                else logging.StreamHandler(sys.stderr))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ExpectedErrors())
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
