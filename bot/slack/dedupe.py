"""Event de-duplication: Slack retries events it thinks were missed; each event_id is answered once."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

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


class DedupeMiddleware(Middleware):
    """A Bolt global middleware that acknowledges a repeated event without handling it again."""

    def __init__(self, events: EventLog) -> None:
        self.events = events

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Skip an event_id already taken on; pass everything else along."""
        body = req.body
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if isinstance(event_id, str) and event_id and not self.events.first_time(event_id):
            return BoltResponse(status=200, body="")
        return next()
