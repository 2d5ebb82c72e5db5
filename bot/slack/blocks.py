"""Block Kit rendering of answers and the App Home view. Pure: no Slack client, no I/O."""

from __future__ import annotations

import re
from typing import Any

from bot.core import EXAMPLES, escape
from bot.knowledge import KnowledgeBase
from bot.models import MAX_TEXT, Answer

SHARE_ACTION = "share_answer"
MAX_BLOCKS = 50
MAX_BUTTON_VALUE = 2000
MAX_NOTIFICATION = 300
Block = dict[str, Any]


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text[:MAX_TEXT]}


def plain(answer: Answer) -> str:
    """A short plain rendering for notifications: no emphasis marks, first lines only."""
    text = re.sub(r"(?<!\w)[*_](\S(?:[^*_\n]*\S)?)[*_](?!\w)", r"\1", answer.text)
    first = text.split("\n", 1)[0]
    return first if len(first) <= MAX_NOTIFICATION else first[: MAX_NOTIFICATION - 1] + "…"


def source_context(answer: Answer) -> Block | None:
    """The sources as a context block: "Source: Reuters, Dustin Volz, '…', 17 Apr 2018"."""
    if not answer.sources:
        return None
    label = "Source" if len(answer.sources) == 1 else "Sources"
    lines = "\n".join(escape(s.citation()) for s in answer.sources)
    return {"type": "context", "elements": [_mrkdwn(f"{label}: {lines}")]}


def answer_blocks(answer: Answer, *, share: bool = False, note: str | None = None) -> list[Block]:
    """The answer in a section, its sources in a context block, and optionally a "Share in channel" button."""
    blocks: list[Block] = [{"type": "section", "text": _mrkdwn(answer.text)}]
    context = source_context(answer)
    if context:
        blocks.append(context)
    if note:
        blocks.append({"type": "context", "elements": [_mrkdwn(note)]})
    if share and answer.kind in ("signatory", "fact"):
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": SHARE_ACTION,
                        "text": {"type": "plain_text", "text": "Share in channel"},
                        "value": answer.question[:MAX_BUTTON_VALUE],
                    }
                ],
            }
        )
    return blocks[:MAX_BLOCKS]


def answer_message(answer: Answer, *, share: bool = False, note: str | None = None) -> dict[str, Any]:
    """Keyword arguments for say/respond/ack: blocks plus plain text for notifications."""
    return {"text": plain(answer), "blocks": answer_blocks(answer, share=share, note=note)}


def home_view(kb: KnowledgeBase, what_is: str) -> dict[str, Any]:
    """The App Home tab: what the bot knows, counts and as-of date, example questions, and the sources."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Cybersecurity Tech Accord"}},
        {"type": "section", "text": _mrkdwn(escape(what_is))},
        {
            "type": "section",
            "fields": [
                _mrkdwn(f"*Founding signatories*\n{len(kb.signatories)}"),
                _mrkdwn(f"*Named as not signing*\n{len(kb.declined)}"),
                _mrkdwn(f"*Facts I know*\n{len(kb.facts)}"),
                _mrkdwn(f"*As of*\n{kb.as_of_text}"),
            ],
        },
        {"type": "divider"},
        {
            "type": "section",
            "text": _mrkdwn("*Ask me, for example*\n" + "\n".join(f"• {escape(e)}" for e in EXAMPLES)),
        },
        {
            "type": "context",
            "elements": [_mrkdwn("Use the slash command, @-mention me in a channel, or message me here.")],
        },
        {"type": "divider"},
        {
            "type": "section",
            "text": _mrkdwn(
                "*Sources*\n" + "\n".join(f"• {escape(s.ref().citation())}" for s in kb.sources.values())
            ),
        },
    ]
    return {"type": "home", "blocks": blocks}
