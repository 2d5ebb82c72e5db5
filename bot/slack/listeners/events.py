"""Events: @-mentions in channels (answered in a thread) and direct messages (answered in the DM)."""

from __future__ import annotations

import time
from typing import Any

from slack_bolt import App, BoltContext, Say
from slack_sdk import WebClient

from bot import logs
from bot.slack.blocks import answer_message
from bot.slack.listeners.delivery import acknowledge, apologise, deliver
from bot.slack.services import Services, new_answer_ref


class EventListener:
    """Answers mentions and direct messages."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def on_mention(self, event: dict[str, Any], say: Say, client: WebClient) -> None:
        """@accord-bot QUESTION in a channel: the answer goes in a thread under the question."""
        started = time.perf_counter()
        answer = self.services.bot.answer(str(event.get("text") or ""))
        thread = event.get("thread_ts") or event.get("ts")
        ok = deliver(
            say, "mention answer", thread_ts=thread, **answer_message(answer, feedback_ref=new_answer_ref())
        )
        if not ok:
            apologise(client, event.get("channel"), event.get("user"))
        self.services.recorder.answered(answer, "mention", event.get("user"))
        logs.event("mention", answer.kind if ok else "post_failed", started)

    def on_message(self, event: dict[str, Any], say: Say, context: BoltContext) -> None:
        """A direct message: answered in the DM. Bots (this one included), edits and deletions are ignored."""
        if (
            event.get("channel_type") != "im"
            or event.get("subtype")
            or event.get("bot_id")
            or event.get("user") in (None, context.bot_user_id)
        ):
            return
        started = time.perf_counter()
        answer = self.services.bot.answer(str(event.get("text") or ""))
        ok = deliver(say, "direct answer", **answer_message(answer, feedback_ref=new_answer_ref()))
        self.services.recorder.answered(answer, "dm", event.get("user"))
        logs.event("dm", answer.kind if ok else "post_failed", started)


def register(app: App, services: Services) -> None:
    """Listen for mentions and messages."""
    listener = EventListener(services)
    app.event("app_mention")(ack=acknowledge, lazy=[listener.on_mention])
    app.event("message")(ack=acknowledge, lazy=[listener.on_message])
