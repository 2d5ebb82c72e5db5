"""Slack as it really sends things, in payloads of our own making: Slack's unsigned ssl_check, rate-limit
notices, Slackbot, files and thread broadcasts, edited questions, long pastes, and questions too long for a
button. Over real HTTP against the running server, with the stand-in recording what the bot posts."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.harness import BOT_USER, BotServer, StandIn, command_body, dm_event, mention_event

MAX_BUTTON_VALUE = 2000  # Slack's limit on a button's value


@pytest.fixture(autouse=True)
def fresh(standin: StandIn) -> None:
    standin.reset()


dm = dm_event
mention = mention_event


def settle(standin: StandIn, seconds: float = 1.0) -> None:
    """Give lazy listeners time to post (or to not post)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.05)


def test_an_unsigned_ssl_check_is_answered_before_verification(server: BotServer, standin: StandIn) -> None:
    body = urlencode({"ssl_check": "1", "token": "x"}).encode()
    status, reply = server.request(
        "POST", "/slack/events", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert (status, reply) == (200, b"")
    assert standin.calls == []


def test_anything_else_unsigned_is_still_refused(server: BotServer) -> None:
    body = command_body("did apple sign?").encode()
    status, _ = server.request(
        "POST", "/slack/events", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 401


def test_app_rate_limited_is_acknowledged_at_once(server: BotServer, standin: StandIn) -> None:
    notice = {
        "token": "x",
        "type": "app_rate_limited",
        "team_id": "T0TEAM01",
        "minute_rate_limited": 1700000040,
        "api_app_id": "A0APP001",
    }
    started = time.monotonic()
    status, _ = server.signed(json.dumps(notice), "application/json")
    assert status == 200 and time.monotonic() - started < 3
    settle(standin, 0.3)
    assert standin.calls == []


@pytest.mark.parametrize(
    "event",
    [
        dm("did Apple sign?", "1700000100.000100", user="USLACKBOT"),
        dm("did Apple sign?", "1700000100.000200", bot_id="B0OTHER1", subtype="bot_message"),
        dm("did Apple sign?", "1700000100.000300", user=BOT_USER),
    ],
    ids=["slackbot", "another bot", "itself"],
)
def test_slackbot_bots_and_the_bot_itself_are_never_answered(
    server: BotServer, standin: StandIn, event: dict[str, Any]
) -> None:
    assert server.event(event, f"Ev{event['ts'].replace('.', '')}") == 200
    settle(standin)
    assert standin.of("chat.postMessage") == []


@pytest.mark.parametrize(
    "extra",
    [
        {"subtype": "file_share", "files": [{"id": "F0FILE01", "name": "notes.pdf"}]},
        {
            "subtype": "thread_broadcast",
            "thread_ts": "1700000000.000001",
            "root": {"ts": "1700000000.000001"},
        },
    ],
    ids=["with a file", "thread broadcast"],
)
def test_a_question_with_a_file_or_broadcast_to_the_channel_is_answered(
    server: BotServer, standin: StandIn, extra: dict[str, Any]
) -> None:
    assert (
        server.event(dm("did Cisco sign?", "1700000200.000100", **extra), "Ev0FILE" + extra["subtype"]) == 200
    )
    (call,) = standin.wait("chat.postMessage")
    assert "*Cisco*" in json.dumps(call.data)


def test_an_edited_mention_updates_its_answer_and_never_posts_again(
    server: BotServer, standin: StandIn
) -> None:
    assert server.event(mention("did Apple sign?", "1700000300.000100"), "Ev0EDIT01") == 200
    (first,) = standin.wait("chat.postMessage")
    assert "*Apple*" in json.dumps(first.data)
    edited = mention(
        "did Cisco sign?", "1700000300.000100", edited={"user": "U0ASKER1", "ts": "1700000301.0"}
    )
    assert server.event(edited, "Ev0EDIT02") == 200
    assert server.event(edited, "Ev0EDIT02") == 200  # a retry of the same edit updates once
    (update,) = standin.wait("chat.update")
    assert update.data["ts"] == "1700000000.000100" and "*Cisco*" in json.dumps(update.data)
    unchanged = mention(
        "did Cisco sign?", "1700000300.000100", edited={"user": "U0ASKER1", "ts": "1700000302.0"}
    )
    assert server.event(unchanged, "Ev0EDIT03") == 200
    settle(standin)
    assert len(standin.of("chat.postMessage")) == 1 and len(standin.of("chat.update")) == 1


def test_an_edit_of_a_question_it_never_answered_posts_nothing(server: BotServer, standin: StandIn) -> None:
    edited = mention(
        "did Cisco sign?", "1700000400.000100", edited={"user": "U0ASKER1", "ts": "1700000401.0"}
    )
    assert server.event(edited, "Ev0EDIT04") == 200
    settle(standin)
    assert standin.of("chat.postMessage") == [] and standin.of("chat.update") == []


def test_an_edited_direct_message_updates_its_answer(server: BotServer, standin: StandIn) -> None:
    assert server.event(dm("did Apple sign?", "1700000500.000100"), "Ev0DMEDIT1") == 200
    standin.wait("chat.postMessage")
    changed = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "D0DIRECT1",
        "channel_type": "im",
        "ts": "1700000501.000100",
        "event_ts": "1700000501.000100",
        "message": {
            "type": "message",
            "user": "U0ASKER1",
            "text": "did Nokia sign?",
            "ts": "1700000500.000100",
            "edited": {"user": "U0ASKER1", "ts": "1700000501.0"},
        },
        "previous_message": {
            "type": "message",
            "user": "U0ASKER1",
            "text": "did Apple sign?",
            "ts": "1700000500.000100",
        },
    }
    assert server.event(changed, "Ev0DMEDIT2") == 200
    (update,) = standin.wait("chat.update")
    assert "*Nokia*" in json.dumps(update.data)
    assert len(standin.of("chat.postMessage")) == 1


def test_a_long_paste_is_answered_by_the_question_at_its_end(server: BotServer) -> None:
    paste = ("Here is the thread from the security channel, for context: we are reviewing vendors. " * 400)[
        :39_000
    ]
    _, body = server.command(paste + " Anyway, did Apple sign?")
    text = body["blocks"][0]["text"]["text"]
    assert "*Apple* did not sign" in text


def test_no_question_pushes_a_button_past_slacks_limit(server: BotServer) -> None:
    pasted = json.dumps({"q": 'did "Apple" sign?', "notes": ['"quoted" \\ text'] * 300})
    _, body = server.command(pasted)
    values = [e.get("value", "") for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    feedback = [
        json.loads(e[side]["value"])
        for b in body["blocks"]
        if b["type"] == "context_actions"
        for e in b["elements"]
        for side in ("positive_button", "negative_button")
    ]
    assert all(len(v) <= MAX_BUTTON_VALUE for v in values)
    assert feedback and all(
        set(f) == {"r", "k", "v"} for f in feedback
    )  # a card id and a vote, never the question


def test_feedback_on_a_card_another_process_posted_keeps_the_card(
    server: BotServer, standin: StandIn
) -> None:
    from tests.harness import action_payload

    card = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*No.* *Apple* did not sign."}},
        {"type": "actions", "elements": []},
    ]
    payload = action_payload(
        "feedback_up",
        json.dumps({"r": "0123456789abcdef", "k": "signatory:apple"}),
        standin.response_url("fb-other"),
        ephemeral=False,
    )
    payload["message"] = {"type": "message", "text": "No. Apple did not sign.", "blocks": card, "ts": "1.2"}
    status = server.signed(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")[
        0
    ]
    assert status == 200
    (reply,) = standin.wait("response", 1, path="/response/fb-other")
    blocks = reply.data["blocks"]
    assert blocks[0] == card[0] and all(b["type"] != "actions" for b in blocks)
    assert reply.data["replace_original"] is True and "Thanks" in json.dumps(blocks[-1])
