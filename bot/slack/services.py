"""What the listeners need besides Slack: the answerer in use, the recorder and the store."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from bot.answering.live import Brain
from bot.answering.models import Answer
from bot.store.recent import Recent
from bot.store.recorder import Recorder
from bot.store.store import Store

# Which answer each recent answer card shows, by the card's id: the feedback buttons carry only the id (a question
# can be longer than a button's value may be), and a click looks the answer up, to show it again with a thank-you.
# A process that did not post the card (another worker or replica, or after a restart) does not know it; the click
# is still counted, under the answer's key.
CARDS_KEPT = 5_000  # answer cards whose answer this process remembers (a few KB each)


@dataclass(frozen=True)
class Services:
    """The bot's non-Slack parts, shared by every listener."""

    bot: Brain
    recorder: Recorder
    store: Store | None
    cards: Recent[str, Answer] = field(default_factory=lambda: Recent(CARDS_KEPT))

    def previous_in(self, channel: str, thread: str | None) -> str | None:
        """The question last answered in a thread (None outside a thread, or for a new one)."""
        if not thread or self.store is None:
            return None
        return self.store.thread_question(f"{channel}:{thread}")

    def answered_in(self, channel: str, thread: str, answer: Answer, previous: str | None) -> None:
        """Note what a thread should remember for the follow-ups after an answer: the question as understood (a
        follow-up that needed the earlier question comes joined to it); after an answer the bot could not give,
        the earlier question stays."""
        question = answer.question if answer.kind != "unknown" or not previous else previous
        if self.store is not None and question.strip():
            self.store.remember_thread(f"{channel}:{thread}", question)

    def remember_context(self, channel: str, thread: str, viewing: str) -> None:
        """The channel a user is viewing beside an assistant thread."""
        if self.store is not None:
            question = self.store.thread_question(f"{channel}:{thread}") or ""
            self.store.remember_thread(f"{channel}:{thread}", question, viewing)

    def card_ref(self, answer: Answer) -> str:
        """A new answer card's id (for its feedback buttons), remembering the answer it shows."""
        ref = new_answer_ref()
        self.cards.put(ref, answer)
        return ref


def new_answer_ref() -> str:
    """An id for one answer card, so feedback on it counts once per user."""
    return secrets.token_hex(8)
