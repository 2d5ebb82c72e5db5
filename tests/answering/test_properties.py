"""Properties of answer() over arbitrary input: it never raises, stays within Slack's limits, never relays a
mass mention, and stays fast. `make fuzz` runs these with 10,000+ examples."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from bot.answering.answerer import Answerer
from bot.answering.knowledge import load
from bot.answering.models import MAX_TEXT
from tests.conftest import KNOWLEDGE

BOT = Answerer(load(KNOWLEDGE), cache_size=0)
MASS = ("<!channel>", "<!here>", "<!everyone>", "<!subteam")
MAX_SECONDS = 0.5  # a sanity bound against pathological matching, far above the benchmarked p99 (< 1 ms)

slack_markup = st.sampled_from(
    [
        "<@U0123ABC>",
        "<@W0ABC|someone>",
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<!here|here>",
        "<!subteam^S0123|@team>",
        "<#C0123|general>",
        "<https://example.com|a link>",
        "<mailto:a@b.c>",
        "&lt;!channel&gt;",
        "&amp;",
        "@here",
        "@channel",
        "*bold*",
        "_it_",
        "`code`",
        "```block```",
        "> quote",
        "\u200b",
        "\ufeff",
    ]
)
words = st.sampled_from(
    [
        "did",
        "sign",
        "Apple",
        "Microsoft",
        "HPE",
        "Telefónica",
        "accord",
        "who",
        "led",
        "it",
        "how",
        "many",
        "?",
        "and",
        ",",
        "Sony",
        "not",
        "Google",
        "the",
        "pledge",
        "signatory",
        "Nokian",
        "'",
        '"',
        "«",
        "»",
        "“",
        "”",
    ]
)
questions = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=300),
    st.text(alphabet=st.characters(whitelist_categories=("Cc", "Cf", "Zs", "Zl", "Zp")), max_size=100),
    st.lists(st.one_of(words, slack_markup, st.text(max_size=12)), max_size=40).map(" ".join),
    st.builds(lambda a, b: a + " " + b, st.lists(slack_markup, max_size=6).map("".join), words),
    st.text(max_size=20).map(lambda s: s * 5000),  # up to 100 KB
    st.recursive(
        st.text(max_size=10),
        lambda inner: st.builds(
            lambda s, q: f"{q}{s}{q}", inner, st.sampled_from(['"', "'", "“", "«", "`", "<", "*"])
        ),
        max_leaves=20,
    ),
)


@given(questions)
def test_answer_never_fails_and_respects_the_limits(question: str) -> None:
    started = time.perf_counter()
    a = BOT.answer(question)
    elapsed = time.perf_counter() - started
    assert a.kind in ("signatory", "fact", "help", "unknown")
    assert 0 < len(a.text) <= MAX_TEXT
    assert not any(m in a.text for m in MASS)
    for e in a.entities:
        assert "<" not in e.asked_as and ">" not in e.asked_as and "@" not in e.asked_as
        assert len(e.asked_as) <= 60
    if a.kind in ("signatory", "fact"):
        assert a.sources and all(s.title and s.date for s in a.sources)
    assert 0 <= a.confidence <= 1
    assert elapsed < MAX_SECONDS


@given(
    st.sampled_from(["did {} sign?", "is {} a signatory?", "{}?", "what about {}?"]),
    st.text(alphabet=st.characters(categories=("L", "N", "Zs", "Pd")), min_size=1, max_size=40),
)
def test_a_signatory_answer_only_says_yes_for_a_known_name(template: str, name: str) -> None:
    a = BOT.answer(template.format(name))
    for e in a.entities:
        if e.signed:
            assert e.company_id is not None and BOT.kb.signatories
            assert e.company_id in {c.id for c in BOT.kb.signatories}
