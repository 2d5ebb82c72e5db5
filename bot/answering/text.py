"""Text handling shared by the matchers: Slack markup removal, folding, tokens, stems and concepts."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

MAX_QUESTION_CHARS = 2000  # longer input is cut: no real question is longer, and matching stays fast
# Legal forms and filler that do not change which company a name means ("Acme Corp" is Acme).
LEGAL_SUFFIXES = frozenset(
    """inc incorporated corp corporation co company ltd limited llc plc sa se ag nv bv oy oyj
    gmbh group holdings holding lp llp pty ab asa spa""".split()
)


def clip(text: str, limit: int) -> str:
    """The text, cut to at most `limit` characters with an ellipsis when it is longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_LEADING_MENTIONS = re.compile(r"^(?:\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*)+")
_USER_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_SPECIAL = re.compile(r"<![^>]*>")  # <!channel>, <!here>, <!everyone>, <!subteam^S1|@team>, <!date^…>
_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_LINK = re.compile(r"<([a-z][a-z0-9+.-]*:[^|>]*)(?:\|([^>]*))?>", re.IGNORECASE)
_BARE_MASS = re.compile(r"@(?:channel|here|everyone)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


LONG_MESSAGE = 600  # a message longer than this is a paste with a question somewhere in it
MAX_MESSAGE_CHARS = 40_000  # Slack's own limit on a message
_SENTENCE_END = re.compile(r"(?<=[.?!\n])\s+")
_CLAUSE_END = re.compile(r"[;:,\n]\s*")


def question_in(text: str) -> str:
    """The question in a long message (a paste followed by the question, say): its last sentence that asks
    something, else its last sentence; within that, the last clause when the sentence is itself long."""
    if len(text) <= LONG_MESSAGE:
        return text
    tail = text[:MAX_MESSAGE_CHARS][-4 * LONG_MESSAGE :]
    sentences = [s.strip() for s in _SENTENCE_END.split(tail) if s.strip()]
    asking = [s for s in sentences if "?" in s]
    chosen = (asking or sentences or [tail])[-1]
    if len(chosen) > LONG_MESSAGE:
        clauses = [c.strip() for c in _CLAUSE_END.split(chosen) if c.strip()]
        chosen = clauses[-1] if clauses else chosen
    return chosen[-LONG_MESSAGE:]


def question_starts(sentence: str, most: int = 4) -> list[str]:
    """The sentence from each of its last few question words on, shortest first: where a question glued to
    other text may start ("… which stayed out did Apple sign?" holds "did Apple sign?")."""
    head = sentence[: sentence.rindex("?")] if "?" in sentence else sentence
    starts = [m.start() for m in _OPENING.finditer(head)][-most:]
    return [sentence[k:] for k in reversed(starts) if k > 0]


_OPENING = re.compile(
    r"\b(?:did|does|do|is|are|was|were|has|have|who|what|which|when|where|how|why|can|could|will|would)\b",
    re.I,
)


def clean_slack(text: str) -> str:
    """Turn Slack-formatted input into plain text: mentions, specials and links removed or unwrapped; of a
    long message, the question in it."""
    text = _CONTROL.sub(" ", question_in(text)[:MAX_QUESTION_CHARS])
    if "<" in text or "&" in text:  # markup or entities (most questions have neither)
        text = _LEADING_MENTIONS.sub("", text)
        text = _USER_MENTION.sub(" ", text)
        text = _SPECIAL.sub(" ", text)
        text = _CHANNEL.sub(" ", text)
        text = _LINK.sub(lambda m: m.group(2) or " ", text)
        text = html.unescape(text)  # Slack escapes &, < and > as entities
        text = _SPECIAL.sub(" ", text)  # an entity-encoded <!here> decodes into one
    if "@" in text:
        text = _BARE_MASS.sub(" ", text)
    return " ".join(text.split())


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case, strip accents, unify quotes and dashes."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    for a, b in (
        ("\u2019", "'"),
        ("\u2018", "'"),
        ("`", "'"),
        ("\u2013", "-"),
        ("\u2014", "-"),
        ("\u2010", "-"),
    ):
        text = text.replace(a, b)
    return text


_NOT_KEY = re.compile(r"[\W_]")  # letters and digits of any script stay


@lru_cache(maxsize=8192)
def key(name: str) -> str:
    """A name's matching key: folded, letters and digits only ("Trend-Micro" and "trendmicro" agree; "ソニー"
    stays itself)."""
    return _NOT_KEY.sub("", fold(name))


_I = re.IGNORECASE
_CONTRACTIONS = (
    (re.compile(r"\bwon't\b", _I), "will not"),
    (re.compile(r"\bcan't\b", _I), "can not"),
    (re.compile(r"\bcannot\b", _I), "can not"),
    (re.compile(r"\b(\w+)n't\b", _I), r"\1 not"),
    (re.compile(r"\b(what|who|where|when|how|it|that|there)'s\b", _I), r"\1 is"),
    (re.compile(r"\b(\w+)'re\b", _I), r"\1 are"),
    (re.compile(r"\b(\w+)'ve\b", _I), r"\1 have"),
    (re.compile(r"\b(\w+)'d\b", _I), r"\1 would"),
    (re.compile(r"\b(\w+)'ll\b", _I), r"\1 will"),
    (re.compile(r"\bi'm\b", _I), "I am"),
)
_CANNOT = re.compile(r"\bcannot\b", _I)
_CYBER = re.compile(r"\b(cyber)[\s-]+(?=(?:attack|secur|crim|threat|war|space|espionage|defen|hack))", _I)
# A word: letters and digits, with inner joiners kept (AT&T, amazon.com, f-secure, $8).
_WORD_SPLIT = re.compile(r"(\$?[^\W_]+(?:[&.'+-][^\W_]+)*)")


def tokens(text: str) -> list[tuple[str, str, str]]:
    """(word as written, folded word, punctuation before it) for each word; contractions expanded."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u2013", "-"), ("\u2014", "-")):
            text = text.replace(a, b)
    text = text.replace("`", "'")
    if "'" in text:
        for pattern, repl in _CONTRACTIONS:
            text = pattern.sub(repl, text)
    else:
        text = _CANNOT.sub("can not", text)
    if "yber" in text or "YBER" in text:
        text = _CYBER.sub(r"\1", text)
    parts = _WORD_SPLIT.split(text)  # text before the first word, the word, text before the next, …
    out = []
    for i in range(1, len(parts), 2):
        word = parts[i]
        if word.endswith(("'s", "'S")):
            word = word[:-2]
        before = parts[i - 1]
        if "'" in word:
            head, _, rest = word.partition("'")
            if head.lower() in ELISIONS and rest:  # "l'accordo", "qu'est-ce": two words
                out.append((head, fold(head), before))
                word, before = rest, "'"
        out.append((word, fold(word), before))
    return out


# Elided articles and pronouns of French and Italian, written joined to the next word with an apostrophe.
ELISIONS = frozenset("l d qu n s c j m t dell all nell sull dall un quell".split())


def words(text: str) -> list[str]:
    """Folded words of a question, contractions expanded ("didn't" → "did not"), possessives dropped."""
    return [folded for _, folded, _ in tokens(text)]


# Words that carry no meaning for matching. Question words that do (who, when, …) are not here.
STOPWORDS = frozenset(
    """a an the is are was were be been being do does did doing of to in on at for with about by from
    and or it its this that these those they them their there here i me my you your we our us can
    could would will should shall may might must please tell know what which any some all has have
    had get got so as into than then just also very really actually ever yet still now currently
    anything something one ones if whether let show give want like need wonder hi hey hello thanks
    thank ok okay well much many he she him his her hers founding original initial besides except else
    other others apart two three four five six seven eight nine ten main key primary important exactly
    basically tech technology thing things stuff only roughly approximately around per according
    kindly whole mention mentions mentioned discuss discussed again more off ballpark well-known famous
    notable prominent big large even""".split()
)
