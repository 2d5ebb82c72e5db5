"""Questions about the sources themselves: which report says something, whether both do, who wrote them, when
and where they were filed, and how they differ."""

from __future__ import annotations

import pytest

from bot.answering.answerer import Answerer

BOTH = {"reuters", "pledge-report"}


@pytest.mark.parametrize(
    ("question", "lead", "cited"),
    [
        ("which report says $8 trillion?", "Only the second report", {"pledge-report"}),
        ("Which article mentions WannaCry?", "Only Reuters", {"reuters"}),
        ("do both reports mention WannaCry?", "No. Only Reuters", {"reuters"}),
        ("does the second report mention the Digital Geneva Convention?", "No. Only Reuters", {"reuters"}),
        ("does reuters mention Kevin Simzer?", "No. Only the second report", {"pledge-report"}),
        ("which of the articles talks about the first meeting?", "Only the second report", {"pledge-report"}),
        ("which report quotes Brad Smith?", "Both reports", BOTH),
        ("did both articles say how many companies signed?", "Yes. Both reports", BOTH),
        ("Which article mentions North Korea?", "Only Reuters", {"reuters"}),
        (
            "which article refers to the signers as companies and organizations?",
            "Only the second report",
            {"pledge-report"},
        ),
        ("which of the reports brings up ransomware?", "Only the second report", {"pledge-report"}),
        ("which of your sources carries the Geneva Convention idea?", "Only Reuters", {"reuters"}),
    ],
)
def test_which_report_says_it(bot: Answerer, question: str, lead: str, cited: set[str]) -> None:
    a = bot.answer(question)
    assert a.kind == "fact" and a.text.startswith(lead), a.text
    assert {s.id for s in a.sources} == cited


@pytest.mark.parametrize(
    ("question", "lead", "company", "signed", "cited"),
    [
        ("does reuters mention nokia?", "Yes. Both reports name", "Nokia", True, BOTH),
        (
            "which report names ABB?",
            'Only the second report ("Tech firms sign pledge',
            "ABB",
            True,
            {"pledge-report"},
        ),
        ("is Apple mentioned in both reports?", "No. Only Reuters names", "Apple", False, {"reuters"}),
        (
            "does the second article name Telefonica?",
            'Yes. Only the second report ("Tech firms',
            "Telefónica",
            True,
            {"pledge-report"},
        ),
    ],
)
def test_which_report_names_a_company(
    bot: Answerer, question: str, lead: str, company: str, signed: bool, cited: set[str]
) -> None:
    a = bot.answer(question)
    assert a.text.startswith(lead), a.text
    assert [(e.name, e.signed) for e in a.entities] == [(company, signed)]
    assert {s.id for s in a.sources} == cited


def test_each_claim_shown_is_marked_with_the_reports_that_say_it(bot: Answerer) -> None:
    a = bot.answer("which article mentions the attacks?")
    marks = [r.text for ln in a.lines for r in ln.runs if r.quiet]
    assert marks == [" (Reuters and the second report)"]  # the other claims name their report themselves
    assert "Reuters names the WannaCry worm" in a.text and "The second report points to ransomware" in a.text


@pytest.mark.parametrize(
    ("question", "fact", "words"),
    [
        ("who wrote the reuters article?", "report-authors", ["Dustin Volz", "names neither its author"]),
        ("who's the reporter behind the story?", "report-authors", ["Dustin Volz"]),
        ("when was the reuters story published?", "report-times", ["17 April 2018", "17:06"]),
        ("what time was the article filed?", "report-times", ["17:06"]),
        ("where was the story filed from?", "report-dateline", ["San Francisco", "no dateline"]),
        ("do the reports list the same companies?", "reports-names", ["Reuters:", "Second report:", "ABB"]),
        ("how do the two reports differ?", "reports-differ", ["$8 trillion", "WannaCry"]),
    ],
)
def test_questions_about_the_reports(bot: Answerer, question: str, fact: str, words: list[str]) -> None:
    a = bot.answer(question)
    assert a.facts == (fact,), a.text
    assert all(w in a.text for w in words), a.text


@pytest.mark.parametrize(
    "question",
    [
        "when was the accord announced?",
        "when did it start?",
        "who led the accord?",
        "which weekday was it unveiled on?",
    ],
)
def test_questions_about_the_accord_are_not_taken_for_questions_about_the_reports(
    bot: Answerer, question: str
) -> None:
    assert not set(bot.answer(question).facts) & {"report-authors", "report-times", "report-dateline"}
