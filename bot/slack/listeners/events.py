"""Events: @-mentions in channels (answered in a thread) and direct messages (answered in the DM). An edited
question updates its answer in place; messages from Slackbot, bots and apps (this one included) are never
answered or recorded."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from slack_bolt import App, BoltContext, Say
from slack_sdk import WebClient

from bot import logs
from bot.answering.models import Answer
from bot.slack.blocks import answer_message
from bot.slack.listeners.delivery import DELIVERY_ERRORS, acknowledge, apologise, deliver, error_code
from bot.slack.services import Services

log = logging.getLogger(__name__)
SLACKBOT = "USLACKBOT"
# Message subtypes that are a person writing: a plain message, one with a file, a thread reply also sent to the
# channel. Everything else (bot_message, message_changed, channel_join, …) is not a question.
ASKING_SUBTYPES = frozenset([None, "file_share", "thread_broadcast"])
ANSWERS_KEPT = 10_000  # answered questions whose answer this process can still update when they are edited


class Answered:
    """Which answer this process posted for which question (channel and message ts): an edited question
    updates that answer and never gets a second one."""

    def __init__(self, limit: int = ANSWERS_KEPT) -> None:
        self._posts: OrderedDict[tuple[str, str], tuple[str, str]] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def note(self, channel: str, question_ts: str, answer_ts: str, text: str) -> None:
        """Remember an answer posted for a question."""
        with self._lock:
            self._posts[(channel, question_ts)] = (answer_ts, text)
            while len(self._posts) > self._limit:
                self._posts.popitem(last=False)

    def find(self, channel: str, question_ts: str) -> tuple[str, str] | None:
        """The answer's ts and the question's text as answered, if this process answered it."""
        with self._lock:
            return self._posts.get((channel, question_ts))


def _asked(answer: Answer, previous: str | None) -> str:
    """What a thread should remember: the question as understood (a follow-up that needed the earlier question
    comes joined to it); after an answer the bot could not give, the earlier question stays."""
    return answer.question if answer.kind != "unknown" or not previous else previous


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
        self.answered = Answered()

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
        if posted is not None:
            self.services.answered_in(
                channel, thread, answer.question if not previous else _asked(answer, previous)
            )
        if posted is None:
            apologise(client, event.get("channel"), event.get("user"))
        else:
            self.answered.note(
                str(event.get("channel")), str(event.get("ts")), posted, str(event.get("text"))
            )
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
            self.answered.note(
                str(event.get("channel")), str(event.get("ts")), posted, str(event.get("text"))
            )
        self.services.recorder.answered(answer, "dm", event.get("user"))
        logs.event("dm", answer.kind if posted else "post_failed", started)

    def _edited(self, client: WebClient, channel: str, ts: str, message: dict[str, Any]) -> None:
        """An edited question: its answer, if this process posted one, is updated when the question changed;
        nothing is posted otherwise (never a second answer)."""
        started = time.perf_counter()
        known = self.answered.find(channel, ts)
        text = str(message.get("text") or "")
        if known is None or known[1] == text:
            logs.event("edit", "unchanged" if known else "not_ours", started)
            return
        answer = self.services.bot.answer(text)
        update = answer_message(answer, feedback_ref=self.services.card_ref(answer))
        ok = deliver(client.chat_update, "updated answer", channel=channel, ts=known[0], **update)
        if ok:
            self.answered.note(channel, ts, known[0], text)
        logs.event("edit", answer.kind if ok else "post_failed", started)

    @staticmethod
    def _post(say: Say, what: str, **message: Any) -> str | None:
        """Post through `say`; the answer's ts, or None when Slack refused (logged)."""
        try:
            result = say(**message)
        except DELIVERY_ERRORS as exc:
            log.warning("could not post %s: %s", what, error_code(exc), extra={"error": error_code(exc)})
            return None
        ts = result.get("ts") if hasattr(result, "get") else None
        return str(ts) if ts else ""


def register(app: App, services: Services) -> None:
    """Listen for mentions and messages."""
    listener = EventListener(services)
    app.event("app_mention")(ack=acknowledge, lazy=[listener.on_mention])
    app.event("message")(ack=acknowledge, lazy=[listener.on_message])
