"""What the listeners need besides Slack: the answerer in use, the recorder and the store."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from bot.answering.live import Brain
from bot.store.recorder import Recorder
from bot.store.store import Store


@dataclass(frozen=True)
class Services:
    """The bot's non-Slack parts, shared by every listener."""

    bot: Brain
    recorder: Recorder
    store: Store | None


def new_answer_ref() -> str:
    """An id for one answer card, so feedback on it counts once per user."""
    return secrets.token_hex(8)
