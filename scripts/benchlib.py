"""Shared pieces of the HTTP benchmarks: the stand-in Slack, the server as a subprocess, signed requests, RSS."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.slack_standin import StandIn, sign  # noqa: E402

SECRET = "bench-signing-secret"
QUESTIONS = [
    "did Apple sign?",
    "Has Microsoft signed the accord?",
    "is oracle part of it",
    "did meta sign",
    "did symantek sign",
    "Did Apple and Microsoft sign?",
    "Did Sony sign?",
    "Who led it?",
    "How many signed?",
    "Which companies did not sign?",
    "What is the Digital Geneva Convention?",
    "What's the weather in London?",
    "help",
    "",
    "List all signatories",
]


def distinct_questions(n: int) -> list[str]:
    """n different questions: the knowledge base's own fact questions, signatory questions in several
    phrasings over every company it knows, then questions about made-up companies."""
    from bot.knowledge import load  # noqa: PLC0415

    kb = load()
    out = list(dict.fromkeys(q for f in kb.facts for q in f.questions))
    names = [c.name for c in kb.companies] + [o.name for o in kb.others]
    phrasings = [
        "did {} sign?",
        "is {} a signatory?",
        "has {} signed the accord?",
        "{}?",
        "what about {}?",
        "did {} join the pledge?",
    ]
    out += [p.format(name) for p in phrasings for name in names]
    i = 0
    while len(out) < n:
        out.append(phrasings[i % len(phrasings)].format(f"Acme {i} Widgets"))
        i += 1
    return out[:n]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def command_body(text: str, i: int) -> str:
    """A slash command's form body, as Slack sends it."""
    return urlencode(
        {
            "token": "x",
            "team_id": "T0TEAM01",
            "channel_id": "C0CHAN01",
            "user_id": f"U{i:08d}",
            "command": "/accord",
            "text": text,
            "response_url": "http://127.0.0.1:9/unused",
            "trigger_id": f"{i}.1",
        }
    )


def event_body(text: str, event_id: str, channel: str) -> str:
    """A direct-message event, as Slack sends it."""
    return json.dumps(
        {
            "token": "x",
            "team_id": "T0TEAM01",
            "api_app_id": "A0APP001",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": {
                "type": "message",
                "channel_type": "im",
                "user": "U0ASKER1",
                "text": text,
                "ts": f"{time.time():.6f}",
                "channel": channel,
            },
        }
    )


def signed_headers(body: str, content_type: str) -> dict[str, str]:
    """Headers for a body signed with the benchmark secret."""
    return {"Content-Type": content_type, **sign(SECRET, body)}


class BotServer:
    """`accord-bot serve --mode http` as a subprocess against a stand-in Slack."""

    def __init__(self, standin: StandIn, workers: int = 1, log_level: str = "WARNING") -> None:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ACCORD_"))}
        env.update(
            SLACK_BOT_TOKEN="xoxb-bench",
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=standin.url,
            HOST="127.0.0.1",
            PORT=str(self.port),
            WORKERS=str(workers),
            LOG_LEVEL=log_level,
        )
        script = Path(sys.executable).parent / "accord-bot"
        self.proc = subprocess.Popen(
            [str(script), "serve", "--mode", "http"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz") == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def get(self, path: str) -> int:
        """Status of a GET."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.request("GET", path)
            return conn.getresponse().status
        finally:
            conn.close()

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
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def stop(self) -> int:
        """SIGTERM, and the exit status."""
        self.proc.terminate()
        return self.proc.wait(timeout=20)
