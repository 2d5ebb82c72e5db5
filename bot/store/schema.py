"""The tables, as SQLAlchemy Core objects (the migrations in migrations/versions create them)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

MAX_KEY = 200  # the length of an answer key or a thread key, as the columns hold them
metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked_at", DateTime(timezone=True), nullable=False, index=True),
    Column("surface", String(16), nullable=False),
    Column("question", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("user_hash", String(64), nullable=True),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("answer_ref", String(64), nullable=False),
    Column("answer_key", String(MAX_KEY), nullable=False, index=True),
    Column("question", Text, nullable=False),
    Column("vote", SmallInteger, nullable=False),
    Column("user_hash", String(64), nullable=False),
    Column("surface", String(16), nullable=False),
    UniqueConstraint("answer_ref", "user_hash", name="uq_feedback_answer_user"),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(128), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False, index=True),
)

threads = Table(
    "threads",
    metadata,
    Column("thread_key", String(MAX_KEY), primary_key=True),
    Column("question", Text, nullable=False),
    Column("context_channel", String(64), nullable=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
)
