"""Reading questions as people type them: scope, lists and counts, several companies, time, small talk,
typos with filler, other languages. Each table is written in our own phrasings (the held-out question sets
that measured this work stay apart, in tests/questions/)."""

from __future__ import annotations

import pytest

from bot.answering.answerer import Answerer
from bot.answering.models import Answer


def entities(a: Answer) -> dict[str, bool]:
    return {e.name: e.signed for e in a.entities}


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("did Cisco sign the Kyoto protocol?", "Kyoto protocol"),
        ("Has Oracle joined the Open Compute Project?", "Open Compute Project"),
        ("was Microsoft a member of the Trusted Computing Group?", "Trusted Computing Group"),
        ("did facebook agree to the GDPR code of conduct", "GDPR code of conduct"),
        ("Did SAP commit to the Climate Pledge in 2019?", "Climate Pledge"),
        ("is Nokia part of the O-RAN Alliance", "O-RAN Alliance"),
        ("Did Microsoft sign the Digital Geneva Convention?", "Digital Geneva Convention"),
        ("who signed the Budapest Convention on Cybercrime?", "Budapest Convention on Cybercrime"),
    ],
)
def test_another_agreement_is_declined_with_the_sources_scope(
    bot: Answerer, question: str, thing: str
) -> None:
    a = bot.answer(question)
    assert a.kind == "unknown" and a.out_of_scope, a.text
    assert thing.lower() in a.text.lower() and "only the Cybersecurity Tech Accord" in a.text
    assert a.entities == ()


def test_the_company_status_in_this_accord_is_context_to_a_decline(bot: Answerer) -> None:
    a = bot.answer("did Cisco sign the Kyoto protocol?")
    assert "In the Tech Accord, Cisco is one of its founding signatories." in a.text


@pytest.mark.parametrize(
    "question",
    [
        "did Oracle sign the accord?",
        "Did Apple sign up?",
        "did Microsoft sign it in San Francisco?",
        "has BT joined the cybersecurity tech accord yet?",
        "I heard Dell signed, right?",
        "did the companies agree to protect their customers?",
        "Has any signatory been expelled?",
        "did Amazon sign?? just curious",
        "Did HP sign or not?",
    ],
)
def test_this_accord_is_not_mistaken_for_another(bot: Answerer, question: str) -> None:
    assert not bot.answer(question).out_of_scope


@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        ("list every single signatory please", ["ABB", "VMware", "Guardtime", "Stripe"], []),
        ("show me all the names, alphabetically", ["ABB", "VMware"], []),
        ("which telecoms firms signed?", ["BT", "Telefónica", "Nokia"], ["Microsoft"]),
        ("are any chip designers among the signatories?", ["Arm Holdings"], []),
        ("which Finnish companies are members?", ["Nokia", "F-Secure"], ["SAP"]),
        ("signatories whose names begin with G", ["GitHub", "Guardtime"], ["Cisco"]),
        ("anything starting with the letter v?", ["VMware"], []),
        ("how many joined apart from Cisco and Oracle?", ["32"], []),
        ("besides Facebook, how many other firms signed?", ["33"], []),
        ("did more than 30 companies sign?", ["Yes", "34"], []),
        ("were there fewer than twenty signatories?", ["No", "34"], []),
        ("was Juniper the only networking company that signed?", ["No", "Cisco"], []),
        ("other than Symantec, which security vendors joined?", ["FireEye", "Trend Micro"], []),
    ],
)
def test_lists_and_counts(bot: Answerer, question: str, must: list[str], must_not: list[str]) -> None:
    a = bot.answer(question)
    assert a.kind == "fact", a.text
    for word in must:
        assert word in a.text, (word, a.text)
    for word in must_not:
        assert word not in a.text.split("Background")[0], (word, a.text)
    assert a.sources and a.lines[-1].style == "note"


def test_a_list_by_sector_marks_the_grouping_as_background(bot: Answerer) -> None:
    a = bot.answer("which telecoms firms signed?")
    assert any(ln.style == "background" for ln in a.lines)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Could you check Cloudflare, Akamai and Fastly for me?",
            {"Cloudflare": True, "Akamai": False, "Fastly": True},
        ),
        (
            "which of Siemens, ABB and Rockwell Automation signed",
            {"Siemens": False, "ABB": True, "Rockwell Automation": False},
        ),
        ("my manager asked me whether Tenable and Qualys are members", {"Tenable": True, "Qualys": False}),
        ("we run vmware and citrix here - are they in it?", {"VMware": True, "Citrix": False}),
        (
            "Are Twitter, LinkedIn, Hewlett Packard Enterprise signatories?",
            {"Twitter": False, "LinkedIn": True, "HPE": True},
        ),
    ],
)
def test_several_companies(bot: Answerer, question: str, expected: dict[str, bool]) -> None:
    a = bot.answer(question)
    assert a.kind == "signatory", a.text
    assert entities(a) == expected


def test_several_companies_are_grouped(bot: Answerer) -> None:
    a = bot.answer("did Cisco, Apple and Huawei sign?")
    bullets = [ln.plain() for ln in a.lines if ln.style == "bullet"]
    assert bullets[0].startswith("• Cisco signed: it is one of the 34")
    assert bullets[1].startswith("• Apple did not sign: Reuters names it")
    assert bullets[2].startswith("• Huawei is not among the 34")


@pytest.mark.parametrize(
    ("question", "company", "signed"),
    [
        ("is Oracle still a member today?", "Oracle", True),
        ("did Facebook ever drop out of the accord?", "Facebook", True),
        ("has Apple joined since then?", "Apple", False),
        ("did Nokia withdraw later?", "Nokia", True),
    ],
)
def test_membership_over_time_is_answered_as_of_the_sources(
    bot: Answerer, question: str, company: str, signed: bool
) -> None:
    a = bot.answer(question)
    assert entities(a) == {company: signed}
    assert "cannot tell what changed later" in a.text


def test_a_present_count_says_the_sources_date(bot: Answerer) -> None:
    a = bot.answer("how many members does it have now?")
    assert "34" in a.text and "cannot tell what changed later" in a.text


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("hey there! what can you help with?", "help"),
        ("good afternoon, what topics do you cover?", "help"),
        ("hi bot, who organised the accord?", "fact"),
        ("morning all - did Stripe sign?", "signatory"),
        ("awesome, thanks a lot!", "help"),
        ("cheers, appreciated", "help"),
    ],
)
def test_small_talk_around_questions(bot: Answerer, question: str, kind: str) -> None:
    assert bot.answer(question).kind == kind


@pytest.mark.parametrize(
    ("question", "fact_or_company"),
    [
        ("DID MICRSOFT SIGN?? 🙏", "Microsoft"),
        ("lol did faceboook sign pls", "Facebook"),
        ("avst signed??", "Avast"),
        ("did ciscoo join", "Cisco"),
        ("wen was teh acord anounced", "announcement"),
        ("hw mnay compnies signed", "signatory-count"),
    ],
)
def test_typos_with_filler(bot: Answerer, question: str, fact_or_company: str) -> None:
    a = bot.answer(question)
    assert fact_or_company in a.facts or fact_or_company in entities(a), a.text


@pytest.mark.parametrize("question", ["did the funds sign?", "Has any signatory been expelled?"])
def test_real_words_are_never_corrected_into_others(bot: Answerer, question: str) -> None:
    a = bot.answer(question)
    assert a.kind in ("unknown", "signatory") and not a.facts


@pytest.mark.parametrize(
    ("question", "fact", "language"),
    [
        ("Wann wurde das Abkommen bekanntgegeben?", "announcement", "German"),
        ("Combien d'entreprises ont signé l'accord ?", "signatory-count", "French"),
        ("¿Quién organizó este acuerdo?", "brad-smith", "Spanish"),
        ("Quais empresas não assinaram?", "non-signatories", "Portuguese"),
        ("Chi ha organizzato l'accordo?", "brad-smith", "Italian"),
    ],
)
def test_fact_questions_in_five_languages(bot: Answerer, question: str, fact: str, language: str) -> None:
    a = bot.answer(question)
    assert a.facts == (fact,), a.text
    assert f"I read your question as {language}" in a.text


@pytest.mark.parametrize(
    ("question", "company", "signed"),
    [
        ("Hat Cisco das Abkommen unterschrieben?", "Cisco", True),
        ("Heeft Apple het akkoord getekend?", "Apple", False),
        ("Czy Nokia podpisała porozumienie?", "Nokia", True),
        ("マイクロソフトはこの協定に署名しましたか？", "Microsoft", True),
        ("华为签署了这个协议吗？", "Huawei", False),
    ],
)
def test_signatory_questions_in_any_language(
    bot: Answerer, question: str, company: str, signed: bool
) -> None:
    assert entities(bot.answer(question)) == {company: signed}


def test_another_language_without_a_match_is_named(bot: Answerer) -> None:
    a = bot.answer("Wat is het doel van het akkoord precies?")
    assert a.kind == "unknown" and "Dutch" in a.text and "in English" in a.text


@pytest.mark.parametrize(
    ("question", "name", "owner"),
    [
        ("did Instagram sign?", "Instagram", "Facebook"),
        ("Has YouTube signed the accord?", "YouTube", "Alphabet"),
    ],
)
def test_a_subsidiary_is_answered_with_its_owner_as_background(
    bot: Answerer, question: str, name: str, owner: str
) -> None:
    a = bot.answer(question)
    assert entities(a) == {name: False}
    background = [ln.plain() for ln in a.lines if ln.style == "background"]
    assert background and owner in background[0]
