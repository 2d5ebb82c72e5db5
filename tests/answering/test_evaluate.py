"""`accord-bot eval` on a small labelled file whose figures are known."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answering.answerer import Answerer
from bot.answering.evaluate import check, evaluate, load_items
from bot.errors import EvalError
from tests.conftest import ROOT

LABELLED = [
    {"q": "did Apple sign?", "type": "signatory", "expect": [{"names": ["Apple"], "signed": False}]},
    {
        "q": "did Cisco sign?",
        "type": "signatory",
        "expect": [{"names": ["Cisco"], "signed": False}],
    },  # mislabelled
    {
        "q": "Did Quuxcorp sign?",
        "type": "signatory",
        "expect": [{"names": ["Quuxcorp"], "signed": False}],
        "abstain_ok": True,
    },
    {"q": "how many signed?", "type": "fact", "all_of": [["34"]]},
    {"q": "who led it?", "type": "fact", "all_of": [["nobody"]]},  # the answer names Brad Smith: a miss
    {"q": "what's the weather?", "type": "unknown"},
    {"q": "who led it?", "type": "unknown"},  # answered: wrong
    {"q": "help", "type": "help"},
]


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in LABELLED) + "\n", encoding="utf-8")
    return path


def test_figures(bot: Answerer, labelled: Path) -> None:
    report = evaluate(load_items(labelled), bot.answer)
    assert report.questions == 8
    assert report.accuracy == 5 / 8
    assert report.wrong_confident == 3
    figures = {k.kind: k for k in report.kinds}
    assert (figures["signatory"].labelled, figures["signatory"].correct) == (3, 2)
    assert figures["signatory"].precision == round(2 / 3, 4) == figures["signatory"].recall
    assert (figures["fact"].answered_as, figures["fact"].correct) == (3, 1)
    assert figures["fact"].precision == round(1 / 3, 4) and figures["fact"].recall == 0.5
    assert figures["unknown"].recall == 0.5 and figures["help"].recall == 1.0
    assert report.confusion["unknown"] == {"signatory": 0, "fact": 1, "help": 0, "unknown": 1}
    assert len(report.slowest) == 5 and report.slowest[0].ms >= report.slowest[-1].ms
    first, last = report.sweep[0], report.sweep[-1]
    assert (first.threshold, first.answered) == (0.0, 1.0)
    assert first.correct_of_answered == 0.6 and first.wrong_confident == 3
    assert last.threshold == 1.0 and last.answered < 1.0
    shares = [p.answered for p in report.sweep]
    assert shares == sorted(shares, reverse=True)


def test_command_line(labelled: Path) -> None:
    script = Path(sys.executable).parent / "accord-bot"
    text = subprocess.run(
        [str(script), "eval", str(labelled)], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert "8 questions: accuracy 62.5%, wrong and confident 3" in text and "threshold sweep" in text
    data = json.loads(
        subprocess.run(
            [str(script), "eval", "--json", str(labelled)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    )
    assert data["accuracy"] == 0.625 and len(data["sweep"]) == 21


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", ":1: not a labelled question"),
        ('{"q": "x", "type": "maybe"}\n', ":1: not a labelled question"),
        ('{"q": "x", "type": "fact", "colour": 1}\n', ":1: not a labelled question"),
        ("\n\n", "no questions"),
    ],
)
def test_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        load_items(path)
    p = subprocess.run(
        [str(Path(sys.executable).parent / "accord-bot"), "eval", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert p.returncode == 2 and p.stderr.count("\n") == 1


def test_check_agrees_with_the_scorer_on_names(bot: Answerer) -> None:
    item = load_items_from(
        [
            {
                "q": "did hpe sign",
                "type": "signatory",
                "expect": [{"names": ["HPE", "Hewlett Packard Enterprise"], "signed": True}],
            }
        ]
    )[0]
    assert check(item, bot.answer("did hpe sign")) is None
    assert check(item, bot.answer("did hp sign")) is not None


def load_items_from(rows: list[dict[str, object]]) -> list:  # type: ignore[type-arg]
    from bot.answering.evaluate import Item

    return [Item.model_validate(r) for r in rows]
