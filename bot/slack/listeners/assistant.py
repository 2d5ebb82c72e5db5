"""Slack's assistant split view (Bolt's Assistant middleware): a greeting and suggested prompts when a thread
starts, status and title while a question is answered, and the channel the user is viewing remembered. Thread
replies in a direct message come here too (Bolt routes every threaded DM message to the assistant), so
follow-ups in DM threads are read in the light of the thread's last question."""

from __future__ import annotations

import time
from typing import Any

from slack_bolt import App, Assistant, BoltContext, Say, SetStatus, SetSuggestedPrompts, SetTitle

from bot import logs
from bot.slack.blocks import answer_message
from bot.slack.listeners.delivery import as_dict, deliver
from bot.slack.listeners.events import from_a_person
from bot.slack.services import Services

GREETING = (
    "Hi! I answer questions about the Cybersecurity Tech Accord of 17 April 2018, from two news reports of that "
    "day, and I always say which. Pick a question below or ask your own."
)
PROMPTS = (
    ("Did Apple sign?", "did Apple sign?"),
    ("Who organised it?", "who organised the accord?"),
    ("How many companies signed?", "how many companies signed?"),
    ("Who stayed out?", "which companies did not sign?"),
)
STATUS = "looking it up…"
MAX_TITLE = 60


class AssistantListener:
    """The assistant thread's three events."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def started(self, say: Say, set_suggested_prompts: SetSuggestedPrompts) -> None:
        """A new assistant thread: the greeting, then four suggested prompts from the knowledge base."""
        started = time.perf_counter()
        prompts = [{"title": t, "message": m} for t, m in PROMPTS]
        if deliver(
            set_suggested_prompts, "suggested prompts", prompts=prompts, title="Ask about the Tech Accord"
        ):
            deliver(say, "assistant greeting", text=GREETING)
        logs.event("assistant", "started", started)

    def context_changed(self, payload: dict[str, Any]) -> None:
        """The user looks at another channel: remembered (for logs and kb gaps), nothing said."""
        thread = as_dict(payload.get("assistant_thread"))
        context = as_dict(thread.get("context"))
        channel, ts = str(thread.get("channel_id") or ""), str(thread.get("thread_ts") or "")
        viewing = context.get("channel_id")
        if channel and ts and isinstance(viewing, str):
            self.services.remember_context(channel, ts, viewing)
        logs.event("assistant", "context", time.perf_counter(), viewing=viewing)

    def user_message(
        self,
        payload: dict[str, Any],
        say: Say,
        set_status: SetStatus,
        set_title: SetTitle,
        context: BoltContext,
    ) -> None:
        """A question in an assistant thread (or any DM thread): status at once, then the answer in the
        thread; the thread's first question titles it."""
        if not from_a_person(payload, context.bot_user_id):
            return
        started = time.perf_counter()
        channel, thread = str(payload.get("channel") or ""), str(payload.get("thread_ts") or "")
        question = str(payload.get("text") or "")
        deliver(set_status, "assistant status", status=STATUS)
        previous = self.services.previous_in(channel, thread)
        answer = self.services.bot.answer(question, previous)
        if previous is None:
            deliver(set_title, "thread title", title=answer.question[:MAX_TITLE] or question[:MAX_TITLE])
        message = answer_message(answer, feedback_ref=self.services.card_ref(answer))
        posted = deliver(say, "assistant answer", **message)
        if posted:
            self.services.answered_in(channel, thread, answer, previous)
        self.services.recorder.answered(answer, "assistant", payload.get("user"))
        logs.event("assistant", answer.kind if posted else "post_failed", started)


def register(app: App, services: Services) -> None:
    """Put the assistant middleware on the app."""
    listener = AssistantListener(services)
    assistant = Assistant()
    assistant.thread_started(listener.started)
    assistant.thread_context_changed(listener.context_changed)
    assistant.user_message(listener.user_message)
    app.use(assistant)
