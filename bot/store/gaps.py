"""What to add next: the most frequent unanswered questions, grouped by similarity, and the least liked answers."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, utils

from bot.store.store import Store

SIMILAR = 80  # token_set_ratio at or above which two questions are the same gap
MAX_VARIANTS = 3


class _Out(BaseModel):
    """Base for report models."""

    model_config = ConfigDict(extra="forbid")


class GapGroup(_Out):
    """Similar unanswered questions, counted together."""

    count: int
    example: str
    last_asked: dt.datetime
    variants: list[str]


class Disliked(_Out):
    """An answer people rated, with its 👎 and 👍 counts."""

    answer: str
    down: int
    up: int
    example: str


class GapReport(_Out):
    """The curator's report for a period."""

    days: int
    since: dt.datetime
    unanswered: list[GapGroup]
    disliked: list[Disliked]


def group_similar(asked: list[tuple[str, dt.datetime]], threshold: int = SIMILAR) -> list[GapGroup]:
    """Group questions (newest first) whose words largely agree; the biggest groups first."""
    groups: list[tuple[str, list[tuple[str, dt.datetime]]]] = []
    for question, at in asked:
        norm = utils.default_process(question)
        for rep, members in groups:
            if fuzz.token_set_ratio(norm, rep) >= threshold:
                members.append((question, at))
                break
        else:
            groups.append((norm, [(question, at)]))
    out = []
    for _, members in groups:
        variants = list(dict.fromkeys(q for q, _ in members))
        out.append(
            GapGroup(
                count=len(members),
                example=members[0][0],
                last_asked=max(t for _, t in members),
                variants=variants[:MAX_VARIANTS],
            )
        )
    return sorted(out, key=lambda g: (-g.count, -g.last_asked.timestamp()))


def gap_report(store: Store, days: int, limit: int = 20, now: dt.datetime | None = None) -> GapReport:
    """The report for the last `days` days (raises SQLAlchemyError if the database cannot be read)."""
    since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    unanswered = group_similar(store.unanswered_since(since))[:limit]
    disliked = [Disliked(**row) for row in store.feedback_since(since) if row["down"] > 0][:limit]
    return GapReport(days=days, since=since, unanswered=unanswered, disliked=disliked)


def render_table(report: GapReport) -> str:
    """The report as plain-text tables."""
    lines = [f"Unanswered or low-confidence questions, last {report.days} days:"]
    if not report.unanswered:
        lines.append("  (none)")
    else:
        lines.append(f"  {'count':>5}  {'last asked':<16}  example (other wordings)")
        for g in report.unanswered:
            others = [v for v in g.variants if v != g.example]
            extra = f"  ({'; '.join(others)})" if others else ""
            lines.append(f"  {g.count:>5}  {g.last_asked:%Y-%m-%d %H:%M}  {g.example}{extra}")
    lines.append("")
    lines.append(f"Answers with the most 👎, last {report.days} days:")
    if not report.disliked:
        lines.append("  (none)")
    else:
        lines.append(f"  {'👎':>4} {'👍':>4}  answer  (example question)")
        for d in report.disliked:
            lines.append(f"  {d.down:>4} {d.up:>4}  {d.answer}  ({d.example})")
    return "\n".join(lines)
