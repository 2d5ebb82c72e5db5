"""Terms: a question's words as the matcher compares them. Synonyms, phrases, typos and filler come from the
knowledge base's lexicon file (data a non-programmer extends); stems from the Snowball stemmer (PyStemmer);
only grammar-shaped rewrites (patterns with context) stay here as code."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import Stemmer

from bot.answering.text import STOPWORDS, fold

_STEMMER = Stemmer.Stemmer("english")
_STEMMER.maxCacheSize = 20_000  # PyStemmer's own cache of word → stem


@lru_cache(maxsize=16_384)
def stem(word: str) -> str:
    """A word's Snowball (Porter2) stem; words with digits or joiners stay as they are."""
    w = word.replace("'", "")
    if len(w) <= 3 or not w.isalpha():
        return w
    return str(_STEMMER.stemWord(w))


# Rewrites that need context, so they are patterns rather than lexicon phrases:
# (text the pattern cannot match without, or a choice of such texts; pattern; replacement)
_RULES: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = (
    (("tech",), re.compile(r"\b(?:cybersecurity )?tech(?:nology)? accord\b"), "accord"),
    (
        ("compan", "firm", "tech", "giant", "based"),
        re.compile(r"\bu\.?s\.?\b(?=\s+(?:compan|firm|tech|giant|based))"),
        "usa",
    ),
    (("together",), re.compile(r"\bput ((?:\w+ ){0,3})together\b"), r"organised \1"),
    (("roll",), re.compile(r"\broll(?:ed|ing)? out\b"), "proposed"),
    (
        ("sign", "log"),
        re.compile(
            r"\b(?:sign(?:ed|ing)?|log(?:ged|ging)?) (?:in|into|out)\b(?!\s+(?:\d|the accord|to the))"
        ),
        "login",
    ),
    (("put",), re.compile(r"\bput (?:their|its|his|her) names? (?:to|on)\b"), "sign"),
    (("sign",), re.compile(r"\bsign(?:ed)? (?:up|on)\b"), "sign"),
    # "what did the firms pledge?", "they pledged to": the verb, a promise; "the pledge" stays the accord
    (("pledge",), re.compile(r"\b(did(?: \w+){1,4} )pledge$"), r"\1promise"),
    (("pledge",), re.compile(r"(?<!\bthe )(?<!\bthis )(?<!\bthat )(?<!\ba )\bpledged? (?=to\b)"), "promise "),
    (("state",), re.compile(r"\bstate[\s-]sponsored\b"), "statesponsored"),
)


TERMS_KEPT = 32_768  # term lists kept per lexicon (a question's words are read several times over)


class Lexicon:
    """The lexicon file, compiled: words to concepts, phrases to terms, typos, filler and greetings."""

    def __init__(
        self,
        *,
        synonyms: Mapping[str, Iterable[str]],
        foreign: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
        phrases: Mapping[str, str],
        typos: Mapping[str, str],
        filler: Iterable[str],
        greetings: Iterable[str],
        stopwords: Mapping[str, Iterable[str]],
        sectors: Mapping[str, Iterable[str]] | None = None,
        places: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        # A word as written names its concept first ("organisation" is a company); its stem next ("organised").
        self._word: dict[str, str] = {}
        self._stem: dict[str, str] = {}
        for concept, words in synonyms.items():
            for w in words:
                self._word.setdefault(w, concept)
                self._stem.setdefault(stem(w), concept)
        self._terms_cache: dict[tuple[str, int], tuple[str, ...]] = {}
        self.words = frozenset(self._word)  # the English words (other languages' words are not English)
        for by_concept in (foreign or {}).values():
            for concept, words in by_concept.items():
                for w in words:
                    self._word.setdefault(fold(w), concept)
        self._phrases = dict(phrases)
        # The tokens that phrases and rules write ("howmany", "statesponsored") stand for themselves.
        for made in [
            *phrases.values(),
            "accord",
            "usa",
            "login",
            "sign",
            "promise",
            "statesponsored",
            "proposed",
        ]:
            for w in made.split():
                self._word.setdefault(w, w)
        rules = list(_RULES)
        if self._phrases:
            longest_first = sorted(self._phrases, key=len, reverse=True)
            hints = tuple(sorted({p.split()[0] for p in longest_first}))
            alternation = "|".join(re.escape(p) for p in longest_first)
            pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
            rules.insert(0, (hints, pattern, "\0"))  # "\0": look the phrase up
        self._rules = tuple(rules)
        self._any_hint = re.compile("|".join(re.escape(h) for hints, _, _ in self._rules for h in hints))
        self.typos = dict(typos)
        self.filler = frozenset(filler)
        self.greetings = tuple(sorted((tuple(g.split()) for g in greetings), key=len, reverse=True))
        self._greeting_starts = frozenset(g[0] for g in self.greetings if g)
        self.stopwords = {lang: frozenset(fold(w) for w in ws) for lang, ws in stopwords.items()}
        self.sector_of = {w: sector for sector, ws in (sectors or {}).items() for w in ws}
        self.places = {w: frozenset(cs) for w, cs in (places or {}).items()}

    def concept(self, word: str) -> str:
        """The concept a word stands for (its stem when it has none)."""
        hit = self._word.get(word)
        if hit is not None:
            return hit
        s = stem(word)
        return self._stem.get(s, s)

    def _phrase(self, m: re.Match[str]) -> str:
        return self._phrases[m.group(0)]

    def terms(self, folded: Iterable[str], stopwords: frozenset[str] = STOPWORDS) -> list[str]:
        """The meaningful terms of folded words, in order: phrases joined, stop words dropped, concepts."""
        low = " ".join(folded)
        key = (low, id(stopwords))
        found = self._terms_cache.get(key)
        if found is not None:
            return list(found)
        result = self._terms(low, stopwords)
        if len(self._terms_cache) >= TERMS_KEPT:
            self._terms_cache.clear()  # questions repeat within a burst; a full cache starts afresh
        self._terms_cache[key] = tuple(result)
        return result

    def _terms(self, low: str, stopwords: frozenset[str]) -> list[str]:
        if self._any_hint.search(low):
            for hints, pattern, repl in self._rules:
                if any(h in low for h in hints):
                    low = pattern.sub(self._phrase if repl == "\0" else repl, low)
        return [self.concept(w) for w in low.split() if w not in stopwords]

    def strip_greeting(self, folded: list[str]) -> int:
        """How many leading words are a greeting ("good morning", "hey there"), 0 if none."""
        if not folded or folded[0] not in self._greeting_starts:
            return 0
        for g in self.greetings:
            if tuple(folded[: len(g)]) == g:
                return len(g)
        return 0
