"""Recording off the request path: answers are set aside and written in batches by one background thread.

Answering a question only appends to a deque: it never wakes the writer, which would cost a thread switch
(and a fight for the GIL) on every request. The writer wakes every GATHER_SECONDS, or when flushed, and
writes whatever has gathered.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import deque

from bot.answering.models import Answer
from bot.store.store import Store

log = logging.getLogger(__name__)
QUEUE_LIMIT = (
    10_000  # questions waiting to be written at most; beyond that a question is dropped (and logged)
)
BATCH = 500  # questions written per transaction at most
GATHER_SECONDS = 0.5  # how long questions gather before they are written

_Item = tuple[
    str, str, float, str, str | None, dt.datetime
]  # question, kind, confidence, surface, user, time


class Recorder:
    """Keeps unknown and low-confidence answers; never blocks or fails the caller."""

    def __init__(self, store: Store | None, low_confidence: float) -> None:
        self.store = store
        self.low_confidence = low_confidence
        self._pending: deque[_Item] = deque()
        self._flushes: deque[threading.Event] = deque()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        if store is not None and store.record:
            self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
            self._thread.start()

    def should_keep(self, answer: Answer) -> bool:
        """Unknown answers, and answers below the confidence threshold. Help is never kept, nor a "did you
        mean" card: its question is kept if the asker answers "None of these"."""
        if answer.did_you_mean or answer.kind == "help":
            return False
        return answer.kind == "unknown" or answer.confidence < self.low_confidence

    def answered(self, answer: Answer, surface: str, user_id: str | None) -> None:
        """Note an answer given on a surface; kept only if it should be."""
        if self._thread is None or not self.should_keep(answer):
            return
        if len(self._pending) >= QUEUE_LIMIT:
            log.warning("recording queue full; a question was not recorded")
            return
        item = (answer.question, answer.kind, answer.confidence, surface, user_id, dt.datetime.now(dt.UTC))
        self._pending.append(item)  # deque.append is atomic: no lock, and the writer is not woken

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything set aside so far is written (for shutdown and tests); False on timeout."""
        if self._thread is None:
            return True
        done = threading.Event()
        self._flushes.append(done)
        self._wake.set()
        return done.wait(timeout)

    def _run(self) -> None:
        """Every GATHER_SECONDS (or at once when flushed), write what has gathered, BATCH at a time."""
        assert self.store is not None
        while True:
            self._wake.wait(GATHER_SECONDS)
            self._wake.clear()
            flushes = []
            while self._flushes:
                flushes.append(self._flushes.popleft())  # taken before draining: all they wait for is pending
            while self._pending:
                batch = [self._pending.popleft() for _ in range(min(BATCH, len(self._pending)))]
                self.store.record_questions(batch)
            for done in flushes:
                done.set()
