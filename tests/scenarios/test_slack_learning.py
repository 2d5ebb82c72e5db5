"""End to end: questions recorded from Slack, 👍/👎 round trips, two replicas sharing one database,
knowledge reloads without a restart, and a database that is down."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from bot.settings import sqlite_url
from bot.store.schema import feedback, questions
from bot.store.store import Store
from tests.conftest import KNOWLEDGE, ROOT
from tests.harness import FEE_FACT, BotServer, StandIn, action_payload


@pytest.fixture(autouse=True)
def fresh(standin: StandIn) -> None:
    standin.reset()


def db_rows(server: BotServer, table: Any, count: int, timeout: float = 10) -> list[dict[str, Any]]:
    store = Store(sqlite_url(server.data_dir))
    deadline = time.monotonic() + timeout
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        with store.engine.connect() as conn:
            found = [dict(r._mapping) for r in conn.execute(select(table))]
        if len(found) >= count:
            break
        time.sleep(0.1)
    store.close()
    return found


def click(
    server: BotServer, button: dict[str, Any], response_url: str, user: str, ephemeral: bool = True
) -> int:
    payload = action_payload(button["action_id"], button["value"], response_url, user, ephemeral)
    return server.signed(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")[0]


def feedback_buttons(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Slack's feedback buttons of a card, as clicks send them: {"up": {action_id, value}, "down": …}."""
    (element,) = [e for b in blocks if b["type"] == "context_actions" for e in b["elements"]]
    assert element["type"] == "feedback_buttons"
    return {
        "up": {"action_id": element["action_id"], "value": element["positive_button"]["value"]},
        "down": {"action_id": element["action_id"], "value": element["negative_button"]["value"]},
    }


def test_unanswered_questions_are_recorded_without_user_ids(server: BotServer) -> None:
    server.command("is the accord legally binding?")
    server.command("did Apple sign?")  # answered with confidence: not kept
    (row,) = db_rows(server, questions, 1)
    assert row["question"] == "is the accord legally binding?" and row["kind"] == "unknown"
    assert row["surface"] == "command" and row["user_hash"] and "U0ASKER1" not in str(row)
    time.sleep(0.3)
    assert len(db_rows(server, questions, 1)) == 1


def test_every_answer_carries_feedback_buttons_and_a_click_says_thanks(
    server: BotServer, standin: StandIn
) -> None:
    _, body = server.command("who led it?")
    shares = [e["action_id"] for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert shares == ["share_answer"]
    buttons = feedback_buttons(body["blocks"])
    url = standin.response_url("fb1")
    assert click(server, buttons["down"], url, "U0RATER01") == 200
    (thanks,) = standin.wait("response", 1, path="/response/fb1")
    assert thanks.data["replace_original"] is True
    blocks = thanks.data["blocks"]
    kinds = [b["type"] for b in blocks]
    assert "Brad Smith" in blocks[0]["text"]["text"]
    assert blocks[-1]["elements"][0]["text"] == "Thanks for the feedback."
    remaining = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert remaining == ["share_answer"] and kinds.count("actions") == 1 and "context_actions" not in kinds
    # The same user clicking again on the same answer counts once.
    assert click(server, buttons["up"], standin.response_url("fb2"), "U0RATER01") == 200
    (again,) = standin.wait("response", 1, path="/response/fb2")
    assert "already rated" in again.data["blocks"][-1]["elements"][0]["text"]
    votes = db_rows(server, feedback, 1)
    assert [(v["vote"], v["answer_key"]) for v in votes] == [(-1, "fact:brad-smith")]


def test_feedback_on_an_answer_in_a_channel(server: BotServer, standin: StandIn) -> None:
    server.event(
        {
            "type": "app_mention",
            "user": "U0ASKER1",
            "text": "<@UBOT0001> did Cisco sign?",
            "ts": "1700000100.000100",
            "channel": "C0CHAN01",
        },
        "Ev0FBMENTION",
    )
    (post,) = standin.wait("chat.postMessage")
    blocks = json.loads(post.data["blocks"]) if isinstance(post.data["blocks"], str) else post.data["blocks"]
    buttons = feedback_buttons(blocks)
    click(server, buttons["up"], standin.response_url("fb3"), "U0RATER02", ephemeral=False)
    (thanks,) = standin.wait("response", 1, path="/response/fb3")
    assert all(b["type"] not in ("actions", "context_actions") for b in thanks.data["blocks"])


def test_a_broken_feedback_value_is_ignored(server: BotServer, standin: StandIn) -> None:
    assert (
        click(server, {"action_id": "feedback_up", "value": "{not json"}, standin.response_url("fb4"), "U1")
        == 200
    )
    time.sleep(0.3)
    assert standin.of("response") == []


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_replicas_on_one_database_answer_an_event_once(
    standin: StandIn, tmp_path: Path, backend: str
) -> None:
    url = (
        f"sqlite:///{tmp_path}/shared.db" if backend == "sqlite" else os.environ.get("TEST_DATABASE_URL", "")
    )
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: run under scripts/with-postgres.sh for PostgreSQL")
    first = BotServer(standin, tmp_path / "a.log", DATABASE_URL=url)
    second = BotServer(standin, tmp_path / "b.log", DATABASE_URL=url)
    try:
        event = {
            "type": "message",
            "channel_type": "im",
            "user": "U0ASKER1",
            "text": "did Stripe sign?",
            "ts": "1700000200.000100",
            "channel": "D0SHARED1",
        }
        event_id = f"Ev0TWICE{backend}{time.time_ns()}"
        assert first.event(event, event_id) == 200
        assert second.event(event, event_id, {"X-Slack-Retry-Num": "1"}) == 200
        standin.wait("chat.postMessage")
        time.sleep(0.5)
        assert len(standin.of("chat.postMessage")) == 1
    finally:
        assert first.stop() == 0 and second.stop() == 0


def test_knowledge_reload_without_a_restart(standin: StandIn, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, kb)
    srv = BotServer(standin, tmp_path / "reload.log", ACCORD_KNOWLEDGE_DIR=str(kb))
    env = {**os.environ, "ACCORD_DATA_DIR": str(srv.data_dir), "ACCORD_KNOWLEDGE_DIR": str(kb)}
    reload_cmd = [str(Path(sys.executable).parent / "accord-bot"), "kb", "reload"]
    try:
        assert srv.command("is there a membership fee?")[1]["blocks"][0]["text"]["text"].startswith(
            "I don't know"
        )
        facts = kb / "facts.yaml"
        facts.write_text(facts.read_text() + FEE_FACT)
        p = subprocess.run(reload_cmd, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
        assert p.returncode == 0, p.stderr
        deadline = time.monotonic() + 10
        while "due to speak" not in json.dumps(srv.command("is there a membership fee?")[1]):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        facts.write_text("facts: [")  # a broken file: refused by the command, and by the bot
        p = subprocess.run(reload_cmd, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
        assert p.returncode == 2 and "invalid" in p.stderr
        os.kill(srv.proc.pid, 1)  # SIGHUP straight to the bot
        time.sleep(1)
        assert "due to speak" in json.dumps(srv.command("is there a membership fee?")[1])
        assert srv.request("GET", "/healthz")[0] == 200
    finally:
        assert srv.stop() == 0
    assert srv.log_path is not None
    assert "reload refused" in srv.log_path.read_text()


def test_kb_reload_without_a_running_bot(tmp_path: Path) -> None:
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path)}
    p = subprocess.run(
        [str(Path(sys.executable).parent / "accord-bot"), "kb", "reload"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert p.returncode == 2 and "no running bot found" in p.stderr


def test_a_database_that_cannot_be_reached_at_start_is_one_line(tmp_path: Path) -> None:
    """At start a database that cannot be reached stops the bot with one line naming it (after a short, bounded
    retry); an outage while it runs pauses recording instead (tests/store/test_store.py)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ACCORD_"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_SIGNING_SECRET="s",
        ACCORD_DATA_DIR=str(tmp_path),
        DATABASE_URL="postgresql+psycopg://u:p@127.0.0.1:9/none",
    )
    script = str(Path(sys.executable).parent / "accord-bot")
    started = time.monotonic()
    p = subprocess.run(
        [script, "serve", "--mode", "http"], env=env, capture_output=True, text=True, check=False
    )
    assert p.returncode == 2 and time.monotonic() - started < 30
    last = p.stderr.strip().splitlines()[-1]
    assert last.startswith("accord-bot: DATABASE_URL: the database at 127.0.0.1:9 cannot be reached")
    assert "Traceback" not in p.stderr and ":p@" not in p.stderr  # no password either


def test_kb_gaps_command(server: BotServer) -> None:
    server.command("who funds the accord?")
    db_rows(server, questions, 2)
    env = {**os.environ, "ACCORD_DATA_DIR": str(server.data_dir)}
    script = str(Path(sys.executable).parent / "accord-bot")
    table = subprocess.run(
        [script, "kb", "gaps", "--days", "1"], env=env, capture_output=True, text=True, check=True
    )
    assert "who funds the accord?" in table.stdout and "Answers with the most 👎" in table.stdout
    data = json.loads(
        subprocess.run(
            [script, "kb", "gaps", "--json"], env=env, capture_output=True, text=True, check=True
        ).stdout
    )
    assert data["days"] == 30 and any(g["example"] == "who funds the accord?" for g in data["unanswered"])
    assert dt.datetime.fromisoformat(data["since"])


def test_did_you_mean_card_round_trip(server: BotServer, standin: StandIn) -> None:
    question = "who led it and what did he say?"  # two facts close together: "did you mean…?"
    _, body = server.command(question)
    section, actions = body["blocks"]
    assert "Did you mean" in section["text"]["text"]
    buttons = {b["action_id"]: b for b in actions["elements"]}
    assert buttons["clarify_pick_0"]["value"] == "Who organised the accord?"
    assert buttons["clarify_none"]["text"]["text"] == "None of these"
    # A candidate answers in place.
    assert click(server, buttons["clarify_pick_0"], standin.response_url("dym1"), "U0PICKER1") == 200
    (picked,) = standin.wait("response", 1, path="/response/dym1")
    assert (
        picked.data["replace_original"] is True and "Brad Smith" in picked.data["blocks"][0]["text"]["text"]
    )
    ids = [e["action_id"] for b in picked.data["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert (
        ids == ["share_answer"] and feedback_buttons(picked.data["blocks"])["up"]["action_id"] == "feedback"
    )
    # "None of these" closes the card politely and records the miss.
    assert click(server, buttons["clarify_none"], standin.response_url("dym2"), "U0PICKER1") == 200
    (closed,) = standin.wait("response", 1, path="/response/dym2")
    assert closed.data["replace_original"] is True and "Sorry I could not help" in closed.data["text"]
    rows = [r for r in db_rows(server, questions, 1) if r["surface"] == "none_of_these"]
    deadline = time.monotonic() + 5
    while not rows and time.monotonic() < deadline:
        time.sleep(0.1)
        rows = [r for r in db_rows(server, questions, 1) if r["surface"] == "none_of_these"]
    assert [r["question"] for r in rows] == [question]
