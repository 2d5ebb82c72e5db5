"""The answer the core returns: one immutable model that Slack, the console and JSON all render."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 3000  # a Block Kit section's text limit

AnswerKind = Literal["signatory", "fact", "help", "unknown"]
Status = Literal["signed", "declined", "not_listed"]


class _Frozen(BaseModel):
    """Base for output models: immutable, no unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(_Frozen):
    """A source an answer rests on, as readers should see it cited."""

    id: str
    publisher: str | None
    author: str | None
    title: str
    date: dt.date

    def citation(self) -> str:
        """One line: publisher, author, headline, date ("Reuters, Dustin Volz, '…', 17 Apr 2018")."""
        return self._citation

    @cached_property
    def _citation(self) -> str:
        """The citation line, formatted once per source (every answer citing it shares the object)."""
        parts = [p for p in (self.publisher, self.author) if p]
        parts.append(f"'{self.title}'")
        parts.append(f"{self.date.day} {self.date:%b %Y}")
        line = ", ".join(parts)
        if not self.publisher:
            line += " (publisher not named in our copy)"
        return line


class Entity(_Frozen):
    """A company a signatory answer is about, and its status as of the sources' date."""

    name: str
    signed: bool
    status: Status
    as_of: dt.date
    asked_as: str = Field(description="the name as the question wrote it")
    company_id: str | None = None
    match_score: float = Field(ge=0, le=1, description="how closely the asked name matched (1 = exact)")


class Answer(_Frozen):
    """What the bot answers to one question."""

    kind: AnswerKind
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="Slack mrkdwn")
    entities: tuple[Entity, ...] = ()
    facts: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    confidence: float = Field(ge=0, le=1)
    suggestions: tuple[str, ...] = ()
    did_you_mean: bool = Field(default=False, description="unsure: the suggestions are candidate questions")
    question: str = Field(default="", description="the question as understood, after Slack markup is removed")

    def source_lines(self) -> list[str]:
        """Citations of the answer's sources, one a line."""
        return [s.citation() for s in self.sources]
