"""Buttons: "Share in channel" posts the same answer visibly through the response_url."""

from __future__ import annotations

import re
import time
from typing import Any

from slack_bolt import App, Respond

from bot import logs
from bot.core import Answerer, escape
from bot.slack.blocks import SHARE_ACTION, answer_message
from bot.slack.listeners.delivery import acknowledge, deliver

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")


class ActionListener:
    """Handles the answer card's buttons."""

    def __init__(self, bot: Answerer) -> None:
        self.bot = bot

    def on_share(self, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        """Share in channel: post the answer for everyone, then remove the private copy."""
        started = time.perf_counter()
        answer = self.bot.answer(str(action.get("value") or ""))
        user = str((body.get("user") or {}).get("id") or "")
        who = f"<@{user}> asked" if _USER_ID.match(user) else "Asked"
        note = f"{who}: {escape(answer.question)}" if answer.question else None
        shared = deliver(
            respond, "shared answer", response_type="in_channel", **answer_message(answer, note=note)
        )
        if shared:
            deliver(respond, "removal of the private answer", delete_original=True)
        else:
            deliver(
                respond,
                "share failure notice",
                response_type="ephemeral",
                replace_original=False,
                text="Sorry, I could not share that answer in this channel.",
            )
        logs.event("share", "shared" if shared else "failed", started)


def register(app: App, bot: Answerer) -> None:
    """Listen for the answer card's buttons."""
    app.action(SHARE_ACTION)(ack=acknowledge, lazy=[ActionListener(bot).on_share])
