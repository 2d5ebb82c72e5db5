"""The slash command: answered inside the acknowledgement, privately, with a button to share it."""

from __future__ import annotations

import time
from typing import Any

from slack_bolt import Ack, App

from bot import logs
from bot.core import Answerer
from bot.slack.blocks import answer_message


class CommandListener:
    """Answers `/accord QUESTION`."""

    def __init__(self, bot: Answerer) -> None:
        self.bot = bot

    def on_command(self, ack: Ack, command: dict[str, Any]) -> None:
        """/accord QUESTION: the answer only you see, with "Share in channel"; empty text shows help."""
        started = time.perf_counter()
        answer = self.bot.answer(str(command.get("text") or ""))
        ack(response_type="ephemeral", **answer_message(answer, share=True))
        logs.event("command", answer.kind, started, confidence=answer.confidence)


def register(app: App, bot: Answerer, command: str) -> None:
    """Listen for the slash command."""
    app.command(command)(CommandListener(bot).on_command)
