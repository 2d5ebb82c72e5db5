"""Fact questions: every fact, phrasings the knowledge base does not list, and what each answer must say."""

from __future__ import annotations

import pytest

from bot.answering.answerer import Answerer
from bot.answering.knowledge import load
from bot.answering.text import fold
from tests.conftest import KNOWLEDGE

KB = load(KNOWLEDGE)


@pytest.mark.parametrize(("fact_id", "question"), [(f.id, q) for f in KB.facts for q in f.questions])
def test_each_listed_question_finds_its_fact(bot: Answerer, fact_id: str, question: str) -> None:
    a = bot.answer(question)
    assert a.kind == "fact", a.text
    assert fact_id in a.facts


# Phrasings written for this test, not in the knowledge base, with words the answer must contain.
PARAPHRASES = [
    ("Who organized the Tech Accord?", "brad-smith", ["brad smith"]),
    ("who spearheaded this", "brad-smith", ["brad smith"]),
    ("Who was in charge of putting the accord together?", "brad-smith", ["brad smith"]),
    ("Is Microsoft leading the accord?", "brad-smith", ["microsoft"]),
    ("how many companies are in the accord", "signatory-count", ["34"]),
    ("How many companies are in the group?", "signatory-count", ["34"]),
    ("Did the companies agree to share information?", "partnerships", ["partnerships"]),
    ("Do the firms exchange threat data?", "partnerships", ["partnerships"]),
    ("Which newspaper covered this?", "sources", ["reuters"]),
    ("What was the headline?", "sources", ["vow not to aid"]),
    ("Which countries are seen as aggressors?", "countries-absent", ["north korea"]),
    ("What was the economic loss prediction?", "economic-losses", ["trillion"]),
    ("What were the projected losses?", "economic-losses", ["trillion"]),
    ("What's the accord called?", "what-is", ["cybersecurity tech accord"]),
    ("Who is quoted in the articles?", "people", ["brad smith"]),
    ("Is this accord still active?", "as-of", ["17 april 2018"]),
    ("How up to date are you?", "as-of", ["17 april 2018"]),
    ("Give me the gist of the pledge", "what-is", ["joint pledge"]),
    ("What exactly did the firms pledge?", "commitments", ["commit"]),
    ("What did they pledge to do?", "commitments", ["commit"]),
    ("Which companies pledged?", "signatories-list", ["abb"]),
    ("pledge?", "what-is", ["joint pledge"]),
    ("What city hosted the announcement?", "announcement", ["san francisco"]),
    ("What did the Trend Micro exec say?", "kevin-simzer", ["simzer"]),
    ("Where do you get your info?", "sources", ["reuters"]),
    ("Who leads the group?", "brad-smith", ["brad smith"]),
    ("What's the total number of signatories?", "signatory-count", ["34"]),
    ("How many organisations put their name to it?", "signatory-count", ["34"]),
    ("Which firms refused to sign?", "non-signatories", ["amazon", "apple", "alphabet", "twitter"]),
    ("who stayed out", "non-signatories", ["twitter"]),
    ("Which big tech firms did not join?", "non-signatories", ["apple"]),
    ("List all signatories", "signatories-list", ["microsoft", "vmware", "abb"]),
    ("who signed", "signatories-list", ["cisco"]),
    ("What's the Cybersecurity Tech Accord?", "what-is", ["government"]),
    ("Will the signatories help governments hack?", "commitments", ["government"]),
    ("Does the accord protect everyone?", "commitments", ["customers"]),
    ("Which cyberattacks preceded the accord?", "preceding-attacks", ["wannacry", "notpetya"]),
    ("What was WannaCry?", "preceding-attacks", ["wannacry"]),
    ("Tell me about the Geneva convention idea", "digital-geneva-convention", ["1949", "civilians"]),
    ("What's the 1949 comparison?", "digital-geneva-convention", ["1949"]),
    ("How much will cybercrime cost by 2022?", "economic-losses", ["$8 trillion"]),
    ("What is the economic cost of cyber attacks?", "economic-losses", ["8 trillion"]),
    ("Are there any Russian companies?", "countries-absent", ["russia"]),
    ("Did any Chinese firms sign?", "countries-absent", ["china"]),
    ("Did Russia sign?", "countries-absent", ["russia"]),
    ("When is the first meeting?", "first-meeting", ["rsa"]),
    ("Where will they meet?", "first-meeting", ["san francisco"]),
    ("What did Trend Micro's Kevin Simzer say?", "kevin-simzer", ["band together"]),
    ("What are your sources?", "sources", ["reuters", "dustin volz"]),
    ("Who wrote the Reuters story?", "report-authors", ["dustin volz"]),
    ("Do the reports differ?", "reports-differ", ["11"]),
    ("Is this up to date?", "as-of", ["17 april 2018"]),
    ("What did US and UK officials warn about?", "us-uk-warning", ["routers"]),
    ("Where is the RSA conference?", "announcement", ["san francisco"]),
    ("On which date was the accord made public?", "announcement", ["17", "april", "2018"]),
    ("Did Brad Smith sign?", "brad-smith", ["microsoft"]),
    ("Will the companies exchange threat intel?", "partnerships", ["share"]),
    ("what does the tech accord promise to customers", "commitments", ["customers"]),
    ("What's Brad Smith's job?", "brad-smith", ["president"]),
    ("What's the $8tn figure about?", "economic-losses", ["8 trillion"]),
    ("Are there North Korean members?", "countries-absent", ["north korea"]),
    ("Did the accord have 34 or 35 signatories?", "signatory-count", ["34"]),
]


@pytest.mark.parametrize(("question", "fact_id", "needs"), PARAPHRASES)
def test_paraphrases(bot: Answerer, question: str, fact_id: str, needs: list[str]) -> None:
    a = bot.answer(question)
    assert a.kind == "fact", a.text
    assert a.facts[0] == fact_id
    for word in needs:
        assert fold(word) in fold(a.text)
    assert a.sources and all(s.title and s.date for s in a.sources)


def test_counts_in_the_knowledge_base_match_the_sources() -> None:
    assert len(KB.signatories) == 34
    assert {c.name for c in KB.declined} == {"Amazon", "Apple", "Alphabet", "Twitter"}
    named_by_reuters = [c for c in KB.signatories if "reuters" in c.sources]
    named_by_other = [c for c in KB.signatories if "pledge-report" in c.sources]
    assert len(named_by_reuters) == 11
    assert len(named_by_other) == 34 - len([c for c in named_by_reuters if "pledge-report" not in c.sources])


def test_source_citations_name_what_each_copy_shows(kb) -> None:  # type: ignore[no-untyped-def]
    reuters, other = kb.sources["reuters"].ref(), kb.sources["pledge-report"].ref()
    assert reuters.citation() == (
        "Reuters, Dustin Volz, 'Tech firms, including Microsoft and Facebook, vow not to aid government "
        "cyber-attacks', 17 Apr 2018"
    )
    assert other.publisher is None and other.author is None
    assert "publisher not named" in other.citation()
