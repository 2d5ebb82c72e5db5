"""The three bands: answer above the upper threshold, "did you mean…?" between, "I don't know" below;
and "did you mean…?" when the best two are closer than the margin."""

from __future__ import annotations

import pytest

from bot.answering.answerer import Answerer
from bot.answering.knowledge import KnowledgeBase
from bot.answering.thresholds import Thresholds
from bot.errors import SettingsError
from bot.settings import load_settings

QUESTION = "Who was in charge of putting the accord together?"  # best fact brad-smith, about 0.65


def score(bot: Answerer, question: str) -> tuple[float, float]:
    ranked = bot.facts.rank(bot.facts.query_terms(question))
    return ranked[0].score, ranked[1].score


@pytest.fixture(scope="module")
def best(bot: Answerer) -> float:
    return score(bot, QUESTION)[0]


@pytest.mark.parametrize(
    ("answer", "clarify", "expected"),
    [
        (-0.05, -0.10, "fact"),  # the question scores above the upper threshold
        (+0.05, -0.05, "did_you_mean"),  # between the two
        (+0.10, +0.05, "unknown"),  # below the lower one
    ],
)
def test_bands(
    kb: KnowledgeBase, bot: Answerer, best: float, answer: float, clarify: float, expected: str
) -> None:
    t = Thresholds(answer=round(best + answer, 4), clarify=round(best + clarify, 4), margin=0.0)
    a = Answerer(kb, cache_size=0, thresholds=t).answer(QUESTION)
    if expected == "fact":
        assert a.kind == "fact" and a.facts == ("brad-smith",)
    elif expected == "did_you_mean":
        assert a.kind == "unknown" and a.did_you_mean
        assert a.suggestions[0] == kb.fact_by_id["brad-smith"].questions[0]
        assert a.text.startswith("I'm not sure what you mean. Did you mean:\n1. ")
        assert len(a.suggestions) <= 3
    else:
        assert a.kind == "unknown" and not a.did_you_mean
        assert a.text.startswith("I don't know that one")


def test_margin(kb: KnowledgeBase, bot: Answerer, best: float) -> None:
    first, second = score(bot, QUESTION)
    gap = first - second
    wide = Thresholds(answer=0.0, clarify=0.0, margin=round(gap + 0.01, 4))
    narrow = Thresholds(answer=0.0, clarify=0.0, margin=round(gap - 0.01, 4))
    assert Answerer(kb, cache_size=0, thresholds=wide).answer(QUESTION).did_you_mean
    assert Answerer(kb, cache_size=0, thresholds=narrow).answer(QUESTION).kind == "fact"


def test_defaults_answer_the_measured_questions(bot: Answerer) -> None:
    assert bot.thresholds == Thresholds()
    assert bot.answer(QUESTION).kind == "fact"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ANSWER_THRESHOLD": "high"}, "ANSWER_THRESHOLD: Input should be a valid number"),
        ({"ANSWER_THRESHOLD": "1.5"}, "ANSWER_THRESHOLD: Input should be less than or equal to 1"),
        ({"ANSWER_THRESHOLD": "0.4", "CLARIFY_THRESHOLD": "0.5"}, "must not exceed"),
    ],
)
def test_bad_threshold_settings(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str) -> None:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with pytest.raises(SettingsError, match=message):
        load_settings().thresholds()
