"""The answer the core returns: one immutable model that Slack, the console and JSON all render."""

from __future__ import annotations

import datetime as dt
from functools import cached_property, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


LineStyle = Literal["text", "bullet", "note", "background"]


class Run(_Frozen):
    """A piece of a line: its text, and whether it stands out (bold in Slack) or is quiet (italic)."""

    text: str
    strong: bool = False
    quiet: bool = False


class Line(_Frozen):
    """One line of an answer: plain text, a bullet, a note (the as-of caveat) or background beyond the sources."""

    runs: tuple[Run, ...]
    style: LineStyle = "text"

    def plain(self) -> str:
        """The line as plain text (a bullet led by "• ")."""
        text = "".join(r.text for r in self.runs)
        return f"• {text}" if self.style == "bullet" else text


def line(*parts: str | Run, style: LineStyle = "text") -> Line:
    """A Line from strings (plain runs) and Runs (built without re-validating what the types already say)."""
    runs = tuple([_plain_run(p) if isinstance(p, str) else p for p in parts if p])
    return Line.model_construct(runs=runs, style=style)


@lru_cache(maxsize=4096)
def _plain_run(text: str) -> Run:
    """A plain run (immutable, so the same text shares one)."""
    return Run.model_construct(text=text)


@lru_cache(maxsize=4096)
def strong(text: str) -> Run:
    """A run that stands out (a name, a Yes or No); immutable, so the same text shares one."""
    return Run.model_construct(text=text, strong=True)


def plain_text(lines: tuple[Line, ...] | list[Line]) -> str:
    """Lines as plain text, one a line, cut to MAX_TEXT."""
    text = "\n".join(ln.plain() for ln in lines)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


class Answer(_Frozen):
    """What the bot answers to one question: structured lines, rendered at the edge (Slack, console, JSON)."""

    kind: AnswerKind
    lines: tuple[Line, ...] = Field(min_length=1)
    text: str = Field("", max_length=MAX_TEXT, description="the lines as plain text (filled from them)")
    entities: tuple[Entity, ...] = ()
    facts: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    confidence: float = Field(ge=0, le=1)
    suggestions: tuple[str, ...] = ()
    did_you_mean: bool = Field(default=False, description="unsure: the suggestions are candidate questions")
    out_of_scope: bool = Field(default=False, description="declined: the question is about something else")
    question: str = Field(default="", description="the question as understood, after Slack markup is removed")

    @model_validator(mode="before")
    @classmethod
    def _text_from_lines(cls, data: object) -> object:
        """`text` is always the plain rendering of `lines` (given or not)."""
        if isinstance(data, dict) and "lines" in data:
            lines = [ln if isinstance(ln, Line) else Line.model_validate(ln) for ln in data["lines"]]
            return {**data, "lines": tuple(lines), "text": plain_text(lines)}
        return data

    def with_lines(self, lines: tuple[Line, ...]) -> Answer:
        """The same answer with other lines (its text follows them)."""
        fields = {
            name: getattr(self, name) for name in type(self).model_fields if name not in ("lines", "text")
        }
        return Answer(lines=lines, **fields)

    def source_lines(self) -> list[str]:
        """Citations of the answer's sources, one a line."""
        return [s.citation() for s in self.sources]
