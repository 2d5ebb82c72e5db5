"""The slash command: answered inside the acknowledgement, privately, with buttons to share and rate it."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from slack_bolt import Ack, App

from bot import logs
from bot.slack.blocks import answer_message
from bot.slack.services import Services


class CommandListener:
    """Answers `/accord QUESTION`."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def reply(self, command: Mapping[str, Any]) -> dict[str, Any]:
        """/accord QUESTION: the answer only you see, with "Share in channel"; empty text shows help."""
        started = time.perf_counter()
        answer = self.services.bot.answer(str(command.get("text") or ""))
        message = answer_message(answer, share=True, feedback_ref=self.services.card_ref(answer))
        user = command.get("user_id")
        self.services.recorder.answered(answer, "command", user if isinstance(user, str) else None)
        logs.event("command", answer.kind, started, confidence=answer.confidence)
        return {"response_type": "ephemeral", **message}

    def on_command(self, ack: Ack, command: dict[str, Any]) -> None:
        """The Bolt listener (Socket Mode): acknowledge with the reply."""
        ack(**self.reply(command))


def register(app: App, services: Services, command: str) -> None:
    """Listen for the slash command."""
    app.command(command)(CommandListener(services).on_command)
