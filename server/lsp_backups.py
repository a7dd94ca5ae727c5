"""Backups of what a resolved code action's edit was made from, taken once the client applied it.

A resolved edit carries the command ``nca.recordBackup`` with a token; the client runs it after
applying the edit, and the text the fix was made from is backed up then. Resolving does not
wait for git, and an edit never applied leaves no backup.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from typing import TYPE_CHECKING

from nca.workers.core.errors import InputError

if TYPE_CHECKING:
    from nca.admin.dispatcher import Dispatcher

__all__ = ["RECORD_BACKUP", "PendingBackups"]

RECORD_BACKUP = "nca.recordBackup"


class PendingBackups:
    """The texts resolved edits were made from, until the client's command backs them up.

    Bounded: a resolved action nobody applies is forgotten after ``size`` newer ones. Taking
    a token twice returns the backup of the first time (a client may run a command again).
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[str, tuple[Dispatcher, str, str, str]] = OrderedDict()
        self._done: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, dispatcher: Dispatcher, rel: str, text: str, label: str) -> str:
        """Return a new token for the backup of ``text`` (the file ``rel``) under ``label``."""
        token = uuid.uuid4().hex
        with self._lock:
            self._items[token] = (dispatcher, rel, text, label)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return token

    def record(self, token: str) -> str:
        """Return the id of the backup for ``token``, made now (in the calling thread) or before."""
        with self._lock:
            done = self._done.get(token)
            pending = self._items.pop(token, None)
        if done is not None:
            return done
        if pending is None:
            raise InputError(f"no edit waits for a backup under {token!r} (the server may have "
                             "restarted since it was offered)")
        dispatcher, rel, text, label = pending
        backup_id = dispatcher.backup_texts([(rel, text)], label)
        with self._lock:
            self._done[token] = backup_id
            while len(self._done) > self.size:
                self._done.popitem(last=False)
        return backup_id
