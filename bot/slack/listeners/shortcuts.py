"""The message shortcut "Ask accord-bot": the message's text answered privately to whoever asked, with a
button to share the answer in the message's thread."""

from __future__ import annotations

import time
from typing import Any

import orjson
from slack_bolt import App, Respond

from bot import logs
from bot.slack.blocks import answer_message
from bot.slack.listeners.delivery import acknowledge, as_dict, deliver
from bot.slack.services import Services

CALLBACK_ID = "ask_accord_bot"  # as in manifest.yml


class ShortcutListener:
    """Answers the message a person used the shortcut on."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def on_shortcut(self, body: dict[str, Any], respond: Respond) -> None:
        """Answer the message's text, ephemerally, with "Share in thread"."""
        started = time.perf_counter()
        message = as_dict(body.get("message"))
        channel = as_dict(body.get("channel"))
        answer = self.services.bot.answer(str(message.get("text") or ""))
        ref = self.services.card_ref(answer)
        thread = str(message.get("thread_ts") or message.get("ts") or "")
        share = orjson.dumps({"r": ref, "c": str(channel.get("id") or ""), "t": thread}).decode()
        reply = answer_message(answer, feedback_ref=ref, share_in_thread=share if thread else None)
        ok = deliver(respond, "shortcut answer", response_type="ephemeral", **reply)
        user = as_dict(body.get("user"))
        self.services.recorder.answered(answer, "shortcut", user.get("id"))
        logs.event("shortcut", answer.kind if ok else "post_failed", started)


def register(app: App, services: Services) -> None:
    """Listen for the message shortcut."""
    listener = ShortcutListener(services)
    app.shortcut(CALLBACK_ID)(ack=acknowledge, lazy=[listener.on_shortcut])
