"""Questions about the set of signatories: the full list however it is asked for, lists by sector, country or
initial, counts apart from named companies, "was X the only Y?", and comparisons with a number."""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.answering.knowledge import Company, KnowledgeBase, join_names
from bot.answering.models import Answer, Line, Run, line, strong

# Words that ask for several companies at once.
ASKING = frozenset(
    """which what list name names give show tell paste enumerate any anyone anybody who were are is did do
    how can could pls please all every""".split()
)
# Words for the signatories as a set.
SIGNATORY_WORDS = frozenset(
    """backed backers endorsed supported pledged signatories signatory signers signer signees signed sign members member joined join companies company
    firms firm vendors vendor makers maker players providers businesses organisations organizations ones
    names roster lineup list participants backers""".split()
)
FULL_LIST = frozenset("roster lineup every all full entire whole names alphabetical alphabetically".split())
ORDERED = frozenset(["alphabetically", "alphabetical", "a-z"])  # "just the first five alphabetically"
REQUESTS = frozenset(
    "give gimme show send paste can could would please pls tell what which who i list name enumerate need want get".split()
)
NEGATIVE = frozenset("not no missing absent refused declined outside left stayed without holdouts".split())
TERSE = 5  # a question this short that names a kind and the signatories asks for the list
KIND_WORDS = frozenset("tech technology based giants giant".split())
EXCLUDING = (
    "apart from",
    "aside from",
    "besides",
    "beside",
    "other than",
    "except",
    "excluding",
    "not counting",
    "not including",
    "minus",
    "outside of",
    "on top of",
    "in addition to",
    "aside",
    "do not count",
    "not count",
    "without counting",
    "leaving out",
    "leave out",
    "ignoring",
    "take out",
    "taking out",
    "left",
    "remain",
    "remaining",
)
_EXCLUDING = re.compile(r"\b(?:" + "|".join(re.escape(e) for e in EXCLUDING) + r")\b")
_INITIAL = re.compile(
    r"\b(?:start(?:s|ing|ed)?|begin(?:s|ning)?|beginning)\s+with\s+(?:the\s+letters?\s+|letters?\s+|an?\s+)?"
    r"[\"'“‘]?([a-z0-9])\b(?![.&'-]\w)(?:\s*(?:,|or|and|&|/)\s*[\"'“‘]?([a-z0-9])\b(?![.&'-]\w))?"
    r"|\bletters?\s+[\"'“‘]?([a-z])\b(?:\s*(?:,|or|and|&|/)\s*[\"'“‘]?([a-z])\b)?"
    r"|\bwhich\s+([a-z])\s+(?:companies|firms|ones|names|signatories|signers)\b"
)
_NUMBER_WORDS = {
    "a dozen": 12,
    "twenty": 20,
    "thirty": 30,
    "thirty-four": 34,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "dozen": 12,
    "two dozen": 24,
    "three dozen": 36,
}
_COMPARE = re.compile(
    r"\b(more than|over|at least|above|greater than|fewer than|less than|under|below|at most|exactly|only)\s+"
    r"(\d+|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True)) + r")\b"
)
# "was it like 50+ companies or fewer?", "a hundred or more?": which side of a number
_EITHER = re.compile(
    r"\b(\d+|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True)) + r")\s*\+?"
    r"\s+(?:\w+\s+){0,3}?or\s+(?:way\s+|much\s+|a\s+lot\s+)?(more|fewer|less|under|over|smaller|bigger|larger)\b"
)
# Words one of which every list, count or comparison question holds (a cheap first test).
LIST_HINTS = (
    ASKING
    | SIGNATORY_WORDS
    | FULL_LIST
    | ORDERED
    | frozenset(
        "start starts starting begin begins beginning letter letters count apart besides beside other".split()
    )
    | frozenset(
        "except excluding aside minus only sole alone addition counting left remain remaining on in".split()
    )
)
APART_HINTS = frozenset(
    "apart aside besides beside other except excluding minus only sole alone addition count counting left remain"
    " remaining ignoring leaving without".split()
)
NUMBER_HINTS = frozenset(w for k in _NUMBER_WORDS for w in k.split())
INITIAL_HINTS = frozenset("start starts starting started begin begins beginning letter letters which".split())
# "was the number of signers in the 30s?": a decade
_DECADE = re.compile(r"\bin the (\d)0'?s\b")
_ONLY = re.compile(r"\b(?:the only|only one|alone|sole)\b")


class Found(NamedTuple):
    """A company of the sources named in the question."""

    company: Company


ACCORD_NAME = ("cybersecurity", "cyber", "security", "tech", "technology")


def _accord_name_words(folded: tuple[str, ...]) -> set[int]:
    """Positions of the words that name the accord ("cybersecurity tech" before "accord")."""
    out: set[int] = set()
    for k, w in enumerate(folded):
        if w in ("accord", "pledge", "pact"):
            j = k - 1
            while j >= 0 and folded[j] in ACCORD_NAME:
                out.add(j)
                j -= 1
    return out


class Lists:
    """Answers questions about the signatories as a set, from companies.yaml (profiles are background)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.lexicon = kb.lexicon
        self.signatories = sorted(kb.signatories, key=lambda c: c.name.lower())
        self._list_fact = kb.fact_by_id.get("signatories-list")
        self._sources = kb.refs(kb.sources)
        # Words one of which a question for a kind of signatory or for the whole list holds.
        self._kind_words = (
            frozenset(self.lexicon.sector_of)
            | frozenset(self.lexicon.places)
            | FULL_LIST
            | ORDERED
            | frozenset(
                ["list", "name", "enumerate", "paste", "us", "u.s", "non-us", "non-american", "non-european"]
            )
        )

    def answer(
        self, text: str, folded: tuple[str, ...], named: list[Company], question: str, early: bool
    ) -> Answer | None:
        """The answer to a question about the set of signatories, or None if it is not one. The early pass
        (before companies named are answered one by one) takes the shapes that name companies only to count or
        set them apart: comparisons, counts, initials, "besides X", "was X the only Y?"; the late pass (once no
        company is asked about) takes lists by sector or country and the full list."""
        present = frozenset(folded)
        if present.isdisjoint(LIST_HINTS):
            return None  # no word any list question needs ("did Apple sign?")
        low = " ".join(folded)
        # The patterns below are tried only when a word they need is there (most questions have none).
        numeric = any(ch.isdigit() for ch in low) or not NUMBER_HINTS.isdisjoint(present)
        compare = _COMPARE.search(low) if numeric else None
        counting = "how many" in low or "number of" in low or "count" in present
        decade = _DECADE.search(low) if numeric else None
        if decade and not named and (counting or not SIGNATORY_WORDS.isdisjoint(present)):
            return self._decade(int(decade.group(1)) * 10, question)
        either = _EITHER.search(low) if numeric else None
        if either and not named:
            number, side = either.group(1), either.group(2)
            more = side in ("more", "over", "bigger", "larger")
            return self._compare("at least" if more else "fewer than", number, question)
        if compare and not named and (counting or not SIGNATORY_WORDS.isdisjoint(present)):
            return self._compare(compare.group(1), compare.group(2), question)
        initial = _INITIAL.search(low) if not INITIAL_HINTS.isdisjoint(present) else None
        setting_apart = not present.isdisjoint(APART_HINTS) or "take" in present
        if early and not (initial or counting or setting_apart):
            return None  # the early pass takes only initials, counts and companies set apart
        if not early and not initial and present.isdisjoint(self._kind_words):
            return None  # the late pass takes only kinds (sectors, places) and the whole list
        named_accord = _accord_name_words(folded)  # "the cybersecurity tech accord" names no sector
        sectors = {
            self.lexicon.sector_of[w]
            for k, w in enumerate(folded)
            if w in self.lexicon.sector_of and k not in named_accord
        }
        places = self._places(folded)
        excluding = bool(_EXCLUDING.search(low)) and bool(named)
        only = bool(_ONLY.search(low)) and bool(named)
        asking = not ASKING.isdisjoint(folded[:3]) or folded[:1] in (("anyone",), ("any",))
        about_signatories = not SIGNATORY_WORDS.isdisjoint(present) or any(
            p in low for p in ("in it", "on it", "on the list", "on board", "onboard", "in there", "on there")
        )
        if not (asking or about_signatories or initial):
            return None
        # "which big names sat this one out": a question about those who did not sign
        asked = folded
        if excluding:  # "apart from the holdouts (…), which did sign?": the clause set apart says nothing
            raw = text.lower()
            cut = _EXCLUDING.search(raw)
            after = raw[cut.end() :] if cut else raw
            clauses = [p for p in re.split(r"[,;:)?!]|\s[-–—]\s", after) if p.strip()]
            asked = tuple(re.findall(r"[^\W_]+(?:-[^\W_]+)*", clauses[-1] if len(clauses) > 1 else after))
        negative = not NEGATIVE.isdisjoint(asked) or "not" in self.lexicon.terms(asked)
        if counting and excluding and not sectors and not places:
            return self._count_apart(named, question)
        if early and not (initial or excluding or only):
            return None
        if not early and named:
            return None
        if initial:
            letters = "".join(g for g in initial.groups() if g)
            return self._by_initial(letters, named if excluding else [], question)
        if (
            (sectors or places)
            and about_signatories
            # "the person from the Japanese vendor who got quoted?" asks for a person, "UK companies?" for a list
            and (asking or excluding or only or len(folded) <= TERSE)
            and (not named or excluding or only)
            and not negative
        ):
            return self._by_kind(
                sorted(sectors), places, named if (excluding or only) else [], only, question
            )
        if excluding and negative and not counting:
            # "Apart from Apple, which big US names stayed out?": the others named as not signing
            skip = {n.id for n in named}
            rest = [c for c in self.kb.declined if c.id not in skip]
            return self._listing(
                rest, f"Besides {join_names([c.name for c in named])}, named as not signing", question, []
            )
        if excluding and about_signatories and not counting:
            return self._listing(
                [c for c in self.signatories if c.id not in {n.id for n in named}],
                f"Besides {join_names([c.name for c in named])}, the founding signatories",
                question,
                [],
            )
        imperative = folded[:1] in (
            ("list",),
            ("name",),
            ("enumerate",),
            ("paste",),
        ) or not ORDERED.isdisjoint(present)
        wants_all = (
            not FULL_LIST.isdisjoint(present)
            and folded[:1]
            and (folded[0] in REQUESTS or folded[0] in FULL_LIST)
        )
        if (imperative or wants_all) and about_signatories and not negative:
            return self._listing(self.signatories, "The founding signatories", question, [])
        return None

    def _places(self, folded: tuple[str, ...]) -> set[str]:
        """The countries a question's place words cover ("European", "UK-based", "US firms", "non-US")."""
        places: set[str] = set()
        for k, w in enumerate(folded):
            places |= self.lexicon.places.get(w, frozenset())
            if w.endswith("-based"):  # "UK-based"
                places |= self.lexicon.places.get(w.removesuffix("-based"), frozenset())
            if w.startswith("non-") and w.removeprefix("non-") in self.lexicon.places | {"us": 0}.keys():
                # "non-US", "non-European": every country of the signatories but those
                but = self.lexicon.places.get(w.removeprefix("non-"), frozenset({"United States"}))
                places |= {c.profile.country for c in self.signatories if c.profile} - but
            if (
                w in ("us", "u.s")
                and folded[k + 1 : k + 2]
                and (folded[k + 1] in self.lexicon.sector_of or folded[k + 1] in SIGNATORY_WORDS | KIND_WORDS)
            ):
                places.add("United States")  # "US software firms", not "tell us"
        return places

    # The answers -------------------------------------------------------------------------------------------
    def _note(self) -> Line:
        return line(
            f"As of {self.kb.as_of_text}, per the two reports; the sources cannot tell what changed later.",
            style="note",
        )

    def _answer(
        self, lines: list[Line], question: str, confidence: float = 0.95, fact: str = "signatories-list"
    ) -> Answer:
        return Answer(
            kind="fact",
            lines=(*lines, self._note()),
            facts=(fact,),
            sources=self._sources,
            confidence=confidence,
            question=question,
        )

    def _listing(self, companies: list[Company], lead: str, question: str, background: list[Line]) -> Answer:
        names = [c.name for c in companies]
        body = line(f"{lead} ({len(names)}): ", *_strong_list(names), ".")
        return self._answer([body, *background], question)

    def _compare(self, how: str, number: str, question: str) -> Answer:
        n = _NUMBER_WORDS.get(number) or int(number)
        count = len(self.signatories)
        truth = {
            "more than": count > n,
            "over": count > n,
            "above": count > n,
            "greater than": count > n,
            "at least": count >= n,
            "fewer than": count < n,
            "less than": count < n,
            "under": count < n,
            "below": count < n,
            "at most": count <= n,
            "exactly": count == n,
            "only": count == n,
        }[how]
        verdict = "Yes." if truth else "No."
        body = line(
            strong(verdict + " "),
            f"{count} companies signed the Cybersecurity Tech Accord when it was announced on {self.kb.as_of_text}",
            f" ({how} {number}: {'yes' if truth else 'no'}).",
        )
        return self._answer([body], question)

    def _decade(self, low: int, question: str) -> Answer:
        count = len(self.signatories)
        inside = low <= count < low + 10
        body = line(
            strong("Yes. " if inside else "No. "),
            f"{count} companies signed the Cybersecurity Tech Accord when it was announced on {self.kb.as_of_text}.",
        )
        return self._answer([body], question)

    def _count_apart(self, named: list[Company], question: str) -> Answer:
        signed = [c for c in named if c.signed]
        rest = len(self.signatories) - len(signed)
        parts: list[str | Run] = [
            strong(str(rest)),
            f" other companies signed: the {len(self.signatories)} founding signatories less "
            f"{join_names([c.name for c in signed]) if signed else 'none of those you name'}.",
        ]
        notes = [c.name for c in named if not c.signed]
        lines = [line(*parts)]
        if notes:
            lines.append(
                line(
                    f"{join_names(notes)} did not sign, so {'it does' if len(notes) == 1 else 'they do'} not count."
                )
            )
        return self._answer(lines, question)

    def _by_initial(self, letters: str, excluded: list[Company], question: str) -> Answer:
        skip = {c.id for c in excluded}
        found = [c for c in self.signatories if c.name.lower()[:1] in letters and c.id not in skip]
        letter = " or ".join(f"“{x.upper()}”" for x in letters)
        if not found:
            body = line(
                f"None of the {len(self.signatories)} founding signatories has a name starting with “{letter.upper()}”."
            )
            return self._answer([body], question)
        return self._listing(found, f"Founding signatories starting with {letter}", question, [])

    def _by_kind(
        self, sectors: list[str], places: set[str], named: list[Company], only: bool, question: str
    ) -> Answer:
        def fits(c: Company) -> bool:
            p = c.profile
            if p is None:
                return False
            return (not sectors or not set(sectors).isdisjoint(p.sectors)) and (
                not places or p.country in places
            )

        kind = " and ".join(_SECTOR_NAMES.get(s, s) for s in sectors) or "companies"
        where = _place_name(places)
        label = f"{where} {kind}".strip() if where else kind
        found = [c for c in self.signatories if fits(c)]
        asked_ids = {c.id for c in named}
        others = [c for c in found if c.id not in asked_ids]
        # The sourced fact that speaks of this kind leads; the grouping itself is background.
        lead_fact = (
            "security-firms"
            if sectors == ["security"] and not places
            else "signatory-origins"
            if places and not sectors
            else None
        )
        sourced = [ln for ln in self.kb.fact_lines.get(lead_fact or "", ()) if ln.style != "background"]
        listing = f" ({len(others)}): " if others else ": "
        lines: list[Line] = []
        if only and named:
            asked = join_names([c.name for c in named])
            if others:
                lines.append(
                    line(
                        strong("No. "),
                        f"Besides {asked}, {label} among the founding signatories{listing}",
                        *_strong_list([c.name for c in others]),
                        ".",
                    )
                )
            else:
                lines.append(line(strong("Yes. "), f"{asked} is the only one of the {label} among them."))
        elif not found:
            lines.append(
                line(f"None of the {len(self.signatories)} founding signatories is one of the {label}.")
            )
        else:
            lead = f"{label[:1].upper()}{label[1:]} among the founding signatories"
            if named:
                lead = (
                    f"Besides {join_names([c.name for c in named])}, {label} among the founding signatories"
                )
            lines.append(line(f"{lead}{listing}", *_strong_list([c.name for c in others]), "."))
        lines.extend(sourced)
        basis = (
            "sector"
            if sectors and not places
            else "country"
            if places and not sectors
            else "sector and country"
        )
        lines.append(
            line(
                f"Background, not from the sources: the grouping by {basis} is general knowledge about these "
                "companies, not something the two reports state.",
                style="background",
            )
        )
        return self._answer(lines, question, confidence=0.9, fact=lead_fact or "signatories-list")


_SECTOR_NAMES = {
    "security": "security companies",
    "telecom": "telecoms companies",
    "networking": "networking companies",
    "hardware": "hardware makers",
    "chips": "chip designers",
    "software": "software companies",
    "cloud": "cloud companies",
    "cdn": "content-delivery (CDN) companies",
    "social": "social networks",
    "database": "database companies",
    "payments": "payments companies",
    "data": "data and analytics companies",
    "industrial": "industrial companies",
}


def _place_name(places: set[str]) -> str:
    if not places:
        return ""
    if len(places) == 1:
        only = next(iter(places))
        return {"United States": "US", "United Kingdom": "UK"}.get(only, only)
    return "European" if "Finland" in places and "Germany" in places else ", ".join(sorted(places))


def _strong_list(names: list[str]) -> list[str | Run]:
    out: list[str | Run] = []
    for k, n in enumerate(names):
        if k:
            out.append(", " if k < len(names) - 1 else " and ")
        out.append(strong(n))
    return out
