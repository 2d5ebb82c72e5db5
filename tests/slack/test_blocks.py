"""Block Kit rendering: structure, Slack's limits, escaping."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.answering.answerer import Answerer
from bot.answering.models import Answer, SourceRef, line
from bot.slack.blocks import (
    MAX_BLOCKS,
    SHARE_ACTION,
    answer_blocks,
    answer_message,
    home_view,
    mrkdwn,
    plain,
)


def test_answer_blocks_structure(bot: Answerer) -> None:
    a = bot.answer("did Microsoft sign?")
    blocks = answer_blocks(a, share=True)
    assert [b["type"] for b in blocks] == ["section", "context", "actions"]
    assert blocks[2]["elements"][0]["action_id"] == SHARE_ACTION
    assert answer_blocks(a) == blocks[:2]


def test_unknown_and_help_have_no_share_button(bot: Answerer) -> None:
    for q in ("help", "what's the weather?"):
        assert all(b["type"] != "actions" for b in answer_blocks(bot.answer(q), share=True))


def test_limits_are_respected() -> None:
    long_source = SourceRef(
        id="s", publisher="P & Q", author=None, title="<T>" * 2000, date=dt.date(2018, 4, 17)
    )
    a = Answer(
        kind="fact", lines=(line("x" * 3000),), sources=(long_source,), confidence=1, question="q" * 5000
    )
    blocks = answer_blocks(a, share=True, note="n" * 5000)
    assert len(blocks) <= MAX_BLOCKS
    for b in blocks:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= 3000
        if b["type"] == "context":
            assert all(len(e["text"]) <= 3000 for e in b["elements"])
        if b["type"] == "actions":
            assert len(b["elements"][0]["value"]) <= 2000
    assert "P &amp; Q" in blocks[1]["elements"][0]["text"] and "&lt;T&gt;" in blocks[1]["elements"][0]["text"]


def test_plain_text_for_notifications(bot: Answerer) -> None:
    msg = answer_message(bot.answer("did Apple sign?"))
    assert msg["text"].startswith("No. Apple did not sign.")
    assert "*" not in msg["text"]
    assert len(plain(Answer(kind="fact", lines=(line("y" * 3000),), confidence=1))) <= 300


def test_home_view(bot: Answerer) -> None:
    view = home_view(bot.kb, bot.kb.fact_by_id["what-is"].answer)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    text = str(view)
    assert "Cybersecurity Tech Accord" in text and "*As of*\\n17 April 2018" in text


def test_source_lines_follow_the_sources_each_answer_carries() -> None:
    def ref(title: str, publisher: str | None) -> SourceRef:
        return SourceRef(id="s1", publisher=publisher, author=None, title=title, date=dt.date(2018, 4, 17))

    first, reloaded = ref("Old headline", "Reuters"), ref("New headline", None)  # same id, as after a reload
    for _ in range(2):  # the second time round, the kept text is used
        for source, expected in (
            (first, "Source: Reuters, 'Old headline'"),
            (reloaded, "Source: 'New headline'"),
        ):
            answer = Answer(kind="fact", lines=(line("t"),), confidence=1.0, sources=(source,))
            text = answer_blocks(answer)[1]["elements"][0]["text"]
            assert text.startswith(expected), text
    both = Answer(kind="fact", lines=(line("t"),), confidence=1.0, sources=(first, reloaded))
    assert answer_blocks(both)[1]["elements"][0]["text"].startswith("Sources: Reuters, 'Old headline'")


def test_answers_are_escaped_and_emphasised_at_the_edge(bot: Answerer) -> None:
    text = mrkdwn(bot.answer("Did Smith & Sons sign?"))
    assert text.startswith("*No.* *Smith &amp; Sons* is not among")
    assert text.splitlines()[-1].startswith("_Founding signatories as of 17 April 2018")


def test_a_background_line_is_rendered_apart(bot: Answerer) -> None:
    lines = mrkdwn(bot.answer("did google sign?")).splitlines()
    assert lines[0].startswith("*No.* *Alphabet* did not sign.") and "background" not in lines[0].lower()
    assert lines[1].startswith("_Background, not from the sources:")


QUESTIONS = [
    "did Apple sign?",
    "did Apple, Microsoft, Huawei, Acme Widgets, Cisco, Oracle, SAP, Dell, HP and Nokia sign?",
    "list every signatory",
    "which telecoms companies signed?",
    "who led it?",
    "what are the commitments?",
    "did Microsoft sign the Kyoto protocol?",
    "Hat Cisco das Abkommen unterschrieben?",
    "who led it and what did he say?",
    "help",
    "qwertyuiop",
    'did <!channel> "Apple" & <Microsoft> sign? ' + "x" * 3000,
    json.dumps({"q": 'did "Apple" sign?', "notes": ['"quoted" \\ text'] * 300}),
]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("share", [True, False])
def test_every_card_passes_slack_sdks_block_kit_models(bot: Answerer, question: str, share: bool) -> None:
    """The dicts built for speed are exactly what slack_sdk.models accepts (their limits checked too)."""
    message = answer_message(bot.answer(question), share=share, feedback_ref="0123456789abcdef")
    assert message["text"]
    for block in message["blocks"]:
        parsed = Block.parse(block)
        assert parsed is not None
        assert parsed.to_dict() == block  # validates text, button and value limits as Slack does


def test_the_home_view_passes_slack_sdks_view_model(bot: Answerer) -> None:
    view = home_view(bot.kb, "What it is.")
    View(**view).validate_json()
