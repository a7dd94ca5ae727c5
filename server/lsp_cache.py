"""Results per document version: the language server's caches (lint problems, resolved code
actions, dead-code findings) forget a document's older versions once a newer one is in.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

__all__ = ["ResultCache"]

V = TypeVar("V")


class ResultCache(Generic[V]):
    """A bounded, thread-safe LRU of results per ``(uri, version, key)``.

    Putting a result for a newer version of a document drops the older versions' results:
    they can never be asked for again once the editor moved on.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int | None, str], V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, uri: str, version: int | None, key: str = "") -> V | None:
        with self._lock:
            found = self._items.get((uri, version, key))
            if found is not None:
                self._items.move_to_end((uri, version, key))
            return found

    def put(self, uri: str, version: int | None, key: str, value: V) -> None:
        with self._lock:
            for old in [k for k in self._items if k[0] == uri and k[1] != version]:
                del self._items[old]
            self._items[(uri, version, key)] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def forget(self, uri: str) -> None:
        with self._lock:
            for old in [k for k in self._items if k[0] == uri]:
                del self._items[old]

    def __len__(self) -> int:
        return len(self._items)
