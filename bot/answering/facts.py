"""Fact matching: a question's terms against each fact's example questions and keywords, IDF-weighted."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bot.answering.knowledge import Fact, KnowledgeBase
from bot.answering.text import terms, terms_of

MIN_TYPO_LEN = 5
MAX_TYPO_LEN = 30  # no real word is longer; a long run of letters is noise, not a typo
# Question words: they shape a question but do not say what it is about, so they never match alone.
QUESTION_TERMS = frozenset(
    {"who", "when", "where", "why", "how", "howmany", "howmuch", "which", "whose", "whom"}
)
MAX_UNEXPLAINED = 0.34  # a question whose words no fact knows weigh more than this is about something else
MAX_UNEXPLAINED_ANCHORED = 0.4  # ... a little more when it names one of a fact's keywords
# Words people type recur across questions: each is looked up in the vocabulary once.
CORRECTIONS_KEPT = 16_384


class FactScore(NamedTuple):
    """How well a question matches one fact."""

    fact: Fact
    score: float  # 0..1
    example: float  # best weighted overlap with one example question
    keyword: float  # share of the question's weight that the fact's keywords cover


class FactIndex:
    """The facts' example questions and keywords, as weighted term sets."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._facts = kb.facts
        examples_of: list[list[frozenset[str]]] = []
        keywords_of: list[list[tuple[str, ...]]] = []
        df: dict[str, int] = {}
        for fact in kb.facts:
            examples = [frozenset(terms(q)) for q in fact.questions]
            keywords = [tuple(terms(k)) for k in fact.keywords]
            examples_of.append([e for e in examples if e])
            keywords_of.append([k for k in keywords if k])
            vocab = set().union(*examples, *(set(k) for k in keywords))
            for t in vocab:
                df[t] = df.get(t, 0) + 1
        n = len(kb.facts)
        self._idf = {t: math.log(1 + n / d) for t, d in df.items()}
        self._unknown_weight = max(self._idf.values(), default=1.0)
        self._vocab = sorted(self._idf)
        self._corrected = lru_cache(maxsize=CORRECTIONS_KEPT)(self._correct)
        # Every example question of every fact, numbered: its fact, its weight, and which examples hold a term
        # (question words apart: they never match alone, so they reach no example by themselves).
        self._example_fact: list[int] = []
        self._example_weight: list[float] = []
        self._postings: dict[str, list[int]] = {}
        question_postings: dict[str, set[int]] = {}
        for fi, examples in enumerate(examples_of):
            for e in examples:
                ex = len(self._example_fact)
                self._example_fact.append(fi)
                self._example_weight.append(sum(self._idf[t] for t in e))
                for t in e:
                    if t in QUESTION_TERMS:
                        question_postings.setdefault(t, set()).add(ex)
                    else:
                        self._postings.setdefault(t, []).append(ex)
        self._question_postings = {t: frozenset(ps) for t, ps in question_postings.items()}
        self._keyword_postings: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for fi, keywords in enumerate(keywords_of):
            for kw in keywords:
                self._keyword_postings.setdefault(kw[0], []).append((fi, frozenset(kw)))

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every term that some fact knows."""
        return frozenset(self._idf)

    def correct(self, term: str) -> str:
        """A term the facts do not know, replaced by a known one it is a likely typo of (same first letter)."""
        if term in self._idf or not MIN_TYPO_LEN <= len(term) <= MAX_TYPO_LEN or not term.isalpha():
            return term
        return self._corrected(term)

    def _correct(self, term: str) -> str:
        hit = process.extractOne(term, self._vocab, scorer=fuzz.ratio, score_cutoff=85)
        if hit is not None and hit[0][0] == term[0]:
            return hit[0]
        return term

    def query_terms(self, question: str | tuple[str, ...]) -> frozenset[str]:
        """The question's terms (from its text or its folded words), typos of known terms corrected."""
        found = terms(question) if isinstance(question, str) else terms_of(question)
        # A number no fact mentions ("the 4 companies") says nothing about which fact is meant.
        return frozenset(self.correct(t) for t in found if not (t.isdigit() and t not in self._idf))

    def rank(self, q: frozenset[str]) -> list[FactScore]:
        """The facts that share anything with the question's terms, scored, best first."""
        if not q:
            return []
        idf = self._idf
        wq = sum(idf.get(t, self._unknown_weight) for t in q)  # a term no fact knows weighs most
        hits: dict[int, set[str]] = {}
        for t in q:
            for fi, kw in self._keyword_postings.get(t, ()):
                if q.issuperset(kw):
                    hits.setdefault(fi, set()).update(kw)
        unexplained = sum(self._unknown_weight for t in q if t not in idf) / wq
        if unexplained > (MAX_UNEXPLAINED_ANCHORED if hits else MAX_UNEXPLAINED):
            return []
        # The weight each example shares with the question, summed term by term over the examples holding
        # it; an example is reached only through a term that is not a question word.
        shared: dict[int, float] = {}
        get = shared.get
        for t in q:
            postings = self._postings.get(t)
            if postings is not None:
                w = idf[t]
                for ex in postings:
                    shared[ex] = get(ex, 0.0) + w
        for t in q & self._question_postings.keys():
            w = idf[t]
            for ex in self._question_postings[t] & shared.keys():
                shared[ex] += w
        best_by_fact: dict[int, float] = {}
        weight, fact_of = self._example_weight, self._example_fact
        for ex, sh in shared.items():
            dice = 2 * sh / (wq + weight[ex])
            fi = fact_of[ex]
            if dice > best_by_fact.get(fi, 0.0):
                best_by_fact[fi] = dice
        out = []
        for fi in best_by_fact.keys() | hits.keys():
            best = round(best_by_fact.get(fi, 0.0), 4)
            if fi in hits:
                cover = sum(map(idf.__getitem__, hits[fi])) / wq
                score = max(best, round(0.5 + 0.5 * min(cover, 1.0), 4))
                out.append(FactScore(self._facts[fi], score, best, round(cover, 4)))
            else:
                out.append(FactScore(self._facts[fi], best, best, 0.0))
        out.sort(key=lambda s: s.score, reverse=True)
        return out
