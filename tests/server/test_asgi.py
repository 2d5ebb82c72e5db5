"""The HTTP front's pure parts: the form parser (the same result as the standard library's strict parse_qsl)
and the slash-command reply, which answers even when answering fails."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.server.asgi import SORRY, _command_reply, parse_form


def stdlib(text: str) -> dict[str, str] | None:
    """What the standard library makes of a form body, or None where its strict parsing refuses it."""
    try:
        return dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "a=1&",
        "&a=1",
        "a=1&&b=2",
        "=x",
        "a==b",
        "a=%zz",
        "a=%E2%82",
        "a=%FF%FE",
        "a;b=1",
        "a+b=c+d",
        "a%2Bb=c%2Bd",
        "a=1&a=2",
        "text=did+AT%26T+sign%3F&command=%2Faccord",
        urlencode({"text": "caf\xe9 & <b> = 100% + more", "user_id": "U1"}),
    ],
)
def test_parse_form_agrees_with_the_standard_library(text: str) -> None:
    assert parse_form(text) == stdlib(text)


form_text = st.lists(
    st.tuples(st.text(max_size=8), st.text(max_size=12)).map(lambda kv: urlencode([kv])), max_size=6
).map("&".join)
raw_text = st.text(alphabet=st.sampled_from("ab=&%+2F0E8é ;"), max_size=30)


@given(st.one_of(form_text, raw_text))
def test_parse_form_agrees_on_any_input(text: str) -> None:
    assert parse_form(text) == stdlib(text)


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
