"""Questions about which report says something ("which article mentions the attacks?", "does Reuters name
Nokia?", "do both reports mention WannaCry?"), answered from the claims' citations and the companies' sources."""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.answering.facts import FactIndex
from bot.answering.knowledge import Claim, Company, KnowledgeBase, Source, parse_markup
from bot.answering.models import Answer, Entity, Line, Run, line, strong
from bot.answering.names import NameIndex

SAY = (
    r"(?:say|says|said|mention|mentions|mentioned|name|names|named|report|reports|reported|talk|talks|talked|"
    r"cover|covers|covered|quote|quotes|quoted|list|lists|listed|give|gives|gave|include|includes|included|"
    r"refer|refers|referred|discuss|discusses|discussed|cite|cites|cited|contain|contains|have|has|had|"
    r"call|calls|called|bring|brings|brought|use|uses|used|feature|features|featured|carry|carries|carried)"
)
DOC = r"(?:report|reports|article|articles|story|stories|source|sources|paper|papers|piece|pieces|one|ones)"
WHO = (
    r"(?:both(?: of the| the)? "
    + DOC
    + r"?|both|the two "
    + DOC
    + r"|the "
    + DOC
    + r"|reuters(?: "
    + DOC
    + r")?"
    r"|the reuters " + DOC + r"|the (?:first|second|other) " + DOC + r")"
)
# "which report mentions X", "what article says X", "which of the reports names X"
WHICH = re.compile(
    r"\b(?:which|what)(?: of (?:the|your|these|those|both|the two))? "
    + DOC
    + r" (?:(?:also|actually|first) )?"
    + SAY
    + r"\b(?P<rest>.*)"
)
# "does Reuters mention X", "do both reports say X", "did the second article name X"
DOES = re.compile(r"^(?:do|does|did) (?P<who>" + WHO + r") (?:(?:also|actually) )?" + SAY + r"\b(?P<rest>.*)")
# "is X mentioned in both reports", "was X named by Reuters", "is X in the second report"
IN = re.compile(
    r"^(?:is|are|was|were) (?P<rest>.+?) (?:(?:mentioned|named|listed|reported|quoted|covered|cited) )?(?:in|by) "
    r"(?P<who>" + WHO + r"|which " + DOC + r")$"
)
LEAD_WORDS = frozenset({"about", "that", "the", "a", "an", "anything", "something", "of", "on", "up"})
CLAIM_MATCH = 0.45  # the fact the rest of the question points at must score at least this (the clarify bar)
NEAR = (
    0.2  # facts within this of the best are searched for the claims that share most of the question's terms
)


class _Asked(NamedTuple):
    """A question about the sources: which of them it asks about (None: which one) and what they would say."""

    who: tuple[str, ...] | None
    rest: list[str]


class Cited:
    """Answers "which report says X" from claims' evidence and companies' sources."""

    def __init__(self, kb: KnowledgeBase, facts: FactIndex, names: NameIndex) -> None:
        self.kb = kb
        self.facts = facts
        self.names = names
        self._order = list(kb.sources)
        # Each claim's terms as each of its sources words it, read once: (fact id, claim index, source id).
        self._said = {
            (f.id, i, sid): frozenset(facts.terms(" ".join([c.text, *words])))
            for f in kb.facts
            for i, c in enumerate(f.claims)
            for sid, words in c.evidence.items()
        }

    def answer(self, text: str, folded: tuple[str, ...]) -> Answer | None:
        """The answer when the question asks which source says something, else None."""
        asked = self._asked(" ".join(folded))
        if asked is None:
            return None
        companies = self.names.mentions(asked.rest)
        if companies:
            return self._companies(text, asked, companies)
        terms = self.facts.query_terms(tuple(asked.rest))
        ranked = self.facts.rank(terms) if terms else []
        if not ranked or ranked[0].score < CLAIM_MATCH:
            return None
        best = ranked[0]
        # The claims that share most of the question's terms, among the facts that match nearly as well as the
        # best ("which report quotes Brad Smith?" is the quote, and the people named, more than his role), each
        # read with one source's own words at a time: the sources whose words match best are the ones that say it
        # ("which article calls them companies and organizations?": only the second report's words do).
        near = [r.fact for r in ranked if r.score >= max(CLAIM_MATCH, best.score - NEAR)]
        shared = {
            (f.id, i, sid): len(terms & self._said[f.id, i, sid])
            for f in near
            for i, c in enumerate(f.claims)
            for sid in c.evidence
        }
        top = max(shared.values(), default=0)
        if top == 0:
            chosen = [c for c in best.fact.claims if c.evidence]
            cited_facts: tuple[str, ...] = (best.fact.id,)
            sayers = self._ordered({sid for c in chosen for sid in c.evidence})
        else:
            facts = {f.id: f for f in near}
            at_top = [key for key, n in shared.items() if n == top]
            chosen = list({id(c): c for c in (facts[fid].claims[i] for fid, i, _ in at_top)}.values())
            cited_facts = tuple(dict.fromkeys(fid for fid, _, _ in at_top))
            sayers = self._ordered({sid for _, _, sid in at_top})
        lead = self._lead(asked.who, sayers, "mentions", "mention")
        if set(sayers) < {sid for c in chosen for sid in c.evidence}:
            lead = lead.removesuffix(".") + " in those words."  # the others say the claim, in other words
        lines = [line(lead), *self._marked(chosen)]
        return Answer(
            kind="fact",
            lines=tuple(lines),
            facts=cited_facts,
            sources=self.kb.refs(sayers),
            confidence=min(1.0, best.score),
            question=text,
        )

    def _asked(self, low: str) -> _Asked | None:
        for pattern in (WHICH, DOES, IN):
            m = pattern.search(low)
            if m is None:
                continue
            who = m.groupdict().get("who")
            rest = [w for w in m.group("rest").split() if w]
            while rest and rest[0] in LEAD_WORDS:
                rest.pop(0)
            if not rest:
                return None
            return _Asked(None if who is None or who.startswith("which") else self._who(who), rest)
        return None

    def _who(self, phrase: str) -> tuple[str, ...]:
        """The source ids a phrase names: "both reports", "Reuters", "the second article"."""
        words = phrase.split()
        if "both" in words or "two" in words or (words[-1].endswith("s") and words[-1] != "reuters"):
            return tuple(self._order)
        for sid, source in self.kb.sources.items():
            names = {source.label.lower(), (source.publisher or "").lower()} - {""}
            if any(n in phrase for n in names):
                return (sid,)
        if "first" in words:
            return (self._order[0],)
        if ("second" in words or "other" in words) and len(self._order) > 1:
            return (self._order[1],)
        return tuple(self._order)

    def _ordered(self, ids: set[str]) -> list[str]:
        return [sid for sid in self._order if sid in ids]

    def _label(self, sid: str) -> str:
        source: Source = self.kb.sources[sid]
        return source.label if source.publisher else f"the {source.label}"

    def _lead(
        self, who: tuple[str, ...] | None, sayers: list[str], verb: str, plural: str, tail: str = " it."
    ) -> str:
        """ "Only Reuters mentions it.", "Yes. Both reports mention it.", "No. Only the second report ..." """
        every = len(sayers) == len(self._order) and len(self._order) > 1
        says = f"Both reports {plural}{tail}" if every else f"Only {self._named(sayers)} {verb}{tail}"
        if not sayers:
            says = f"Neither report {verb}{tail}"
        if who is None:
            return says
        yes = bool(sayers) and set(who) <= set(sayers)
        return f"Yes. {says}" if yes else f"No. {says}"

    def _named(self, ids: list[str]) -> str:
        """Sources as a lead names them: by label, with the headline where the copy names no publisher."""
        out = []
        for sid in ids:
            source = self.kb.sources[sid]
            out.append(self._label(sid) if source.publisher else f'{self._label(sid)} ("{source.title}")')
        return " and ".join(out)

    def _labels(self, ids: list[str]) -> str:
        return " and ".join(self._label(sid) for sid in ids)

    def _marked(self, claims: list[Claim]) -> list[Line]:
        """The claims, each ending with the sources that say it."""
        out: list[Line] = []
        for claim in claims:
            lines = list(parse_markup(claim.text))
            if not lines:
                continue
            if all(self.kb.sources[sid].label in claim.text for sid in claim.evidence):
                out.extend(lines)  # the claim names its sources itself
                continue
            mark = Run(text=f" ({self._labels(self._ordered(set(claim.evidence)))})", quiet=True)
            last = lines[-1]
            lines[-1] = Line(runs=(*last.runs, mark), style=last.style)
            out.extend(lines)
        return out

    def _companies(self, text: str, asked: _Asked, companies: list[Company]) -> Answer:
        lines = []
        for c in companies:
            sayers = self._ordered(set(c.sources))
            role = "as a founding signatory" if c.signed else "as a company that did not sign"
            lead = self._lead(asked.who, sayers, "names", "name", tail=" ")
            lines.append(line(lead, strong(c.name), f" {role} (as of {self.kb.as_of_text})."))
        entities = tuple(
            Entity.model_construct(
                name=c.name,
                signed=c.signed,
                status="signed" if c.signed else "declined",
                as_of=self.kb.as_of,
                asked_as=c.name,
                company_id=c.id,
                match_score=1.0,
            )
            for c in companies
        )
        cited = self._ordered({sid for c in companies for sid in c.sources})
        return Answer(
            kind="signatory",
            lines=tuple(lines),
            entities=entities,
            sources=self.kb.refs(cited),
            confidence=1.0,
            question=text,
        )
