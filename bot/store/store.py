"""The store: recording is best-effort (a database outage never stops an answer), migrations run at start."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.store.eventlog import MemoryEventLog
from bot.store.recent import Recent
from bot.store.schema import MAX_KEY, events, feedback, meta, questions, threads

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_AFTER_SECONDS = 30.0  # after a failure, the database is left alone this long (memory fallbacks apply)
EVENT_RETENTION = dt.timedelta(days=1)  # Slack retries for minutes; a day is ample
PRUNE_EVERY_SECONDS = 3600.0
MAX_QUESTION_CHARS = 2000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """Questions the bot could not answer well, feedback on answers, and Slack events already answered."""

    def __init__(
        self, url: str, *, record: bool = True, retention_days: int = 90, salt: str | None = None
    ) -> None:
        self.url = url
        self.record = record
        self.retention = dt.timedelta(days=retention_days)
        self._salt = salt
        self.engine = _engine(url)
        self._ready = False
        self._failed_at: float | None = None
        self._last_prune = 0.0
        self._lock = threading.Lock()
        self._events_fallback = MemoryEventLog()
        self._threads_fallback: Recent[str, tuple[str, str | None, float]] = Recent(THREADS_KEPT)
        self.last_error: str | None = None  # why the database last failed, in a few words (no secrets)

    # Health ----------------------------------------------------------------------------------------------
    def _guard(self, what: str, default: T, work: Callable[[Connection], T]) -> T:
        """Run work in a transaction; on a database failure log it (once per outage) and return default."""
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_AFTER_SECONDS:
            return default
        try:
            self._ensure_ready()
            with self.engine.begin() as conn:
                result = work(conn)
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            if self._failed_at is None:
                log.warning("database unavailable (%s: %s); recording paused", what, type(exc).__name__)
            self._failed_at = time.monotonic()
            self.last_error = _reason(exc)
            return default
        if self._failed_at is not None:
            log.warning("database reachable again; recording resumed")
            self._failed_at = None
        return result

    def _ensure_ready(self) -> None:
        if self._ready:
            return
        with self._lock:
            if not self._ready:
                with self.engine.begin() as conn:
                    migrate(conn)
                    if self._salt is None:
                        self._salt = _salt(conn)
                self._ready = True

    def start(self) -> bool:
        """Migrate the schema now (the bot starts even if this fails); True when the database is usable."""
        ok = self._guard("migration", False, lambda conn: True)
        if ok:
            self.prune()
        return ok

    def reset_failure(self) -> None:
        """Forget the last failure, so that the next use tries the database at once (start-up retries)."""
        self._failed_at = None

    @property
    def available(self) -> bool:
        """Whether the last attempt to use the database succeeded."""
        return self._ready and self._failed_at is None

    # Users are stored only as salted hashes ---------------------------------------------------------------
    def user_hash(self, user_id: str | None) -> str | None:
        """A salted SHA-256 of a Slack user id (never the id itself); None without a user or a salt."""
        if not user_id or self._salt is None:
            return None
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()

    # Recording -----------------------------------------------------------------------------------------------
    def record_question(
        self, *, question: str, kind: str, confidence: float, surface: str, user_id: str | None
    ) -> bool:
        """Keep a question the bot could not answer, or answered with low confidence."""
        return self.record_questions([(question, kind, confidence, surface, user_id, _now())]) == 1

    def record_questions(self, batch: list[tuple[str, str, float, str, str | None, dt.datetime]]) -> int:
        """Keep several (question, kind, confidence, surface, user id, time) in one transaction; how many."""
        if not self.record or not batch:
            return 0

        def work(conn: Connection) -> int:
            rows = [
                (at, surface[:16], question[:MAX_QUESTION_CHARS], kind, confidence, self.user_hash(user_id))
                for question, kind, confidence, surface, user_id, at in batch
            ]
            _insert_rows(conn, rows)
            return len(batch)

        done = self._guard("recording questions", 0, work)
        self._maybe_prune()
        return done

    def record_feedback(
        self, *, answer_ref: str, answer_key: str, question: str, vote: int, user_id: str, surface: str
    ) -> bool:
        """Count a 👍 (+1) or 👎 (-1) once per user and answer; False when not counted."""
        if not self.record:
            return False

        def work(conn: Connection) -> bool:
            user_hash = self.user_hash(user_id)
            if user_hash is None:
                return False
            try:
                with conn.begin_nested():
                    conn.execute(
                        insert(feedback).values(
                            at=_now(),
                            answer_ref=answer_ref[:64],
                            answer_key=answer_key[:MAX_KEY],
                            question=question[:MAX_QUESTION_CHARS],
                            vote=1 if vote > 0 else -1,
                            user_hash=user_hash,
                            surface=surface[:16],
                        )
                    )
            except IntegrityError:
                return False  # this user already voted on this answer
            return True

        return self._guard("recording feedback", False, work)

    # Event de-duplication (an EventLog shared by every replica) ---------------------------------------------
    def first_time(self, event_id: str) -> bool:
        """Claim an event id; True only for the first claim across all processes sharing the database."""

        def work(conn: Connection) -> bool:
            try:
                with conn.begin_nested():
                    conn.execute(insert(events).values(event_id=event_id[:128], seen_at=_now()))
            except IntegrityError:
                return False
            return True

        claimed = self._guard("claiming an event", None, work)
        if claimed is None:  # database down: this process's memory is the best we have
            return self._events_fallback.first_time(event_id)
        self._events_fallback.first_time(event_id)  # remembered here too, for an outage to come
        return claimed

    # Retention -----------------------------------------------------------------------------------------------
    def prune(self, now: dt.datetime | None = None) -> int:
        """Delete rows past the retention period (events after a day); the number deleted."""
        now = now or _now()

        def work(conn: Connection) -> int:
            n = conn.execute(delete(questions).where(questions.c.asked_at < now - self.retention)).rowcount
            n += conn.execute(delete(feedback).where(feedback.c.at < now - self.retention)).rowcount
            n += conn.execute(delete(events).where(events.c.seen_at < now - EVENT_RETENTION)).rowcount
            n += conn.execute(delete(threads).where(threads.c.at < now - THREAD_MEMORY)).rowcount
            return int(n)

        self._last_prune = time.monotonic()
        return self._guard("pruning", 0, work)

    def _maybe_prune(self) -> None:
        if time.monotonic() - self._last_prune > PRUNE_EVERY_SECONDS:
            self.prune()

    # Reading, for curators -------------------------------------------------------------------------------------
    def unanswered_since(self, since: dt.datetime) -> list[tuple[str, dt.datetime]]:
        """Recorded questions since a time, newest first (raises if the database cannot be read)."""
        self._ensure_ready()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(questions.c.question, questions.c.asked_at)
                .where(questions.c.asked_at >= since)
                .order_by(questions.c.asked_at.desc())
            ).all()
        return [(r[0], _aware(r[1])) for r in rows]

    def feedback_since(self, since: dt.datetime) -> list[dict[str, Any]]:
        """Per answer: 👍 and 👎 counts and an example question, most 👎 first (raises on database errors)."""
        self._ensure_ready()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(feedback.c.answer_key, feedback.c.vote, feedback.c.question).where(
                    feedback.c.at >= since
                )
            ).all()
        tally: dict[str, dict[str, Any]] = {}
        for key, vote, question in rows:
            t = tally.setdefault(key, {"answer": key, "up": 0, "down": 0, "example": question})
            t["up" if vote > 0 else "down"] += 1
        return sorted(tally.values(), key=lambda t: (-t["down"], t["up"], t["answer"]))

    # Threads: the last question answered in each, for follow-ups ---------------------------------------------
    def remember_thread(self, key: str, question: str, context_channel: str | None = None) -> None:
        """Note the question last answered in a thread (and the channel the user was viewing, if known)."""
        key = key[:MAX_KEY]
        self._threads_fallback.put(key, (question, context_channel, time.time()))

        def work(conn: Connection) -> None:
            old = conn.execute(select(threads.c.context_channel).where(threads.c.thread_key == key)).scalar()
            conn.execute(delete(threads).where(threads.c.thread_key == key))
            conn.execute(
                insert(threads).values(
                    thread_key=key,
                    question=question[:MAX_QUESTION_CHARS],
                    context_channel=context_channel or old,
                    at=_now(),
                )
            )

        self._guard("thread", None, work)

    def thread_question(self, key: str) -> str | None:
        """The question last answered in a thread within the last day, or None (a new thread)."""
        key = key[:MAX_KEY]
        since = _now() - THREAD_MEMORY

        def work(conn: Connection) -> str | None:
            found = conn.execute(
                select(threads.c.question).where(threads.c.thread_key == key, threads.c.at >= since)
            ).scalar()
            return str(found) if found is not None else None

        found = self._guard("thread", _MISSING, work)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        kept = self._threads_fallback.get(key)  # the database is down: this process's own memory
        return kept[0] if kept and time.time() - kept[2] < THREAD_MEMORY.total_seconds() else None

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()


def _reason(exc: SQLAlchemyError) -> str:
    """A database failure in a few words: the driver's own last line (host and port, never the password)."""
    original = getattr(exc, "orig", None) or exc
    lines = [ln.strip() for ln in str(original).splitlines() if ln.strip() and "password" not in ln.lower()]
    text = lines[-1] if lines else type(exc).__name__
    return text[:MAX_REASON]


MAX_REASON = 160
THREAD_MEMORY = dt.timedelta(days=1)  # a thread's last question is forgotten after this
THREADS_KEPT = 10_000  # threads this process remembers itself, for when the database is down
_MISSING = object()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


_QUESTION_COLUMNS = ("asked_at", "surface", "question", "kind", "confidence", "user_hash")
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}
ROWS_PER_INSERT = 128  # 768 parameters a statement: within every SQLite's limit (999 in old builds)


def _insert_rows(conn: Connection, rows: list[tuple[Any, ...]]) -> None:
    """Insert question rows with one multi-row INSERT per ROWS_PER_INSERT rows.

    Not executemany: SQLite's executemany releases and retakes the GIL for every row, and while the event loop
    is busy each retake waits for it (up to 5 ms), so a batch of hundreds of rows crawls and steals the loop's
    time row by row. One statement per chunk costs the loop almost nothing. Values go through the column
    types' own bind processors (SQLite stores datetimes as text), exactly as SQLAlchemy would send them.
    """
    mark = _PLACEHOLDER.get(conn.dialect.paramstyle)
    if mark is None:  # a driver with another parameter style: SQLAlchemy's own executemany
        conn.execute(insert(questions), [dict(zip(_QUESTION_COLUMNS, row, strict=True)) for row in rows])
        return
    dialect = conn.dialect
    processors = [
        questions.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in _QUESTION_COLUMNS
    ]
    row_marks = "(" + ", ".join([mark] * len(_QUESTION_COLUMNS)) + ")"
    head = f"INSERT INTO questions ({', '.join(_QUESTION_COLUMNS)}) VALUES "  # noqa: S608 - constants; values are bound
    start = 0
    while start < len(rows):
        chunk = rows[start : start + _chunk_size(len(rows) - start)]
        start += len(chunk)
        values: list[Any] = []
        for row in chunk:
            values.extend(
                p(v) if p is not None and v is not None else v for p, v in zip(processors, row, strict=True)
            )
        conn.exec_driver_sql(head + ", ".join([row_marks] * len(chunk)), tuple(values))


def _chunk_size(left: int) -> int:
    """ROWS_PER_INSERT while that many rows are left, then the largest power of two that fits: a few statement
    shapes in all, so the driver's cache of prepared statements does not fill with one per batch size."""
    if left >= ROWS_PER_INSERT:
        return ROWS_PER_INSERT
    return 1 << (left.bit_length() - 1)


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 5, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # several processes read and write the same file
            cur.execute("PRAGMA synchronous=NORMAL")  # with WAL: safe from corruption, no fsync per commit
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, connect_args={"connect_timeout": 2})


def migrate(conn: Connection) -> None:
    """Bring the schema to the newest revision (Alembic, versioned under bot/store/migrations)."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")


def _salt(conn: Connection) -> str:
    """The salt for user hashes: one random value kept in the database, shared by every replica."""
    found = conn.execute(select(meta.c.value).where(meta.c.key == "user_hash_salt")).scalar()
    if found:
        return str(found)
    salt = secrets.token_hex(32)
    try:
        with conn.begin_nested():
            conn.execute(insert(meta).values(key="user_hash_salt", value=salt))
    except IntegrityError:  # another replica made it first
        return str(conn.execute(select(meta.c.value).where(meta.c.key == "user_hash_salt")).scalar_one())
    return salt
