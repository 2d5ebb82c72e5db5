"""The HTTP front's pure parts: the form parser and the slash-command reply, which answers even when
answering fails."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.server.asgi import SORRY, _command_reply, parse_form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("a", None),
        ("a=1&", None),
        ("a==b", {"a": "=b"}),
        ("a=%E2%82", {"a": "\ufffd"}),
        ("a+b=c+d", {"a b": "c d"}),
        ("a=1&a=2", {"a": "2"}),
        ("text=did+AT%26T+sign%3F&command=%2Faccord", {"text": "did AT&T sign?", "command": "/accord"}),
        (urlencode({"text": "caf\xe9 & <b> = 100% + more"}), {"text": "caf\xe9 & <b> = 100% + more"}),
    ],
)
def test_parse_form(text: str, expected: dict[str, str] | None) -> None:
    assert parse_form(text) == expected


def test_a_failing_reply_is_logged_and_the_asker_gets_an_apology(caplog: pytest.LogCaptureFixture) -> None:
    def broken(command: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("a bug in answering")

    with caplog.at_level(logging.ERROR):
        body = json.loads(_command_reply(broken, {"command": "/accord", "text": "did apple sign?"}))
    assert body == {"response_type": "ephemeral", "text": SORRY}
    failure = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert failure and failure[0].exc_info is not None  # the traceback is kept, not hidden
    assert "did apple sign" not in caplog.text


def test_a_reply_is_sent_as_utf8_json() -> None:
    body = _command_reply(lambda c: {"text": f"réponse à {c['text']}"}, {"text": "Nokia ✓"})
    assert json.loads(body.decode("utf-8")) == {"text": "réponse à Nokia ✓"}
