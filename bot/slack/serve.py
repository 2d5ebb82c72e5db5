"""Running the Slack app: Socket Mode, or HTTP under uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot import logs
from bot.brain import Brain
from bot.settings import Mode, Settings, SettingsError, load_settings
from bot.slack.app import build_app
from bot.slack.http import HEALTH_PATH, SlackHttpApp
from bot.slack.listeners.commands import CommandListener
from bot.slack.services import Services
from bot.slack.workers import run_workers
from bot.store.recorder import Recorder
from bot.store.store import Store

log = logging.getLogger(__name__)
GRACEFUL_SHUTDOWN_SECONDS = 10


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
    store = Store(
        settings.database(),
        record=settings.store_questions,
        retention_days=settings.retention_days,
        salt=settings.secret("user_hash_salt"),
    )
    store.start()
    return Services(bot=bot, recorder=Recorder(store, settings.low_confidence), store=store)


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

    def handler(signum: int, frame: object) -> None:
        threading.Thread(target=services.bot.reload, name="reload", daemon=True).start()

    signal.signal(signal.SIGHUP, handler)


def pid_file(settings: Settings) -> Path:
    """Where a running server notes its process id, for `accord-bot kb reload`."""
    return settings.accord_data_dir / "accord-bot.pid"


@contextlib.contextmanager
def noting_pid(settings: Settings) -> Iterator[None]:
    """Write the pid file while serving; remove it after."""
    path = pid_file(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{os.getpid()}\n")
    except OSError as exc:
        log.warning("could not write the pid file %s: %s", path, exc)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            if path.read_text().strip() == str(os.getpid()):
                path.unlink()


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


def socket_handler(app: App, settings: Settings) -> SocketModeHandler:
    """The Socket Mode handler for the app (connects only when started)."""
    return SocketModeHandler(app, settings.secret("slack_app_token"))


def health_only_server(settings: Settings) -> ThreadingHTTPServer:
    """Socket Mode has no HTTP endpoint of its own: this answers GET /healthz on HOST:PORT for orchestrators."""

    class Health(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            ok = self.path == HEALTH_PATH
            body = b'{"status": "ok"}' if ok else b'{"error": "not found"}'
            self.send_response(200 if ok else 404)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # no access log

    server = ThreadingHTTPServer((settings.host, settings.port), Health)
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()
    return server


def serve(mode: Mode | None, knowledge: str | Path | None) -> int:
    """Serve Slack until stopped; returns the exit status."""
    prepared = prepare(mode, knowledge)
    settings, app, services = prepared.settings, prepared.app, prepared.services
    with noting_pid(settings):
        if prepared.mode == "socket":
            return _serve_socket(app, settings, services)
        return _serve_http(app, settings, services, knowledge)


def _serve_socket(app: App, settings: Settings, services: Services) -> int:
    health = health_only_server(settings)
    log.info("starting in Socket Mode; health on %s:%s", settings.host, health.server_address[1])
    handler = socket_handler(app, settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    reload_on_sighup(services)
    handler.connect()  # type: ignore[no-untyped-call]
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    handler.close()  # type: ignore[no-untyped-call]
    health.shutdown()
    services.recorder.flush()
    return 0


def _serve_http(app: App, settings: Settings, services: Services, knowledge: str | Path | None) -> int:
    log.info("starting HTTP mode on %s:%s with %s worker(s)", settings.host, settings.port, settings.workers)
    # uvicorn handles SIGTERM gracefully, then re-raises it to the handler it found: make that one a no-op,
    # so a requested stop ends with status 0 rather than death by signal.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    if settings.workers > 1:
        return run_workers(settings.host, settings.port, settings.workers, knowledge)
    reload_on_sighup(services)
    http_server(app, settings, services).run()
    services.recorder.flush()
    return 0
