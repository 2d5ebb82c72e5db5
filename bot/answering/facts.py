"""Fact matching: a question's terms against each fact's example questions and keywords, IDF-weighted."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bot.answering.knowledge import Fact, KnowledgeBase
from bot.answering.text import STOPWORDS, words

MIN_TYPO_LEN = 5
MAX_TYPO_LEN = 30  # no real word is longer; a long run of letters is noise, not a typo
# Question words: they shape a question but do not say what it is about, so they never match alone.
QUESTION_TERMS = frozenset(
    {"who", "when", "where", "why", "how", "howmany", "howmuch", "which", "whose", "whom"}
)
# The answers' words as a fallback (measured on the held-out paraphrases, tests/answering/test_facts.py):
ASKED_ENOUGH = 0.45  # an example-question match this good is used (raised by its answer's words, below)
ANSWER_BONUS = (
    0.3  # ... by this share of what it lacks of 1, when its answer holds all of the question's words
)
ANSWER_RERANK = 5  # ... for this many of the best matches
MIN_BONUS_COVER = 0.6  # ... when the answer holds at least this share of the question (never past 1)
COMMON_WORD_WEIGHT = 0.3  # an everyday English word the facts do not know weighs this share of an unknown one
FOCUS_WEIGHT = 2.0  # what a "which …" question asks for weighs this many times its IDF
ANSWER_WEIGHT = (
    0.72  # a question all of whose content words are in one fact's answer (and clearly no other) scores this
)
ANSWER_UNSURE = 0.5  # ... and this when another answer holds nearly as much: at most "did you mean…?"
MIN_ANSWER_COVER = 0.7  # the share of the question's content weight an answer must hold to count at all
ANSWER_LEAD = 0.2  # the lead in that share over the next answer needed to point at one fact
MIN_ANSWER_TERMS = 2  # one content word is too little evidence
MAX_UNEXPLAINED = 0.34  # a question whose words no fact knows weigh more than this is about something else
MAX_UNEXPLAINED_ANCHORED = 0.4  # ... a little more when it names one of a fact's keywords
MAX_UNEXPLAINED_CURATED = 0.55  # ... and more in another language, whose curated questions are few
# Words people type recur across questions: each is looked up in the vocabulary once.
CORRECTIONS_KEPT = 16_384


class FactScore(NamedTuple):
    """How well a question matches one fact."""

    fact: Fact
    score: float  # 0..1
    example: float  # best weighted overlap with one example question
    keyword: float  # share of the question's weight that the fact's keywords cover
    answer: float = 0.0  # the share of the question's content words that the fact's answer holds, damped
    matched: float = 0.0  # the score from example questions and keywords alone

    @property
    def from_answer(self) -> bool:
        """Whether the score rests on the answer's text rather than on the example questions or keywords."""
        return self.answer > self.matched


class FactIndex:
    """The facts' example questions and keywords, as weighted term sets."""

    def __init__(self, kb: KnowledgeBase, language: str | None = None) -> None:
        """The index of the facts' English questions, or (with `language`) of their curated questions in that
        language, whose stop words the lexicon lists."""
        self._facts = kb.facts
        self._lexicon = kb.lexicon
        self._stopwords = STOPWORDS | kb.lexicon.stopwords.get(language or "", frozenset())
        self.language = language
        terms = self.terms
        # A fact about the sources themselves answers only a question that names a source (curated questions in
        # other languages are matched whole, so the English words are not asked of them).
        self._needs = {
            f.id: frozenset(t for w in f.needs for t in terms(w))
            for f in kb.facts
            if f.needs and language is None
        }
        examples_of: list[list[frozenset[str]]] = []
        keywords_of: list[list[tuple[str, ...]]] = []
        answers_of: list[frozenset[str]] = []
        df: dict[str, int] = {}
        answer_df: dict[str, int] = {}
        for fact in kb.facts:
            asked = fact.questions if language is None else fact.questions_in.get(language, [])  # type: ignore[call-overload]
            examples = [frozenset(terms(q)) for q in asked]
            keywords = [tuple(terms(k)) for k in fact.keywords]
            examples_of.append([e for e in examples if e])
            keywords_of.append([k for k in keywords if k])
            vocab = set().union(*examples, *(set(k) for k in keywords))
            for t in vocab:
                df[t] = df.get(t, 0) + 1
            # The answer's own words rank too (as Azure's question answering ranks both fields): a question
            # worded like the answer rather than like any example ("which 1949 treaty did Smith mean?").
            said = frozenset(terms(fact.answer)) - QUESTION_TERMS if language is None else frozenset()
            answers_of.append(said)
            for t in said:
                answer_df[t] = answer_df.get(t, 0) + 1
        n = len(kb.facts)
        self._idf = {t: math.log(1 + n / d) for t, d in df.items()}
        self._asked_vocab = frozenset(self._idf)  # the terms of the example questions and keywords
        for t, d in answer_df.items():  # known from answers only: explained, weighed as rare as it is there
            self._idf.setdefault(t, math.log(1 + n / d))
        self._answer_terms = answers_of
        self._index = {f.id: i for i, f in enumerate(kb.facts)}
        self._answer_postings: dict[str, list[int]] = {}
        for fi, said in enumerate(answers_of):
            for t in said:
                self._answer_postings.setdefault(t, []).append(fi)
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

    def terms(self, text: str) -> list[str]:
        """A text's terms as this index compares them."""
        return self._lexicon.terms(words(text), self._stopwords)

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every term of the facts' example questions and keywords (the words of questions, not of answers,
        which name every signatory)."""
        return self._asked_vocab

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
        found = (
            self.terms(question)
            if isinstance(question, str)
            else self._lexicon.terms(question, self._stopwords)
        )
        # A number no fact mentions ("the 4 companies") says nothing about which fact is meant.
        return frozenset(self.correct(t) for t in found if not (t.isdigit() and t not in self._idf))

    def rank(
        self, q: frozenset[str], focus: frozenset[str] = frozenset(), common: frozenset[str] = frozenset()
    ) -> list[FactScore]:
        """The facts that share anything with the question's terms, scored, best first.

        Two kinds of evidence: the example questions and keywords first; when neither matches well, the
        answers' own words, as a damped fallback that must cover most of the question and point at one fact.
        `focus` terms (what a "which …" question asks for) weigh double; `common` terms (everyday English words no
        fact knows: "supposed", "few", "guy") count less against a question than other unknown words."""
        if not q:
            return []
        if self._needs:
            return [r for r in self._rank(q, focus, common) if q & self._needs.get(r.fact.id, q)]
        return self._rank(q, focus, common)

    def _rank(self, q: frozenset[str], focus: frozenset[str], common: frozenset[str]) -> list[FactScore]:
        weight = self._weigher(focus)
        matched = self._rank_asked(q, weight, common)
        if matched and matched[0].score >= ASKED_ENOUGH:
            return self._with_answers(q, matched, weight)
        said = self._rank_said(q, weight)
        if not said:
            return matched
        by_fact = {s.fact.id: s for s in matched}
        merged = [
            by_fact.pop(a.fact.id, a)._replace(
                score=max(a.score, by_fact.get(a.fact.id, a).score), answer=a.answer
            )
            if a.fact.id in by_fact
            else a
            for a in said
        ]
        merged.extend(by_fact.values())
        merged.sort(key=lambda s: s.score, reverse=True)
        return merged

    def _weigher(self, focus: frozenset[str]) -> Callable[[str], float]:
        """A term's weight: its IDF (the most for a term no fact knows), doubled for a focus term."""
        idf, unknown = self._idf, self._unknown_weight
        focus = focus - QUESTION_TERMS  # question words reach examples only alongside other terms
        if not focus:
            return lambda t: idf.get(t, unknown)
        return lambda t: idf.get(t, unknown) * (FOCUS_WEIGHT if t in focus else 1.0)

    def _with_answers(
        self, q: frozenset[str], matched: list[FactScore], weight: Callable[[str], float]
    ) -> list[FactScore]:
        """Example matches, each raised a little by how much of the question its answer holds: between two
        facts whose examples match alike, the one whose answer says what was asked about leads."""
        content = [t for t in q if t not in QUESTION_TERMS]
        if not content:
            return matched
        weights = {t: weight(t) for t in content}
        total = sum(weights.values())
        out = []
        for s in matched[:ANSWER_RERANK]:
            said = self._answer_terms[self._index[s.fact.id]]
            cover = sum(w for t, w in weights.items() if t in said) / total
            raised = s.score + ANSWER_BONUS * cover * (1 - s.score) if cover >= MIN_BONUS_COVER else s.score
            out.append(s._replace(score=round(raised, 4), answer=round(cover, 4)))
        out.extend(matched[ANSWER_RERANK:])
        out.sort(key=lambda s: s.score, reverse=True)
        return out

    def _rank_said(self, q: frozenset[str], weight: Callable[[str], float]) -> list[FactScore]:
        """Facts whose answer holds most of the question's content words, damped; a fact only when one answer
        clearly holds more than any other."""
        content = [t for t in q if t not in QUESTION_TERMS]
        if len(content) < MIN_ANSWER_TERMS:
            return []
        weights = {t: weight(t) for t in content}
        total = sum(weights.values())
        said: dict[int, float] = {}
        for t in content:
            for fi in self._answer_postings.get(t, ()):
                said[fi] = said.get(fi, 0.0) + weights[t]
        ranked = sorted(((w / total, fi) for fi, w in said.items()), reverse=True)
        if not ranked or ranked[0][0] < MIN_ANSWER_COVER:
            return []
        top = ranked[0][0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        out = []
        for cover, fi in ranked[:3]:
            clear = cover == top and top - second >= ANSWER_LEAD
            score = round(ANSWER_WEIGHT * cover if clear else ANSWER_UNSURE * cover, 4)
            out.append(FactScore(self._facts[fi], score, 0.0, 0.0, round(cover, 4), 0.0))
        return out

    def _rank_asked(
        self, q: frozenset[str], weight: Callable[[str], float], common: frozenset[str] = frozenset()
    ) -> list[FactScore]:
        """Facts by their example questions and keywords, IDF-weighted."""
        asked = self._asked_vocab

        def unknown(t: str) -> float:  # a term no question knows weighs most, an everyday word less
            return self._unknown_weight * (COMMON_WORD_WEIGHT if t in common else 1.0)

        wq = sum(weight(t) if t in asked else unknown(t) for t in q)
        hits: dict[int, set[str]] = {}
        for t in q:
            for fi, kw in self._keyword_postings.get(t, ()):
                if q.issuperset(kw):
                    hits.setdefault(fi, set()).update(kw)
        unexplained = sum(unknown(t) for t in q if t not in asked) / wq
        limit = MAX_UNEXPLAINED_ANCHORED if hits else MAX_UNEXPLAINED
        if unexplained > (limit if self.language is None else MAX_UNEXPLAINED_CURATED):
            return []
        # The weight each example shares with the question, summed term by term over the examples holding
        # it; an example is reached only through a term that is not a question word.
        shared: dict[int, float] = {}
        get = shared.get
        for t in q:
            postings = self._postings.get(t)
            if postings is not None:
                w = weight(t)
                for ex in postings:
                    shared[ex] = get(ex, 0.0) + w
        for t in q & self._question_postings.keys():
            w = weight(t)
            for ex in self._question_postings[t] & shared.keys():
                shared[ex] += w
        best_by_fact: dict[int, float] = {}
        example_weight, fact_of = self._example_weight, self._example_fact
        # A focus term weighs more in the examples that hold it too, so that a perfect match stays at 1.
        extra: dict[int, float] = {}
        for t in q:
            boost = weight(t) - self._idf.get(t, 0.0)
            if boost > 0:
                for ex in self._postings.get(t, ()):
                    extra[ex] = extra.get(ex, 0.0) + boost
        for ex, sh in shared.items():
            dice = min(1.0, 2 * sh / (wq + example_weight[ex] + extra.get(ex, 0.0)))
            fi = fact_of[ex]
            if dice > best_by_fact.get(fi, 0.0):
                best_by_fact[fi] = dice
        out = []
        for fi in best_by_fact.keys() | hits.keys():
            best = round(best_by_fact.get(fi, 0.0), 4)
            if fi in hits:
                cover = sum(map(weight, hits[fi])) / wq
                score = max(best, round(0.5 + 0.5 * min(cover, 1.0), 4))
                out.append(FactScore(self._facts[fi], score, best, round(cover, 4), 0.0, score))
            else:
                out.append(FactScore(self._facts[fi], best, best, 0.0, 0.0, best))
        out.sort(key=lambda s: s.score, reverse=True)
        return out
