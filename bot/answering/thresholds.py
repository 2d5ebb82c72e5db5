"""Where the bot answers, asks "did you mean…?", or declines: two thresholds and a margin.

The defaults come from `accord-bot eval` over the development set and our held-out set A (285 questions,
tests/questions/): every signatory and fact answer is right at any threshold up to 0.60, and coverage falls
above it (95.7% at 0.65); right fact answers scored at least 0.66 and led their runner-up by at least 0.10.
Rerun the sweep after adding knowledge (README, "Choosing the thresholds").
"""

from __future__ import annotations

from dataclasses import dataclass

ENV = {"answer": "ANSWER_THRESHOLD", "clarify": "CLARIFY_THRESHOLD", "margin": "ANSWER_MARGIN"}


@dataclass(frozen=True)
class Thresholds:
    """answer: at or above, answer; clarify: at or above (but below answer), ask; margin: lead over the runner-up."""

    answer: float = 0.6
    clarify: float = 0.45
    margin: float = 0.1

    def __post_init__(self) -> None:
        for name, var in ENV.items():
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise ValueError(f"{var} must be between 0 and 1, not {value}")
        if self.clarify > self.answer:
            raise ValueError(
                f"CLARIFY_THRESHOLD ({self.clarify}) must not exceed ANSWER_THRESHOLD ({self.answer})"
            )
