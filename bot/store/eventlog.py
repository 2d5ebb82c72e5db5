"""Which Slack events were already taken on: Slack retries events it thinks were missed."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Protocol

RETENTION_SECONDS = 3600  # Slack retries within minutes; an hour is ample
MAX_REMEMBERED = 50_000


class EventLog(Protocol):
    """Remembers which events were already taken on."""

    def first_time(self, event_id: str) -> bool:
        """Record the event; True only the first time it is seen."""
        ...


class MemoryEventLog:
    """Event ids seen by this process in the last hour (not shared between replicas)."""

    def __init__(self, retention: float = RETENTION_SECONDS, limit: int = MAX_REMEMBERED) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        self._retention = retention
        self._limit = limit

    def first_time(self, event_id: str) -> bool:
        """Record the event; True only the first time it is seen within the retention window."""
        now = time.monotonic()
        with self._lock:
            while self._seen and (
                len(self._seen) >= self._limit or next(iter(self._seen.values())) < now - self._retention
            ):
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            return True

    def __len__(self) -> int:
        return len(self._seen)
