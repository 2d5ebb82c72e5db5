"""Recording off the request path: answers are queued and written by one background thread."""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass

from bot.models import Answer
from bot.store.store import Store

log = logging.getLogger(__name__)
QUEUE_LIMIT = 10_000


@dataclass(frozen=True)
class _Item:
    question: str
    kind: str
    confidence: float
    surface: str
    user_id: str | None


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
        """Unknown answers, and answers below the confidence threshold (help is never kept)."""
        return answer.kind == "unknown" or (answer.kind != "help" and answer.confidence < self.low_confidence)

    def answered(self, answer: Answer, surface: str, user_id: str | None) -> None:
        """Note an answer given on a surface; kept only if it should be."""
        if self._thread is None or not self.should_keep(answer):
            return
        item = _Item(answer.question, answer.kind, answer.confidence, surface, user_id)
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
        assert self.store is not None
        while True:
            item = self._queue.get()
            if isinstance(item, threading.Event):
                item.set()
                continue
            self.store.record_question(
                question=item.question,
                kind=item.kind,
                confidence=item.confidence,
                surface=item.surface,
                user_id=item.user_id,
            )
