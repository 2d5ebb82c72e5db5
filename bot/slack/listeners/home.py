"""App Home: what the bot knows, example questions, and its sources."""

from __future__ import annotations

import time
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot import logs
from bot.core import Answerer
from bot.slack.blocks import home_view
from bot.slack.listeners.delivery import acknowledge, deliver


class HomeListener:
    """Publishes the App Home tab."""

    def __init__(self, bot: Answerer) -> None:
        self.bot = bot
        what_is = bot.kb.fact_by_id.get("what-is")
        self.view = home_view(bot.kb, what_is.answer if what_is else "")

    def on_home_opened(self, event: dict[str, Any], client: WebClient) -> None:
        """Show the Home tab to the user who opened it."""
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        started = time.perf_counter()
        ok = deliver(client.views_publish, "home view", user_id=event["user"], view=self.view)
        logs.event("home", "published" if ok else "post_failed", started)


def register(app: App, bot: Answerer) -> None:
    """Listen for the Home tab being opened."""
    app.event("app_home_opened")(ack=acknowledge, lazy=[HomeListener(bot).on_home_opened])
