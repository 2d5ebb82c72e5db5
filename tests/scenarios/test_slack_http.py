"""End to end over real HTTP on 127.0.0.1: `accord-bot serve --mode http` as a subprocess, signed requests,
and a stand-in for Slack's Web API that records every call."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.harness import (
    BOT_USER,
    SECRET,
    TOKEN,
    BotServer,
    Reply,
    StandIn,
    command_body,
    mention_event,
    sign,
)


@pytest.fixture(autouse=True)
def fresh(standin: StandIn) -> None:
    standin.reset()


def texts(call_data: dict[str, Any]) -> str:
    return json.dumps(call_data)


# Slash command -----------------------------------------------------------------------------------------------


def test_health(server: BotServer) -> None:
    assert server.request("GET", "/healthz") == (200, b'{"status": "ok"}')


def test_slash_command_is_answered_in_the_acknowledgement(server: BotServer, standin: StandIn) -> None:
    status, body = server.command("did Apple sign?")
    assert status == 200
    assert body["response_type"] == "ephemeral"
    section, context, actions, feedback = body["blocks"]
    assert feedback["type"] == "context_actions" and feedback["elements"][0]["type"] == "feedback_buttons"
    assert section["type"] == "section" and "*Apple* did not sign" in section["text"]["text"]
    assert context["elements"][0]["text"].startswith(
        "Source: Reuters, Dustin Volz, 'Tech firms, including Microsoft and Facebook, vow not to aid government "
        "cyber-attacks', 17 Apr 2018"
    )
    button = actions["elements"][0]
    assert (button["action_id"], button["value"], button["text"]["text"]) == (
        "share_answer",
        "did Apple sign?",
        "Share in channel",
    )
    assert body["text"].startswith("No. Apple did not sign")
    assert standin.calls == []  # no extra round trip to Slack


def test_slash_command_answer_is_utf8_json(server: BotServer) -> None:
    status, body = server.signed(command_body("did Nokia sign? ✓"), "application/x-www-form-urlencoded")
    assert status == 200
    assert "*Nokia*" in json.loads(body.decode("utf-8"))["blocks"][0]["text"]["text"]


@pytest.mark.parametrize("extra", [{}, {"command": "/accord", "text": "did apple sign?"}])
def test_slacks_ssl_check_gets_an_empty_ok(
    server: BotServer, standin: StandIn, extra: dict[str, str]
) -> None:
    status, body = server.signed(
        urlencode({"ssl_check": "1", "token": "x", **extra}), "application/x-www-form-urlencoded"
    )
    assert (status, body) == (200, b"")
    assert standin.calls == []


@pytest.mark.parametrize("text", ["", "   ", "help"])
def test_slash_command_without_a_question_shows_help(server: BotServer, text: str) -> None:
    status, body = server.command(text)
    assert status == 200 and "did Apple sign?" in body["blocks"][0]["text"]["text"]
    assert len(body["blocks"]) == 1  # nothing to share


def test_slash_command_never_relays_mass_mentions(server: BotServer) -> None:
    _, body = server.command("did <!channel> <@U0OTHER1> <!subteam^S1|@team> Quux & Co sign?")
    raw = json.dumps(body)
    for bad in ("<!channel>", "<@U0OTHER1>", "<!subteam", "<!here>"):
        assert bad not in raw
    assert "Quux &amp; Co" in body["blocks"][0]["text"]["text"]


def test_share_in_channel_posts_visibly_then_removes_the_private_copy(
    server: BotServer, standin: StandIn
) -> None:
    url = standin.response_url("share1")
    assert server.action("did Cisco sign?", url) == 200
    posted, removed = standin.wait("response", 2, path="/response/share1")
    assert posted.data["response_type"] == "in_channel"
    assert "*Cisco* is one of the 34" in texts(posted.data)
    assert "<@U0ASKER1> asked: did Cisco sign?" in texts(posted.data)
    assert removed.data["delete_original"] is True and not removed.data.get("text")


def test_share_failure_tells_the_user(server: BotServer, standin: StandIn) -> None:
    standin.then("/response/share2", Reply(404, {"ok": False, "error": "expired_url"}))
    assert server.action("did Cisco sign?", standin.response_url("share2")) == 200
    _, notice = standin.wait("response", 2, path="/response/share2")
    assert notice.data["response_type"] == "ephemeral"
    assert "could not share" in notice.data["text"]


# Mentions, DMs, App Home ---------------------------------------------------------------------------------------


def test_mention_is_answered_in_a_thread_without_the_mention(server: BotServer, standin: StandIn) -> None:
    event = mention_event("did Oracle sign?", "1700000001.000100")
    assert server.event(event, "Ev0MENTION1") == 200
    (call,) = standin.wait("chat.postMessage")
    assert call.data["channel"] == "C0CHAN01" and call.data["thread_ts"] == "1700000001.000100"
    assert "*Oracle* is one of the 34" in texts(call.data)
    assert "link_names" not in call.data and call.data.get("parse") != "full"
    assert call.headers["authorization"] == f"Bearer {TOKEN}"


def test_mention_inside_a_thread_answers_in_that_thread(server: BotServer, standin: StandIn) -> None:
    event = mention_event("who led it?", "1700000002.000200", thread_ts="1700000000.000001")
    server.event(event, "Ev0MENTION2")
    (call,) = standin.wait("chat.postMessage")
    assert call.data["thread_ts"] == "1700000000.000001"
    assert "Brad Smith" in texts(call.data)


def test_mention_in_a_channel_the_bot_cannot_post_to_gets_an_apology(
    server: BotServer, standin: StandIn
) -> None:
    standin.then("chat.postMessage", Reply(200, {"ok": False, "error": "not_in_channel"}))
    event = {
        "type": "app_mention",
        "user": "U0ASKER1",
        "text": f"<@{BOT_USER}> did SAP sign?",
        "ts": "1700000003.000300",
        "channel": "C0LOCKED",
    }
    server.event(event, "Ev0MENTION3")
    (apology,) = standin.wait("chat.postEphemeral")
    assert apology.data["user"] == "U0ASKER1" and apology.data["channel"] == "C0LOCKED"
    assert "Sorry" in apology.data["text"]


def test_direct_message_is_answered_in_the_dm(server: BotServer, standin: StandIn) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U0ASKER1",
        "text": "how many signed?",
        "ts": "1700000004.000400",
        "channel": "D0DIRECT1",
    }
    server.event(event, "Ev0DM1")
    (call,) = standin.wait("chat.postMessage")
    assert call.data["channel"] == "D0DIRECT1" and "thread_ts" not in call.data
    assert "*34*" in texts(call.data)


@pytest.mark.parametrize(
    "event",
    [
        {
            "type": "message",
            "channel_type": "im",
            "bot_id": "B0OTHER1",
            "user": "U0OTHERB",
            "text": "did Apple sign?",
        },
        {"type": "message", "channel_type": "im", "user": BOT_USER, "text": "did Apple sign?"},
        {
            "type": "message",
            "channel_type": "im",
            "subtype": "bot_message",
            "bot_id": "B0BOT001",
            "text": "x",
        },
        {
            "type": "message",
            "channel_type": "im",
            "subtype": "message_changed",
            "message": {"text": "did Apple sign?"},
        },
        {"type": "message", "channel_type": "im", "subtype": "message_deleted", "deleted_ts": "1.1"},
        {"type": "message", "channel_type": "channel", "user": "U0ASKER1", "text": "did Apple sign?"},
    ],
    ids=["other-bot", "ourselves", "bot-message", "edit", "deletion", "channel-message"],
)
def test_messages_that_must_not_be_answered(
    server: BotServer, standin: StandIn, event: dict[str, Any]
) -> None:
    base = {"ts": "1700000005.000500", "channel": "D0DIRECT1"}
    assert server.event({**base, **event}, f"Ev0IGN{abs(hash(json.dumps(event))) % 10**8}") == 200
    sentinel = {
        "type": "message",
        "channel_type": "im",
        "user": "U0ASKER1",
        "text": "help",
        "ts": "1700000006.000600",
        "channel": "D0SENTRY1",
    }
    server.event(sentinel, f"Ev0SENT{abs(hash(json.dumps(event))) % 10**8}")
    standin.wait("chat.postMessage")
    time.sleep(0.3)
    assert [c.data["channel"] for c in standin.of("chat.postMessage")] == ["D0SENTRY1"]


def test_app_home_shows_what_the_bot_knows(server: BotServer, standin: StandIn) -> None:
    server.event(
        {"type": "app_home_opened", "user": "U0ASKER1", "channel": "D0DIRECT1", "tab": "home"}, "Ev0HOME1"
    )
    (call,) = standin.wait("views.publish")
    assert call.data["user_id"] == "U0ASKER1"
    view = call.data["view"] if isinstance(call.data["view"], dict) else json.loads(call.data["view"])
    raw = json.dumps(view)
    assert view["type"] == "home"
    assert "*Founding signatories*\\n34" in raw and "17 April 2018" in raw
    assert "did Apple sign?" in raw and "Dustin Volz" in raw


# Reliability -------------------------------------------------------------------------------------------------------


def test_a_retried_event_is_answered_once(server: BotServer, standin: StandIn) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U0ASKER1",
        "text": "did Dell sign?",
        "ts": "1700000007.000700",
        "channel": "D0DIRECT1",
    }
    assert server.event(event, "Ev0RETRY1") == 200
    assert (
        server.event(event, "Ev0RETRY1", {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
        == 200
    )
    assert (
        server.event(event, "Ev0RETRY1", {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"})
        == 200
    )
    standin.wait("chat.postMessage")
    time.sleep(0.3)
    assert len(standin.of("chat.postMessage")) == 1


def test_rate_limit_is_waited_out_and_retried(server: BotServer, standin: StandIn) -> None:
    standin.then("chat.postMessage", Reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}))
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U0ASKER1",
        "text": "did VMware sign?",
        "ts": "1700000008.000800",
        "channel": "D0DIRECT1",
    }
    server.event(event, "Ev0RATE1")
    first, second = standin.wait("chat.postMessage", 2)
    assert first.data == second.data
    assert "*VMware* is one of the 34" in texts(second.data)
    assert not standin.of("chat.postEphemeral")


# Security ------------------------------------------------------------------------------------------------------------


def _form() -> bytes:
    return urlencode(
        {
            "command": "/accord",
            "text": "did Apple sign?",
            "user_id": "U0ASKER1",
            "team_id": "T0TEAM01",
            "channel_id": "C0CHAN01",
            "response_url": "http://127.0.0.1:9/x",
            "trigger_id": "1",
        }
    ).encode()


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"X-Slack-Request-Timestamp": str(int(time.time()))}, 401),
        ({"X-Slack-Signature": "v0=" + "0" * 64}, 401),
        ({"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64}, 401),
        (sign("not-the-secret", _form()), 401),
        (sign(SECRET, _form(), int(time.time()) - 301), 401),
        (sign(SECRET, _form(), int(time.time()) + 400), 401),
        ({**sign(SECRET, _form()), "X-Slack-Request-Timestamp": "soon"}, 400),
        ({"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=abc"}, 400),
        ({"X-Slack-Request-Timestamp": "-5", "X-Slack-Signature": "v0=abc"}, 400),
    ],
    ids=[
        "none",
        "no-signature",
        "no-timestamp",
        "forged",
        "wrong-secret",
        "stale",
        "future",
        "text-timestamp",
        "float-timestamp",
        "negative-timestamp",
    ],
)
def test_unverified_requests_are_refused(
    server: BotServer, standin: StandIn, headers: dict[str, str], status: int
) -> None:
    got, body = server.request(
        "POST", "/slack/events", _form(), {"Content-Type": "application/x-www-form-urlencoded", **headers}
    )
    assert got == status
    assert b"Traceback" not in body
    time.sleep(0.1)
    assert standin.calls == []


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        ("{not json", "application/json"),
        ('["a", "list"]', "application/json"),
        ("payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        ("payload=%5B1%2C2%5D", "application/x-www-form-urlencoded"),
        ("a=1&&b", "application/x-www-form-urlencoded"),
        (b"text=\xff\xfe", "application/x-www-form-urlencoded"),
    ],
)
def test_signed_but_malformed_bodies_are_400(
    server: BotServer, standin: StandIn, body: str | bytes, ctype: str
) -> None:
    status, resp = server.signed(body, ctype)
    assert status == 400
    assert b"Traceback" not in resp
    assert server.request("GET", "/healthz")[0] == 200


def test_other_paths_and_methods(server: BotServer) -> None:
    assert server.request("GET", "/slack/events")[0] == 405
    assert server.request("GET", "/")[0] == 404
    assert server.request("POST", "/healthz")[0] == 405


def test_url_verification_challenge(server: BotServer) -> None:
    body = json.dumps({"token": "x", "challenge": "c0ffee", "type": "url_verification"})
    status, resp = server.signed(body, "application/json")
    assert status == 200 and b"c0ffee" in resp


def test_logs_hold_no_secrets_and_no_message_text_at_info(server: BotServer) -> None:
    server.command("did Stripe sign the accord please")
    time.sleep(0.2)
    assert server.log_path is not None
    log = server.log_path.read_text()
    assert TOKEN not in log and SECRET not in log and "xoxb" not in log
    assert "Stripe sign the accord please" not in log
    kinds = [json.loads(line).get("kind") for line in log.splitlines() if line.startswith("{")]
    assert "command" in kinds


def test_sigterm_stops_the_server_cleanly(standin: StandIn, tmp_path: Path) -> None:
    srv = BotServer(standin, tmp_path / "own.log")
    assert srv.command("did Apple sign?")[0] == 200
    assert srv.stop() == 0


def test_sigterm_finishes_the_request_in_flight(standin: StandIn, tmp_path: Path) -> None:
    import signal
    import socket

    from tests.harness import command_body

    srv = BotServer(standin, tmp_path / "inflight.log")
    body = command_body("did Apple sign?").encode()
    head = (
        f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in sign(SECRET, body).items())
        + "\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=15) as sock:
        sock.sendall(head + body[:20])  # the request is in flight
        time.sleep(0.3)
        srv.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert srv.proc.poll() is None  # still finishing
        sock.sendall(body[20:])
        reply = sock.recv(65536)
    assert reply.startswith(b"HTTP/1.1 200")
    assert srv.proc.wait(timeout=15) == 0
    with pytest.raises(OSError):
        srv.request("GET", "/healthz")  # no longer accepting
