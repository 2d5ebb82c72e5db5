"""Soak: 10,000 mixed signed requests (slash commands, DMs with Slack's retries, mentions, App Home opens,
Share clicks) sent concurrently to the HTTP server; then the counts: lost, 5xx, and whether every event was
answered exactly once. Prints figures; asserts nothing. Run with `make soak`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode

from benchlib import BotServer, StandIn, command_body, distinct_questions, event_envelope, signed_headers

from tests.harness import BOT_USER, share_payload


@dataclass(frozen=True)
class Req:
    """One request to send, and what Slack-side effect it must have."""

    kind: str
    body: str
    content_type: str
    headers: dict[str, str]
    expect: str | None  # the channel or path that must receive exactly one answer, if any


def build(n: int, standin: StandIn, seed: int) -> list[Req]:
    """A shuffled mix of n requests; about a tenth of the DM events are sent again as Slack retries."""
    rnd = random.Random(seed)
    questions = distinct_questions(3000)
    out: list[Req] = []
    i = 0
    while len(out) < n:
        i += 1
        q = questions[i % len(questions)]
        roll = rnd.random()
        if roll < 0.45:
            out.append(Req("command", command_body(q), "application/x-www-form-urlencoded", {}, None))
        elif roll < 0.75:
            event = {
                "type": "message",
                "channel_type": "im",
                "user": "U0ASKER1",
                "text": q,
                "ts": f"{i}.0001",
                "channel": f"D{i:08d}",
            }
            body = json.dumps(event_envelope(event, f"Ev{i:010d}"))
            out.append(Req("dm", body, "application/json", {}, f"D{i:08d}"))
            if rnd.random() < 0.1 and len(out) < n:
                out.append(Req("dm-retry", body, "application/json", {"X-Slack-Retry-Num": "1"}, None))
        elif roll < 0.9:
            event = {
                "type": "app_mention",
                "user": "U0ASKER1",
                "text": f"<@{BOT_USER}> {q}",
                "ts": f"{i}.0002",
                "channel": f"C{i:08d}",
            }
            out.append(
                Req(
                    "mention",
                    json.dumps(event_envelope(event, f"Ev{i:010d}")),
                    "application/json",
                    {},
                    f"C{i:08d}",
                )
            )
        elif roll < 0.95:
            event = {"type": "app_home_opened", "user": f"U{i:08d}", "channel": f"D{i:08d}", "tab": "home"}
            out.append(
                Req(
                    "home",
                    json.dumps(event_envelope(event, f"Ev{i:010d}")),
                    "application/json",
                    {},
                    f"U{i:08d}",
                )
            )
        else:
            url = standin.response_url(f"s{i}")
            body = urlencode({"payload": json.dumps(share_payload("did Cisco sign?", url))})
            out.append(Req("share", body, "application/x-www-form-urlencoded", {}, f"/response/s{i}"))
    rnd.shuffle(out)
    # A retry must come after its original, as with Slack.
    originals = {r.body: k for k, r in enumerate(out) if r.kind == "dm"}
    for k, r in enumerate(out):
        if r.kind == "dm-retry" and originals[r.body] > k:
            j = originals[r.body]
            out[k], out[j] = out[j], out[k]
            originals[r.body] = k
    return out


def send_all(port: int, reqs: list[Req], threads: int) -> Counter[str]:
    """Send every request (each thread on its own keep-alive connection); count the outcomes."""
    outcomes: Counter[str] = Counter()

    def worker(chunk: list[Req]) -> Counter[str]:
        seen: Counter[str] = Counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for r in chunk:
            try:
                conn.request(
                    "POST",
                    "/slack/events",
                    r.body.encode(),
                    {**signed_headers(r.body, r.content_type), **r.headers},
                )
                resp = conn.getresponse()
                resp.read()
                seen[f"{resp.status // 100}xx"] += 1
            except (OSError, http.client.HTTPException):
                seen["lost"] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        return seen

    chunks = [reqs[k::threads] for k in range(threads)]
    with ThreadPoolExecutor(threads) as pool:
        for seen in pool.map(worker, chunks):
            outcomes.update(seen)
    return outcomes


def main() -> int:
    """Run the soak."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument(
        "--workers", type=int, default=1, help="HTTP workers (de-duplication is per process today)"
    )
    ap.add_argument("--seed", type=int, default=2018)
    args = ap.parse_args()
    standin = StandIn()
    server = BotServer(standin, WORKERS=str(args.workers), LOG_LEVEL="WARNING")
    try:
        reqs = build(args.requests, standin, args.seed)
        kinds = Counter(r.kind for r in reqs)
        started = time.monotonic()
        outcomes = send_all(server.port, reqs, args.threads)
        sent_in = time.monotonic() - started
        expected = Counter(r.expect for r in reqs if r.expect)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            got = answers(standin)
            if sum(1 for k in expected if got[k] >= 1) == len(expected):
                break
            time.sleep(0.5)
        time.sleep(1.0)  # let any duplicate arrive
        got = answers(standin)
        once = sum(1 for k in expected if got[k] == 1)
        never = sum(1 for k in expected if got[k] == 0)
        twice = sum(1 for k in expected if got[k] > 1)
        print(
            f"sent {len(reqs)} signed requests with {args.threads} client threads to {args.workers} worker(s) "
            f"in {sent_in:.1f} s ({len(reqs) / sent_in:.0f}/s): "
            + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        )
        print(
            f"responses: 2xx {outcomes['2xx']}, 4xx {outcomes['4xx']}, 5xx {outcomes['5xx']}, "
            f"lost {outcomes['lost']}"
        )
        print(
            f"Slack-side effects expected {len(expected)}: answered once {once}, more than once {twice}, "
            f"never {never}"
        )
        print(f"server exit status on SIGTERM: {server.stop()}")
    finally:
        standin.close()
    return 0


def answers(standin: StandIn) -> Counter[str]:
    """How many answers each channel, user (App Home) and response_url received."""
    got: Counter[str] = Counter()
    for c in standin.calls:
        if c.method == "chat.postMessage":
            got[str(c.data.get("channel"))] += 1
        elif c.method == "views.publish":
            got[str(c.data.get("user_id"))] += 1
        elif c.method == "response" and c.data.get("response_type") == "in_channel":
            got[c.path] += 1
    return got


if __name__ == "__main__":
    sys.exit(main())
