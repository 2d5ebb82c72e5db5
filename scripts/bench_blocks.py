"""Benchmark: one answer card as Block Kit, built as dicts (bot.slack.blocks) and through slack_sdk.models.

Prints microseconds per message for each; asserts nothing. Run with `.venv/bin/python scripts/bench_blocks.py`.
"""

from __future__ import annotations

import time

from slack_sdk.models.blocks import Block

from bot.answering.answerer import Answerer
from bot.answering.knowledge import load
from bot.slack.blocks import answer_message

ROUNDS = 5000


def main() -> None:
    """Time both ways of building the same card."""
    answer = Answerer(load()).answer("did Apple sign?")
    message = answer_message(answer, share=True, feedback_ref="0123456789abcdef")
    started = time.perf_counter()
    for _ in range(ROUNDS):
        answer_message(answer, share=True, feedback_ref="0123456789abcdef")
    as_dicts = (time.perf_counter() - started) / ROUNDS * 1e6
    started = time.perf_counter()
    for _ in range(ROUNDS // 10):
        [b.to_dict() for b in (Block.parse(block) for block in message["blocks"]) if b is not None]
    as_models = (time.perf_counter() - started) / (ROUNDS // 10) * 1e6
    print(
        f"answer card as dicts: {as_dicts:.1f} µs/message; through slack_sdk.models: {as_models:.1f} µs/message"
    )


if __name__ == "__main__":
    main()
