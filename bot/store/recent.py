"""The most recent entries of a mapping, up to a limit, safe across threads: what a process remembers on its own
(answer cards, answered questions, threads while the database is down)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A bounded mapping: putting a key makes it the newest, and the oldest go beyond the limit."""

    def __init__(self, limit: int) -> None:
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def put(self, key: K, value: V) -> None:
        """Remember a value under a key, as the newest entry."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._limit:
                self._entries.popitem(last=False)

    def get(self, key: K) -> V | None:
        """The value under a key, if it is still remembered."""
        with self._lock:
            return self._entries.get(key)

    def __len__(self) -> int:
        return len(self._entries)
