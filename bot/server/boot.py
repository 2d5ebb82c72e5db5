"""Building what a server runs: settings checked, knowledge loaded, store opened, the Bolt app and uvicorn."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import uvicorn
from slack_bolt import App
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot import logs
from bot.answering.live import Brain
from bot.errors import SettingsError
from bot.server.asgi import SlackHttpApp
from bot.settings import Mode, Settings, load_settings
from bot.slack.app import build_app
from bot.slack.listeners.commands import CommandListener
from bot.slack.services import Services
from bot.store.recorder import Recorder
from bot.store.store import Store

log = logging.getLogger(__name__)
GRACEFUL_SHUTDOWN_SECONDS = 10
START_RETRIES = 2  # a database that cannot be reached at start is tried this many more times…
START_RETRY_SECONDS = 1.5  # …this far apart, then the bot stops with one line


@dataclass(frozen=True)
class Prepared:
    """Everything a server needs: settings, mode, the Bolt app and the services behind it."""

    settings: Settings
    mode: Mode
    app: App
    services: Services


def open_services(settings: Settings, knowledge: str | Path | None) -> Services:
    """Knowledge loaded (or KnowledgeError), the store opened and migrated (best effort), the recorder started."""
    bot = Brain(knowledge or settings.accord_knowledge_dir, settings.thresholds())
    bot.preload()
    store = Store(
        settings.database(),
        record=settings.store_questions,
        retention_days=settings.retention_days,
        salt=settings.secret("user_hash_salt"),
    )
    reachable = store.start()
    for _ in range(START_RETRIES):
        if reachable:
            break
        time.sleep(START_RETRY_SECONDS)
        store.reset_failure()
        reachable = store.start()
    if not reachable:
        store.close()
        raise SettingsError(unreachable(settings, store.last_error))
    return Services(bot=bot, recorder=Recorder(store, settings.low_confidence), store=store)


def unreachable(settings: Settings, error: str | None) -> str:
    """One line on a database that cannot be used at start: where it is, and what to check."""
    url = settings.secret("database_url")
    if url:
        parts = urlsplit(url)
        where = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"
        return (
            f"DATABASE_URL: the database at {where} cannot be reached after {START_RETRIES + 1} tries"
            f" ({error or 'no answer'}); check the host, port, credentials and database name"
        )
    return (
        f"ACCORD_DATA_DIR: the SQLite database in {settings.accord_data_dir} cannot be opened"
        f" ({error or 'unknown error'}); check that the directory is writable"
    )


def prepare(requested: Mode | None, knowledge: str | Path | None) -> Prepared:
    """Settings checked, knowledge loaded and the Bolt app built, or a SettingsError/KnowledgeError raised."""
    settings = load_settings()
    logs.configure(settings.log_level, settings.log_format)
    mode = settings.choose_mode(requested)
    if mode is None:
        raise SettingsError(
            "no Slack credentials: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)"
        )
    settings.require(mode)
    services = open_services(settings, knowledge)
    return Prepared(settings, mode, build_app(settings, services, mode), services)


def reload_on_sighup(services: Services) -> None:
    """SIGHUP reloads the knowledge files in the background; a bad file leaves the running knowledge in place."""

    def reload() -> None:
        # A bug while reloading: one logged line (with its traceback), and the bot keeps answering.
        try:
            services.bot.reload()
        except Exception:
            log.exception("knowledge reload failed; the running knowledge stays in place")

    def handler(signum: int, frame: object) -> None:
        threading.Thread(target=reload, name="reload", daemon=True).start()

    signal.signal(signal.SIGHUP, handler)


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with TCP_NODELAY always on.

    asyncio sets TCP_NODELAY only on sockets whose `proto` is IPPROTO_TCP; the listening socket that uvicorn
    hands to its worker processes comes back with proto 0, so without this every response's body waited
    for the client's delayed ACK (about 40 ms) behind its headers.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Turn Nagle's algorithm off, then carry on as usual."""
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def _uvicorn_options(settings: Settings) -> dict[str, Any]:
    return {
        "http": NoDelayH11Protocol,
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "access_log": False,
        "lifespan": "on",
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        "server_header": False,
    }


def http_server(app: App, settings: Settings, services: Services) -> uvicorn.Server:
    """The uvicorn server for HTTP mode (production: no reload, no access log of message bodies)."""
    asgi = SlackHttpApp(
        app,
        settings.secret("slack_signing_secret") or "",
        commands={settings.accord_command: CommandListener(services).reply},
    )
    return uvicorn.Server(uvicorn.Config(asgi, **_uvicorn_options(settings)))
