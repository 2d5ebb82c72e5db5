"""A stand-in for Slack's Web API and response_url endpoints: a small HTTP server on 127.0.0.1 that records calls."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier

BOT_USER = "UBOT0001"
DEFAULTS: dict[str, dict[str, Any]] = {
    "auth.test": {
        "ok": True,
        "url": "https://example.slack.com/",
        "team": "Team",
        "user": "accordbot",
        "team_id": "T0TEAM01",
        "user_id": BOT_USER,
        "bot_id": "B0BOT001",
        "is_enterprise_install": False,
    },
    "chat.postMessage": {"ok": True, "channel": "C0", "ts": "1700000000.000100"},
    "chat.postEphemeral": {"ok": True, "message_ts": "1700000000.000200"},
    "views.publish": {"ok": True, "view": {"id": "V0VIEW01"}},
}


@dataclass
class Call:
    """One request the stand-in received."""

    path: str
    data: dict[str, Any]
    headers: dict[str, str]

    @property
    def method(self) -> str:
        """The Web API method ("chat.postMessage") or "response" for a response_url."""
        return self.path.removeprefix("/api/") if self.path.startswith("/api/") else "response"


@dataclass
class Reply:
    """A scripted answer: status, JSON body and headers."""

    status: int = 200
    body: dict[str, Any] | str = field(default_factory=lambda: {"ok": True})
    headers: dict[str, str] = field(default_factory=dict)


class StandIn:
    """The fake Slack: `url` for SLACK_API_URL, `response_url(name)` for commands and buttons."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.script: dict[str, deque[Reply]] = {}
        self._lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0)).decode("utf-8")
                ctype = self.headers.get("content-type", "")
                data = json.loads(raw) if "json" in ctype and raw else dict(parse_qsl(raw))
                call = Call(self.path, data, {k.lower(): v for k, v in self.headers.items()})
                reply = standin._record(call)
                body = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
                self.send_response(reply.status)
                for k, v in {"content-type": "application/json", **reply.headers}.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(body.encode())))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        """The Web API base URL."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        """A response_url that this stand-in records."""
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def then(self, key: str, *replies: Reply) -> None:
        """Script the next replies for a Web API method or a response_url path ("/response/x")."""
        with self._lock:
            self.script.setdefault(key, deque()).extend(replies)

    def _record(self, call: Call) -> Reply:
        with self._lock:
            self.calls.append(call)
            key = call.method if call.method != "response" else call.path
            queued = self.script.get(key)
            if queued:
                return queued.popleft()
        if call.method == "response":
            return Reply(200, "ok", {"content-type": "text/plain"})
        return Reply(200, DEFAULTS.get(call.method, {"ok": False, "error": "unknown_method"}))

    def of(self, method: str, path: str | None = None) -> list[Call]:
        """Calls so far to a method (or, for "response", to one response_url path)."""
        with self._lock:
            return [c for c in self.calls if c.method == method and (path is None or c.path == path)]

    def wait(self, method: str, count: int = 1, path: str | None = None, timeout: float = 10) -> list[Call]:
        """Wait until at least `count` calls to the method arrived; return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of(method, path)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(
            f"expected {count} call(s) to {method} {path or ''}, got {self.of(method, path)}"
        )

    def reset(self) -> None:
        """Forget calls and scripts."""
        with self._lock:
            self.calls.clear()
            self.script.clear()

    def close(self) -> None:
        """Stop the server."""
        self.server.shutdown()
        self.server.server_close()


def sign(secret: str, body: str | bytes, timestamp: int | str | None = None) -> dict[str, str]:
    """Headers exactly as Slack signs a request (with slack_sdk's own SignatureVerifier)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    if isinstance(body, bytes) and not _is_utf8(body):  # slack_sdk signs text only; Slack signs raw bytes
        digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + digest}
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": str(signature)}


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
