"""Slack listeners, one module per kind, each with register(app, …). Handlers: parse → answer() → render.

The app runs with process_before_response: the slash command, which needs no Web API call, is answered
inside its acknowledgement; every listener that calls the Web API acknowledges at once and does that
work in a Bolt lazy listener, on Bolt's thread pool, so nothing delays the acknowledgement.
"""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners import actions, assistant, commands, events, home, shortcuts
from bot.slack.services import Services


def register_all(app: App, services: Services, command: str) -> None:
    """Register every listener on the app."""
    assistant.register(app, services)  # before the message listener: assistant and DM threads are its
    commands.register(app, services, command)
    actions.register(app, services)
    events.register(app, services)
    home.register(app, services)
    shortcuts.register(app, services)
