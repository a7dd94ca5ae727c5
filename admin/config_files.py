"""Reading a settings file safely: a regular file of at most 1 MiB, opened without blocking.

The bottom of the settings modules: ``nca.admin.config`` (nca.toml) and ``nca.admin.trust``
(the trust store) both read through it, and neither imports the other for it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from nca.workers.core.errors import ConfigError

__all__ = ["MAX_CONFIG_BYTES", "read_limited"]

#: a config file larger than this is refused
MAX_CONFIG_BYTES = 1 << 20


def read_limited(path: Path, limit: int = MAX_CONFIG_BYTES) -> bytes:
    """Return the bytes of a regular file of at most ``limit`` bytes; ConfigError otherwise.

    Opened without blocking, so a FIFO or a device is refused instead of hanging the reader;
    FileNotFoundError passes through for callers to whom a missing file means "none".
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror or err}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"{path}: not a regular file; a config must be a plain file")
        if info.st_size > limit:
            raise ConfigError(f"{path}: {info.st_size} bytes is larger than the "
                              f"{limit // 1024} KiB a config may have")
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise ConfigError(f"{path}: larger than the {limit // 1024} KiB a config may have")
        return b"".join(chunks)
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror or err}") from None
    finally:
        os.close(fd)
