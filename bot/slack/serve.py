"""Running the Slack app: Socket Mode, or HTTP under uvicorn."""

from __future__ import annotations

import logging
import signal
from pathlib import Path

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot import logs
from bot.core import Answerer
from bot.knowledge import load
from bot.settings import Mode, Settings, SettingsError, load_settings
from bot.slack.app import build_app
from bot.slack.http import SlackHttpApp

log = logging.getLogger(__name__)
GRACEFUL_SHUTDOWN_SECONDS = 10


def prepare(requested: Mode | None, knowledge: str | Path | None) -> tuple[Settings, Mode, App]:
    """Settings checked, knowledge loaded and the Bolt app built, or a SettingsError/KnowledgeError raised."""
    settings = load_settings()
    logs.configure(settings.log_level, settings.log_format)
    mode = settings.choose_mode(requested)
    if mode is None:
        raise SettingsError(
            "no Slack credentials: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)"
        )
    settings.require(mode)
    bot = Answerer(load(knowledge or settings.accord_knowledge_dir))
    return settings, mode, build_app(settings, bot, mode)


def http_server(app: App, settings: Settings) -> uvicorn.Server:
    """The uvicorn server for HTTP mode (production: no reload, no access log of message bodies)."""
    config = uvicorn.Config(
        SlackHttpApp(app, settings.secret("slack_signing_secret") or ""),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        server_header=False,
    )
    return uvicorn.Server(config)


def socket_handler(app: App, settings: Settings) -> SocketModeHandler:
    """The Socket Mode handler for the app (connects only when started)."""
    return SocketModeHandler(app, settings.secret("slack_app_token"))


def serve(mode: Mode | None, knowledge: str | Path | None) -> int:
    """Serve Slack until stopped; returns the exit status."""
    settings, mode, app = prepare(mode, knowledge)
    if mode == "socket":
        log.info("starting in Socket Mode")
        socket_handler(app, settings).start()  # type: ignore[no-untyped-call]
        return 0
    server = http_server(app, settings)
    log.info("starting HTTP mode on %s:%s", settings.host, settings.port)
    # uvicorn handles SIGTERM gracefully, then re-raises it to the handler it found: make that one a no-op,
    # so a requested stop ends with status 0 rather than death by signal.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    server.run()
    return 0
