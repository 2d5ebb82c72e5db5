"""Scope: does a question ask about joining or signing something other than the Cybersecurity Tech Accord
("did Microsoft sign the Kyoto Protocol?", "was Cisco part of PRISM?")? The sources say nothing about that."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.answering.parse import ACCORD_WORDS, PRONOUNS, TRIGGERS, Shape
from bot.answering.text import STOPWORDS

# Words of taking part in something, not all of which TRIGGERS holds.
TAKES_IN_WORDS = frozenset(["involved", "involvement", "participation", "active"])
# Verbs and nouns of joining that take the thing joined as their object (TRIGGERS, plus a few).
JOINING = (
    TRIGGERS
    | TAKES_IN_WORDS
    | frozenset(
        """agree agrees commit sign signs signed signing join joins joined back backs adopt adopted adopts
    endorse part member members membership signatory signatories founding partner partners""".split()
    )
)
# Words between the verb and the thing joined, or after it, that do not name a thing.
LINKS = STOPWORDS | frozenset(
    """to the a an of on onto up in into with for as too also either or not yet ever already still now
    then back at some point later since originally initially officially publicly itself themselves its
    their this that these those one ones any all both each own same whole entire year years time times
    before after during when while again anymore at all and out off away right correct true yes no ok okay
    really huh eh innit lol from further down line road later""".split()
)
# Words that may stand in a phrase naming this accord or its occasion ("the 2018 cybersecurity tech accord at
# RSA in San Francisco").
ACCORD_PHRASE = (
    ACCORD_WORDS
    | PRONOUNS
    | frozenset(
        """tech technology cybersecurity cyber security deal list group thing effort accord's initiative
        microsoft microsoft's smith smith's brad 2018 april tuesday 17 17th rsa conference san francisco
        week day declaration statement companies firms company firm signatories members original founding
        first initial global industry sector principles promise promises commitment commitments
        cybersecurity-tech-accord""".split()
    )
)
MAX_OBJECT_WORDS = 8
# Words of taking part whose object follows "in".
TAKES_IN = frozenset(
    "involved involvement participate participated participates participating participation active".split()
)
# Nouns of joining: they name what was joined only through "of", "to" or "in" ("a member of X").
MEMBERSHIP = frozenset(
    """part member members membership signatory signatories signer signers partner partners participant
    participants party parties founding""".split()
)
# Things the sources mention that are not this accord: Smith's proposed Digital Geneva Convention, and the
# Geneva Conventions of 1949.
NOT_THE_ACCORD = frozenset(["geneva", "convention", "conventions"])
ENDS = frozenset(
    """in at back during since before after when or and too because due despite given last this""".split()
)


_SENTENCE_END = re.compile(r"[?!.;:,()\[\]]|\s[-–—]\s")


def other_subject(
    sh: Shape,
    companies: frozenset[str],
    known: Callable[[str], bool],
    before: tuple[str, ...] = (),
) -> str | None:
    """The thing a question asks about joining, as written, when it is not this accord; else None.

    `companies` are folded words of the company names the question holds (they may follow the verb:
    "did Apple join Microsoft's pledge?" keeps the accord); `known(word)` says whether the facts know a word
    ("did they agree to protect customers?" is about what this accord says); `before` is the punctuation
    before each word: the thing joined ends with its clause ("did Amazon sign?? asking for a friend")."""
    folded = sh.folded

    def ends_clause(k: int) -> bool:
        return k < len(before) and bool(_SENTENCE_END.search(before[k]))

    for i, f in enumerate(folded):
        if f not in JOINING:
            continue
        if f in MEMBERSHIP and folded[i + 1 : i + 2] not in (("of",), ("to",)):
            continue  # "has any signatory been expelled?": a noun, naming nothing joined
        j = i + 1
        if f in TAKES_IN and folded[j : j + 1] == ("in",):
            j += 1  # "involved in X", "participate in X": "in" names what was joined
        while j < len(folded) and folded[j] in LINKS and folded[j] not in ENDS and not ends_clause(j):
            j += 1
        obj: list[int] = []
        while j < len(folded) and len(obj) < MAX_OBJECT_WORDS and not ends_clause(j):
            w = folded[j]
            if w in JOINING and not obj:
                break  # "signed up and joined": another verb, look from there
            if w in ENDS:
                break  # "…the accord in 2018", "…or not": the thing named has ended
            obj.append(j)
            j += 1
        content = [
            k for k in obj if folded[k] not in LINKS and not folded[k].isdigit() and len(folded[k]) > 1
        ]
        if not content:
            continue
        strange = [
            k
            for k in content
            if folded[k] in NOT_THE_ACCORD
            or (folded[k] not in ACCORD_PHRASE and folded[k] not in companies and not known(folded[k]))
            # a capitalised name of something that is neither a company nor this accord: "the Responsible
            # Business Alliance" (its words may be ordinary ones)
            or (sh.shown[k][:1].isupper() and folded[k] not in ACCORD_PHRASE and folded[k] not in companies)
        ]
        if strange:
            return " ".join(sh.shown[k] for k in obj).strip()
        return None  # the first thing joined is the accord
    return None
