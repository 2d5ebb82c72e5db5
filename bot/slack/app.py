"""The Bolt app: one Web API client pointed at SLACK_API_URL, every listener, de-duplication, error logging."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.settings import Mode, Settings
from bot.slack.dedupe import DedupeMiddleware
from bot.slack.listeners import register_all
from bot.slack.services import Services
from bot.store.eventlog import EventLog, MemoryEventLog

log = logging.getLogger(__name__)
RATE_LIMIT_RETRIES = 3


def web_client(settings: Settings) -> WebClient:
    """A Web API client for SLACK_API_URL that waits out 429s (Retry-After) and retries."""
    client = WebClient(token=settings.secret("slack_bot_token"), base_url=settings.slack_api_url, timeout=10)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client


def _bolt_app(settings: Settings, mode: Mode) -> App:
    return App(
        client=web_client(settings),
        signing_secret=settings.secret("slack_signing_secret") or "",
        # In HTTP mode the front (bot.server.asgi) verifies every request before Bolt sees it; Socket Mode
        # requests are not signed.
        request_verification_enabled=False,
        process_before_response=True,  # see bot.slack.listeners: Web API work happens in lazy listeners
        logger=logging.getLogger("slack_bolt.App"),
    )


@contextlib.contextmanager
def _without_env(name: str) -> Iterator[None]:
    """The environment without one variable for the duration (start-up only, one thread)."""
    saved = os.environ.pop(name, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[name] = saved


def build_app(settings: Settings, services: Services, mode: Mode, events: EventLog | None = None) -> App:
    """The Bolt app with every listener registered (calls auth.test once, to learn the bot's own user id)."""
    with _without_env("SLACK_BOT_TOKEN"):  # Bolt would read it, then warn that the client's token wins
        app = _bolt_app(settings, mode)
    if events is None:
        events = services.store if services.store is not None else MemoryEventLog()
    app.use(DedupeMiddleware(events))
    register_all(app, services, settings.accord_command)

    @app.error
    def log_listener_error(error: Exception, body: dict[str, Any]) -> None:
        """A listener raised: log the traceback with the request's type, never its text."""
        kind = body.get("type") or body.get("command") or "request" if isinstance(body, dict) else "request"
        log.error("listener failed on %s: %s", kind, type(error).__name__, exc_info=error)

    return app
