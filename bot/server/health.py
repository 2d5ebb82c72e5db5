"""The health endpoint: GET /healthz, served by the ASGI front in HTTP mode and by a small thread in Socket Mode."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bot.settings import Settings

HEALTH_PATH = "/healthz"


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
