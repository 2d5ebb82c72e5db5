"""Block Kit rendering of answers and the App Home view. Pure: no Slack client, no I/O.

Blocks are plain dicts, not slack_sdk.models objects: building a three-block answer card through the models and
`to_dict()` took 293 µs against 5.7 µs as dicts (scripts/bench_blocks.py), which would cost the signed slash
commands about half their throughput in `make bench-http`. Every shape built here is checked against
slack_sdk.models (their validation of Slack's limits) in tests/slack/test_blocks.py instead."""

from __future__ import annotations

from typing import Any

import orjson

from bot.answering.answerer import EXAMPLES
from bot.answering.knowledge import KnowledgeBase
from bot.answering.models import MAX_TEXT, Answer, Line
from bot.answering.text import clip

SHARE_ACTION = "share_answer"
CLARIFY_PICK = "clarify_pick"  # one action id a candidate: clarify_pick_0, clarify_pick_1, …
CLARIFY_NONE = "clarify_none"
MAX_BUTTON_TEXT = 75
FEEDBACK = "feedback"  # Slack's feedback_buttons: the value says which
FEEDBACK_UP = "feedback_up"  # the hand-built 👍/👎 of cards posted before, still counted when clicked
FEEDBACK_DOWN = "feedback_down"
SHARE_THREAD_ACTION = "share_in_thread"  # the message shortcut's answer: share it in the message's thread
MAX_BLOCKS = 50
MAX_BUTTON_VALUE = 2000
MAX_NOTIFICATION = 300
Block = dict[str, Any]


def escape(text: str) -> str:
    """Escape the three characters Slack mrkdwn treats as control characters."""
    if "&" in text:
        text = text.replace("&", "&amp;")  # first, so the entities below are not escaped again
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _emphasis(text: str, mark: str) -> str:
    """Text between a mrkdwn mark (*bold*, _italic_), its edge spaces kept outside the marks."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def mrkdwn_line(ln: Line) -> str:
    """One answer line as Slack mrkdwn: escaped, strong runs bold, quiet runs and notes italic."""
    parts = []
    for run in ln.runs:
        text = escape(run.text)
        if run.strong:
            text = _emphasis(text, "*")
        elif run.quiet:
            text = _emphasis(text, "_")
        parts.append(text)
    text = "".join(parts)
    if ln.style == "bullet":
        return f"• {text}"
    if ln.style == "note":
        return _emphasis(text.replace("*", ""), "_")
    if ln.style == "background":
        return f"_{text.replace('_', ' ')}_" if text else text
    return text


def mrkdwn(answer: Answer) -> str:
    """An answer's lines as Slack mrkdwn, cut to a section's limit."""
    return clip("\n".join(mrkdwn_line(ln) for ln in answer.lines), MAX_TEXT)


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text[:MAX_TEXT]}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(text)]}


def plain(answer: Answer) -> str:
    """A short plain rendering for notifications: the first line, no markup."""
    return clip(answer.lines[0].plain(), MAX_NOTIFICATION)


def source_context(answer: Answer) -> Block | None:
    """The sources as a context block: "Source: Reuters, Dustin Volz, '…', 17 Apr 2018"."""
    if not answer.sources:
        return None
    label = "Source" if len(answer.sources) == 1 else "Sources"
    lines = "\n".join(escape(s.citation()) for s in answer.sources)
    return _context(f"{label}: {lines}")


def answer_key(answer: Answer) -> str:
    """What an answer was, for grouping feedback: its kind and its facts or companies."""
    parts = answer.facts or tuple(e.company_id or e.name for e in answer.entities)
    return f"{answer.kind}:{','.join(parts)}"[:200]


def _button(action_id: str, text: str, value: str) -> Block:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text},
        "value": value,
    }


def feedback_value(answer: Answer, ref: str, vote: int | None = None) -> str:
    """A feedback button's value: the card's id, the answer's key and (for Slack's feedback buttons) the vote
    (compact JSON, at most about 250 characters whatever was asked: never the question, which could push the
    value past Slack's 2,000)."""
    value: dict[str, object] = {"r": ref, "k": answer_key(answer)}
    if vote is not None:
        value["v"] = vote
    return orjson.dumps(value).decode()


def feedback_block(answer: Answer, ref: str) -> Block:
    """Slack's own feedback buttons (a context_actions block with a feedback_buttons element)."""
    return {
        "type": "context_actions",
        "elements": [
            {
                "type": "feedback_buttons",
                "action_id": FEEDBACK,
                "positive_button": {
                    "text": {"type": "plain_text", "text": "Good answer"},
                    "value": feedback_value(answer, ref, 1),
                    "accessibility_label": "Mark this answer as good",
                },
                "negative_button": {
                    "text": {"type": "plain_text", "text": "Bad answer"},
                    "value": feedback_value(answer, ref, -1),
                    "accessibility_label": "Mark this answer as bad",
                },
            }
        ],
    }


def answer_blocks(
    answer: Answer,
    *,
    share: bool = False,
    note: str | None = None,
    feedback_ref: str | None = None,
    footer: str | None = None,
    share_in_thread: str | None = None,
) -> list[Block]:
    """The answer in a section, its sources in a context block, then a Share button and Slack's feedback
    buttons."""
    blocks: list[Block] = [{"type": "section", "text": _mrkdwn(mrkdwn(answer))}]
    context = source_context(answer)
    if context:
        blocks.append(context)
    if note:
        blocks.append(_context(note))
    if share and answer.kind in ("signatory", "fact"):
        button = _button(SHARE_ACTION, "Share in channel", answer.question[:MAX_BUTTON_VALUE])
        blocks.append({"type": "actions", "elements": [button]})
    elif share_in_thread and answer.kind in ("signatory", "fact"):
        blocks.append(
            {
                "type": "actions",
                "elements": [_button(SHARE_THREAD_ACTION, "Share in thread", share_in_thread)],
            }
        )
    if feedback_ref and answer.kind != "help":
        blocks.append(feedback_block(answer, feedback_ref))
    if footer:
        blocks.append(_context(footer))
    return blocks[:MAX_BLOCKS]


def clarify_blocks(answer: Answer) -> list[Block]:
    """ "Did you mean…?": the candidate questions as buttons, and "None of these"."""
    buttons = [
        _button(f"{CLARIFY_PICK}_{i}", clip(q, MAX_BUTTON_TEXT), q[:MAX_BUTTON_VALUE])
        for i, q in enumerate(answer.suggestions)
    ]
    buttons.append(_button(CLARIFY_NONE, "None of these", answer.question[:MAX_BUTTON_VALUE]))
    return [
        {"type": "section", "text": _mrkdwn("I'm not sure what you mean. Did you mean one of these?")},
        {"type": "actions", "elements": buttons},
    ]


def answer_message(
    answer: Answer,
    *,
    share: bool = False,
    note: str | None = None,
    feedback_ref: str | None = None,
    footer: str | None = None,
    share_in_thread: str | None = None,
) -> dict[str, Any]:
    """Keyword arguments for say/respond/ack: blocks plus plain text for notifications."""
    if answer.did_you_mean:
        return {"text": "Did you mean one of these?", "blocks": clarify_blocks(answer)}
    blocks = answer_blocks(
        answer,
        share=share,
        note=note,
        feedback_ref=feedback_ref,
        footer=footer,
        share_in_thread=share_in_thread,
    )
    return {"text": plain(answer), "blocks": blocks}


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
