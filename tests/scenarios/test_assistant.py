"""Slack's AI-app surface over real HTTP, in payloads of our own making: the assistant split view, follow-ups in
assistant, DM and mention threads, Slack's native feedback buttons, and the message shortcut."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.harness import BotServer, StandIn, action_payload, dm_event, mention_event

_ts = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh(standin: StandIn) -> None:
    standin.reset()


def new_ts() -> str:
    return f"17000{next(_ts):05d}.000100"


def dm_in_thread(text: str, thread: str, channel: str = "D0ASSIST1") -> dict[str, Any]:
    return dm_event(text, new_ts(), channel=channel, thread_ts=thread)


def mention(text: str, thread: str | None = None) -> dict[str, Any]:
    return mention_event(text, new_ts(), **({"thread_ts": thread} if thread else {}))


def posts_in(standin: StandIn, channel: str, thread: str, count: int = 1) -> list[Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [
            c
            for c in standin.of("chat.postMessage")
            if c.data.get("channel") == channel and c.data.get("thread_ts") == thread
        ]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no post in {channel}/{thread}: {[c.data for c in standin.of('chat.postMessage')]}")


def text_of(call: Any) -> str:
    return json.dumps(call.data, ensure_ascii=False)


def test_a_started_thread_gets_a_greeting_and_suggested_prompts(server: BotServer, standin: StandIn) -> None:
    thread = new_ts()
    event = {
        "type": "assistant_thread_started",
        "event_ts": thread,
        "assistant_thread": {
            "user_id": "U0ASKER1",
            "channel_id": "D0ASSIST1",
            "thread_ts": thread,
            "context": {"channel_id": "C0CHAN01", "team_id": "T0TEAM01"},
        },
    }
    started = time.monotonic()
    assert server.event(event, "Ev0ASTART1") == 200
    (prompts,) = standin.wait("assistant.threads.setSuggestedPrompts")
    assert time.monotonic() - started < 3
    assert prompts.data["channel_id"] == "D0ASSIST1" and prompts.data["thread_ts"] == thread
    items = (
        prompts.data["prompts"]
        if isinstance(prompts.data["prompts"], list)
        else json.loads(prompts.data["prompts"])
    )
    assert 3 <= len(items) <= 4 and all(p["title"] and p["message"] for p in items)
    (greeting,) = posts_in(standin, "D0ASSIST1", thread)
    assert "Cybersecurity Tech Accord" in text_of(greeting)


def test_a_question_in_the_assistant_thread_sets_status_then_answers_and_titles(
    server: BotServer, standin: StandIn
) -> None:
    thread = new_ts()
    assert server.event(dm_in_thread("did Apple sign?", thread), "Ev0AQ1") == 200
    (answer,) = posts_in(standin, "D0ASSIST1", thread)
    order = [
        c.method for c in standin.calls if c.method in ("assistant.threads.setStatus", "chat.postMessage")
    ]
    assert order.index("assistant.threads.setStatus") < order.index("chat.postMessage")
    assert "*Apple* did not sign" in text_of(answer)
    (title,) = standin.wait("assistant.threads.setTitle")
    assert "apple" in str(title.data["title"]).lower()
    assert '"context_actions"' in text_of(answer) and "feedback_buttons" in text_of(answer)


def test_a_context_change_is_acknowledged_and_posts_nothing(server: BotServer, standin: StandIn) -> None:
    thread = new_ts()
    event = {
        "type": "assistant_thread_context_changed",
        "event_ts": thread,
        "assistant_thread": {
            "user_id": "U0ASKER1",
            "channel_id": "D0ASSIST1",
            "thread_ts": thread,
            "context": {"channel_id": "C0OTHER1", "team_id": "T0TEAM01"},
        },
    }
    assert server.event(event, "Ev0ACTX1") == 200
    time.sleep(0.8)
    assert standin.of("chat.postMessage") == [] and standin.of("chat.postEphemeral") == []


@pytest.mark.parametrize(
    ("first", "follow", "says"),
    [
        ("did Apple sign?", "and Google?", "*Alphabet* did not sign"),
        ("when was the accord announced?", "and where?", "San Francisco"),
        ("where was the accord announced?", "when was that?", "17 April 2018"),
        ("did Cisco sign?", "what about Oracle and Nokia?", "*Oracle* and *Nokia* signed"),
    ],
)
def test_follow_ups_in_a_dm_thread(
    server: BotServer, standin: StandIn, first: str, follow: str, says: str
) -> None:
    thread = new_ts()
    server.event(dm_in_thread(first, thread), f"Ev0F1{thread}")
    posts_in(standin, "D0ASSIST1", thread)
    server.event(dm_in_thread(follow, thread), f"Ev0F2{thread}")
    answers = posts_in(standin, "D0ASSIST1", thread, 2)
    assert says in text_of(answers[1])


def test_follow_ups_in_a_mention_thread(server: BotServer, standin: StandIn) -> None:
    first = mention("where was the accord announced?")
    server.event(first, "Ev0FM1")
    posts_in(standin, "C0CHAN01", first["ts"])
    server.event(mention("when was that?", thread=first["ts"]), "Ev0FM2")
    answers = posts_in(standin, "C0CHAN01", first["ts"], 2)
    assert "17 April 2018" in text_of(answers[1])


def test_a_new_thread_inherits_nothing(server: BotServer, standin: StandIn) -> None:
    earlier = new_ts()
    server.event(dm_in_thread("when was the accord announced?", earlier), "Ev0NEW1")
    posts_in(standin, "D0ASSIST1", earlier)
    fresh_thread = new_ts()
    server.event(dm_in_thread("and where?", fresh_thread), "Ev0NEW2")
    (answer,) = posts_in(standin, "D0ASSIST1", fresh_thread)
    assert "San Francisco" not in text_of(answer)


def test_a_native_feedback_click_is_counted(server: BotServer, standin: StandIn) -> None:
    _, body = server.command("did Cisco sign?")
    (element,) = [e for b in body["blocks"] if b["type"] == "context_actions" for e in b["elements"]]
    payload = action_payload(
        element["action_id"], element["negative_button"]["value"], standin.response_url("nfb1"), "U0NATIVE1"
    )
    status = server.signed(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")[
        0
    ]
    assert status == 200
    (thanks,) = standin.wait("response", 1, path="/response/nfb1")
    assert "Thanks for the feedback." in text_of(thanks)


def test_the_message_shortcut_answers_privately_and_can_share_in_the_thread(
    server: BotServer, standin: StandIn
) -> None:
    ts = new_ts()
    payload = {
        "type": "message_action",
        "callback_id": "ask_accord_bot",
        "trigger_id": "1.2.3",
        "team": {"id": "T0TEAM01"},
        "user": {"id": "U0ASKER1"},
        "channel": {"id": "C0CHAN01"},
        "message": {"type": "message", "user": "U0OTHER1", "text": "did Oracle sign?", "ts": ts},
        "response_url": standin.response_url("sc1"),
        "token": "x",
        "action_ts": ts,
    }
    status = server.signed(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")[
        0
    ]
    assert status == 200
    (private,) = standin.wait("response", 1, path="/response/sc1")
    assert private.data["response_type"] == "ephemeral" and "*Oracle* is one of the 34" in text_of(private)
    (share,) = [e for b in private.data["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert share["text"]["text"] == "Share in thread"
    click = action_payload(share["action_id"], share["value"], standin.response_url("sc2"), "U0ASKER1")
    server.signed(urlencode({"payload": json.dumps(click)}), "application/x-www-form-urlencoded")
    (posted,) = posts_in(standin, "C0CHAN01", ts)
    assert "*Oracle* is one of the 34" in text_of(posted)
    assert standin.of("chat.postMessage", None) and all(
        c.data.get("thread_ts") == ts for c in standin.of("chat.postMessage")
    )
