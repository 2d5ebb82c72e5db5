"""The store on SQLite: migrations, salted user hashes, retention, feedback once, shared event claims,
outages and recovery, the recorder, the gaps report, and knowledge reloads."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, Table, create_engine, insert, inspect, select, text

from bot.answering.live import Brain
from bot.answering.models import Answer, line
from bot.store import store as store_module
from bot.store.gaps import gap_report, group_similar, render_table
from bot.store.recorder import QUEUE_LIMIT, Recorder
from bot.store.schema import events, feedback, questions
from bot.store.store import Store
from tests.conftest import KNOWLEDGE
from tests.harness import FEE_FACT

UTC = dt.UTC


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated store on SQLite, and on PostgreSQL when TEST_DATABASE_URL names one (scripts/with-postgres.sh)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/t.db"
    else:
        url = os.environ.get("TEST_DATABASE_URL", "")
        if not url:
            pytest.skip("TEST_DATABASE_URL is not set: run under scripts/with-postgres.sh for PostgreSQL")
        engine = create_engine(url)
        everything = MetaData()
        everything.reflect(engine)  # every table a migration made, later migrations' included
        everything.drop_all(engine)
        engine.dispose()
    s = Store(url, salt="pepper")
    assert s.start()
    yield s
    s.close()


def rows(store: Store, table: Table) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table))]


def test_migrations_create_a_versioned_schema(db: Store) -> None:
    names = set(inspect(db.engine).get_table_names())
    assert {"meta", "questions", "feedback", "events", "threads", "alembic_version"} <= names
    with db.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "0002"
    assert Store(db.url).start()  # running them again changes nothing


def test_questions_keep_a_salted_hash_never_the_user_id(db: Store) -> None:
    assert db.record_question(
        question="is it binding?", kind="unknown", confidence=0.2, surface="dm", user_id="U0SECRET1"
    )
    (row,) = rows(db, questions)
    assert row["question"] == "is it binding?" and row["surface"] == "dm"
    assert "U0SECRET1" not in str(row) and row["user_hash"] == db.user_hash("U0SECRET1")
    assert Store(db.url, salt="other").user_hash("U0SECRET1") != row["user_hash"]


def test_without_a_configured_salt_one_is_kept_in_the_database(tmp_path: Path) -> None:
    a, b = Store(f"sqlite:///{tmp_path}/s.db"), Store(f"sqlite:///{tmp_path}/s.db")
    assert a.start() and b.start()
    assert a.user_hash("U1") == b.user_hash("U1") is not None


def test_recording_can_be_switched_off(tmp_path: Path) -> None:
    s = Store(f"sqlite:///{tmp_path}/off.db", record=False)
    assert s.start()
    assert not s.record_question(question="q", kind="unknown", confidence=0, surface="dm", user_id="U1")
    assert not s.record_feedback(
        answer_ref="r", answer_key="k", question="q", vote=1, user_id="U1", surface="b"
    )
    assert rows(s, questions) == [] and rows(s, feedback) == []
    assert s.first_time("Ev1") and not s.first_time("Ev1")  # de-duplication still works


def test_feedback_counts_once_per_user_and_answer(db: Store) -> None:
    vote = {"answer_key": "fact:what-is", "question": "what is it", "surface": "button"}
    assert db.record_feedback(answer_ref="card1", vote=-1, user_id="U1", **vote)
    assert not db.record_feedback(answer_ref="card1", vote=1, user_id="U1", **vote)
    assert db.record_feedback(answer_ref="card1", vote=1, user_id="U2", **vote)
    assert db.record_feedback(answer_ref="card2", vote=-1, user_id="U1", **vote)
    assert [r["vote"] for r in rows(db, feedback)] == [-1, 1, -1]


def test_two_instances_on_one_database_claim_an_event_once(db: Store) -> None:
    other = Store(db.url)
    assert other.start()
    assert db.first_time("Ev0SAME") is True
    assert other.first_time("Ev0SAME") is False
    assert db.first_time("Ev0SAME") is False


def test_recorded_rows_read_back_as_sqlalchemy_writes_them(db: Store) -> None:
    at = dt.datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
    odd = 'it\'s "quoted", %s, ?, :x, ünïcode ✓ and a ; DROP TABLE questions; --'
    batch = [(odd, "unknown", 0.25, "command", None, at), ("q2", "signatory", 0.6, "dm", "U1", at)]
    assert db.record_questions(batch) == 2
    with db.engine.begin() as conn:
        conn.execute(
            insert(questions).values(
                asked_at=at, surface="command", question=odd, kind="unknown", confidence=0.25
            )
        )
    first, second, by_core = sorted(rows(db, questions), key=lambda r: r["id"])
    for row in (first, by_core):
        assert (row["question"], row["kind"], row["confidence"], row["user_hash"]) == (
            odd,
            "unknown",
            0.25,
            None,
        )
    assert (
        first["asked_at"] == by_core["asked_at"]
    )  # stored in the same form, so they compare and prune alike
    assert second["user_hash"] == db.user_hash("U1")


def test_retention_prunes_recorded_rows_by_their_time(db: Store) -> None:
    old, recent = dt.datetime(2020, 1, 1, tzinfo=UTC), dt.datetime.now(UTC)
    assert db.record_questions(
        [("old", "unknown", 0.1, "dm", None, old), ("new", "unknown", 0.1, "dm", None, recent)]
    )
    assert db.prune() == 1
    assert [r["question"] for r in rows(db, questions)] == ["new"]


def test_retention_prunes_old_rows(db: Store) -> None:
    old, recent = dt.datetime(2020, 1, 1, tzinfo=UTC), dt.datetime.now(UTC)
    with db.engine.begin() as conn:
        for at in (old, recent):
            conn.execute(
                insert(questions).values(
                    asked_at=at, surface="dm", question="q", kind="unknown", confidence=0.1
                )
            )
            conn.execute(insert(events).values(event_id=f"Ev{at.year}", seen_at=at))
    assert db.prune() == 2
    assert len(rows(db, questions)) == 1 and len(rows(db, events)) == 1


def test_an_unreachable_database_never_fails_the_caller(caplog: pytest.LogCaptureFixture) -> None:
    s = Store("postgresql+psycopg://nobody:nothing@127.0.0.1:9/none")
    with caplog.at_level(logging.WARNING):
        assert s.start() is False
        assert (
            s.record_question(question="q", kind="unknown", confidence=0, surface="dm", user_id="U1") is False
        )
        assert s.first_time("Ev0DOWN") is True and s.first_time("Ev0DOWN") is False  # memory fallback
    assert sum("database unavailable" in r.message for r in caplog.records) == 1
    assert not s.available


def test_recovers_when_the_database_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(store_module, "RETRY_AFTER_SECONDS", 0.0)
    missing = tmp_path / "not-yet"
    s = Store(f"sqlite:///{missing}/late.db")
    with caplog.at_level(logging.WARNING):
        assert not s.record_question(question="q1", kind="unknown", confidence=0, surface="dm", user_id="U1")
        missing.mkdir()
        assert s.record_question(question="q2", kind="unknown", confidence=0, surface="dm", user_id="U1")
    assert s.available
    assert [r["question"] for r in rows(s, questions)] == ["q2"]
    assert any("reachable again" in r.message for r in caplog.records)


@pytest.mark.parametrize(
    ("kind", "confidence", "kept"),
    [
        ("unknown", 0.9, True),
        ("fact", 0.55, True),
        ("signatory", 0.6, True),
        ("fact", 0.95, False),
        ("signatory", 1.0, False),
        ("help", 0.1, False),
    ],
)
def test_recorder_keeps_unknown_and_low_confidence_answers(
    db: Store, kind: str, confidence: float, kept: bool
) -> None:
    recorder = Recorder(db, low_confidence=0.7)
    answer = Answer(kind=kind, lines=(line("t"),), confidence=confidence, question="some question")
    recorder.answered(answer, "command", "U1")
    assert recorder.flush()
    assert len(rows(db, questions)) == (1 if kept else 0)


def test_recorder_writes_bursts_from_many_threads_in_batches(db: Store) -> None:
    recorder = Recorder(db, low_confidence=0.7)
    answer = Answer(kind="unknown", lines=(line("t"),), confidence=1.0, question="what is quantum computing?")

    def ask(n: int) -> None:
        for _ in range(n):
            recorder.answered(answer, "command", "U1")

    threads = [threading.Thread(target=ask, args=(400,)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert recorder.flush()
    assert len(rows(db, questions)) == 1200  # more than one batch, none lost
    recorder.answered(answer, "dm", "U2")
    assert recorder.flush()
    assert len(rows(db, questions)) == 1201


def test_recorder_drops_beyond_its_limit_and_says_so(db: Store, caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(db, low_confidence=0.7)
    answer = Answer(kind="unknown", lines=(line("t"),), confidence=1.0, question="q")
    recorder._pending.extend([("q", "unknown", 1.0, "command", None, dt.datetime.now(UTC))] * QUEUE_LIMIT)
    recorder.answered(answer, "command", "U1")
    assert "recording queue full" in caplog.text
    assert recorder.flush()
    assert len(rows(db, questions)) == QUEUE_LIMIT


def test_grouping_by_similarity() -> None:
    now = dt.datetime(2026, 1, 2, tzinfo=UTC)
    asked = [
        ("Is the accord legally binding?", now),
        ("is the accord binding legally", now),
        ("Is the accord legally binding", now),
        ("Who funds the accord?", now),
        ("what is quantum computing", now),
    ]
    groups = group_similar(asked)
    assert [g.count for g in groups] == [3, 1, 1]
    assert groups[0].example == "Is the accord legally binding?"
    assert len(groups[0].variants) == 3


def test_gaps_report(db: Store) -> None:
    for q in ("Is the accord legally binding?", "is the accord legally binding", "Who funds the accord?"):
        db.record_question(question=q, kind="unknown", confidence=0.2, surface="dm", user_id="U1")
    for user, vote in (("U1", -1), ("U2", -1), ("U3", 1)):
        db.record_feedback(
            answer_ref="c1",
            answer_key="fact:as-of",
            question="is this current?",
            vote=vote,
            user_id=user,
            surface="button",
        )
    report = gap_report(db, days=7)
    assert [(g.count, g.example) for g in report.unanswered] == [
        (2, "is the accord legally binding"),  # the most recent wording stands for the group
        (1, "Who funds the accord?"),
    ]
    assert [(d.answer, d.down, d.up) for d in report.disliked] == [("fact:as-of", 2, 1)]
    table = render_table(report)
    assert (
        "is the accord legally binding  (Is the accord legally binding?)" in table and "fact:as-of" in table
    )
    assert gap_report(db, days=7, now=dt.datetime.now(UTC) + dt.timedelta(days=30)).unanswered == []


def test_brain_reload_swaps_only_valid_knowledge(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    directory = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, directory)
    brain = Brain(directory)
    assert brain.answer("is there a membership fee?").kind == "unknown"
    facts = directory / "facts.yaml"
    facts.write_text(facts.read_text() + FEE_FACT)
    assert brain.reload()
    assert brain.answer("is there a membership fee?").facts == ("fee",)
    facts.write_text("facts: [")
    with caplog.at_level(logging.ERROR):
        assert not brain.reload()
    assert brain.answer("is there a membership fee?").facts == ("fee",)
    assert any("reload refused" in r.message for r in caplog.records)
