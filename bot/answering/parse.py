"""Reading a question's shape: is it asking whether companies signed, and which names does it ask about?"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.answering.text import LEGAL_SUFFIXES, STOPWORDS, tokens

AUX = frozenset("""did has have had is are was were does do will would could can should""".split())
WH = frozenset(["who", "what", "when", "where", "why", "which", "how", "whose", "whom"])
# Words saying "signed / is a member": their presence makes a question about signing.
TRIGGERS = frozenset(
    """back refuse refused refuses declined decline declines rejected opted abstained stayed commit commits sign signs
    signed signing signatory signatories signer signers signee signees join joins joined
    joining member members membership endorse endorses endorsed endorsing participate participates
    participated participating participant participants party parties part included include includes
    listed among backed backing support supports supported supporting pledged committed agreed
    subscribed adhered ratified onboard involved enrolled stay stays staying leave leaves leaving left quit
    quits drop drops dropped withdraw withdraws withdrew withdrawn exit exits exited remain remains remained""".split()
)
ACCORD_WORDS = frozenset(
    ["accord", "pledge", "pact", "agreement", "alliance", "initiative", "treaty", "charter", "coalition"]
)
PRONOUNS = frozenset(["it", "they", "them", "this", "its", "their"])
# Words around a name in a question that are not part of the name ("did … sign the accord?").
FRAME = (
    AUX
    | WH
    | STOPWORDS
    | TRIGGERS
    | ACCORD_WORDS
    | PRONOUNS
    | frozenset(
        """company companies firm firms corporation corporations business businesses vendor vendors
        organisation organisations organization organizations founding original initial list not no yes
        right correct true sure too either neither also ever really actually already yet still so far
        originally initially officially publicly later earlier since first back up onto into name named
        mentioned someone anyone anybody every each both among about april 2018 tuesday in on at to by with
        of for from as well then now today know tell check wonder confirm see find out please thanks thank
        whether if did signature signing board one ones heard hear think thought read saw believe guess
        noticed told says said reported reports claims claimed suppose assume mean wondering put &""".split()
    )
)
FRAME = FRAME - {"whole"}  # "Whole Foods"
# Words trimmed from a name's edges only when the name is not found with them ("the firm Oracle").
SOFT = frozenset(
    """company companies firm firms corporation business vendor organisation organization tech
    technology technologies cybersecurity cyber security giant""".split()
)
CONJUNCTIONS = frozenset(["and", "or", "nor", "plus", "vs", "versus", "but"])
OPENERS = frozenset(
    ["so", "and", "but", "hey", "ok", "okay", "please", "also"]
)  # skipped before the first word
ACCORD_NAME_WORDS = frozenset(["tech", "cybersecurity", "technology"])  # "the (cybersecurity) tech accord"
LIST_WORDS = frozenset(["howmany", "many", "besides", "else", "except", "apart", "other", "others"])
_BOUNDARY_PUNCT = re.compile(r"[,;?!()/:\"+]|\.\s|\s-\s")
SPLITTERS = CONJUNCTIONS | TRIGGERS  # words that are never part of a company's name


class Span(NamedTuple):
    """A run of words that may be a company name."""

    words: tuple[str, ...]  # folded
    shown: str  # as the question wrote it
    core: tuple[str, ...]  # the words without soft edge words ("security firm FireEye" → fireeye)
    core_shown: str
    echo: str  # how to name it back if it is unknown: leading descriptors off, legal form kept ("Acme Corp")
    start: int  # index of its first word in the question


class Shape(NamedTuple):
    """What a question looks like: its opening, whether it asks about signing, and candidate names."""

    folded: tuple[str, ...]
    shown: tuple[str, ...]  # the words as written, one for each folded word
    spans: tuple[Span, ...]
    aux_start: bool  # "did …", "is …", "tell me if …"
    what_about: bool  # "what about Oracle?"
    trigger: bool  # asks about signing or membership (or names the accord after "did/is …")
    sign_word: bool  # a word of signing or membership itself ("sign", "member", "in the accord")
    # A name asked about stands before this index ("did X sign", not "if a signatory breaks…").
    subject_end: int
    context: bool  # refers to the accord (by name or pronoun)
    list_intent: bool  # "how many", "which others …"
    bare: bool  # nothing but names ("Stripe", "Apple and Microsoft?")


_DETERMINERS = frozenset(["the", "this", "that"])


def _group_as_accord(toks: list[tuple[str, str, str]], folded: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """ "the group" (and "this group", "that group") speaks of the accord's companies, so it is read as the
    accord; a group after a name ("BT Group", "the Alibaba Group") stays part of the name."""
    return [
        (shown, "accord", before)
        if f == "group" and i > 0 and folded[i - 1] in _DETERMINERS
        else (shown, f, before)
        for i, (shown, f, before) in enumerate(toks)
    ]


def _legal_end(seg: list[tuple[str, str]], hi: int) -> int:
    """Where a name ends once the legal form right after it is counted in ("Umbrella Corporation")."""
    while hi < len(seg) and seg[hi][1].strip(".") in LEGAL_SUFFIXES:
        hi += 1
    return hi


def shape(text: str, toks: list[tuple[str, str, str]] | None = None) -> Shape:
    """Split a question into its frame and the spans that may be company names."""
    if toks is None:
        toks = tokens(text)
    folded = tuple(f for _, f, _ in toks)
    if "group" in folded:
        toks = _group_as_accord(toks, folded)
        folded = tuple(f for _, f, _ in toks)
    start = 0
    while start < len(folded) and folded[start] in OPENERS:
        start += 1
    first = folded[start] if start < len(folded) else ""
    second = folded[start + 1] if start + 1 < len(folded) else ""
    present = frozenset(folded)
    aux_start = first in AUX or not present.isdisjoint(("if", "whether"))
    what_about = first in {"what", "how"} and second == "about"
    sign_word = (
        not TRIGGERS.isdisjoint(present)
        or _in_the_accord(folded)
        or ("put" in present and ("name" in present or "names" in present))  # "put its name to the accord"
    )
    trigger = sign_word or (aux_start and not ACCORD_WORDS.isdisjoint(present))
    context = trigger or not ACCORD_WORDS.isdisjoint(present) or not PRONOUNS.isdisjoint(present)

    segments: list[list[tuple[str, str]]] = [[]]
    starts: dict[int, int] = {}  # segment number → index of its first word in the question
    seg = segments[-1]
    for i, (shown, fold_w, before) in enumerate(toks):
        # Conjunctions and words of signing are never part of a company's name, nor is the accord's own name.
        splits = fold_w in SPLITTERS or (fold_w in ACCORD_NAME_WORDS and _accord_follows(folded, i))
        if splits or (i > 0 and before != " " and before.strip() and _BOUNDARY_PUNCT.search(before + " ")):
            seg = []
            segments.append(seg)
            if splits:
                continue
        if fold_w == "about" and i > 0 and folded[i - 1] in {"what", "how"}:
            seg = []
            segments.append(seg)
            continue
        if seg:
            if "&" in before:
                seg.append(("&", "&"))  # "Procter & Gamble": kept in the name, split later if need be
        else:
            starts[len(segments) - 1] = i
        seg.append((shown, fold_w))
    spans = _spans(segments, starts)
    bare = (
        bool(spans)
        and not trigger
        and len(folded) <= 8
        and (first not in WH or what_about)
        and sum(len(s.words) for s in spans) == sum(1 for f in folded if f not in FRAME or f in SOFT)
    )
    return Shape(
        folded=folded,
        shown=tuple(s for s, _, _ in toks),
        spans=tuple(spans),
        aux_start=aux_start,
        what_about=what_about,
        trigger=trigger,
        sign_word=sign_word,
        subject_end=_subject_end(folded, start),
        context=context,
        list_intent=first in WH and not LIST_WORDS.isdisjoint(present),
        bare=bare,
    )


def _spans(segments: list[list[tuple[str, str]]], starts: dict[int, int]) -> list[Span]:
    """Each segment with its frame words trimmed, as a candidate name (each distinct name once)."""
    spans: list[Span] = []
    seen: set[tuple[str, ...]] = set()
    for k, seg in enumerate(segments):
        lo, hi = _trim(seg, FRAME, numbers=True)  # bare numbers too: "is Apple among the 34?"
        if lo >= hi:
            continue
        part = seg[lo:hi]
        shown_part, folded_part = zip(*part, strict=True)
        if folded_part in seen:
            continue  # "Apple and Apple and …": each name once
        seen.add(folded_part)
        clo, chi = _trim(part, SOFT)
        echo = seg[lo + clo : _legal_end(seg, hi)]
        if clo >= chi:
            clo, chi = 0, len(part)  # nothing but soft words: the core is the whole span
        spans.append(
            Span(
                folded_part,
                " ".join(shown_part),
                folded_part[clo:chi],
                " ".join(shown_part[clo:chi]),
                " ".join([s for s, _ in echo]) if echo else " ".join(shown_part),
                starts.get(k, 0) + lo,
            )
        )
    return spans


def _trim(items: list[tuple[str, str]], drop: frozenset[str], numbers: bool = False) -> tuple[int, int]:
    """The bounds of the items once the words in `drop` (and bare numbers, if `numbers`) are taken off both
    edges."""
    lo, hi = 0, len(items)
    while lo < hi and ((w := items[lo][1]) in drop or (numbers and w.isdigit())):
        lo += 1
    while hi > lo and ((w := items[hi - 1][1]) in drop or (numbers and w.isdigit())):
        hi -= 1
    return lo, hi


def _subject_end(folded: tuple[str, ...], start: int) -> int:
    """Where the subject of a yes/no question about signing ends: at its first word of signing or of the
    accord; nothing at all for "is there …?" questions, which have no company as their subject."""
    if folded[start : start + 2] in (("is", "there"), ("are", "there"), ("was", "there"), ("were", "there")):
        return 0
    for i, f in enumerate(folded):
        if f in TRIGGERS or f in ACCORD_WORDS:
            return i
    return len(folded)


def _accord_follows(folded: tuple[str, ...], i: int) -> bool:
    """Whether the words from i on name the accord ("tech accord", "cybersecurity tech accord")."""
    rest = [f for f in folded[i : i + 3] if f not in ACCORD_NAME_WORDS]
    return bool(rest) and rest[0] in ACCORD_WORDS


def _in_the_accord(folded: tuple[str, ...]) -> bool:
    """ "in the accord", "on the list", "in it", "on board", "who is in": membership asked with a preposition."""
    if folded[-1:] == ("in",) and len(folded) > 1 and folded[-2] in {"is", "are", "was", "were", "s"}:
        return True
    if "board" in folded and "on" in folded:
        return True
    for i, f in enumerate(folded[:-1]):
        if f in {"in", "on", "within", "inside"}:
            nxt = [
                w for w in folded[i + 1 : i + 5] if w not in {"the", "this", "that", "tech", "cybersecurity"}
            ]
            if nxt and (nxt[0] in ACCORD_WORDS or nxt[0] in {"it", "list", "board"}):
                return True
    return False
