"""Recent: a bounded mapping that keeps the newest entries."""

from __future__ import annotations

from bot.store.recent import Recent


def test_the_oldest_entries_go_beyond_the_limit() -> None:
    kept: Recent[str, int] = Recent(2)
    for i, key in enumerate("abc"):
        kept.put(key, i)
    assert len(kept) == 2
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (None, 1, 2)


def test_putting_a_key_again_makes_it_the_newest() -> None:
    kept: Recent[str, int] = Recent(2)
    kept.put("a", 1)
    kept.put("b", 2)
    kept.put("a", 3)
    kept.put("c", 4)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (3, None, 4)
