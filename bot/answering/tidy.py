"""Tidying a question before it is read: a greeting in front, filler anywhere ("pls", "lol"), shouting, and
(on a second reading) typos of the words questions are made of."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.answering.lexicon import Lexicon

Token = tuple[str, str, str]  # (as written, folded, text before it): bot.answering.text.tokens
LONG_WORD = 10  # words this long may have two typos
MAX_WORD_LEN = 30  # longer runs of letters are noise, not typos
MIN_TYPO_LEN = 4  # shorter words are typos only when the lexicon lists them ("teh")
ALLOWED_GREETING_TAIL = frozenset(["there", "all", "everyone", "bot", "team", "folks", "guys"])


def drop(toks: list[Token], keep: Iterable[bool]) -> list[Token]:
    """The tokens whose `keep` is true; punctuation before a dropped token moves to the next one kept."""
    out: list[Token] = []
    carry = ""
    for tok, k in zip(toks, keep, strict=True):
        if k:
            shown, folded, before = tok
            out.append((shown, folded, (carry + before) if carry.strip() else before))
            carry = ""
        else:
            carry += tok[2]
    return out


def tidy(toks: list[Token], lexicon: Lexicon) -> list[Token]:
    """The question without a leading greeting (and the words addressing the bot after it) or filler words;
    all-capitals text in lower case."""
    folded = [f for _, f, _ in toks]
    start = lexicon.strip_greeting(folded)
    if start:
        while start < len(folded) and folded[start] in ALLOWED_GREETING_TAIL:
            start += 1
    keep = [i >= start and f not in lexicon.filler for i, f in enumerate(folded)]
    out = drop(toks, keep)
    letters = "".join(s for s, _, _ in out if s.isalpha())
    if len(letters) > 6 and letters.isupper():
        out = [(s.lower(), f, b) for s, f, b in out]
    return out


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    """pyspellchecker's English word list (160,000 words), loaded on first use: about 0.1 s and 35 MB, paid
    only when a question needs a second, typo-corrected reading."""
    from spellchecker import SpellChecker  # noqa: PLC0415

    return SpellChecker(language="en", distance=1)


def preload() -> None:
    """Load the word list now (a server does this at start, so no question pays for it)."""
    _dictionary()


def _english_word(word: str) -> bool:
    """Whether a word is in the English dictionary."""
    return word in _dictionary()


EVERYDAY = (
    200_000  # occurrences in pyspellchecker's English corpus: "few", "whole", "supposed"; not "weather"
)


def everyday(word: str) -> bool:
    """Whether a word is an everyday English word (a frequent one, topic-free more often than not)."""
    return bool(_dictionary().word_frequency[word] >= EVERYDAY)


def inflections(word: str) -> set[str]:
    """Regular English forms of a word ("organize" → organized, organizes, organizing), so that a typo of
    any form is near a known word."""
    stem = word[:-1] if word.endswith("e") else word
    return {word + "s", stem + "ed", stem + "ing", word + "d" if word.endswith("e") else word + "ed"}


def _likeness(typo: str, candidate: str) -> int:
    """How typing-like the difference is: the same letters swapped (2), a letter left out (1), else 0."""
    if sorted(typo) == sorted(candidate):
        return 2
    it = iter(candidate)
    return 1 if all(ch in it for ch in typo) else 0


class Speller:
    """Corrects words that are near a word the bot's questions are made of: one edit (two for long words),
    the same first letter, and no other word as close. Names are never corrected here (the name matcher
    has its own typo tolerance)."""

    def __init__(self, vocabulary: Iterable[str], lexicon: Lexicon, protected: Iterable[str]) -> None:
        words = {w for w in vocabulary if w.isalpha() and len(w) >= MIN_TYPO_LEN - 1} - set(lexicon.typos)
        self._vocab = sorted(words | {f for w in words for f in inflections(w)})
        self._known = frozenset(self._vocab)
        self.vocabulary = self._known | frozenset(lexicon.typos)
        self._typos = lexicon.typos
        self._protected = frozenset(protected)

    def correct(self, word: str) -> str:
        """The word, or the vocabulary word it is a typo of."""
        listed = self._typos.get(word)
        if listed is not None:
            return listed
        if (
            word in self._known
            or word in self._protected
            or not MIN_TYPO_LEN <= len(word) <= MAX_WORD_LEN
            or not word.isalpha()
        ):
            return word
        if _english_word(word):
            return word  # a real word ("funds", "expelled") is never a typo of another
        return self._nearest(word)

    @lru_cache(maxsize=8192)  # noqa: B019 - one speller per knowledge base, kept for its lifetime
    def _nearest(self, word: str) -> str:
        allowed = 1 if len(word) < LONG_WORD else 2  # "expelled" is not "expected"
        found = process.extract(word, self._vocab, scorer=OSA.distance, limit=8, score_cutoff=allowed)
        near = [(d, -_likeness(word, cand), cand) for cand, d, _ in found if cand[0] == word[0]]
        if not near:
            return word
        near.sort()
        if len(near) > 1 and near[1][:2] == near[0][:2]:
            return word  # two words as close and as likely: no guess
        return near[0][2]

    def correct_tokens(self, toks: list[Token]) -> list[Token]:
        """The tokens with typos corrected (a listed typo may become several words: "sth" → "something")."""
        out: list[Token] = []
        for shown, folded, before in toks:
            fixed = self.correct(folded)
            if fixed == folded:
                out.append((shown, folded, before))
                continue
            for k, w in enumerate(fixed.split()):
                out.append((w, w, before if k == 0 else " "))
        return out
