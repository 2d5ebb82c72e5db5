"""Running the Slack app: Socket Mode, or HTTP under uvicorn (one process or supervised workers)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.errors import SettingsError
from bot.server.boot import http_server, prepare, reload_on_sighup
from bot.server.health import health_only_server
from bot.server.workers import run_workers
from bot.settings import Mode, Settings
from bot.slack.services import Services

log = logging.getLogger(__name__)


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


def socket_handler(app: App, settings: Settings) -> SocketModeHandler:
    """The Socket Mode handler for the app (connects only when started)."""
    return SocketModeHandler(app, settings.secret("slack_app_token"))


def serve(mode: Mode | None, knowledge: str | Path | None) -> int:
    """Serve Slack until stopped; returns the exit status."""
    prepared = prepare(mode, knowledge)
    ensure_port_free(prepared.settings.host, prepared.settings.port)
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


def ensure_port_free(host: str, port: int) -> None:
    """Fail before starting (and before logging that the server started) when HOST:PORT is taken."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SettingsError(
                f"PORT: {host}:{port} cannot be used ({exc.strerror}); set PORT (or HOST) to a free address,"
                " for example PORT=3001"
            ) from None


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
