"""Test harness: a stand-in for Slack's Web API (a small HTTP server on 127.0.0.1 that records calls), Slack's
request signing, and the bot's own HTTP server run as a subprocess exactly as operators run it."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

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
    "chat.update": {"ok": True, "channel": "C0", "ts": "1700000000.000100"},
    "assistant.threads.setStatus": {"ok": True},
    "assistant.threads.setTitle": {"ok": True},
    "assistant.threads.setSuggestedPrompts": {"ok": True},
    "conversations.replies": {"ok": True, "messages": [], "has_more": False},
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
        path = self.path.split("?", 1)[0]  # Bolt's async authorization sends auth.test?team_id=…
        return path.removeprefix("/api/") if path.startswith("/api/") else "response"


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


ROOT = Path(__file__).resolve().parent.parent
SECRET = "test-signing-secret-5f2a"
TOKEN = "xoxb-test-token-1a2b3c4d"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class BotServer:
    """`accord-bot serve --mode http` as a subprocess against a stand-in Slack, and a client that signs like Slack."""

    def __init__(self, standin: StandIn, log_path: Path | None = None, **settings: str) -> None:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ACCORD_"))}
        self.data_dir = Path(tempfile.mkdtemp(prefix="accord-data-"))
        env.update(
            SLACK_BOT_TOKEN=TOKEN,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=standin.url,
            HOST="127.0.0.1",
            PORT=str(self.port),
            LOG_LEVEL="INFO",
            LOG_FORMAT="json",
            ACCORD_DATA_DIR=str(self.data_dir),
        )
        env.update(settings)
        self.log_path = log_path
        self.log = log_path.open("w") if log_path else None
        script = Path(sys.executable).parent / "accord-bot"  # exactly as operators run it
        self.proc = subprocess.Popen(
            [str(script), "serve", "--mode", "http"],
            cwd=ROOT,
            env=env,
            stdout=self.log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """One request on a fresh connection: (status, body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def signed(
        self, body: str | bytes, content_type: str, extra: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """POST /slack/events, signed with the server's secret."""
        raw = body.encode() if isinstance(body, str) else body
        return self.request(
            "POST", "/slack/events", raw, {"Content-Type": content_type, **sign(SECRET, raw), **(extra or {})}
        )

    def command(
        self, text: str, response_url: str = "http://127.0.0.1:9/unused"
    ) -> tuple[int, dict[str, Any]]:
        """A slash command: (status, the acknowledgement's JSON)."""
        status, body = self.signed(command_body(text, response_url), "application/x-www-form-urlencoded")
        return status, json.loads(body) if body else {}

    def event(self, event: dict[str, Any], event_id: str, extra: dict[str, str] | None = None) -> int:
        """An Events API callback: the status."""
        return self.signed(json.dumps(event_envelope(event, event_id)), "application/json", extra)[0]

    def action(self, value: str, response_url: str) -> int:
        """A click on "Share in channel": the status."""
        return self.signed(
            urlencode({"payload": json.dumps(share_payload(value, response_url))}),
            "application/x-www-form-urlencoded",
        )[0]

    def pids(self) -> list[int]:
        """The server process and its worker children."""
        found = [self.proc.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(stat[1]) == self.proc.pid:
                    found.append(int(entry.name))
        return found

    def rss_mib(self) -> float:
        """Resident memory of the server and its workers, in MiB."""
        total = 0
        for pid in self.pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            total += sum(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        return total / 1024

    def stop(self) -> int:
        """SIGTERM, and the exit status."""
        self.proc.terminate()
        code = self.proc.wait(timeout=20)
        if self.log:
            self.log.close()
        return code


def command_body(text: str, response_url: str = "http://127.0.0.1:9/unused", user: str = "U0ASKER1") -> str:
    """A slash command's form body, as Slack sends it."""
    return urlencode(
        {
            "token": "x",
            "team_id": "T0TEAM01",
            "channel_id": "C0CHAN01",
            "user_id": user,
            "command": "/accord",
            "text": text,
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


# A fact a curator adds to a copy of facts.yaml in the reload tests (appended to its `facts:` list).
FEE_FACT = """
  - id: fee
    topic: Smith's speech
    claims:
      - text: Brad Smith was due to speak about the accord at the RSA conference.
        evidence: {reuters: [RSA cyber-security conference]}
    questions: [Is there a membership fee?]
"""


def dm_event(text: str, ts: str, channel: str = "D0DIRECT1", **extra: Any) -> dict[str, Any]:
    """A direct message event, as Slack sends one (`extra`: thread_ts, subtype, files...)."""
    return {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": "U0ASKER1",
        "text": text,
        "ts": ts,
        "event_ts": ts,
        **extra,
    }


def mention_event(text: str, ts: str, **extra: Any) -> dict[str, Any]:
    """An app_mention event addressed to the bot, as Slack sends one (`extra`: thread_ts, edited...)."""
    return {
        "type": "app_mention",
        "channel": "C0CHAN01",
        "user": "U0ASKER1",
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "event_ts": ts,
        **extra,
    }


def event_envelope(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    """An Events API callback around an event, as Slack sends it."""
    return {
        "token": "x",
        "team_id": "T0TEAM01",
        "api_app_id": "A0APP001",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": event,
        "authorizations": [{"team_id": "T0TEAM01", "user_id": BOT_USER, "is_bot": True}],
    }


def action_payload(
    action_id: str, value: str, response_url: str, user: str = "U0ASKER1", ephemeral: bool = True
) -> dict[str, Any]:
    """A block_actions payload for a click on one of the answer card's buttons."""
    return {
        "type": "block_actions",
        "team": {"id": "T0TEAM01"},
        "user": {"id": user},
        "api_app_id": "A0APP001",
        "token": "x",
        "trigger_id": "1.2.3",
        "response_url": response_url,
        "container": {"type": "message", "is_ephemeral": ephemeral},
        "channel": {"id": "C0CHAN01"},
        "actions": [
            {"type": "button", "action_id": action_id, "block_id": "b1", "value": value, "action_ts": "1.2"}
        ],
    }


def share_payload(value: str, response_url: str) -> dict[str, Any]:
    """A click on "Share in channel"."""
    return action_payload("share_answer", value, response_url)
