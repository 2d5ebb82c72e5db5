"""Knowledge-base validation: the real files load, and broken copies fail with every problem named."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answering.answerer import Answerer
from bot.answering.knowledge import load
from bot.errors import KnowledgeError
from tests.conftest import KNOWLEDGE

Edit = Callable[[dict[str, Any]], None]


def unlined(problem: str) -> str:
    """A problem without its line number ("facts.yaml:12: …" → "facts.yaml: …"), to compare wording."""
    return re.sub(r"^(\S+\.yaml):\d+:", r"\1:", problem)


def broken_copy(tmp_path: Path, fname: str, edit: Edit) -> Path:
    """A copy of the knowledge directory with one file's data edited."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    path = target / fname
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def _set(section: str, index: int, field: str, value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data[section][index][field] = value

    return edit


def _claim(text: str) -> dict[str, Any]:
    """A claim that Reuters says."""
    return {"text": text, "evidence": {"reuters": ["pledge"]}}


def _append(section: str, entry: dict[str, Any]) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data[section].append(entry)

    return edit


CASES: list[tuple[str, Edit, str]] = [
    (
        "companies.yaml",
        _set("companies", 0, "sources", ["nowhere"]),
        "companies (abb): sources: unknown source id 'nowhere'",
    ),
    (
        "facts.yaml",
        _set("facts", 2, "claims", [{"text": "Yes.", "evidence": {"reuters": ["pledge"], "ghost": ["x"]}}]),
        "facts (partnerships): claims: unknown source id 'ghost'",
    ),
    ("companies.yaml", _set("companies", 1, "id", "abb"), "duplicate company id 'abb'"),
    ("facts.yaml", _set("facts", 1, "id", "what-is"), "duplicate fact id 'what-is'"),
    (
        "companies.yaml",
        _set("companies", 0, "aliases", ["Microsoft"]),
        "name 'Microsoft' is also claimed by companies (abb)",
    ),
    ("companies.yaml", _set("companies", 0, "aliases", ["Trend-Micro"]), "also claimed"),
    (
        "other_companies.yaml",
        _append("others", {"name": "Cisco"}),
        "other_companies.yaml: others (Cisco): name 'Cisco' is also claimed",
    ),
    (
        "facts.yaml",
        _set("facts", 0, "claims", [{"text": "   ", "evidence": {"reuters": ["pledge"]}}]),
        "facts.yaml: facts[0] (what-is): claims.0.text: String should have at least 1 character",
    ),
    (
        "facts.yaml",
        _set("facts", 0, "questions", []),
        "facts (what-is): questions: at least one question is required",
    ),
    (
        "facts.yaml",
        _set("facts", 0, "claims", [_claim("The {nonsense} accord")]),
        "unknown placeholder {nonsense}",
    ),
    (
        "facts.yaml",
        _set("facts", 0, "claims", [_claim("x" * 1500), _claim("y" * 1500)]),
        "3001 characters, over 3000",
    ),
    (
        "facts.yaml",
        _set("facts", 0, "claims", [{"text": "Said by nobody."}]),
        "facts (what-is): claims[0]: evidence: a claim needs at least one source that says it",
    ),
    (
        "facts.yaml",
        _set("facts", 0, "claims", [{"text": "Said.", "evidence": {"reuters": []}}]),
        "facts (what-is): claims[0]: evidence (reuters): give the words of that source",
    ),
    (
        "facts.yaml",
        _set("facts", 0, "claims", [_claim("Real."), {"text": "Background, not from the sources: x."}]),
        "facts (what-is): claims[1]: a background claim cites no source and states its basis",
    ),
    (
        "sources.yaml",
        _set("sources", 0, "date", "17 April 2018"),
        "sources.yaml: sources[0] (reuters): date: Input should be a valid date",
    ),
    ("sources.yaml", _set("sources", 0, "date", "2018-02-30"), "sources[0] (reuters): date:"),
    (
        "companies.yaml",
        _set("companies", 0, "status", "maybe"),
        "companies.yaml: companies[0] (abb): status: Input should be 'signed' or 'declined'",
    ),
    (
        "companies.yaml",
        _set("companies", 0, "colour", "red"),
        "companies[0] (abb): colour: Extra inputs are not permitted",
    ),
    (
        "companies.yaml",
        _set("companies", 0, "sources", []),
        "companies (abb): sources: at least one source is required",
    ),
    (
        "companies.yaml",
        _set("companies", 0, "id", "Not An Id"),
        "companies[0] (Not An Id): id: String should match pattern",
    ),
    (
        "facts.yaml",
        _set("facts", 0, "keywords", [34]),
        "facts[0] (what-is): keywords.0: Input should be a valid string",
    ),
]


@pytest.mark.parametrize(("fname", "edit", "message"), CASES)
def test_broken_knowledge_is_refused_with_a_clear_error(
    tmp_path: Path, fname: str, edit: Edit, message: str
) -> None:
    directory = broken_copy(tmp_path, fname, edit)
    with pytest.raises(KnowledgeError) as info:
        load(directory)
    assert any(message in unlined(p) for p in info.value.problems), info.value.problems


def test_every_problem_is_listed(tmp_path: Path) -> None:
    directory = broken_copy(tmp_path, "companies.yaml", _set("companies", 0, "sources", ["ghost"]))
    data = yaml.safe_load((directory / "facts.yaml").read_text(encoding="utf-8"))
    data["facts"][0]["claims"] = [{"text": "x", "evidence": {"phantom": ["x"]}}]
    (directory / "facts.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load(directory)
    assert len(info.value.problems) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("companies: [unclosed", "companies.yaml: not valid YAML"),
        ("- just\n- a list\n", "companies.yaml: expected a mapping at the top level, found list"),
        ("", "companies.yaml: expected a mapping at the top level, found NoneType"),
        ("companies: 5\n", "companies.yaml: companies: Input should be a valid list"),
    ],
)
def test_malformed_files(tmp_path: Path, content: str, message: str) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    (target / "companies.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load(target)
    assert any(message in unlined(p) for p in info.value.problems), info.value.problems


def test_missing_and_unreadable(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="knowledge directory not found"):
        load(tmp_path / "nope")
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    (target / "facts.yaml").unlink()
    (target / "sources.yaml").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(KnowledgeError) as info:
        load(target)
    assert any("facts.yaml: file not found" in p for p in info.value.problems)
    assert any("sources.yaml: cannot read" in p for p in info.value.problems)


def test_other_companies_file_is_optional(tmp_path: Path) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    (target / "other_companies.yaml").unlink()
    assert load(target).others == ()


def test_a_curator_can_add_a_fact(tmp_path: Path) -> None:
    directory = broken_copy(
        tmp_path,
        "facts.yaml",
        _append(
            "facts",
            {
                "id": "speech",
                "topic": "Smith's RSA speech",
                "claims": [_claim("Brad Smith was due to speak at RSA.")],
                "questions": ["Did Brad Smith give a keynote speech?"],
                "keywords": ["keynote"],
            },
        ),
    )
    a = Answerer(load(directory)).answer("was there a keynote?")
    assert a.facts == ("speech",)


def test_two_facts_that_tie_make_it_ask(tmp_path: Path) -> None:
    twin = {"topic": "twin"}
    directory = broken_copy(
        tmp_path,
        "facts.yaml",
        lambda d: d["facts"].extend(
            [
                {
                    "id": "logo-a",
                    "claims": [_claim("First view.")],
                    "questions": ["What colour is the accord's logo?"],
                    **twin,
                },
                {
                    "id": "logo-b",
                    "claims": [_claim("Second view.")],
                    "questions": ["Which colour is the logo of the accord?"],
                    **twin,
                },
            ]
        ),
    )
    a = Answerer(load(directory)).answer("What colour is the accord's logo?")
    assert a.kind == "unknown" and a.did_you_mean
    assert set(a.suggestions) == {
        "What colour is the accord's logo?",
        "Which colour is the logo of the accord?",
    }


def test_summary(kb) -> None:  # type: ignore[no-untyped-def]
    assert kb.summary().startswith("2 sources, 34 signatories, 4 named as not signing, ")
    assert kb.summary().endswith(f"{len(kb.facts)} facts; as of 2018-04-17")


def test_kb_check_lists_five_different_problems_in_one_run(tmp_path: Path) -> None:
    """A bad date, an unknown source id in two files, a name claimed twice and a YAML syntax error: all five,
    each with its file and (where it has one) its line."""
    directory = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, directory)

    def edit(name: str, old: str, new: str) -> None:
        path = directory / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("sources.yaml", "as_of: 2018-04-17", "as_of: 2018-04-31")
    edit("companies.yaml", "    sources: [pledge-report]\n", "    sources: [pledge-repor]\n")
    edit("companies.yaml", "aliases: [Avast Software]", "aliases: [Avast Software, Cisco Systems]")
    edit("facts.yaml", "          reuters: [", "          nosuch: [")
    (directory / "other_companies.yaml").write_text(
        (directory / "other_companies.yaml").read_text(encoding="utf-8") + "  - {name: Broken\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as info:
        load(directory)
    problems = info.value.problems
    assert len(problems) == 5, problems
    assert any(p.startswith("sources.yaml:5: as_of:") for p in problems)
    assert any(
        re.match(r"companies\.yaml:\d+: companies \(abb\): sources: unknown source id 'pledge-repor'", p)
        for p in problems
    )
    assert any(
        re.match(r"facts\.yaml:\d+: facts \(\S+\): claims: unknown source id 'nosuch'", p) for p in problems
    )
    assert any("'Cisco Systems' is also claimed" in p for p in problems)
    assert any(re.match(r"other_companies\.yaml:\d+: not valid YAML", p) for p in problems)
