"""Event de-duplication in Bolt: Slack retries events it thinks were missed; each event_id is answered once."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.store.eventlog import EventLog


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
