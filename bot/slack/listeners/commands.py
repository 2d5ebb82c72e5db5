"""The slash command: answered inside the acknowledgement, privately, with buttons to share and rate it."""

from __future__ import annotations

import time
from typing import Any

from slack_bolt import Ack, App

from bot import logs
from bot.slack.blocks import answer_message
from bot.slack.services import Services, new_answer_ref


class CommandListener:
    """Answers `/accord QUESTION`."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def on_command(self, ack: Ack, command: dict[str, Any]) -> None:
        """/accord QUESTION: the answer only you see, with "Share in channel"; empty text shows help."""
        started = time.perf_counter()
        answer = self.services.bot.answer(str(command.get("text") or ""))
        ack(response_type="ephemeral", **answer_message(answer, share=True, feedback_ref=new_answer_ref()))
        self.services.recorder.answered(answer, "command", command.get("user_id"))
        logs.event("command", answer.kind, started, confidence=answer.confidence)


def register(app: App, services: Services, command: str) -> None:
    """Listen for the slash command."""
    app.command(command)(CommandListener(services).on_command)
