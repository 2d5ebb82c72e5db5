"""Shared pieces of the benchmarks: the test harness (stand-in Slack, the server as a subprocess) and a
question mix."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.harness import SECRET, TOKEN, BotServer, StandIn, command_body, event_envelope, sign  # noqa: E402

__all__ = [
    "ROOT",
    "SECRET",
    "TOKEN",
    "BotServer",
    "StandIn",
    "command_body",
    "distinct_questions",
    "event_envelope",
    "sign",
    "signed_headers",
]


def signed_headers(body: str, content_type: str) -> dict[str, str]:
    """Headers for a body signed with the harness's secret."""
    return {"Content-Type": content_type, **sign(SECRET, body)}


def distinct_questions(n: int) -> list[str]:
    """n different questions: the knowledge base's own fact questions, signatory questions in several
    phrasings over every company it knows, then questions about made-up companies."""
    from bot.answering.knowledge import load  # noqa: PLC0415

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
