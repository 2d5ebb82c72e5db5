"""Posting to Slack without letting a Web API failure escape: log it, and apologise where possible."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.error import URLError

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger(__name__)
APOLOGY = "Sorry, I could not post my answer here. Try the /accord command, or message me directly."
DELIVERY_ERRORS = (SlackClientError, URLError, OSError)


def acknowledge(ack: Ack) -> None:
    """Acknowledge at once; a lazy listener does the Web API work."""
    ack()


def error_code(exc: BaseException) -> str:
    """Slack's error code ("not_in_channel") or the exception's class name."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error", "slack_api_error"))
    return type(exc).__name__


def sent(post: Callable[..., Any], what: str, **message: Any) -> tuple[bool, Any]:
    """Call a Slack post function: whether it worked, and its response. A failure is logged with its error code
    (never the message)."""
    try:
        result = post(**message)
    except DELIVERY_ERRORS as exc:
        log.warning("could not post %s: %s", what, error_code(exc), extra={"error": error_code(exc)})
        return False, None
    status = getattr(result, "status_code", 200)  # a response_url answers with a status, never raises
    if isinstance(status, int) and status >= 400:
        log.warning("could not post %s: HTTP %s", what, status, extra={"error": f"http_{status}"})
        return False, result
    return True, result


def deliver(post: Callable[..., Any], what: str, **message: Any) -> bool:
    """Call a Slack post function; on failure log the error code (never the message) and return False."""
    return sent(post, what, **message)[0]


def apologise(client: WebClient, channel: str | None, user: str | None) -> None:
    """Tell the asker, privately, that the answer could not be posted (if even that fails, log it)."""
    if channel and user:
        deliver(client.chat_postEphemeral, "apology", channel=channel, user=user, text=APOLOGY)


def as_dict(value: object) -> dict[str, Any]:
    """A payload's object field, or an empty one when Slack sent something else (or nothing)."""
    return value if isinstance(value, dict) else {}
