"""Shared fixtures: the real knowledge base and an answerer over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import Answerer
from bot.knowledge import KnowledgeBase, load

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The project's knowledge base."""
    return load(KNOWLEDGE)


@pytest.fixture(scope="session")
def bot(kb: KnowledgeBase) -> Answerer:
    """An answerer over the project's knowledge base."""
    return Answerer(kb)
