"""What the listeners need besides Slack: the answerer in use, the recorder and the store."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from bot.answering.live import Brain
from bot.store.recorder import Recorder
from bot.store.store import Store

CARDS_KEPT = 20_000  # answer cards whose question this process remembers (about 10 MB at most)


class CardMemo:
    """Which question each recent answer card answers, by the card's id: the feedback buttons carry only the
    id (a question can be longer than a button's value may be), and a click looks the question up here. A
    process that did not post the card (another worker or replica, or after a restart) does not know it; the
    click is still counted, under the answer's key."""

    def __init__(self, limit: int = CARDS_KEPT) -> None:
        self._questions: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def remember(self, ref: str, question: str) -> None:
        """Note a card's question, forgetting the oldest beyond the limit."""
        with self._lock:
            self._questions[ref] = question
            while len(self._questions) > self._limit:
                self._questions.popitem(last=False)

    def recall(self, ref: str) -> str | None:
        """The question a card answers, if this process posted it recently."""
        with self._lock:
            return self._questions.get(ref)


@dataclass(frozen=True)
class Services:
    """The bot's non-Slack parts, shared by every listener."""

    bot: Brain
    recorder: Recorder
    store: Store | None
    cards: CardMemo = field(default_factory=CardMemo)

    def card_ref(self, question: str) -> str:
        """A new answer card's id (for its feedback buttons), remembering the question it answers."""
        ref = new_answer_ref()
        self.cards.remember(ref, question)
        return ref


def new_answer_ref() -> str:
    """An id for one answer card, so feedback on it counts once per user."""
    return secrets.token_hex(8)
