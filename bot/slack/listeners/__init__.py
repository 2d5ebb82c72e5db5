"""Slack listeners, one module per kind, each with register(app, …). Handlers: parse → answer() → render."""

from __future__ import annotations

from slack_bolt import App

from bot.core import Answerer
from bot.slack.listeners import actions, commands, events, home


def register_all(app: App, bot: Answerer, command: str) -> None:
    """Register every listener on the app."""
    commands.register(app, bot, command)
    actions.register(app, bot)
    events.register(app, bot)
    home.register(app, bot)
