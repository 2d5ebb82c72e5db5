"""Every claim is cited to the sources that say it: each piece of evidence is read in the copy of the article it
names, answers cite exactly their claims' sources, and a claim that not every cited source says is marked."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from bot.answering.answerer import Answerer
from bot.answering.knowledge import BACKGROUND, KnowledgeBase, load

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
KB = load()


def _plain(text: str) -> str:
    """Lower case, one kind of quote and dash, single spaces: the copies' typography does not count."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.translate(str.maketrans("’‘“”–—", "''\"\"--"))
    return re.sub(r"\s+", " ", text)


@cache
def _copies() -> dict[str, str]:
    """Each source's copy among the seeds, found by its headline."""
    texts = [_plain(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    return {
        sid: next(t for t in texts if _plain(source.title) in t)
        for sid, source in KB.sources.items()
        if any(_plain(source.title) in t for t in texts)
    }


EVIDENCE = [
    pytest.param(sid, words, id=f"{fact.id}[{i}]-{sid}-{words[:30]}")
    for fact in KB.facts
    for i, claim in enumerate(fact.claims)
    for sid, phrases in claim.evidence.items()
    for words in phrases
]


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the articles' copies (../shared/seeds) are not beside this checkout"
)
@pytest.mark.parametrize(("source", "words"), EVIDENCE)
def test_each_piece_of_evidence_is_in_the_copy_of_its_source(source: str, words: str) -> None:
    copies = _copies()
    assert set(copies) == set(KB.sources), "every source's copy is among the seeds"
    assert _plain(words) in copies[source]


def test_every_claim_cites_a_source_or_is_background_with_its_basis() -> None:
    for fact in KB.facts:
        for claim in fact.claims:
            if claim.text.startswith(BACKGROUND):
                assert claim.basis and not claim.evidence, fact.id
            else:
                assert claim.evidence and all(claim.evidence.values()), fact.id


@pytest.mark.parametrize("fact", KB.facts, ids=lambda f: f.id)
def test_an_answer_cites_exactly_the_sources_of_its_claims(fact, bot: Answerer) -> None:  # type: ignore[no-untyped-def]
    cited = {sid for claim in fact.claims for sid in claim.evidence}
    assert set(fact.sources) == cited
    answer = bot.answer(fact.questions[0])
    if answer.facts == (fact.id,):
        assert {s.id for s in answer.sources} == cited


def _mixed(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    """(fact, claim text, label) for each claim that only some of its fact's sources say, not naming them."""
    out = []
    for fact in kb.facts:
        cited = set(fact.sources)
        for claim in fact.claims:
            if claim.evidence and set(claim.evidence) != cited:
                labels = " and ".join(kb.sources[sid].label for sid in claim.evidence)
                if labels not in claim.text:
                    out.append((fact.id, claim.text, labels))
    return out


def test_a_sentence_only_some_sources_say_is_marked_with_them() -> None:
    mixed = _mixed(KB)
    assert mixed, "the knowledge base has answers that mix sources"
    for fact_id, _text, label in mixed:
        quiet = [r.text for ln in KB.fact_lines[fact_id] for r in ln.runs if r.quiet]
        assert f" ({label})" in quiet, fact_id


def test_a_fact_from_one_source_carries_no_marks() -> None:
    for fact in KB.facts:
        if len(fact.sources) == 1:
            assert not any(r.quiet for ln in KB.fact_lines[fact.id] for r in ln.runs), fact.id
