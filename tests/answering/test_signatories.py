"""Signatory questions: every company and alias, phrasings, look-alikes, companies the sources do not list."""

from __future__ import annotations

import pytest

from bot.answering.answerer import Answerer
from bot.answering.knowledge import KnowledgeBase, load
from bot.answering.models import Answer
from tests.conftest import KNOWLEDGE

KB = load(KNOWLEDGE)
ALL_NAMES = [
    (c.id, name, c.status)
    for c in KB.companies
    for name in (c.name, *c.aliases, *(n for b in c.background if b.relation == "same" for n in b.names))
]
# Subsidiaries, brands and products: companies of their own, answered with their owner as background.
PARTS = [(c, name) for c in KB.companies for b in c.background if b.relation == "part" for name in b.names]


def statuses(a: Answer) -> dict[str, str]:
    return {e.company_id or e.name: e.status for e in a.entities}


@pytest.mark.parametrize(("company_id", "name", "status"), ALL_NAMES)
def test_every_name_and_alias_resolves(bot: Answerer, company_id: str, name: str, status: str) -> None:
    a = bot.answer(f"did {name} sign?")
    assert a.kind == "signatory"
    assert statuses(a) == {company_id: status}
    assert a.entities[0].signed is (status == "signed")
    assert a.sources and all(s.title and s.date for s in a.sources)


@pytest.mark.parametrize(("owner_id", "name"), [(c.id, name) for c, name in PARTS])
def test_a_subsidiary_is_its_own_company_with_its_owner_as_background(
    bot: Answerer, owner_id: str, name: str
) -> None:
    a = bot.answer(f"did {name} sign?")
    owner = next(c for c in KB.companies if c.id == owner_id)
    assert [(e.name, e.status, e.signed) for e in a.entities] == [(name, "not_listed", False)]
    background = [ln.plain() for ln in a.lines if ln.style == "background"]
    assert len(background) == 1 and owner.name in background[0]


@pytest.mark.parametrize(("company_id", "name", "status"), [n for n in ALL_NAMES if n[1][0].isalpha()])
def test_names_in_other_case_and_spacing(bot: Answerer, company_id: str, name: str, status: str) -> None:
    a = bot.answer(f"  IS   {name.upper()}  A SIGNATORY ???")
    assert statuses(a) == {company_id: status}


PHRASINGS = [
    "did {} sign?",
    "Did {} sign the accord?",
    "has {} signed",
    "Has {} signed the Cybersecurity Tech Accord?",
    "is {} a signatory?",
    "Is {} on the list?",
    "is {} part of it",
    "Is {} part of the tech accord?",
    "did {} join?",
    "Did {} join the pledge?",
    "{}",
    "{}?",
    "{}!!",
    "what about {}?",
    "was {} among the signatories?",
    "Is {} a member of the accord?",
    "tell me whether {} signed",
    "Did {} endorse the accord?",
    "Is {} in the accord?",
    "I wonder if {} joined the accord",
    "did {} sign or not?",
]


@pytest.mark.parametrize("phrasing", PHRASINGS)
@pytest.mark.parametrize(
    ("name", "company_id", "status"),
    [
        ("Microsoft", "microsoft", "signed"),
        ("Apple", "apple", "declined"),
        ("Trend Micro", "trend-micro", "signed"),
        ("Telefónica", "telefonica", "signed"),
        ("Google", "alphabet", "declined"),
    ],
)
def test_phrasings(bot: Answerer, phrasing: str, name: str, company_id: str, status: str) -> None:
    a = bot.answer(phrasing.format(name))
    assert a.kind == "signatory", a.text
    assert statuses(a) == {company_id: status}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Did Apple and Microsoft sign?", {"apple": "declined", "microsoft": "signed"}),
        ("did HP or HPE sign", {"hp": "signed", "hpe": "signed"}),
        (
            "Which of Amazon, Oracle and Twitter signed?",
            {"amazon": "declined", "oracle": "signed", "twitter": "declined"},
        ),
        ("Stripe and Tenable?", {"stripe": "signed", "tenable": "signed"}),
        (
            "Did Github, Gitlab and Cloudflare sign?",
            {"github": "signed", "GitLab": "not_listed", "cloudflare": "signed"},
        ),
        ("did apple microsoft sign", {"apple": "declined", "microsoft": "signed"}),
        ("Did Microsoft sign? And Apple?", {"microsoft": "signed", "apple": "declined"}),
        ("Are AT&T and Verizon signatories?", {"AT&T": "not_listed", "Verizon": "not_listed"}),
    ],
)
def test_several_companies(bot: Answerer, question: str, expected: dict[str, str]) -> None:
    a = bot.answer(question)
    assert a.kind == "signatory"
    assert statuses(a) == expected


@pytest.mark.parametrize(
    ("question", "company_id"),
    [
        ("did microsft sign?", "microsoft"),
        ("Did Symantek sign?", "symantec"),
        ("did cisko sign", "cisco"),
        ("Did Bitdefnder sign?", "bitdefender"),
        ("Is Cloudfare a signatory?", "cloudflare"),
        ("did oracel sign", "oracle"),
        ("did telefonika sign", "telefonica"),
        ("Did Linkdin join?", "linkedin"),
        ("Did Juniper Network sign?", "juniper"),
        ("did fireye sign", "fireeye"),
    ],
)
def test_typos_resolve_with_lower_confidence(bot: Answerer, question: str, company_id: str) -> None:
    a = bot.answer(question)
    assert [e.company_id for e in a.entities] == [company_id]
    assert a.entities[0].match_score < 1
    assert a.confidence < 1
    assert "reading" in a.text


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        # Names that contain or resemble a signatory's but are other companies.
        ("Did Nokian sign?", "Nokian Tyres"),
        ("Did Intuitive Surgical sign?", "Intuitive Surgical"),
        ("Did Cloudera sign?", "Cloudera"),
        ("did gitlab sign", "GitLab"),
        ("Did Sysco sign?", "Sysco"),
        ("Did Semtech sign?", "Semtech"),
        ("Is Avaya a signatory?", "Avaya"),
        ("Did SAS sign?", "SAS"),
        ("Did Sapient sign?", "Sapient"),
        ("Did Fastenal sign?", "Fastenal"),
        ("Did Microsoft Research sign?", "Microsoft Research"),
        ("Did Apple Bank sign?", "Apple Bank"),
        ("Did Oracle Financial Services sign?", "Oracle Financial Services"),
        ("did dellmont sign", "dellmont"),
        ("Did Stripes Group sign?", "Stripes Group"),
        ("Did Intuition sign?", "Intuition"),
        ("Did Ciscom sign?", "Ciscom"),
        ("Did HPQ sign?", "HPQ"),
        ("Did BTX sign?", "BTX"),
        ("did sapphire sign", "sapphire"),
        ("Did Avastin sign?", "Avastin"),
        ("Did Tenablex Corp sign?", "Tenablex Corp"),
    ],
)
def test_look_alikes_are_not_signatories(bot: Answerer, question: str, asked: str) -> None:
    a = bot.answer(question)
    assert a.kind == "signatory"
    assert len(a.entities) == 1
    e = a.entities[0]
    assert (e.name, e.signed, e.status) == (asked, False, "not_listed")
    assert "not among the 34 founding signatories" in a.text
    assert "17 April 2018" in a.text


@pytest.mark.parametrize(
    "name",
    [
        "Sony",
        "Qualcomm",
        "Ericsson",
        "Citrix",
        "Huawei",
        "IBM",
        "Kaspersky",
        "Samsung",
        "Quuxcorp Holdings",
        "Acme Widgets",
        "Zebra Robotics",
    ],
)
def test_companies_not_listed_echo_the_name(bot: Answerer, name: str) -> None:
    a = bot.answer(f"Did {name} sign the accord?")
    assert [(e.name, e.signed, e.status) for e in a.entities] == [(name, False, "not_listed")]
    assert name in a.text
    assert a.entities[0].as_of.isoformat() == "2018-04-17"


def test_known_other_company_is_more_certain_than_an_unknown_name(bot: Answerer) -> None:
    assert bot.answer("Did Sony sign?").confidence > bot.answer("Did Quuxcorp sign?").confidence


def test_contained_signatory_is_pointed_out(bot: Answerer) -> None:
    a = bot.answer("Did Microsoft Research sign?")
    assert "Microsoft, a founding signatory, is a different name" in a.text


def test_background_name_is_marked(bot: Answerer) -> None:
    a = bot.answer("did meta sign")
    assert a.entities[0].name == "Facebook"
    assert a.lines[0].style == "text" and "background" not in a.lines[0].plain().lower()
    assert a.lines[1].style == "background" and a.lines[1].plain().startswith(
        "Background, not from the sources:"
    )


def test_declined_answer_names_its_source_and_date(bot: Answerer, kb: KnowledgeBase) -> None:
    a = bot.answer("did Apple sign?")
    assert a.entities[0].status == "declined"
    assert [s.publisher for s in a.sources] == ["Reuters"]
    assert "17 April 2018" in a.text
    assert "no reason" in a.text


@pytest.mark.parametrize(
    "question", ["When did Microsoft sign?", "Why didn't Apple sign?", "When did Oracle join?"]
)
def test_wh_questions_about_a_company_answer_for_it(bot: Answerer, question: str) -> None:
    a = bot.answer(question)
    assert a.kind == "signatory"
    assert "17 April 2018" in a.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Did Amazon refuse?", {"amazon": "declined"}),
        ("Did Amazon and Apple both refuse to sign?", {"amazon": "declined", "apple": "declined"}),
        ("Did Microsoft refuse to sign?", {"microsoft": "signed"}),
        ("Did the Chinese firm Huawei sign?", {"Huawei": "not_listed"}),
        ("Did Finnish company Nokia sign?", {"nokia": "signed"}),
        ("did RSA the security company sign it?", {"rsa": "signed"}),
        ("is Nokia, the Finnish firm, a signatory?", {"nokia": "signed"}),
        ("did Apple the tech giant sign?", {"apple": "declined"}),
        ("Has the Spanish telecom Telefonica signed?", {"telefonica": "signed"}),
        ("Did the security firm FireEye join?", {"fireeye": "signed"}),
        ("Did Sony Ericsson sign?", {"Sony Ericsson": "not_listed"}),
        ("Did SAP Ariba sign?", {"SAP Ariba": "not_listed"}),
        ("Apple: yes or no?", {"apple": "declined"}),
        ("Apple signed the accord, didn't it?", {"apple": "declined"}),
        ("Is it true that Oracle signed?", {"oracle": "signed"}),
        ("Can you confirm Cisco is a signatory?", {"cisco": "signed"}),
        ("I heard Dell signed, right?", {"dell": "signed"}),
        ("was google involved", {"alphabet": "declined"}),
        ("Is X Corp a signatory?", {"twitter": "declined"}),
        ("Is Apple among the 34?", {"apple": "declined"}),
        ("Is Microsoft among the 34?", {"microsoft": "signed"}),
        ("Was Twitter one of the 34 signatories?", {"twitter": "declined"}),
        ("Did Apple sign later?", {"apple": "declined"}),
        ("did HP Enterprise sign", {"hpe": "signed"}),
        ("Did the Microsoft subsidiary LinkedIn sign?", {"linkedin": "signed"}),
        ("Did Microsoft-owned GitHub sign?", {"github": "signed"}),
        ("What reason did Apple give for not signing?", {"apple": "declined"}),
        ("Did Meta (Facebook) sign?", {"facebook": "signed"}),
        ("Did Alphabet's Google sign?", {"alphabet": "declined"}),
        ("Did Cisco put its name to the accord?", {"cisco": "signed"}),
        ("Did Oracle back the accord?", {"oracle": "signed"}),
        ("Is Umbrella Corporation one of the signatories?", {"Umbrella Corporation": "not_listed"}),
        ("Did the security firm Acme Corp sign?", {"Acme Corp": "not_listed"}),
        # "the group" is the accord's companies; a group after a name is part of the name
        ("Is Microsoft in the group?", {"microsoft": "signed"}),
        ("Is Oracle part of the group?", {"oracle": "signed"}),
        ("Is Apple part of this group?", {"apple": "declined"}),
        ("Did BT Group sign?", {"bt": "signed"}),
        ("Did the Volkswagen Group sign?", {"Volkswagen Group": "not_listed"}),
        # a name whose first word also frames questions ("check whether…")
        ("Did Check Point sign?", {"Check Point": "not_listed"}),
        ("Is Check Point Software a signatory?", {"Check Point": "not_listed"}),
        ("Did Check Point and Cisco sign?", {"Check Point": "not_listed", "cisco": "signed"}),
        # a role at a company: the accord was signed by companies
        ("Did Microsoft's president sign?", {"microsoft": "signed"}),
        ("Did the CEO of Apple sign?", {"apple": "declined"}),
        ("Did Cisco's CEO sign?", {"cisco": "signed"}),
        # a company's web domain
        ("Did Salesforce.com sign?", {"Salesforce": "not_listed"}),
        ("did microsoft.com sign", {"microsoft": "signed"}),
        # a description beside a name is not another company
        ("Did Apple (the iPhone maker) sign?", {"apple": "declined"}),
        ("Did Apple, the iPhone maker, sign?", {"apple": "declined"}),
        ("Did Acme Widget Maker sign?", {"Acme Widget Maker": "not_listed"}),
    ],
)
def test_more_shapes_of_the_question(bot: Answerer, question: str, expected: dict[str, str]) -> None:
    a = bot.answer(question)
    assert a.kind == "signatory", a.text
    assert statuses(a) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Did any telecom companies sign?",
        "Did any software companies sign?",
        "Did the Chinese firms sign?",
        "Did any big US tech firms sign?",
        "Did the iPhone maker sign?",
        "Did the search giant sign?",
    ],
)
def test_words_that_only_describe_companies_name_none(bot: Answerer, question: str) -> None:
    a = bot.answer(question)
    assert not [e for e in a.entities if e.company_id is None], a.text  # no "telecom" company


def test_check_whether_still_reads_the_name_after_it(bot: Answerer) -> None:
    a = bot.answer("check whether Apple signed")
    assert statuses(a) == {"apple": "declined"}


@pytest.mark.parametrize(
    ("question", "statement"),
    [
        ("Did Microsoft stay out?", "Microsoft is one of the 34 founding signatories"),
        ("Did Apple refuse to sign?", "Apple did not sign."),
        ("Didn't Apple sign?", "Apple did not sign."),
        ("Did Oracle not sign?", "Oracle is one of the 34 founding signatories"),
        ("Did Huawei decline?", "Huawei is not among the 34 founding signatories"),
        ("Why did Amazon stay out?", "Amazon did not sign."),
    ],
)
def test_a_question_asked_in_the_negative_gets_no_yes_or_no(
    bot: Answerer, question: str, statement: str
) -> None:
    a = bot.answer(question)
    assert a.kind == "signatory"
    assert a.text.startswith(statement), a.text  # a bare "Yes." to "did it stay out?" would read backwards


@pytest.mark.parametrize(
    ("question", "start"),
    [("Did Apple sign?", "No. Apple"), ("Did Microsoft join?", "Yes. Microsoft")],
)
def test_a_plain_question_is_answered_yes_or_no(bot: Answerer, question: str, start: str) -> None:
    a = bot.answer(question)
    assert a.text.startswith(start)
    assert a.lines[0].runs[0].strong and a.lines[0].runs[1].strong  # the verdict and the name stand out


def test_a_role_at_a_company_says_how_it_was_read(bot: Answerer) -> None:
    a = bot.answer("Did the CEO of Apple sign?")
    assert "reading “CEO of Apple” as Apple" in a.text
    assert bot.answer("Who is the president of Microsoft?").facts == (
        "brad-smith",
    )  # a who-question stays one
