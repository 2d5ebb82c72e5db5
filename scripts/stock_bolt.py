"""The benchmark's peer: a stock Bolt AsyncApp behind Bolt's own ASGI adapter, answering the slash command
with the same answering engine and the same Block Kit reply as accord-bot. Nothing here is tuned: it is what
a Bolt tutorial would build. `scripts/bench_http.py` runs it under uvicorn with the same worker count.

Settings from the environment: SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL, ACCORD_COMMAND.
"""

from __future__ import annotations

import os
from typing import Any

from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.answering.live import Brain
from bot.slack.blocks import answer_message
from bot.slack.services import new_answer_ref

brain = Brain()
bolt = AsyncApp(
    client=AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
    signing_secret=os.environ["SLACK_SIGNING_SECRET"],
)


@bolt.command(os.environ.get("ACCORD_COMMAND", "/accord"))
async def on_command(ack: AsyncAck, command: dict[str, Any]) -> None:
    """Answer privately inside the acknowledgement, as accord-bot does."""
    answer = brain.answer(str(command.get("text") or ""))
    await ack(response_type="ephemeral", **answer_message(answer, share=True, feedback_ref=new_answer_ref()))


api = AsyncSlackRequestHandler(bolt)
