"""Socket Mode: the same listeners, wired through Bolt's SocketModeHandler, exercised without a network.

Requests are handed to the handler as Slack's socket would deliver them; only the socket's send is
recorded (it belongs to Slack's library); Web API calls go to the stand-in on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.server.boot import prepare
from bot.server.serve import socket_handler
from tests.harness import BOT_USER, StandIn


@pytest.fixture
def wired(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[tuple[Any, StandIn, list[SocketModeResponse]]]:
    standin = StandIn()
    for k in ("SLACK_SIGNING_SECRET", "ACCORD_KNOWLEDGE_DIR"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-socket-test")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-socket-test")
    monkeypatch.setenv("SLACK_API_URL", standin.url)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/socket.db")
    prepared = prepare(None, None)
    assert prepared.mode == "socket"
    handler = socket_handler(prepared.app, prepared.settings)
    sent: list[SocketModeResponse] = []

    def record(response: dict[str, Any] | SocketModeResponse) -> None:
        assert isinstance(response, SocketModeResponse)
        sent.append(response)

    handler.client.send_socket_mode_response = record  # type: ignore[method-assign]  # the socket: Slack side
    try:
        yield handler, standin, sent
    finally:
        handler.close()  # type: ignore[no-untyped-call]
        standin.close()


def test_slash_command_over_the_socket(wired: tuple[Any, StandIn, list[SocketModeResponse]]) -> None:
    handler, standin, sent = wired
    payload = {
        "command": "/accord",
        "text": "did Apple sign?",
        "user_id": "U0ASKER1",
        "channel_id": "C0CHAN01",
        "team_id": "T0TEAM01",
        "response_url": standin.response_url("s1"),
        "trigger_id": "1",
    }
    handler.handle(
        handler.client, SocketModeRequest(type="slash_commands", envelope_id="env-1", payload=payload)
    )
    (response,) = sent
    assert response.envelope_id == "env-1"
    payload = response.payload or {}
    assert payload["response_type"] == "ephemeral"
    assert "*Apple* did not sign" in json.dumps(payload["blocks"])
    assert [c.method for c in standin.calls] == ["auth.test"]


def test_event_over_the_socket_is_acknowledged_then_answered(
    wired: tuple[Any, StandIn, list[SocketModeResponse]],
) -> None:
    handler, standin, sent = wired
    body = {
        "type": "event_callback",
        "event_id": "Ev0SOCK1",
        "team_id": "T0TEAM01",
        "api_app_id": "A0APP001",
        "event_time": int(time.time()),
        "event": {
            "type": "app_mention",
            "user": "U0ASKER1",
            "text": f"<@{BOT_USER}> did Nokia sign?",
            "ts": "1700000009.000900",
            "channel": "C0CHAN01",
        },
        "authorizations": [{"team_id": "T0TEAM01", "user_id": BOT_USER, "is_bot": True}],
    }
    for envelope in ("env-2", "env-3"):  # the second is Slack redelivering the same event
        handler.handle(
            handler.client, SocketModeRequest(type="events_api", envelope_id=envelope, payload=body)
        )
    assert [r.envelope_id for r in sent] == ["env-2", "env-3"]
    (call,) = standin.wait("chat.postMessage")
    assert call.data["thread_ts"] == "1700000009.000900" and "*Nokia* is one of the 34" in json.dumps(
        call.data
    )
    time.sleep(0.2)
    assert len(standin.of("chat.postMessage")) == 1


def test_an_assistant_thread_over_the_socket(wired: tuple[Any, StandIn, list[SocketModeResponse]]) -> None:
    handler, standin, sent = wired

    def envelope(event: dict[str, Any], event_id: str) -> dict[str, Any]:
        return {
            "type": "event_callback",
            "event_id": event_id,
            "team_id": "T0TEAM01",
            "api_app_id": "A0APP001",
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": "T0TEAM01", "user_id": BOT_USER, "is_bot": True}],
        }

    thread = "1700000777.000100"
    started: dict[str, Any] = {
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": "U0ASKER1",
            "channel_id": "D0SOCK01",
            "thread_ts": thread,
            "context": {},
        },
        "event_ts": thread,
    }
    question: dict[str, Any] = {
        "type": "message",
        "channel": "D0SOCK01",
        "channel_type": "im",
        "user": "U0ASKER1",
        "text": "who organised the accord?",
        "ts": "1700000778.000100",
        "thread_ts": thread,
    }
    for n, event in enumerate([started, question]):
        handler.handle(
            handler.client,
            SocketModeRequest(
                type="events_api", envelope_id=f"env-a{n}", payload=envelope(event, f"Ev0SA{n}")
            ),
        )
    standin.wait("assistant.threads.setSuggestedPrompts")
    standin.wait("assistant.threads.setStatus")
    posts = standin.wait("chat.postMessage", 2)
    assert all(p.data["thread_ts"] == thread for p in posts)
    assert any("Brad Smith" in json.dumps(p.data) for p in posts)
    assert [r.envelope_id for r in sent] == ["env-a0", "env-a1"]
