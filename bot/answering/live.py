"""The answerer in use, swappable at run time: a knowledge reload replaces it only when the new files load."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from bot.answering import language, tidy
from bot.answering.answerer import Answerer
from bot.answering.knowledge import KnowledgeBase, load
from bot.answering.models import Answer
from bot.answering.thresholds import Thresholds
from bot.errors import KnowledgeError

log = logging.getLogger(__name__)


class Brain:
    """Holds the current Answerer; reload() swaps in a new one built from the knowledge files."""

    def __init__(self, directory: str | Path | None = None, thresholds: Thresholds | None = None) -> None:
        self.directory = directory
        self.thresholds = thresholds or Thresholds()
        self._current = Answerer(load(directory), thresholds=self.thresholds)
        self._lock = threading.Lock()

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base in use."""
        return self._current.kb

    def answer(self, question: str, previous: str | None = None) -> Answer:
        """Answer with the current knowledge (`previous`: the question last answered in the same thread)."""
        return self._current.answer(question, previous)

    def preload(self) -> None:
        """Load now what answering otherwise loads on first need (language detector, word list)."""
        language.preload()
        tidy.preload()

    def reload(self) -> bool:
        """Load the knowledge files again; on any problem keep the running knowledge and log why."""
        with self._lock:
            try:
                fresh = Answerer(load(self.directory), thresholds=self.thresholds)
            except KnowledgeError as exc:
                log.error(
                    "knowledge reload refused, keeping the running knowledge: %s problem(s), first: %s",
                    len(exc.problems),
                    exc.problems[0],
                )
                return False
            self._current = fresh
        log.info("knowledge reloaded: %s", fresh.kb.summary())
        return True
