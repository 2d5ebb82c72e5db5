"""HTTP mode: an ASGI app in front of Bolt (signature and body checks first), served by uvicorn."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

import orjson
from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.server.health import HEALTH_PATH

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
MAX_BODY = 1_000_000  # Slack's payloads are far smaller
MAX_SKEW_SECONDS = 300
MAX_SSL_CHECK = 1000  # an ssl_check is a few short fields

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Refused(NamedTuple):
    """Why a request is refused: the HTTP status and a short reason for the log."""

    status: int
    reason: str


class Checked(NamedTuple):
    """A verified request: its body's text and what it parses to."""

    text: str
    data: dict[str, Any]


class BodyTooLarge(Exception):
    """The request body is over MAX_BODY."""


def check_request(
    verifier: SignatureVerifier | None, headers: dict[str, str], body: bytes, now: float
) -> Refused | Checked:
    """The body's text and its parsed form when the request is signed, fresh and well-formed; else why it is
    refused, as (status, reason). With no verifier (no signing secret) every request is refused."""
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if not timestamp or not signature or verifier is None:
        return Refused(401, "missing signature")
    if not timestamp.isascii() or not timestamp.isdigit():
        return Refused(400, "timestamp is not a number")
    if abs(now - int(timestamp)) > MAX_SKEW_SECONDS:
        return Refused(401, "stale timestamp")
    try:
        text = body.decode("utf-8")  # Slack's bodies are UTF-8; the verifier would decode (and fail) anyway
    except UnicodeDecodeError:
        return Refused(400, "body is not UTF-8")
    if not verifier.is_valid(text, timestamp, signature):
        return Refused(401, "invalid signature")
    if headers.get("content-type", "").split(";")[0].strip() == "application/json":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # JSONDecodeError, an over-long number, or absurd nesting
            return Refused(400, "body is not valid JSON")
        return _well_shaped(text, data)
    form = parse_form(text)
    if form is None:
        return Refused(400, "body is not form data")
    payload = form.get("payload")
    if payload is None:
        return Checked(text, form)
    try:
        parsed = json.loads(payload)
    except (ValueError, RecursionError):
        return Refused(400, "payload is not valid JSON")
    return _well_shaped(text, parsed)


def _is_ssl_check(headers: dict[str, str], body: bytes) -> bool:
    """Whether a request is Slack's ssl_check: a form with ssl_check=1 (and no signature to check)."""
    if b"ssl_check=" not in body or len(body) > MAX_SSL_CHECK:
        return False
    if headers.get("content-type", "").split(";")[0].strip() == "application/json":
        return False
    form = parse_form(body.decode("utf-8", "replace"))
    return form is not None and form.get("ssl_check") == "1"


def parse_form(text: str) -> dict[str, str] | None:
    """An application/x-www-form-urlencoded body as a dict (the last of a repeated name wins), or None when it
    is not one (a field without "=")."""
    try:
        return dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return None


def _well_shaped(text: str, data: object) -> Refused | Checked:
    """The text and its data if the data has the shape Bolt relies on (objects where Slack sends objects),
    else why not."""
    if not isinstance(data, dict):
        return Refused(400, "body is not a JSON object")
    if "event" in data and not isinstance(data["event"], dict):
        return Refused(400, "event is not an object")
    for name in ("authorizations", "actions"):
        if name in data and not (
            isinstance(data[name], list) and all(isinstance(x, dict) for x in data[name])
        ):
            return Refused(400, f"{name} is not a list of objects")
    return Checked(text, data)


CommandReply = Callable[[dict[str, Any]], dict[str, Any]]
SORRY = "Sorry, something went wrong on my side while answering. Please try again in a moment."


class SlackHttpApp:
    """ASGI app: POST /slack/events (commands, events, interactivity) and GET /healthz.

    Slash commands named in `commands` are answered here, by the same reply function that the Bolt
    listener acknowledges with, rather than through Bolt's dispatcher: the front has already verified and
    parsed the request, and Bolt's per-request machinery would cost as much CPU as the answer itself.
    Everything else (events, buttons, other commands, Slack's ssl_check) goes through Bolt.
    """

    def __init__(
        self,
        app: App,
        signing_secret: str,
        ready: Callable[[], bool] = lambda: True,
        commands: Mapping[str, CommandReply] | None = None,
    ) -> None:
        self.app = app
        self.verifier = SignatureVerifier(signing_secret) if signing_secret.strip() else None
        self.ready = ready
        self.commands = dict(commands or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        method, path = scope["method"], scope["path"]
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            ok = self.ready()
            await _reply(send, 200 if ok else 503, {"status": "ok" if ok else "starting"})
        elif path == EVENTS_PATH and method == "POST":
            await self._events(scope, receive, send)
        elif path in (EVENTS_PATH, HEALTH_PATH):
            await _reply(send, 405, {"error": "method not allowed"})
        else:
            await _reply(send, 404, {"error": "not found"})

    async def _events(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers: dict[str, str] = {}
        for raw_name, raw_value in scope.get("headers", []):
            headers[raw_name.decode("latin-1").lower()] = raw_value.decode("latin-1")
        try:
            body = await _read_body(receive)
        except BodyTooLarge:
            await _reply(send, 413, {"error": "body too large"})
            return
        if _is_ssl_check(headers, body):
            # Slack's ssl_check comes unsigned; it is answered before verification, as Bolt's SslCheck middleware
            # does, and nothing else is (it carries no question).
            await _send(send, 200, b"", "text/plain")
            return
        result = check_request(self.verifier, headers, body, time.time())
        if isinstance(result, Refused):
            status, reason = result
            log.info("refused request: %s", reason, extra={"status": status})
            await _reply(send, status, {"error": reason})
            return
        checked = result.data
        if checked.get("type") == "app_rate_limited":
            # Slack has dropped events for a minute: acknowledge at once, and tell the operator which.
            log.warning(
                "Slack rate-limited this app's events: team %s, minute %s",
                checked.get("team_id"),
                checked.get("minute_rate_limited"),
                extra={"team": checked.get("team_id"), "minute": checked.get("minute_rate_limited")},
            )
            await _send(send, 200, b"", "text/plain")
            return
        command = checked.get("command")
        reply = self.commands.get(command) if isinstance(command, str) else None
        if reply is not None and "ssl_check" not in checked:
            await _send(send, 200, _command_reply(reply, checked), "application/json")
            return
        # Verified here: the Bolt app is built with request_verification_enabled=False in HTTP mode.
        request = BoltRequest(
            body=result.text,
            query=scope.get("query_string", b"").decode("latin-1"),
            headers={k: [v] for k, v in headers.items()},
        )
        # With process_before_response, dispatch runs only CPU-bound work (the slash command's answer, a
        # fraction of a millisecond), so it runs inline; every listener that calls the Web API runs lazily on
        # Bolt's threads. An event is first claimed in the database, so its dispatch goes to a thread.
        if "event_id" in checked:
            response = await asyncio.to_thread(self.app.dispatch, request)
        else:
            response = self.app.dispatch(request)
        status, resp_body = response.status, response.body
        if status == 404 and checked.get("type") == "event_callback":
            status, resp_body = 200, ""  # an event nobody listens for: acknowledged, so Slack does not retry
        content_type = response.headers.get("content-type", ["text/plain;charset=utf-8"])[0]
        await _send(send, status, resp_body.encode("utf-8"), content_type)

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


def _command_reply(reply: CommandReply, command: dict[str, Any]) -> bytes:
    """The reply as JSON; if it fails, the traceback goes to the log and the asker gets an apology."""
    try:
        message = reply(command)
    except Exception:  # a bug in answering: logged in full, and the user still hears back
        log.exception("slash command failed")
        message = {"response_type": "ephemeral", "text": SORRY}
    return orjson.dumps(message)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _reply(send: Send, status: int, data: dict[str, str]) -> None:
    await _send(send, status, json.dumps(data).encode(), "application/json")


async def _send(send: Send, status: int, body: bytes, content_type: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
