"""Events: @-mentions in channels (answered in a thread) and direct messages (answered in the DM). An edited
question updates its answer in place; messages from Slackbot, bots and apps (this one included) are never
answered or recorded."""

from __future__ import annotations

import time
from typing import Any

from slack_bolt import App, BoltContext, Say
from slack_sdk import WebClient

from bot import logs
from bot.slack.blocks import answer_message
from bot.slack.listeners.delivery import acknowledge, apologise, deliver, sent
from bot.slack.services import Services
from bot.store.recent import Recent

SLACKBOT = "USLACKBOT"
# Message subtypes that are a person writing: a plain message, one with a file, a thread reply also sent to the
# channel. Everything else (bot_message, message_changed, channel_join, …) is not a question.
ASKING_SUBTYPES = frozenset([None, "file_share", "thread_broadcast"])
# Which answer this process posted for which question, (channel, question ts) -> (answer ts, question text as
# answered): an edited question updates that answer and never gets a second one.
ANSWERS_KEPT = 10_000  # answered questions whose answer this process can still update when they are edited


def from_a_person(event: dict[str, Any], bot_user: str | None) -> bool:
    """Whether a message event was written by a person: not Slackbot, another bot or app, or this bot."""
    user = event.get("user")
    return (
        not event.get("bot_id")
        and not event.get("bot_profile")
        and user not in (None, SLACKBOT, bot_user)
        and event.get("subtype") in ASKING_SUBTYPES
    )


class EventListener:
    """Answers mentions and direct messages."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.answered: Recent[tuple[str, str], tuple[str, str]] = Recent(ANSWERS_KEPT)

    def on_mention(self, event: dict[str, Any], say: Say, client: WebClient, context: BoltContext) -> None:
        """@accord-bot QUESTION in a channel: the answer goes in a thread under the question; an edited
        question updates that answer."""
        if not from_a_person(event, context.bot_user_id):
            return
        if event.get("edited"):
            self._edited(client, str(event.get("channel") or ""), str(event.get("ts") or ""), event)
            return
        started = time.perf_counter()
        channel = str(event.get("channel") or "")
        thread = str(event.get("thread_ts") or event.get("ts") or "")
        # A mention inside a thread reads the thread's last question; a new mention starts a thread afresh.
        previous = self.services.previous_in(channel, thread) if event.get("thread_ts") else None
        answer = self.services.bot.answer(str(event.get("text") or ""), previous)
        message = answer_message(answer, feedback_ref=self.services.card_ref(answer))
        posted = self._post(say, "mention answer", thread_ts=thread, **message)
        if posted is None:
            apologise(client, event.get("channel"), event.get("user"))
        else:
            self.services.answered_in(channel, thread, answer, previous)
            self.answered.put((channel, str(event.get("ts"))), (posted, str(event.get("text"))))
        self.services.recorder.answered(answer, "mention", event.get("user"))
        logs.event("mention", answer.kind if posted else "post_failed", started)

    def on_message(self, event: dict[str, Any], say: Say, client: WebClient, context: BoltContext) -> None:
        """A direct message: answered in the DM; an edit of an answered question updates the answer."""
        if event.get("channel_type") != "im":
            return
        if event.get("subtype") == "message_changed":
            edited = event.get("message")
            if isinstance(edited, dict) and from_a_person({**edited, "subtype": None}, context.bot_user_id):
                self._edited(client, str(event.get("channel") or ""), str(edited.get("ts") or ""), edited)
            return
        if not from_a_person(event, context.bot_user_id):
            return
        started = time.perf_counter()
        answer = self.services.bot.answer(str(event.get("text") or ""))
        message = answer_message(answer, feedback_ref=self.services.card_ref(answer))
        thread = event.get("thread_ts")
        posted = self._post(say, "direct answer", **({"thread_ts": thread} if thread else {}), **message)
        if posted is not None:
            self.answered.put(
                (str(event.get("channel")), str(event.get("ts"))), (posted, str(event.get("text")))
            )
        self.services.recorder.answered(answer, "dm", event.get("user"))
        logs.event("dm", answer.kind if posted else "post_failed", started)

    def _edited(self, client: WebClient, channel: str, ts: str, message: dict[str, Any]) -> None:
        """An edited question: its answer, if this process posted one, is updated when the question changed;
        nothing is posted otherwise (never a second answer)."""
        started = time.perf_counter()
        known = self.answered.get((channel, ts))
        text = str(message.get("text") or "")
        if known is None or known[1] == text:
            logs.event("edit", "unchanged" if known else "not_ours", started)
            return
        answer = self.services.bot.answer(text)
        update = answer_message(answer, feedback_ref=self.services.card_ref(answer))
        ok = deliver(client.chat_update, "updated answer", channel=channel, ts=known[0], **update)
        if ok:
            self.answered.put((channel, ts), (known[0], text))
        logs.event("edit", answer.kind if ok else "post_failed", started)

    @staticmethod
    def _post(say: Say, what: str, **message: Any) -> str | None:
        """Post through `say`; the answer's ts, or None when Slack refused (logged)."""
        ok, result = sent(say, what, **message)
        if not ok:
            return None
        ts = result.get("ts") if hasattr(result, "get") else None
        return str(ts) if ts else ""


def register(app: App, services: Services) -> None:
    """Listen for mentions and messages."""
    listener = EventListener(services)
    app.event("app_mention")(ack=acknowledge, lazy=[listener.on_mention])
    app.event("message")(ack=acknowledge, lazy=[listener.on_message])
