"""Company-name resolution: exact aliases first, then cautious typo tolerance with a margin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.answering.knowledge import BackgroundNames, Company, KnowledgeBase, OtherCompany
from bot.answering.text import LEGAL_SUFFIXES, key, words

MIN_FUZZY_LEN = 5  # shorter names (BT, HP, SAP, Dell…) must match exactly: one letter makes another company
MAX_SPAN_WORDS = 6
# Words relating one company to another: "the Microsoft subsidiary LinkedIn" is LinkedIn.
RELATIONS = frozenset("subsidiary subsidiaries unit division owned parent owner affiliate".split())
# Words that describe a company without naming it: "the Chinese firm Huawei" is Huawei.
DESCRIPTORS = frozenset(
    """the a an firm company corporation giant maker vendor provider startup security cybersecurity cyber tech
    technology software hardware cloud chip chipmaker telecom telecoms telco operator carrier network networking
    internet social media platform search payments payment antivirus database multinational
    american us u.s. chinese russian british uk european finnish swiss german spanish japanese korean indian
    israeli estonian czech romanian swedish dutch french irish canadian big major global""".split()
)
ARTICLES = frozenset({"the", "a", "an"})
MAX_FUZZY_LEN = 40  # longer than any company name plus a typo or two
WEB_SUFFIXES = (".com", ".net", ".org", ".io", ".co")  # a company's domain names the company
MAX_TYPO_EDITS = 2  # at most this many edits make a typo of a name (one for names of 7 letters or fewer)


def _bare_end(words: list[str], lo: int = 0) -> int:
    """Where words[lo:] end once trailing legal forms are dropped, one word at least ("acme corp" → "acme")."""
    hi = len(words)
    while hi - lo > 1 and words[hi - 1].strip(".") in LEGAL_SUFFIXES:
        hi -= 1
    return hi


def _without_one(name: str, typo: str) -> bool:
    """Whether the typo is the name with one letter left out."""
    return any(name[:i] + name[i + 1 :] == typo for i in range(1, len(name) - 1))


@dataclass(frozen=True)
class Target:
    """What a matching key points at: a company from the sources or another known company."""

    company: Company | None
    other: OtherCompany | None
    alias: str
    background: BackgroundNames | None

    @property
    def part(self) -> bool:
        """Whether the name is a subsidiary, brand or product of the company (a company of its own)."""
        return self.background is not None and self.background.relation == "part"

    @property
    def ident(self) -> str:
        """A stable identity for margin checks: two aliases of one company are not rivals."""
        if self.company is not None:
            return self.company.id + (":" + self.alias if self.part else "")
        return "other:" + (self.other.name if self.other else self.alias)


class NameMatch(NamedTuple):
    """A span of the question read as a company name."""

    asked: str
    target: Target
    score: float  # 1.0 for an exact (alias) match, else the similarity of the typo


class NameIndex:
    """Every name and alias of the knowledge base, by matching key."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._by_key: dict[str, Target] = {}
        for c in kb.companies:
            for alias in (c.name, *c.aliases):
                self._by_key.setdefault(key(alias), Target(c, None, alias, None))
            for group in c.background:
                for alias in group.names:
                    self._by_key.setdefault(key(alias), Target(c, None, alias, group))
        for o in kb.others:
            for alias in (o.name, *o.aliases):
                self._by_key.setdefault(key(alias), Target(None, o, alias, None))
        # Typos are matched against plain names only: "Intuit Inc" would make "Intuition" look close.
        self._keys = [k for k, t in self._by_key.items() if words(t.alias)[-1] not in LEGAL_SUFFIXES]
        # ... by length: a name more than MAX_TYPO_EDITS letters longer or shorter is never the answer, nor a rival
        self._keys_near: dict[int, list[str]] = {}
        for n in range(MIN_FUZZY_LEN, MAX_FUZZY_LEN + 1):
            self._keys_near[n] = [k for k in self._keys if abs(len(k) - n) <= MAX_TYPO_EDITS]
        self.first_words = frozenset(
            words(t.alias)[0] for t in self._by_key.values() if t.company and words(t.alias)
        )
        self._signatory_keys = {
            k: t.company
            for k, t in self._by_key.items()
            if t.company and t.company.signed and t.background is None
        }
        # Names in scripts written without spaces between words ("ソニー"): found inside the question's text.
        self._script_keys = [(k, t) for k, t in self._by_key.items() if not k.isascii()]
        # Every beginning of every key: a run of words whose joined keys is not among them starts no name.
        self._prefixes = frozenset(k[:i] for k in self._by_key for i in range(len(k) + 1))

    @property
    def words(self) -> frozenset[str]:
        """Every folded word of every name and alias."""
        return frozenset(w for t in self._by_key.values() for w in words(t.alias))

    def is_name(self, word: str) -> bool:
        """Whether a single word is itself a known company name."""
        return key(word) in self._by_key

    def exact(self, words: list[str]) -> Target | None:
        """The target whose key equals these words', with a leading 'the' and legal suffixes dropped if need be."""
        return self._exact(words, [key(w) for w in words])

    def _exact(self, words: list[str], wkeys: list[str]) -> Target | None:
        """exact(), given each word's key (a key of several words is their keys joined)."""
        hit = self._by_key.get("".join(wkeys))
        if hit is not None:
            return hit
        lo = 1 if words and words[0] == "the" else 0
        for hi in range(len(words), _bare_end(words, lo) - 1, -1):  # without "the", then each legal form
            hit = self._by_key.get("".join(wkeys[lo:hi]))
            if hit is not None:
                return hit
        if words and words[-1].endswith(WEB_SUFFIXES):  # "salesforce.com" is Salesforce
            domain = words[-1].rsplit(".", 1)[0]
            return self._by_key.get("".join([*wkeys[:-1], key(domain)]))
        return None

    def resolve(self, words: list[str], asked: str) -> list[NameMatch]:
        """Read a span as one company, several run together ("apple microsoft"), or a typo of one; else []."""
        if not words or len(words) > MAX_SPAN_WORDS:
            return []
        wkeys = [key(w) for w in words]
        hit = self._exact(words, wkeys)
        if hit is not None:
            return [NameMatch(asked, hit, 1.0)]
        described = self._after_descriptors(words, wkeys, asked) or self._before_descriptors(
            words, wkeys, asked
        )
        if described is not None:
            return [described]
        parts = self._partition(words, wkeys)
        if parts:
            return parts
        typo = self._fuzzy(words, wkeys, asked)
        return [typo] if typo else []

    def _runs(self, wkeys: list[str], i: int, stop: int) -> Iterator[tuple[int, str]]:
        """Each j <= stop with the keys i..j joined, while that still begins some key: a word that starts no
        name costs one lookup."""
        joined = ""
        for j in range(i + 1, stop + 1):
            joined += wkeys[j - 1]
            if joined not in self._prefixes:
                return
            yield j, joined

    def _longest(self, wkeys: list[str], i: int, stop: int, accept: Callable[[str], bool]) -> int:
        """The largest j <= stop whose keys i..j, joined, `accept`s; i when there is none."""
        best = i
        for j, joined in self._runs(wkeys, i, stop):
            if accept(joined):
                best = j
        return best

    def _after_descriptors(self, words: list[str], wkeys: list[str], asked: str) -> NameMatch | None:
        """A known name at the end of a span whose other words only describe it ("Finnish company Nokia",
        "the Microsoft subsidiary LinkedIn", "Microsoft-owned GitHub")."""
        first = words[0]
        if (
            first not in DESCRIPTORS
            and first not in RELATIONS
            and "-" not in first
            and not self.is_name(first)
        ):
            return None  # every prefix holds the first word, and it can neither describe nor relate
        for i in range(1, len(words)):
            prefix = words[:i]
            relational = any(w in RELATIONS or w.endswith(("-owned", "-backed")) for w in prefix)
            if not all(
                w in DESCRIPTORS or w in RELATIONS or (relational and (self.is_name(w) or "-" in w))
                for w in prefix
            ):
                continue
            hit = self._exact(words[i:], wkeys[i:])
            if hit is not None:
                shown = " ".join(asked.split()[i:]) if len(asked.split()) == len(words) else asked
                return NameMatch(shown, hit, 1.0)
        return None

    def _before_descriptors(self, words: list[str], wkeys: list[str], asked: str) -> NameMatch | None:
        """A known name at the start of a span followed by an apposition that only describes it ("RSA the
        security company", "Nokia, the Finnish firm")."""
        i = len(words)
        while i > 1 and words[i - 1] in DESCRIPTORS:
            i -= 1
            hit = self._exact(words[:i], wkeys[:i]) if words[i] in ARTICLES else None
            if hit is not None:
                shown = " ".join(asked.split()[:i]) if len(asked.split()) == len(words) else asked
                return NameMatch(shown, hit, 1.0)
        return None

    def _partition(self, words: list[str], wkeys: list[str]) -> list[NameMatch]:
        """Split a run of words into exact names, longest first, only if every word is used."""
        out: list[NameMatch] = []
        i = 0
        while i < len(words):
            j = self._longest(wkeys, i, len(words), self._by_key.__contains__)
            if j == i:
                return []
            out.append(NameMatch(" ".join(words[i:j]), self._by_key["".join(wkeys[i:j])], 1.0))
            i = j
        # Only a run that includes a company of the sources is read as several names ("apple microsoft");
        # "Sony Ericsson" stays one name of its own.
        return out if len(out) > 1 and any(m.target.company for m in out) else []

    def _fuzzy(self, words: list[str], wkeys: list[str], asked: str) -> NameMatch | None:
        """A typo of one name: few edits, same first letter, and clearly closer than any other name."""
        k = "".join(wkeys[: _bare_end(words)])
        if len(k) == MIN_FUZZY_LEN - 1 and k.isalpha():
            return self._missing_letter(k, asked)
        if not MIN_FUZZY_LEN <= len(k) <= MAX_FUZZY_LEN:
            return None
        # A name within MAX_TYPO_EDITS edits is within twice that many insertions and deletions, which puts its
        # ratio at or above this; names below it can neither be the answer nor a rival to it.
        least = 100 * (1 - 2 * MAX_TYPO_EDITS / (2 * len(k) - MAX_TYPO_EDITS)) - 0.5
        found = process.extract(
            k, self._keys_near[len(k)], scorer=fuzz.ratio, limit=6, score_cutoff=max(60.0, least)
        )
        scored = sorted(
            ((OSA.distance(k, cand), -score, cand) for cand, score, _ in found if len(cand) >= MIN_FUZZY_LEN),
        )
        if not scored:
            return None
        dist, neg_score, cand = scored[0]
        # One edit for names of 7 letters or fewer, unless the first three letters agree ("vmwear" for VMware).
        allowed = 1 if len(cand) <= 7 and k[:3] != cand[:3] else MAX_TYPO_EDITS
        doubled = k.startswith(cand) and set(k[len(cand) :]) == {cand[-1]}  # "ciscoo": a key held too long
        if (
            dist > allowed
            or cand[0] != k[0]
            or (k.startswith(cand) and not doubled)
            or (cand.startswith(k) and len(k) < 5)
        ):
            return None  # too far, a different start, or the name with more letters added: another name
        best = self._by_key[cand]
        for other_dist, _, other in scored[1:]:
            if self._by_key[other].ident != best.ident and other_dist <= dist:
                return None  # two different companies are as close: no guess
        return NameMatch(asked, best, round(-neg_score / 100, 3))

    def _missing_letter(self, k: str, asked: str) -> NameMatch | None:
        """A four-letter word that is a five-letter name with one inner letter left out ("avst" for Avast),
        when exactly one name fits."""
        fits = {
            self._by_key[c].ident: c
            for c in self._keys_near.get(MIN_FUZZY_LEN, ())
            if len(c) == MIN_FUZZY_LEN and c[0] == k[0] and c[-1] == k[-1] and _without_one(c, k)
        }
        if len(fits) != 1:
            return None
        cand = next(iter(fits.values()))
        return NameMatch(asked, self._by_key[cand], 0.8)

    def match_for(self, company: Company) -> NameMatch:
        """An exact match on a company's own name."""
        return NameMatch(company.name, self._by_key[key(company.name)], 1.0)

    def mentions(self, words: list[str]) -> list[Company]:
        """Companies of the sources named anywhere in these words, as exact whole-word names."""
        found: dict[str, Company] = {}
        keys = [key(w) for w in words]
        for i in range(len(keys)):
            j = self._longest(keys, i, min(len(keys), i + MAX_SPAN_WORDS), self._names_a_company)
            if j > i:
                company = self._by_key["".join(keys[i:j])].company
                assert company is not None
                found.setdefault(company.id, company)
        return list(found.values())

    def _names_a_company(self, joined: str) -> bool:
        """Whether a key (of two letters or more) is a name of a company of the sources."""
        hit = self._by_key.get(joined)
        return hit is not None and hit.company is not None and len(joined) > 1

    def scan(self, words: list[str], text: str) -> list[NameMatch]:
        """Every known name (of the sources' companies or others) standing anywhere in the words, longest
        first, and names in other scripts anywhere in the text: for questions in other languages."""
        found: dict[str, NameMatch] = {}
        keys = [key(w) for w in words]
        i = 0
        while i < len(keys):
            j = self._longest(keys, i, min(len(keys), i + MAX_SPAN_WORDS), self._names_any)
            if j > i:
                target = self._by_key["".join(keys[i:j])]
                found.setdefault(target.ident, NameMatch(target.alias, target, 1.0))
                i = j
            else:
                i += 1
        if self._script_keys and not text.isascii():
            whole = key(text)
            for k, target in self._script_keys:
                if k in whole:
                    found.setdefault(target.ident, NameMatch(target.alias, target, 1.0))
        return list(found.values())

    def _names_any(self, joined: str) -> bool:
        """Whether a key (of two letters or more) is a known name."""
        return len(joined) > 1 and joined in self._by_key

    def signatories_within(self, words: list[str]) -> list[Company]:
        """Founding signatories whose own name stands as whole words inside a longer name."""
        keys = [key(w) for w in words]
        found: dict[str, Company] = {}
        for i in range(len(keys)):
            for j, joined in self._runs(keys, i, len(keys)):
                company = self._signatory_keys.get(joined)
                if company is not None and (i, j) != (0, len(keys)):
                    found[company.id] = company
        return list(found.values())
