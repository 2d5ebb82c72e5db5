"""Recording off the request path: answers are queued and written by one background thread."""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time

from bot.models import Answer
from bot.store.store import Store

log = logging.getLogger(__name__)
QUEUE_LIMIT = 10_000


BATCH = 500  # questions written per transaction at most
GATHER_SECONDS = 0.5  # after the first queued question, wait this long for more, so writes come in batches

_Item = tuple[
    str, str, float, str, str | None, dt.datetime
]  # question, kind, confidence, surface, user, time


class Recorder:
    """Keeps unknown and low-confidence answers; never blocks or fails the caller."""

    def __init__(self, store: Store | None, low_confidence: float) -> None:
        self.store = store
        self.low_confidence = low_confidence
        self._queue: queue.Queue[_Item | threading.Event] = queue.Queue(QUEUE_LIMIT)
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
        item = (answer.question, answer.kind, answer.confidence, surface, user_id, dt.datetime.now(dt.UTC))
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            log.warning("recording queue full; a question was not recorded")

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far is written (for shutdown and tests); False on timeout."""
        if self._thread is None:
            return True
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def _run(self) -> None:
        """Write in batches: what arrives within GATHER_SECONDS of the first item (or until a flush), at once."""
        assert self.store is not None
        while True:
            batch: list[_Item] = []
            waiting: list[threading.Event] = []
            item = self._queue.get()
            deadline = time.monotonic() + GATHER_SECONDS
            while True:
                if isinstance(item, threading.Event):
                    waiting.append(item)
                    break  # a flush: write now
                batch.append(item)
                left = deadline - time.monotonic()
                if len(batch) >= BATCH or left <= 0:
                    break
                try:
                    item = self._queue.get(timeout=left)
                except queue.Empty:
                    break
            self.store.record_questions(batch)
            for done in waiting:
                done.set()
