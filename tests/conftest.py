"""Shared fixtures: the real knowledge base and an answerer over it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from bot.answering.answerer import Answerer
from bot.answering.knowledge import KnowledgeBase, load
from tests.harness import BotServer, StandIn

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture(scope="module")
def standin() -> Iterator[StandIn]:
    """A stand-in for Slack's Web API on 127.0.0.1, one per test module."""
    s = StandIn()
    yield s
    s.close()


@pytest.fixture(scope="module")
def server(standin: StandIn, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    """The bot's HTTP server, run as operators run it, against the module's stand-in."""
    srv = BotServer(standin, tmp_path_factory.mktemp("server") / "server.log")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The project's knowledge base."""
    return load(KNOWLEDGE)


@pytest.fixture(scope="session")
def bot(kb: KnowledgeBase) -> Answerer:
    """An answerer over the project's knowledge base."""
    return Answerer(kb)


# Property-based tests: a few hundred derandomised examples in `make test`, 10,000+ in `make fuzz`.
settings.register_profile("ci", max_examples=300, derandomize=True, deadline=None, print_blob=True)
settings.register_profile("fuzz", max_examples=10_000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
