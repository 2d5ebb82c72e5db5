"""Fact matching: a question's terms against each fact's example questions and keywords, IDF-weighted."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.knowledge import Fact, KnowledgeBase
from bot.text import terms

MIN_TYPO_LEN = 5


@dataclass(frozen=True)
class FactScore:
    """How well a question matches one fact."""

    fact: Fact
    score: float  # 0..1
    example: float  # best weighted overlap with one example question
    keyword: float  # share of the question's weight that the fact's keywords cover


class FactIndex:
    """The facts' example questions and keywords, as weighted term sets."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._facts = kb.facts
        self._examples: list[list[frozenset[str]]] = []
        self._keywords: list[list[tuple[str, ...]]] = []
        df: dict[str, int] = {}
        for fact in kb.facts:
            examples = [frozenset(terms(q)) for q in fact.questions]
            keywords = [tuple(terms(k)) for k in fact.keywords]
            self._examples.append([e for e in examples if e])
            self._keywords.append([k for k in keywords if k])
            vocab = set().union(*examples, *(set(k) for k in keywords))
            for t in vocab:
                df[t] = df.get(t, 0) + 1
        n = len(kb.facts)
        self._idf = {t: math.log(1 + n / d) for t, d in df.items()}
        self._unknown_weight = max(self._idf.values(), default=1.0)
        self._vocab = sorted(self._idf)

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every term that some fact knows."""
        return frozenset(self._idf)

    def correct(self, term: str) -> str:
        """A term the facts do not know, replaced by a known one it is a likely typo of (same first letter)."""
        if term in self._idf or len(term) < MIN_TYPO_LEN or not term.isalpha():
            return term
        hit = process.extractOne(term, self._vocab, scorer=fuzz.ratio, score_cutoff=85)
        if hit is not None and hit[0][0] == term[0]:
            return hit[0]
        return term

    def weight(self, term: str) -> float:
        """A term's weight: rare across facts weighs more; a term no fact knows weighs most."""
        return self._idf.get(term, self._unknown_weight)

    def query_terms(self, question: str) -> frozenset[str]:
        """The question's terms, typos of known terms corrected."""
        return frozenset(self.correct(t) for t in terms(question))

    def rank(self, q: frozenset[str]) -> list[FactScore]:
        """Every fact scored against the question's terms, best first."""
        if not q:
            return []
        wq = sum(self.weight(t) for t in q)
        out = []
        for fact, examples, keywords in zip(self._facts, self._examples, self._keywords, strict=True):
            best = 0.0
            for e in examples:
                shared = sum(self.weight(t) for t in q & e)
                if shared:
                    best = max(best, 2 * shared / (wq + sum(self.weight(t) for t in e)))
            hit_terms = {t for k in keywords if set(k) <= q for t in k}
            kw = sum(self.weight(t) for t in hit_terms) / wq if hit_terms else 0.0
            score = max(best, 0.5 + 0.5 * min(kw, 1.0) if hit_terms else 0.0)
            out.append(FactScore(fact, round(score, 4), round(best, 4), round(kw, 4)))
        out.sort(key=lambda s: s.score, reverse=True)
        return out
