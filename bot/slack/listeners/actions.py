"""Buttons: "Share in channel" posts the answer visibly; 👍 / 👎 record feedback and say thanks."""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot import logs
from bot.slack.blocks import (
    CLARIFY_NONE,
    CLARIFY_PICK,
    FEEDBACK,
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    MAX_BLOCKS,
    SHARE_ACTION,
    SHARE_THREAD_ACTION,
    answer_message,
    escape,
)
from bot.slack.listeners.delivery import acknowledge, deliver
from bot.slack.services import Services

log = logging.getLogger(__name__)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
THANKS = "Thanks for the feedback."
NONE_OF_THESE = (
    "Sorry I could not help with that one. I have noted the question so my curators can add what is missing."
)
ALREADY = "You have already rated this answer; thanks."


def _user(body: dict[str, Any]) -> str:
    user = body.get("user") if isinstance(body, dict) else None
    return str(user.get("id") or "") if isinstance(user, dict) else ""


def _in_private(body: dict[str, Any]) -> bool:
    """Whether the card clicked on was private to the user (an ephemeral slash-command answer)."""
    container = body.get("container")
    return isinstance(container, dict) and bool(container.get("is_ephemeral"))


class ActionListener:
    """Handles the answer card's buttons."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def on_share(self, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        """Share in channel: post the answer for everyone, then remove the private copy."""
        started = time.perf_counter()
        answer = self.services.bot.answer(str(action.get("value") or ""))
        user = _user(body)
        who = f"<@{user}> asked" if _USER_ID.match(user) else "Asked"
        note = f"{who}: {escape(answer.question)}" if answer.question else None
        message = answer_message(answer, note=note, feedback_ref=self.services.card_ref(answer))
        shared = deliver(respond, "shared answer", response_type="in_channel", **message)
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

    def on_share_in_thread(
        self, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        """ "Share in thread" under a shortcut's private answer: the answer goes in the message's thread."""
        started = time.perf_counter()
        try:
            value = json.loads(str(action.get("value") or ""))
            ref, channel, thread = str(value["r"]), str(value["c"]), str(value["t"])
        except (ValueError, KeyError, TypeError):
            log.warning("share-in-thread button with an unreadable value ignored")
            return
        shown = self.services.cards.get(ref)
        if shown is None:
            deliver(
                respond,
                "share failure notice",
                response_type="ephemeral",
                replace_original=False,
                text="Sorry, I no longer have that answer; use the shortcut on the message again.",
            )
            logs.event("share", "forgotten", started)
            return
        who = f"<@{_user(body)}> asked accord-bot" if _user(body) else "Asked accord-bot"
        message = answer_message(shown, note=who, feedback_ref=self.services.card_ref(shown))
        shared = deliver(
            client.chat_postMessage, "answer shared in thread", channel=channel, thread_ts=thread, **message
        )
        if shared:
            deliver(respond, "removal of the private answer", delete_original=True)
        logs.event("share", "shared" if shared else "failed", started)

    def on_feedback(self, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        """👍 or 👎: counted once per user and answer; the buttons give way to a thank-you."""
        started = time.perf_counter()
        try:
            value = json.loads(str(action.get("value") or ""))
            ref, key = str(value["r"]), str(value["k"])
        except (ValueError, KeyError, TypeError):
            log.warning("feedback button with an unreadable value ignored")
            return
        shown = self.services.cards.get(ref)
        question = shown.question if shown is not None else str(value.get("q") or "")
        native = value.get("v")
        vote = (
            (1 if native > 0 else -1)
            if isinstance(native, int)
            else (1 if action.get("action_id") == FEEDBACK_UP else -1)
        )
        user = _user(body)
        store = self.services.store
        counted = (
            store is not None
            and bool(user)
            and store.record_feedback(
                answer_ref=ref, answer_key=key, question=question, vote=vote, user_id=user, surface="button"
            )
        )
        private = _in_private(body)
        footer = THANKS if counted or not user else ALREADY
        original = body.get("message") if isinstance(body.get("message"), dict) else None
        if shown is not None or question:
            answer = shown if shown is not None else self.services.bot.answer(question)
            deliver(
                respond,
                "feedback thanks",
                replace_original=True,
                **answer_message(answer, share=private, footer=footer),
            )
        elif original and isinstance(original.get("blocks"), list):
            # Another process posted the card: keep its blocks, the buttons give way to the thanks.
            kept = [
                b
                for b in original["blocks"]
                if isinstance(b, dict) and b.get("type") not in ("actions", "context_actions")
            ]
            kept.append({"type": "context", "elements": [{"type": "mrkdwn", "text": footer}]})
            deliver(
                respond,
                "feedback thanks",
                replace_original=True,
                text=str(original.get("text") or footer),
                blocks=kept[:MAX_BLOCKS],
            )
        else:
            deliver(
                respond, "feedback thanks", replace_original=False, response_type="ephemeral", text=footer
            )
        logs.event("feedback", "counted" if counted else "not_counted", started, vote=vote)

    def on_pick(self, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        """A "did you mean" candidate: its answer replaces the question card, where the card was."""
        started = time.perf_counter()
        answer = self.services.bot.answer(str(action.get("value") or ""))
        message = answer_message(answer, share=_in_private(body), feedback_ref=self.services.card_ref(answer))
        ok = deliver(respond, "picked answer", replace_original=True, **message)
        logs.event("clarify", "picked" if ok else "post_failed", started)

    def on_none(self, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        """ "None of these": close the card politely and record the question as one the bot could not answer."""
        started = time.perf_counter()
        question = str(action.get("value") or "")
        store = self.services.store
        if store is not None and question:
            store.record_question(
                question=question,
                kind="unknown",
                confidence=0.0,
                surface="none_of_these",
                user_id=_user(body) or None,
            )
        ok = deliver(
            respond,
            "closing the card",
            replace_original=True,
            text=NONE_OF_THESE,
            blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": NONE_OF_THESE}}],
        )
        logs.event("clarify", "none_of_these" if ok else "post_failed", started)


def register(app: App, services: Services) -> None:
    """Listen for the answer card's buttons."""
    listener = ActionListener(services)
    app.action(re.compile(f"^{CLARIFY_PICK}_\\d+$"))(ack=acknowledge, lazy=[listener.on_pick])
    app.action(CLARIFY_NONE)(ack=acknowledge, lazy=[listener.on_none])
    app.action(SHARE_ACTION)(ack=acknowledge, lazy=[listener.on_share])
    for action_id in (FEEDBACK, FEEDBACK_UP, FEEDBACK_DOWN):
        app.action(action_id)(ack=acknowledge, lazy=[listener.on_feedback])
    app.action(SHARE_THREAD_ACTION)(ack=acknowledge, lazy=[listener.on_share_in_thread])
