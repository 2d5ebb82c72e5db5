"""The live Brain: answers with the current knowledge, preloads what answering loads lazily."""

from __future__ import annotations

from bot.answering import language, tidy
from bot.answering.live import Brain


def test_preload_builds_the_detector_and_the_word_list() -> None:
    language._detector.cache_clear()
    tidy._dictionary.cache_clear()
    brain = Brain()
    assert language._detector.cache_info().currsize == 0
    assert tidy._dictionary.cache_info().currsize == 0
    brain.preload()
    assert language._detector.cache_info().currsize == 1
    assert tidy._dictionary.cache_info().currsize == 1


def test_answers_with_the_current_knowledge() -> None:
    brain = Brain()
    reply = brain.answer("did apple sign?")
    assert reply.entities[0].name == "Apple" and not reply.entities[0].signed and reply.sources
    assert sum(c.signed for c in brain.kb.companies) == 34
