"""App Home: what the bot knows, example questions, and its sources."""

from __future__ import annotations

import time
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot import logs
from bot.slack.blocks import home_view
from bot.slack.listeners.delivery import acknowledge, deliver
from bot.slack.services import Services


class HomeListener:
    """Publishes the App Home tab (rendered from the knowledge in use, so a reload shows at once)."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def on_home_opened(self, event: dict[str, Any], client: WebClient) -> None:
        """Show the Home tab to the user who opened it."""
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        started = time.perf_counter()
        kb = self.services.bot.kb
        what_is = kb.fact_by_id.get("what-is")
        view = home_view(kb, what_is.answer if what_is else "")
        ok = deliver(client.views_publish, "home view", user_id=event["user"], view=view)
        logs.event("home", "published" if ok else "post_failed", started)


def register(app: App, services: Services) -> None:
    """Listen for the Home tab being opened."""
    app.event("app_home_opened")(ack=acknowledge, lazy=[HomeListener(services).on_home_opened])
