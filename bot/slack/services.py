"""What the listeners need besides Slack: the answerer in use, the recorder and the store."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from bot.answering.live import Brain
from bot.answering.models import Answer
from bot.store.recorder import Recorder
from bot.store.store import Store

CARDS_KEPT = 5_000  # answer cards whose answer this process remembers (a few KB each)


class CardMemo:
    """Which answer each recent answer card shows, by the card's id: the feedback buttons carry only the id (a
    question can be longer than a button's value may be), and a click looks the answer up here, to show it
    again with a thank-you. A process that did not post the card (another worker or replica, or after a
    restart) does not know it; the click is still counted, under the answer's key."""

    def __init__(self, limit: int = CARDS_KEPT) -> None:
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def remember(self, ref: str, answer: Answer) -> None:
        """Note a card's answer, forgetting the oldest beyond the limit."""
        with self._lock:
            self._answers[ref] = answer
            while len(self._answers) > self._limit:
                self._answers.popitem(last=False)

    def recall(self, ref: str) -> Answer | None:
        """The answer a card shows, if this process posted it recently."""
        with self._lock:
            return self._answers.get(ref)


@dataclass(frozen=True)
class Services:
    """The bot's non-Slack parts, shared by every listener."""

    bot: Brain
    recorder: Recorder
    store: Store | None
    cards: CardMemo = field(default_factory=CardMemo)

    def previous_in(self, channel: str, thread: str | None) -> str | None:
        """The question last answered in a thread (None outside a thread, or for a new one)."""
        if not thread or self.store is None:
            return None
        return self.store.thread_question(f"{channel}:{thread}")

    def answered_in(
        self, channel: str, thread: str, question: str, context_channel: str | None = None
    ) -> None:
        """Note the question just answered in a thread, for the follow-ups that come after it."""
        if self.store is not None and question.strip():
            self.store.remember_thread(f"{channel}:{thread}", question, context_channel)

    def remember_context(self, channel: str, thread: str, viewing: str) -> None:
        """The channel a user is viewing beside an assistant thread."""
        if self.store is not None:
            question = self.store.thread_question(f"{channel}:{thread}") or ""
            self.store.remember_thread(f"{channel}:{thread}", question, viewing)

    def card_ref(self, answer: Answer) -> str:
        """A new answer card's id (for its feedback buttons), remembering the answer it shows."""
        ref = new_answer_ref()
        self.cards.remember(ref, answer)
        return ref


def new_answer_ref() -> str:
    """An id for one answer card, so feedback on it counts once per user."""
    return secrets.token_hex(8)
