"""Evaluation on a labelled question set (the format of ../shared/eval/dev.jsonl): per-kind precision and
recall, the confusion between kinds, the slowest answers, and a confidence-threshold sweep."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.answering.models import MAX_TEXT, Answer
from bot.answering.text import fold
from bot.errors import EvalError

KINDS = ("signatory", "fact", "help", "unknown")
MASS = ("<!channel>", "<!here>", "<!everyone>")
SWEEP = tuple(round(t * 0.05, 2) for t in range(21))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Expected(_Model):
    """One company a signatory question must name, and whether it signed."""

    names: list[str] = Field(min_length=1)
    signed: bool


class Item(_Model):
    """One labelled question."""

    q: str
    type: str = Field(pattern="^(signatory|fact|help|unknown)$")
    expect: list[Expected] = []
    also_ok: list[str] = []
    abstain_ok: bool = False
    all_of: list[list[str]] = []
    kind: str | None = Field(None, description="what the question tests (scope, lists, …): figures per group")


class KindFigures(_Model):
    """Precision and recall of one kind: of the answers given as it, and of the questions labelled it."""

    kind: str
    labelled: int
    answered_as: int
    correct: int
    precision: float
    recall: float


class SweepPoint(_Model):
    """At one threshold: the share of answerable questions answered, and the share of those right."""

    threshold: float
    answered: float
    correct_of_answered: float
    wrong_confident: int


class Slow(_Model):
    """One of the slowest answers."""

    question: str
    ms: float


class GroupFigures(_Model):
    """Accuracy over the questions of one group (the labelled `kind` field)."""

    group: str
    questions: int
    correct: int
    accuracy: float


class Report(_Model):
    """The evaluation of one question set."""

    questions: int
    accuracy: float
    wrong_confident: int
    kinds: list[KindFigures]
    groups: list[GroupFigures] = []
    confusion: dict[str, dict[str, int]]
    slowest: list[Slow]
    sweep: list[SweepPoint]
    failures: list[dict[str, str]]


def load_items(path: Path) -> list[Item]:
    """The labelled questions of a JSONL file; EvalError names the first bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read: {exc}") from None
    items = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(Item.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            first = (
                str(exc).splitlines()[0] if isinstance(exc, json.JSONDecodeError) else exc.errors()[0]["msg"]
            )
            raise EvalError(f"{path}:{n}: not a labelled question: {first}") from None
    if not items:
        raise EvalError(f"{path}: no questions")
    return items


def _fold(text: str) -> str:
    """Folded as the scorer folds: accents, case and quotes by text.fold, then no markdown, one space."""
    return re.sub(r"\s+", " ", re.sub(r"[*_`~]", "", fold(text)))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(text))


def _same_company(aliases: list[str], name: str) -> bool:
    """A name matches an alias when equal ignoring punctuation, or when the alias's words stand in it."""
    words = _words(name)
    for alias in aliases:
        aw = _words(alias)
        if "".join(aw) == "".join(words):
            return True
        if aw and any(words[i : i + len(aw)] == aw for i in range(len(words) - len(aw) + 1)):
            return True
    return False


def check(item: Item, answer: Answer) -> str | None:
    """Why an answer is wrong for a labelled question; None when it is right."""
    if any(m in answer.text for m in MASS) or len(answer.text) > MAX_TEXT:
        return "text breaks Slack's rules"
    if item.type in ("unknown", "help"):
        return None if answer.kind == item.type else f"should be {item.type}, was {answer.kind}"
    if answer.kind == "unknown" and item.abstain_ok:
        return None
    if answer.kind in ("unknown", "help"):
        return f"declined ({answer.kind})"
    if not answer.sources:
        return "no source"
    if item.type == "signatory":
        got = [(e.name, e.signed) for e in answer.entities]
        for exp in item.expect:
            hits = [signed for name, signed in got if _same_company(exp.names, name)]
            if not hits:
                return f"{exp.names[0]} not in the answer"
            if any(h is not exp.signed for h in hits):
                return f"{exp.names[0]}: signed should be {exp.signed}"
        allowed = [n for exp in item.expect if exp.signed for n in exp.names] + item.also_ok
        extra = [name for name, signed in got if signed and not _same_company(allowed, name)]
        return f"claims {extra} signed" if extra else None
    text = _fold(answer.text)
    for group in item.all_of:
        if not any(_fold(w) in text for w in group):
            return f"text lacks any of {group}"
    return None


def evaluate(items: list[Item], ask: Callable[[str], Answer], slowest: int = 5) -> Report:
    """Answer every question once and measure."""
    results: list[tuple[Item, Answer, str | None, float]] = []
    for item in items:
        started = time.perf_counter()
        answer = ask(item.q)
        ms = (time.perf_counter() - started) * 1000
        results.append((item, answer, check(item, answer), ms))

    confusion: dict[str, dict[str, int]] = {k: dict.fromkeys(KINDS, 0) for k in KINDS}
    for item, answer, _, _ in results:
        confusion[item.type][answer.kind] += 1
    kinds = []
    for kind in KINDS:
        labelled = [r for r in results if r[0].type == kind]
        as_kind = [r for r in results if r[1].kind == kind]
        correct_as = sum(1 for r in as_kind if r[2] is None and r[0].type == kind)
        correct_labelled = sum(1 for r in labelled if r[2] is None)
        kinds.append(
            KindFigures(
                kind=kind,
                labelled=len(labelled),
                answered_as=len(as_kind),
                correct=correct_labelled,
                precision=round(correct_as / len(as_kind), 4) if as_kind else 1.0,
                recall=round(correct_labelled / len(labelled), 4) if labelled else 1.0,
            )
        )

    groups = []
    for group in sorted({r[0].kind for r in results if r[0].kind}):
        members = [r for r in results if r[0].kind == group]
        right = sum(1 for r in members if r[2] is None)
        groups.append(
            GroupFigures(
                group=group, questions=len(members), correct=right, accuracy=round(right / len(members), 4)
            )
        )
    answerable = [r for r in results if r[0].type in ("signatory", "fact")]
    sweep = []
    for t in SWEEP:
        answered = [r for r in answerable if r[1].kind in ("signatory", "fact") and r[1].confidence >= t]
        right = sum(1 for r in answered if r[2] is None)
        sweep.append(
            SweepPoint(
                threshold=t,
                answered=round(len(answered) / len(answerable), 4) if answerable else 0.0,
                correct_of_answered=round(right / len(answered), 4) if answered else 1.0,
                wrong_confident=len(answered)
                - right
                + sum(
                    1
                    for r in results
                    if r[0].type in ("unknown", "help")
                    and r[1].kind in ("signatory", "fact")
                    and r[1].confidence >= t
                ),
            )
        )
    wrong_confident = sum(1 for r in results if r[2] is not None and r[1].kind in ("signatory", "fact"))
    return Report(
        questions=len(results),
        accuracy=round(sum(1 for r in results if r[2] is None) / len(results), 4),
        wrong_confident=wrong_confident,
        kinds=kinds,
        groups=groups,
        confusion=confusion,
        slowest=[
            Slow(question=r[0].q, ms=round(r[3], 3)) for r in sorted(results, key=lambda r: -r[3])[:slowest]
        ],
        sweep=sweep,
        failures=[{"question": r[0].q, "why": r[2]} for r in results if r[2] is not None],
    )


def render(report: Report) -> str:
    """The report as plain-text tables."""
    out = [
        f"{report.questions} questions: accuracy {report.accuracy:.1%}, wrong and confident "
        f"{report.wrong_confident}",
        "",
        f"{'kind':<10} {'labelled':>8} {'answered as':>11} {'precision':>9} {'recall':>7}",
    ]
    out += [
        f"{k.kind:<10} {k.labelled:>8} {k.answered_as:>11} {k.precision:>9.1%} {k.recall:>7.1%}"
        for k in report.kinds
    ]
    if report.groups:
        out += ["", f"{'group':<12} {'questions':>9} {'correct':>8} {'accuracy':>9}"]
        out += [f"{g.group:<12} {g.questions:>9} {g.correct:>8} {g.accuracy:>9.1%}" for g in report.groups]
    out += [
        "",
        "confusion (rows: labelled, columns: answered as)",
        f"{'':<10}" + "".join(f"{k:>10}" for k in KINDS),
    ]
    out += [f"{row:<10}" + "".join(f"{report.confusion[row][col]:>10}" for col in KINDS) for row in KINDS]
    out += ["", "slowest answers"] + [f"  {s.ms:8.3f} ms  {s.question[:80]!r}" for s in report.slowest]
    out += [
        "",
        "threshold sweep (signatory and fact questions; an answer below the threshold would be declined)",
        f"  {'threshold':>9} {'answered':>9} {'right of answered':>18} {'wrong & confident':>18}",
    ]
    out += [
        f"  {p.threshold:>9.2f} {p.answered:>9.1%} {p.correct_of_answered:>18.1%} {p.wrong_confident:>18}"
        for p in report.sweep
    ]
    if report.failures:
        out += ["", "failures"] + [f"  {f['question']!r}: {f['why']}" for f in report.failures]
    return "\n".join(out)
