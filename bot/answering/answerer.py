"""The answering core: question text in, a structured Answer out. No Slack, no I/O beyond loading knowledge."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import NamedTuple

from bot.answering.cited import Cited
from bot.answering.facts import FactIndex, FactScore
from bot.answering.knowledge import BACKGROUND, LANGUAGES, Company, Fact, KnowledgeBase, load
from bot.answering.language import Detected, detect, named
from bot.answering.lists import Lists
from bot.answering.models import Answer, Entity, Line, Run, line, strong
from bot.answering.names import DESCRIPTORS, NameIndex, NameMatch
from bot.answering.parse import AUX, FRAME, OPENERS, SPLITTERS, TRIGGERS, WH, Shape, Span, shape
from bot.answering.scope import other_subject
from bot.answering.text import (
    LEGAL_SUFFIXES,
    LONG_MESSAGE,
    STOPWORDS,
    clean_slack,
    clip,
    fold,
    question_in,
    question_starts,
    tokens,
    words,
)
from bot.answering.thresholds import Thresholds
from bot.answering.tidy import Speller, everyday, tidy

FACT_CLOSE = 0.75  # a match this close to an example question needs no mention of the accord
FACT_EXACT = 0.9  # ... and this close, even when it names a company ("who is the president of Microsoft?")
NOT_LISTED_CONFIDENCE = 0.9  # a known company that is not a signatory
UNKNOWN_NAME_CONFIDENCE = 0.6  # a name we do not know: not among the signatories, but we cannot say more
MAX_NAME_CHARS = 60
ENGLISH_SURE = 0.75  # a question with at least this share of the bot's English words is read as English
ENGLISH_SHARE = 0.5  # ... and with this share, unless the detector finds a language with curated questions
FOREIGN_CONFIDENCE = 0.5  # the detector's confidence needed for a language with curated questions
OTHER_LANGUAGE_CONFIDENCE = 0.9  # ... and for any other language written in Latin letters
HARDLY_ENGLISH = 0.2  # ... unless hardly a word is English
MIN_FOREIGN_WORDS = 2
CURATED_WEIGHT = 0.01  # a curated language the detector gives at least this weight may be chosen by its words
ENGLISH_DOUBT = 0.25  # a detector this sure the text may be English leaves it to the English reading first
# Words that say nothing of the language a question is in: the accord's own name.
NEUTRAL = frozenset(["cybersecurity", "tech", "accord", "cyber", "technology"])
MAX_DETECTED_CHARS = 500  # a question; longer text is not sent to the language detector
MAX_FOREIGN_NAMES = 6
MAX_FOCUS_WORDS = 3
# Words asking about the present, which the sources (17 April 2018) cannot speak for.
PRESENT = frozenset(
    "now currently current today still present presently anymore latest nowadays yet later since".split()
)
# A list of names after a colon or between commas ("scanner vendors: Tenable, Rapid7, Qualys?").
_LIST_MARK = re.compile(r":\s*[^,:]+,[^,]+|\w+,\s*\w+(?:\s+\w+)?,\s*\w+")
# Words that open a follow-up and carry nothing themselves ("and where?", "what about…", "so when was that?").
_FOLLOW_OPENER = re.compile(r"^(?:(?:and|so|also|ok|okay|then|but)\b[\s,]*)+|^(?:what|how)\s+about\s+", re.I)
# "which" in the languages with curated questions (folded: no accents).
WHICH = frozenset(
    "which welche welcher welches welchen quel quels quelle quelles cual cuales quais qual quale quali".split()
)
NOUN_CONCEPTS = frozenset(
    "attack company country cost role person source quote estimate information author customer government".split()
)
KIND_OF = (("kind", "of"), ("sort", "of"), ("type", "of"), ("kinds", "of"), ("types", "of"))
MAX_CANDIDATES = 3
CACHE_SIZE = 512  # answers kept for repeated questions (about 4 MB at most)
MAX_CACHED_CHARS = 500  # longer questions are answered afresh, never kept

HELP_PHRASES = frozenset(
    " ".join(
        """help|?|what can you do|what do you do|what can i ask|what can i ask you|what should i ask|how
    does this work|how do i use this|how do i use you|how do you
    work|usage|commands|examples|example|hi|hello|hey|start|menu|who are you|what are you|what do
    you know|what do you know about|options|instructions|help me|info|about|what is this bot|what
    does this bot do|how can you help|how can you help me""".split()
    ).split("|")
)
HELP_CUES = frozenset(
    """help use usage ask command commands example examples menu hello hi hey bot you topics topic cover
    covers capabilities""".split()
)
HELP_WORDS = HELP_CUES | frozenset(
    """what how can could do does i me my you your this the a an tell know about questions question there
    please work works kind kinds of sort sorts type types things thing show give some list options so ok okay
    am new here for is are it answer answers handle subjects stuff purpose for yo exactly with who intern
    colleague team joined just""".split()
)
MAX_HELP_WORDS = 12
# "thanks!", "ok, great": a courtesy, answered in kind (with the examples), never "I don't know that one".
GRATITUDE = frozenset("thanks thank thx ty tysm cheers appreciate appreciated".split())
THANKS_CUES = GRATITUDE | frozenset(
    "ok okay great cool nice perfect awesome brilliant excellent super sweet helpful legend".split()
)
THANKS_WORDS = THANKS_CUES | frozenset(
    "you so much very a lot got it that helps helped bot no one good to know really all mate man buddy".split()
)
EXAMPLES = (
    "did Apple sign?",
    "is Cisco a signatory?",
    "who led the accord?",
    "how many companies signed?",
    "which companies did not sign?",
    "what is the Digital Geneva Convention?",
)
_UNSAFE_NAME = re.compile(r"[^\w\s.&'+-]")
# Words around a name that may also begin one ("check" in "did Check Point sign?"): frame words other than
# the question's own small words, signing words and conjunctions.
_NAME_LEADERS = FRAME - STOPWORDS - SPLITTERS - AUX - WH
# The last word of a description rather than a name: "the iPhone maker", "the search giant".
DESCRIPTION_HEADS = frozenset(
    """maker makers giant giants provider providers vendor vendors chipmaker multinational startup startups
    designer designers developer developers manufacturer manufacturers supplier suppliers firms companies
    operators carriers""".split()
)
ROLE_WORDS = frozenset(
    """ceo ceos president chief executive executives founder founders chairman chairwoman boss bosses staff
    employees leadership""".split()
)
_ROLE_LINKS = frozenset(["of", "at", "from", "the"])
# "reading “CEO of Apple” as Apple": sure of the company, and saying how it was read
ROLE_READING_SCORE = 0.99
NEGATIVE_CUES = frozenset(
    """not no never refuse refused refuses refusing decline declined declines declining reject rejected
    rejects abstain abstained opted stay stayed stays staying""".split()
)


LATER_CUES = frozenset({"since", "after", "from"})  # "since 2018": the time after the sources


def shown_name(text: str) -> str:
    """A name from the question made safe to echo: no markup characters, bounded length."""
    return clip(" ".join(_UNSAFE_NAME.sub(" ", text).split()), MAX_NAME_CHARS)


class _Named(NamedTuple):
    """One company the question asks about, resolved or not."""

    asked: str
    match: NameMatch | None
    inside: tuple[Company, ...] = ()  # signatories whose name stands inside an unknown longer name
    start: int = 0  # where the name stands in the question


class _Read(NamedTuple):
    """A company as the answer reads it."""

    entity: Entity
    sources: list[str]
    confidence: float
    asked: str
    reading: bool  # the name was read from a typo or a role, so the answer says how
    background: str  # knowledge from beyond the sources, with its basis ("" when none)
    inside: str  # signatories named inside an unknown longer name ("" when none)


class Answerer:
    """Answers questions from one knowledge base."""

    def __init__(
        self, kb: KnowledgeBase, cache_size: int = CACHE_SIZE, thresholds: Thresholds | None = None
    ) -> None:
        self.kb = kb
        self.thresholds = thresholds or Thresholds()
        # answer() is pure, so repeated questions (people ask "did Apple sign?" a lot) are served from memory.
        self._cached = lru_cache(maxsize=cache_size)(self._answer)
        self.names = NameIndex(kb)
        self.facts = FactIndex(kb)
        self.lists = Lists(kb)
        self.cited = Cited(kb, self.facts, self.names)
        self._vocab = self.facts.vocabulary
        self._english = frozenset(self._question_words(kb)) | frozenset(kb.lexicon.typos)
        self._name_words_all = self.names.words  # words of names say nothing of a question's language
        self.speller = Speller(self._english, kb.lexicon, self.names.words)
        # Curated questions in other languages, one index a language (facts.yaml, questions_in).
        self._foreign = {
            lang: FactIndex(kb, lang)
            for lang in LANGUAGES
            if any(f.questions_in.get(lang) for f in kb.facts)  # type: ignore[call-overload]
        }
        # First words of the sources' company names that mean nothing else here ("microsoft", not "british").
        self._name_words = frozenset(
            w
            for w in self.names.first_words
            if len(w) >= 3
            and w not in STOPWORDS
            and w not in FRAME
            and (self.names.is_name(w) or kb.lexicon.concept(w) not in self._vocab)
        )

    # The one entry point ---------------------------------------------------------------------------------
    def answer(self, question: str, previous: str | None = None) -> Answer:
        """Answer one question (raw text, Slack markup allowed; of a long message, the question in it). With
        `previous`, the question last answered in the same thread: a follow-up ("and Google?", "when was that?")
        is read in its light, and a question that makes sense alone is answered alone."""
        if previous:
            return self._follow_up(question, previous)
        if len(question) > LONG_MESSAGE:
            return self._long(question)
        if len(question) > MAX_CACHED_CHARS:
            return self._answer(question)
        return self._cached(question)

    def _follow_up(self, question: str, previous: str) -> Answer:
        alone = self.answer(question)
        if alone.kind != "unknown" or alone.out_of_scope:
            return (
                alone  # "and Google?", "what about Oracle and Nokia?", "and who led it?" stand on their own
            )
        rest = _FOLLOW_OPENER.sub("", clean_slack(question)).strip(" ?!.,")
        if not rest:
            return alone
        earlier = clean_slack(previous)
        joined = self.answer(
            f"{earlier.rstrip(' ?!.')}, and {rest}?"
        )  # "where was it announced, and when was that?"
        if joined.kind in ("fact", "signatory") and not joined.did_you_mean:
            return joined  # its question is the one understood: the earlier question with the follow-up
        return alone

    def _long(self, message: str) -> Answer:
        """A long message: its last asking sentence, or the shortest tail of it from a question word that the
        bot can answer ("…which stayed out did Apple sign?")."""
        sentence = question_in(message)
        for candidate in question_starts(sentence):
            found = self._answer(candidate)
            if found.kind != "unknown" or found.did_you_mean:
                return found
        return self._answer(sentence)

    def _answer(self, question: str) -> Answer:
        text = clean_slack(question)
        toks = tokens(text)
        ws = [f for _, f, _ in toks]
        courtesy = self._courtesy(text, ws)
        if courtesy is not None:
            return courtesy
        tidied = tidy(toks, self.kb.lexicon)
        tws = [f for _, f, _ in tidied]
        if not tws or (tws != ws and self._is_help(tws)):
            return self._help(text)  # a greeting alone, or a greeting and a request for help
        spelt = [w for f in tws for w in self.kb.lexicon.typos.get(f, f).split()]
        if spelt != tws and self._is_help(spelt):
            return self._help(text)  # "heyy what can u do"
        language, sure = self._language(text, tidied)
        if language is not None and sure:
            return self._other_language(text, tidied, language)
        first = self._read(text, tidied)
        if first.kind != "unknown" or first.out_of_scope:
            return first
        if language is not None:  # the detector's weaker guess, tried once English could not answer
            return self._other_language(text, tidied, language)
        # A second reading with typos of the questions' own words corrected ("wen was teh acord anounced").
        fixed = self.speller.correct_tokens(tidied)
        if fixed != tidied:
            second = self._read(text, fixed)
            if second.kind != "unknown" or (second.did_you_mean and not first.did_you_mean):
                return second
        return first

    def _courtesy(self, text: str, ws: list[str]) -> Answer | None:
        """Thanks, help, or nothing at all: answered with what the bot can do."""
        if ws and THANKS_WORDS.issuperset(ws) and not THANKS_CUES.isdisjoint(ws):
            welcome = "You're welcome. " if not GRATITUDE.isdisjoint(ws) else ""
            return self._help(
                text, [f"{welcome}Anything else? Ask me about the ", strong("Cybersecurity Tech Accord")]
            )
        if self._is_help(ws):
            return self._help(text)
        return None

    def _read(self, text: str, toks: list[tuple[str, str, str]]) -> Answer:
        """One reading of a tidied question: scope, lists, companies, facts."""
        sh = shape(text, toks)
        cited = self.cited.answer(text, sh.folded)
        if cited is not None:
            return cited
        low = " ".join(sh.folded)
        # Names we do not know count only in "did X sign?", "is X a member?", "which of X, Y signed?" shapes,
        # and in a list of names that holds a known one ("tenable, rapid7, qualys?").
        unknown_counts = sh.sign_word and (sh.aux_start or "which of" in low) and not sh.list_intent
        listing = (
            len(sh.spans) > 1
            and not sh.list_intent
            and (sh.sign_word or sh.bare or bool(_LIST_MARK.search(text)))
        )
        known, unresolved = self._resolve(sh, unknown_counts or listing)
        if listing and not unknown_counts and not known:
            unresolved = []  # a list of names none of which is known is no evidence of a question about them
        mentioned = self.names.mentions(list(sh.folded))
        company_words = frozenset(w for n in known for w in words(n.asked)) | frozenset(
            w for c in mentioned for w in words(c.name)
        )
        other = other_subject(sh, company_words, self._known_word, tuple(b for _, _, b in toks))
        if other is not None:
            return self._out_of_scope(text, other, known)
        named_companies = [
            n.match.target.company
            for n in known
            if n.match and n.match.target.company and not n.match.target.part
        ]
        companies = list({c.id: c for c in [*named_companies, *mentioned]}.values())
        listed = self.lists.answer(text, sh.folded, companies, text, early=True)
        if listed is not None:
            return listed
        asked_unknown = [
            n
            for n in unresolved
            if n.start < sh.subject_end
            or "which of" in low
            or (
                listing and known and (n.asked[:1].isupper() or text.islower())
            )  # "Qualys", not "checking scanner"
        ]
        counting = ("how many" in low or "number of" in low) and "many of" not in low
        if known and not sh.list_intent and not counting and (sh.trigger or sh.bare or sh.what_about):
            return self._signatory(text, sh, [*known, *asked_unknown])
        if asked_unknown:
            return self._signatory(text, sh, [*known, *asked_unknown] if listing else asked_unknown)
        listed = self.lists.answer(text, sh.folded, companies, text, early=False)
        if listed is not None:
            return listed
        terms = self.facts.query_terms(sh.folded)
        ranked = self.facts.rank(terms, self._focus(sh.folded), self._everyday(sh.folded, terms))
        fact = self._fact(text, sh, ranked, bool(known or mentioned))
        about_signing = bool(known or mentioned) and sh.sign_word and not sh.list_intent and not counting
        if (
            fact is not None
            and not fact.did_you_mean
            and not (about_signing and ranked[0].example < FACT_EXACT)
        ):
            later = self._later_years(sh.folded, fact.text)
            if later and not self.kb.fact_by_id[fact.facts[0]].about_later:
                return self._after_the_sources(text, later, fact)
            return self._dated(fact, sh)
        if (mentioned and sh.sign_word) or len(known) >= 2:
            # "What reason did Apple give for not signing?", "did Oracle drop out?", "check Apple, Amazon and
            # Twitter": about signing, naming companies, no clear fact.
            named = known or [_Named(c.name, self.names.match_for(c)) for c in mentioned]
            return self._signatory(text, sh, named)
        if fact is not None:
            return fact
        return self._unknown(text, ranked, [c.name for c in mentioned])

    @staticmethod
    def _question_words(kb: KnowledgeBase) -> set[str]:
        """The words questions are made of, for the speller: the facts' example questions and keywords, the
        lexicon's words and the words around names."""
        found = set(STOPWORDS) | set(FRAME) | set(kb.lexicon.words) | set(HELP_WORDS) | set(THANKS_WORDS)
        for f in kb.facts:
            for q in (*f.questions, *f.keywords):
                found.update(words(q))
        return found

    def _language(self, text: str, toks: list[tuple[str, str, str]]) -> tuple[Detected | None, bool]:
        """The question's language when it is clearly not English, else None. The detector (lingua, in its
        low-accuracy mode) is asked only when few of the words are the bot's English ones (names and the
        accord's own name do not count either way); and it is sure of little from a few words, so a language
        with curated questions needs one of its own small words that English does not share, and any other
        near certainty (or a script other than Latin). The flag says whether the guess is sure enough to read
        the question in that language before trying English."""
        other_script = not text.isascii() and any(
            ch.isalpha() and not ("a" <= fold(ch) <= "z") for ch in text
        )
        if other_script:
            latin = " ".join(s for s, _, _ in toks if not s.isascii()) or text
            found = detect(latin)
            return (found, True) if found is not None and found.code != "en" else (None, False)
        ws = [
            f
            for k, (s, f, _) in enumerate(toks)
            if (k == 0 or not s[:1].isupper())
            and f.isalpha()
            and f not in NEUTRAL
            and f not in self._name_words_all
        ]  # a capital inside the sentence marks a name (the first word's is the sentence's); numbers say nothing
        foreign = sum(1 for w in ws if w not in self._english)
        englishness = 1 - foreign / max(len(ws), 1)
        if (
            englishness >= ENGLISH_SURE
            or foreign < MIN_FOREIGN_WORDS  # "did Acme 17 Widgets sign?": no word to judge a language by
            or len(text) > MAX_DETECTED_CHARS
        ):
            return None, False
        found = detect(text)
        if found is None or found.code == "en":
            return None, False
        curated = self._curated_language(found, [f for _, f, _ in toks])
        if curated is not None:
            return curated, True
        if len(ws) < MIN_FOREIGN_WORDS:
            return None, False  # "Do Americans trust Facebook?": too few words besides names to judge
        if found.confidence >= OTHER_LANGUAGE_CONFIDENCE and englishness < ENGLISH_SHARE:
            return found, True
        if englishness <= HARDLY_ENGLISH and found.confidence >= FOREIGN_CONFIDENCE:
            return found, False  # "Har Nokia skrivit under avtalet?": not one English word
        return None, False

    @staticmethod
    def _about_names(fact: Fact, language: str, asked: list[_Named]) -> bool:
        """Whether a fact's curated questions in a language speak of the companies asked about ("Chi è il
        presidente di Microsoft?")."""
        said = " ".join(fact.questions_in.get(language, [])).lower()  # type: ignore[call-overload]
        return all(n.asked.lower() in said for n in asked)

    def _curated_language(self, found: Detected, ws: list[str]) -> Detected | None:
        """A language with curated questions that the words support: the detector gives it some weight, the
        question holds its own small words (not shared with English), and English is unlikely. Of several, the
        one with the most own words, then the detector's favourite ("Quem é Kevin Simzer?" is Portuguese
        though the detector, on four words, leans Turkish)."""
        if found.english >= ENGLISH_DOUBT:
            return None
        weights = dict(found.others)
        best: tuple[int, float, str] | None = None
        for code, small in self.kb.lexicon.stopwords.items():
            own = len((small - STOPWORDS).intersection(ws))
            weight = weights.get(code, 0.0)
            if own and weight >= CURATED_WEIGHT and (best is None or (own, weight) > best[:2]):
                best = (own, weight, code)
        if best is None:
            return None
        code = best[2]
        return (
            found if code == found.code else found._replace(code=code, name=named(code), confidence=best[1])
        )

    def _other_language(self, text: str, toks: list[tuple[str, str, str]], found: Detected) -> Answer:
        """A question in another language, answered in English with a note saying so: a fact question matched
        against the curated questions in that language, else the companies it names, else what the English
        reading makes of it; failing all, a reply naming the language."""
        ws = [f for _, f, _ in toks]
        note = line(f"Answered in English: I read your question as {found.name}.", style="note")
        index = self._foreign.get(found.code)
        # The detected language's curated questions first, then those of any curated language whose small
        # words the question holds (on a few words the detector confuses Portuguese and Italian).
        indexes = [index] if index is not None else []
        indexes += [
            self._foreign[code]
            for code, small in self.kb.lexicon.stopwords.items()
            if code in self._foreign and code != found.code and not (small - STOPWORDS).isdisjoint(ws)
        ]
        t = self.thresholds
        asked = [_Named(m.asked, m) for m in self.names.scan(ws, text)]
        # Curated questions are few, so a match counts from halfway between "did you mean" and answering.
        enough = (t.answer + t.clarify) / 2
        for idx in indexes:
            ranked = idx.rank(idx.query_terms(tuple(ws)), self._focus(tuple(ws)))
            if not ranked or ranked[0].score < enough:
                continue
            if any(ranked[0].score - r.score < t.margin for r in ranked[1:]):
                continue
            best = ranked[0]
            if asked and not self._about_names(best.fact, idx.language or "", asked):
                break  # "A Amazon assinou o acordo?" asks about Amazon, not for the list of signatories
            if idx is not index:
                note = line(
                    f"Answered in English: I read your question as {named(idx.language or '')}.", style="note"
                )
            return Answer(
                kind="fact",
                lines=(*self.kb.fact_lines[best.fact.id], note),
                facts=(best.fact.id,),
                sources=self.kb.refs(best.fact.sources),
                confidence=round(best.score * 0.95, 4),
                question=text,
            )
        if asked:
            a = self._signatory(text, shape(text, toks), asked[:MAX_FOREIGN_NAMES])
            return a.with_lines((*a.lines, note))
        english = self._read(text, toks)
        if english.kind != "unknown":
            return english.with_lines((*english.lines, note))
        lines = [
            line(
                f"I read your question as {found.name}. I answer in English, from two English-language news "
                "reports about the ",
                strong("Cybersecurity Tech Accord"),
                f" of {self.kb.as_of_text}"
                + (", and I could not match this question to what they say." if index else "."),
            ),
            line("Try asking in English, for example:"),
            *(line(e, style="bullet") for e in EXAMPLES[:4]),
        ]
        return Answer(
            kind="unknown", lines=tuple(lines), confidence=0.9, suggestions=EXAMPLES[:4], question=text
        )

    def _focus(self, folded: tuple[str, ...]) -> frozenset[str]:
        """What a "which …" or "what kind of …" question asks for: the words right after it, up to its verb
        ("which hacking incidents did the articles mention?" asks for attacks, not sources)."""
        start = 0
        while start < len(folded) and folded[start] in OPENERS:
            start += 1
        k = start + 1
        if start >= len(folded):
            return frozenset()
        if folded[start : start + 1] == ("what",) and folded[k : k + 2] in KIND_OF:
            k += 2
        elif folded[start : start + 1] == ("what",):
            # "what attacks …" asks for attacks; "what happens …" has a verb after "what": only a noun the
            # lexicon knows counts.
            nxt = folded[k : k + 1]
            if not nxt or self.kb.lexicon.concept(nxt[0]) not in NOUN_CONCEPTS:
                return frozenset()
        elif folded[start] not in WHICH:
            return frozenset()
        head: list[str] = []
        while (
            k < len(folded)
            and len(head) < MAX_FOCUS_WORDS
            and folded[k] not in AUX
            and folded[k] not in TRIGGERS
        ):
            head.append(folded[k])
            k += 1
        return frozenset(self.kb.lexicon.terms(head)) - {"company", "accord"}

    def _dated(self, answer: Answer, sh: Shape) -> Answer:
        """A fact asked about in the present ("how many are in it now?") says what date the sources describe."""
        if PRESENT.isdisjoint(sh.folded) or any(ln.style == "note" for ln in answer.lines):
            return answer
        note = line(
            f"The sources describe the accord as of {self.kb.as_of_text}; they cannot tell what changed later.",
            style="note",
        )
        return answer.with_lines((*answer.lines, note))

    def _later_years(self, folded: tuple[str, ...], said: str) -> list[str]:
        """Years after the sources that a question asks about ("in 2019", "since 2018") and the answer does not
        itself mention (the $8 trillion "by 2022" estimate is in the sources)."""
        year = self.kb.as_of.year
        out = []
        for i, w in enumerate(folded):
            if len(w) == 4 and w.isdigit() and 1990 < int(w) < 2100:
                since = i > 0 and folded[i - 1] in LATER_CUES and int(w) >= year
                if since or (int(w) > year and w not in said):
                    out.append(w)
        return out

    def _after_the_sources(self, text: str, years: list[str], fact: Answer) -> Answer:
        """A question about a time after the sources: declined, saying what date they describe."""
        ask = self.kb.fact_by_id[fact.facts[0]].questions[0]
        lines = (
            line(
                f"I can't tell you about {years[0]} or later: my sources are two news reports of {self.kb.as_of_text}, "
                "and they say nothing of what happened after that."
            ),
            line("You could ask what they say, for example: ", strong(ask)),
        )
        return Answer(
            kind="unknown",
            lines=lines,
            suggestions=(ask, *EXAMPLES[:2]),
            confidence=fact.confidence,
            question=text,
        )

    def _everyday(self, folded: tuple[str, ...], terms: frozenset[str]) -> frozenset[str]:
        """The terms of the question's everyday English words that no fact knows (the dictionary is loaded
        only for a question that has such words)."""
        unknown = terms - self._vocab
        if not unknown:
            return frozenset()
        found = set()
        for w in folded:
            if w.isalpha() and len(w) > 2:
                t = self.kb.lexicon.concept(w)
                if t in unknown and everyday(w):
                    found.add(t)
        return frozenset(found)

    def _known_word(self, word: str) -> bool:
        """Whether the facts know a word (as a term)."""
        return self.kb.lexicon.concept(word) in self._vocab

    def _out_of_scope(self, text: str, other: str, known: list[_Named]) -> Answer:
        """A question about another agreement: the sources cover only this accord; the company's status in it
        as context."""
        thing = shown_name(other) or "that"
        lines = [
            line(
                "My sources cover only the ",
                strong("Cybersecurity Tech Accord"),
                f" of {self.kb.as_of_text}; they say nothing about “{thing}”, so I cannot tell you about it.",
            )
        ]
        sources: list[str] = []
        for n in known[:3]:
            r = self._entity(n)
            status = {
                "signed": "is one of its founding signatories",
                "declined": "is named as not signing it",
                "not_listed": "is not among its founding signatories",
            }[r.entity.status]
            lines.append(line(f"In the Tech Accord, {r.entity.name} {status}.", style="note"))
            sources.extend(r.sources)
        return Answer(
            kind="unknown",
            lines=tuple(lines),
            sources=self.kb.refs(sources),
            confidence=0.9,
            suggestions=EXAMPLES[:3],
            out_of_scope=True,
            question=text,
        )

    # Names -------------------------------------------------------------------------------------------------
    def _resolve(self, sh: Shape, unknown: bool = True) -> tuple[list[_Named], list[_Named]]:
        """The spans read as known company names, and (if `unknown`) the unknown spans that look like names."""
        named: list[_Named] = []
        unresolved: list[_Named] = []
        seen: set[str] = set()
        for span in sh.spans:  # each distinct span once already (parse)
            found = self._with_words_before(sh, span) or self._resolve_span(span, listing=len(sh.spans) > 1)
            if not found and unknown:
                found = self._without_roles(span)
            for m in found:
                if m.target.ident not in seen:
                    seen.add(m.target.ident)
                    named.append(_Named(m.asked, m))
            if not found and unknown and self._looks_like_name(span):
                inside = tuple(self.names.signatories_within(list(span.core)))
                unresolved.append(_Named(span.echo, None, inside, span.start))
        return named, unresolved

    def _with_words_before(self, sh: Shape, span: Span) -> list[NameMatch]:
        """A known name whose first words read as words around a name, so the span lost them ("did Check
        Point sign?" leaves "point"): exact names only, from the one or two words before the span."""
        for lo in (span.start - 1, span.start - 2):
            if lo < 0 or sh.folded[lo] not in _NAME_LEADERS:
                break
            hit = self.names.exact([*sh.folded[lo : span.start], *span.words])
            if hit is not None:
                return [NameMatch(" ".join([*sh.shown[lo : span.start], span.shown]), hit, 1.0)]
        return []

    def _without_roles(self, span: Span) -> list[NameMatch]:
        """The company in a span that names someone's role at it ("did Microsoft's president sign?", "the CEO
        of Apple"): the accord was signed by companies, so the answer is the company's."""
        if ROLE_WORDS.isdisjoint(span.core):
            return []
        keep = [i for i, w in enumerate(span.core) if w not in ROLE_WORDS and w not in _ROLE_LINKS]
        if not keep or len(keep) == len(span.core):
            return []
        hit = self.names.exact([span.core[i] for i in keep])
        if hit is None:
            return []
        return [NameMatch(span.core_shown, hit, ROLE_READING_SCORE)]  # below 1, so the reading is shown

    def _resolve_span(self, span: Span, listing: bool = False) -> list[NameMatch]:
        """A span as names: whole, without soft edge words, or split at '&' when every part is a name; in a
        list of names, also names standing among other words ("say me if Nokia and Ericsson")."""
        found = self.names.resolve([w for w in span.words if w != "&"], span.shown)
        if not found and span.core != span.words:
            found = self.names.resolve([w for w in span.core if w != "&"], span.core_shown)
        if not found and "&" in span.core:
            shown_parts = span.core_shown.split(" & ")  # the standalone "&" only, not AT&T's
            parts = [p.split() for p in " ".join(span.core).split(" & ")]
            each = [self.names.resolve(p, s) for p, s in zip(parts, shown_parts, strict=False)]
            if all(each):
                found = [m for ms in each for m in ms]
        if not found and listing and len(span.words) > 1:
            found = self._names_among_words(span)
        return found

    def _names_among_words(self, span: Span) -> list[NameMatch]:
        """Known names standing among other words written in lower case ("say me if Nokia", "we use docusign",
        "salesforce at work"): a capitalised word belongs to the name ("Microsoft Research" is not Microsoft)."""
        shown = span.shown.split()
        if len(shown) != len(span.words):
            return []
        found = [m for m in self.names.scan(list(span.words), "") if m.target.company or m.target.other]
        if not found:
            return []
        used = {w for m in found for w in words(m.asked)}
        rest = [s for s, w in zip(shown, span.words, strict=True) if w not in used and w != "&"]
        if not rest or any(s[:1].isupper() for s in rest):
            return []  # nothing but names ("Sony Ericsson": one name of its own), or a capitalised word
        return [NameMatch(m.target.alias, m.target, m.score) for m in found]

    def _looks_like_name(self, span: Span) -> bool:
        """A span of a few words, mostly unknown to the facts (so not "chinese" or "brad smith")."""
        ws = [w for w in span.core if w not in FRAME and w not in LEGAL_SUFFIXES and w != "&"]
        if not ws or len(span.core) > 5 or not any(map(str.isalpha, "".join(ws))):
            return False
        # Words that describe companies, naming none: "did any telecom companies sign?", "the iPhone maker"
        # (lowercase: "Acme Widget Maker" names one).
        describing = DESCRIPTORS | self.kb.lexicon.sector_of.keys() | self.kb.lexicon.places.keys()
        if describing.issuperset(ws) or span.core_shown.rsplit(" ", 1)[-1] in DESCRIPTION_HEADS:
            return False
        if not self._name_words.isdisjoint(ws):
            return True
        ts = self.kb.lexicon.terms(ws)
        known = len([t for t in ts if t in self._vocab])
        return not ts or known / len(ts) <= 0.5

    # Answers -------------------------------------------------------------------------------------------------
    def _signatory(self, text: str, sh: Shape, named: list[_Named]) -> Answer:
        """Whether each company signed. A question asked in the negative ("did Apple refuse?", "didn't it…")
        gets no leading Yes or No, which would read either way; the sentence says plainly what happened.
        Several companies are grouped: signed, named as not signing, not among the signatories."""
        kb = self.kb
        verdict = NEGATIVE_CUES.isdisjoint(sh.folded)
        read = [self._entity(n) for n in named]
        lines: list[Line] = []
        if len(read) == 1:
            lines.extend(self._one_company(read[0], verdict))
        else:
            lines.extend(self._grouped(read))
        lines.append(self._as_of_note())
        source_ids = [sid for r in read for sid in r.sources]
        return Answer(
            kind="signatory",
            lines=tuple(lines),
            entities=tuple(r.entity for r in read),
            sources=kb.refs(source_ids),
            confidence=min(r.confidence for r in read),
            question=text,
        )

    def _as_of_note(self) -> Line:
        return self._note_line

    @cached_property
    def _note_line(self) -> Line:
        return line(
            f"Founding signatories as of {self.kb.as_of_text}, per the two reports; the sources cannot tell "
            "what changed later.",
            style="note",
        )

    def _one_company(self, r: _Read, verdict: bool) -> list[Line]:
        """One company's sentence (led by Yes or No when `verdict`), then its background line if any."""
        kb = self.kb
        count = len(kb.signatories)
        lead: list[str | Run] = []
        how = f" (reading “{r.asked}” as {r.entity.name})" if r.reading else ""
        if r.entity.status == "signed":
            lead = [strong("Yes. ")] if verdict else []
            body = [
                *lead,
                strong(r.entity.name),
                f"{how} is one of the {count} founding signatories of the Cybersecurity Tech Accord, announced "
                f"on {kb.as_of_text}.",
            ]
        elif r.entity.status == "declined":
            lead = [strong("No. ")] if verdict else []
            others = ", ".join(d.name for d in kb.declined if d.id != r.entity.company_id)
            body = [
                *lead,
                strong(r.entity.name),
                f"{how} did not sign. Reuters names it, with {others}, among the major US technology companies "
                f"that stayed out of the accord announced on {kb.as_of_text}; the reports give no reason.",
            ]
        else:
            lead = [strong("No. ")] if verdict else []
            body = [
                *lead,
                strong(r.entity.name),
                f"{how} is not among the {count} founding signatories named in the reports of {kb.as_of_text}.",
            ]
            if r.inside:
                body.append(
                    f" ({r.inside}, a founding signatory, is a different name; ask about it by that name.)"
                )
        out = [line(*body)]
        if r.background:
            out.append(line(f"Background, not from the sources: {r.background}", style="background"))
        return out

    def _grouped(self, read: list[_Read]) -> list[Line]:
        """Several companies: one line for each group, the shared explanation once."""
        kb = self.kb
        groups: dict[str, list[_Read]] = {"signed": [], "declined": [], "not_listed": []}
        for r in read:
            groups[r.entity.status].append(r)
        out: list[Line] = []

        def names(rs: list[_Read]) -> list[str | Run]:
            parts: list[str | Run] = []
            for k, r in enumerate(rs):
                if k:
                    parts.append(", " if k < len(rs) - 1 else " and ")
                parts.append(strong(r.entity.name))
                if r.reading:
                    parts.append(f" (reading “{r.asked}”)")
            return parts

        count = len(kb.signatories)
        if groups["signed"]:
            rs = groups["signed"]
            verb = "is one of" if len(rs) == 1 else "are among"
            out.append(
                line(
                    *names(rs),
                    f" signed: {'it' if len(rs) == 1 else 'they'} {verb} the {count} founding signatories "
                    f"announced on {kb.as_of_text}.",
                    style="bullet",
                )
            )
        if groups["declined"]:
            rs = groups["declined"]
            out.append(
                line(
                    *names(rs),
                    " did not sign: Reuters names "
                    + ("it" if len(rs) == 1 else "them")
                    + " among the major US technology companies that stayed out; the reports give no reason.",
                    style="bullet",
                )
            )
        if groups["not_listed"]:
            rs = groups["not_listed"]
            out.append(
                line(
                    *names(rs),
                    f" {'is' if len(rs) == 1 else 'are'} not among the {count} founding signatories the reports name.",
                    style="bullet",
                )
            )
        for r in read:
            if r.inside:
                out.append(
                    line(
                        f"{r.inside}, a founding signatory, is a different name from {r.entity.name}.",
                        style="note",
                    )
                )
            if r.background:
                out.append(line(f"Background, not from the sources: {r.background}", style="background"))
        return out

    def _entity(self, n: _Named) -> _Read:
        """One company as read: its entity, the sources it rests on, how sure we are, and its background."""
        kb = self.kb
        asked = shown_name(n.asked) or "That company"
        m = n.match
        if m is not None and m.target.company is not None and m.target.part:
            # A subsidiary, brand or product of a company of the sources: a company of its own, not a signatory
            # by that name; its owner's status is background.
            c = m.target.company
            owner = "is one of the founding signatories" if c.signed else "is named as not signing"
            entity = Entity.model_construct(
                name=m.target.alias,
                signed=False,
                status="not_listed",
                as_of=kb.as_of,
                asked_as=asked,
                company_id=None,
                match_score=m.score,
            )
            assert m.target.background is not None
            background = f"{m.target.background.basis} {c.name} {owner}."
            return _Read(entity, list(c.sources), 0.9 * m.score, asked, m.score < 1.0, background, "")
        if m is not None and m.target.company is not None:
            c = m.target.company
            entity = Entity.model_construct(
                name=c.name,
                signed=c.signed,
                status=c.status,
                as_of=kb.as_of,
                asked_as=asked,
                company_id=c.id,
                match_score=m.score,
            )
            background = m.target.background.basis if m.target.background is not None else ""
            conf = m.score * (0.95 if m.target.background else 1.0)
            return _Read(entity, list(c.sources), conf, asked, m.score < 1.0, background, "")
        # Not a company of the sources: a known other company, or a name we do not know.
        other = m.target.other if m is not None else None
        entity = Entity.model_construct(
            name=other.name if other is not None else asked,
            signed=False,
            status="not_listed",
            as_of=kb.as_of,
            asked_as=asked,
            company_id=None,
            match_score=m.score if m is not None else 0.0,
        )
        conf = (
            NOT_LISTED_CONFIDENCE * (m.score if m is not None else 1.0) if other else UNKNOWN_NAME_CONFIDENCE
        )
        background = other.note.removeprefix(BACKGROUND).strip() if other is not None and other.note else ""
        inside = ", ".join(c.name for c in n.inside)
        reading = m is not None and m.score < 1.0
        return _Read(entity, list(kb.sources), conf, asked, reading, background, inside)

    def _fact(self, text: str, sh: Shape, ranked: list[FactScore], names_company: bool) -> Answer | None:
        """The best-matching fact when it is clearly best; "did you mean…?" when unsure; None below that."""
        t = self.thresholds
        if not ranked or ranked[0].score < t.clarify:
            return None
        best = ranked[0]
        # A company named with no word about the accord is a question about the company, not the accord
        # ("Who founded Microsoft?"), even when a fact speaks of that company.
        if names_company:
            grounded = sh.context or best.keyword > 0 or best.example >= FACT_EXACT
        else:
            grounded = sh.context or best.keyword > 0 or max(best.example, best.answer) >= FACT_CLOSE
        if not grounded:
            return None
        # A best match from the example questions competes only with other such matches: the answers' words
        # are weaker evidence and would make every close call a "did you mean…?".
        if best.example >= FACT_EXACT:
            # A question worded like one of the fact's examples: rivals are weighed as examples too, without
            # the lift their answers' words give them.
            close = [s for s in ranked[1:] if s.matched >= t.clarify and best.matched - s.matched < t.margin]
        else:
            close = [s for s in ranked[1:] if s.score >= t.clarify and best.score - s.score < t.margin]
        if best.score >= t.answer and not close:
            return Answer(
                kind="fact",
                lines=self.kb.fact_lines[best.fact.id],
                facts=(best.fact.id,),
                sources=self.kb.refs(best.fact.sources),
                confidence=round(best.score, 4),
                question=text,
            )
        candidates = [best, *[s for s in ranked[1:] if s.score >= t.clarify]][:MAX_CANDIDATES]
        return self._did_you_mean(text, candidates)

    def _did_you_mean(self, text: str, candidates: list[FactScore]) -> Answer:
        """Unsure between a few facts: offer their questions to choose from."""
        questions = tuple(c.fact.questions[0] for c in candidates)
        lines = [line("I'm not sure what you mean. Did you mean:")]
        lines += [line(f"{i}. {q}") for i, q in enumerate(questions, 1)]
        return Answer(
            kind="unknown",
            lines=tuple(lines),
            suggestions=questions,
            did_you_mean=True,
            confidence=round(candidates[0].score, 4),
            question=text,
        )

    def _is_help(self, ws: list[str]) -> bool:
        if not ws:
            return True
        phrase = " ".join(ws)
        if phrase in HELP_PHRASES or (ws[0] == "help" and len(ws) <= 3):
            return True
        # "what can you tell me?", "how do I use this bot?": nothing but words about the bot itself.
        return len(ws) <= MAX_HELP_WORDS and HELP_WORDS.issuperset(ws) and not HELP_CUES.isdisjoint(ws)

    def _help(self, text: str, lead: list[str | Run] | None = None) -> Answer:
        kb = self.kb
        lead = lead or [
            "I answer questions about the ",
            strong("Cybersecurity Tech Accord"),
            f", the pledge {len(kb.signatories)} technology companies announced on {kb.as_of_text}, from two "
            "news reports of that day. Ask me",
        ]
        lines = [line(*lead, ", for example:"), *(line(e, style="bullet") for e in EXAMPLES)]
        return Answer(kind="help", lines=tuple(lines), confidence=1.0, suggestions=EXAMPLES, question=text)

    def _unknown(self, text: str, ranked: list[FactScore], companies: list[str]) -> Answer:
        suggestions = list(
            dict.fromkeys(
                [
                    *(f"did {c} sign the accord?" for c in companies[:2]),
                    *(s.fact.questions[0] for s in ranked[:3] if s.score > 0),
                    *EXAMPLES,
                ]
            )
        )[:4]
        if companies:
            lead = (
                f"I can only tell you about {companies[0]} and the Cybersecurity Tech Accord, such as "
                "whether it signed; that question is outside my sources."
            )
        else:
            lead = (
                "I don't know that one: my sources are two news reports about the Cybersecurity Tech Accord "
                f"of {self.kb.as_of_text}, and they do not answer it."
            )
        lines = _unknown_lines(lead, tuple(suggestions))
        confidence = round(1 - ranked[0].score, 4) if ranked else 1.0
        return Answer(
            kind="unknown",
            lines=tuple(lines),
            confidence=confidence,
            suggestions=tuple(suggestions),
            question=text,
        )


@lru_cache(maxsize=1024)
def _unknown_lines(lead: str, suggestions: tuple[str, ...]) -> tuple[Line, ...]:
    """An "I don't know" answer's lines (the same few leads and suggestions come back again and again)."""
    return (line(lead + " You could ask:"), *(line(q, style="bullet") for q in suggestions))


@lru_cache(maxsize=1)
def default_answerer() -> Answerer:
    """The answerer for the default knowledge directory, loaded once."""
    return Answerer(load(), thresholds=Thresholds())


def answer(question: str) -> Answer:
    """Answer a question from the default knowledge base."""
    return default_answerer().answer(question)


__all__ = ["Answer", "Answerer", "answer", "default_answerer"]
