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


def clean_slack(text: str) -> str:
    """Turn Slack-formatted input into plain text: mentions, specials and links removed or unwrapped."""
    text = _CONTROL.sub(" ", text[:MAX_QUESTION_CHARS])
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


_NOT_KEY = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=8192)
def key(name: str) -> str:
    """A name's matching key: folded, letters and digits only ("Trend-Micro" and "trendmicro" agree)."""
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
)
_CANNOT = re.compile(r"\bcannot\b", _I)
_CYBER = re.compile(r"\b(cyber)[\s-]+(?=[a-z])", _I)
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
        out.append((word, fold(word), parts[i - 1]))
    return out


def words(text: str) -> list[str]:
    """Folded words of a question, contractions expanded ("didn't" → "did not"), possessives dropped."""
    return [folded for _, folded, _ in tokens(text)]


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A deliberately light English stemmer: enough to join plurals and -ed/-ing forms."""
    w = word.replace("'", "")
    if len(w) <= 3 or not w.isalpha():
        return w
    w = w.replace("organiz", "organis").replace("recogniz", "recognis")
    for suffix, repl in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ied", "y"),
        ("ed", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)] + repl
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "lsz":  # planned → plann → plan
        w = w[:-1]
    return w.rstrip("e") if len(w) > 4 else w


# Stems that mean the same thing to this bot, mapped to one concept.
_CONCEPTS: dict[str, tuple[str, ...]] = {
    "sign": (
        "sign",
        "signatory",
        "signer",
        "signature",
        "join",
        "member",
        "membership",
        "endors",
        "participat",
        "participant",
        "subscrib",
        "adher",
        "ratify",
        "enrol",
        "enroll",
    ),
    "lead": (
        "lead",
        "led",
        "leader",
        "organis",
        "organiser",
        "spearhead",
        "mastermind",
        "initiat",
        "initiator",
        "head",
        "champion",
        "architect",
        "orchestrat",
        "driv",
        "drove",
        "behind",
        "founder",
    ),
    "announce": (
        "announc",
        "announcement",
        "launch",
        "unveil",
        "introduc",
        "publish",
        "releas",
        "start",
        "begin",
        "began",
        "creat",
        "form",
        "establish",
        "found",
    ),
    "not": (
        "not",
        "no",
        "never",
        "refus",
        "declin",
        "miss",
        "absent",
        "without",
        "holdout",
        "abstain",
        "reject",
        "exclud",
        "outside",
        "decline",
        "non",
        "left",
    ),
    "cost": (
        "cost",
        "loss",
        "lose",
        "lost",
        "damag",
        "price",
        "expens",
        "expensive",
        "money",
        "economic",
        "dollar",
        "financial",
        "toll",
        "impact",
    ),
    "attack": (
        "attack",
        "cyberattack",
        "hack",
        "hacker",
        "hacking",
        "breach",
        "intrusion",
        "incident",
        "threat",
        "cybercrime",
        "cybercriminal",
        "malware",
        "virus",
    ),
    "company": (
        "company",
        "firm",
        "corporation",
        "business",
        "organisation",
        "organization",
        "vendor",
        "enterprise",
        "giant",
        "provider",
        "player",
        "corp",
        "compan",
    ),
    "country": ("country", "nation", "countrie", "nationality"),
    "russia": ("russia", "russian"),
    "china": ("china", "chinese"),
    "iran": ("iran", "iranian"),
    "korea": ("korea", "korean"),
    "meet": ("meet", "meeting", "gather", "gathering", "convene", "summit"),
    "share": ("share", "sharing", "exchang", "pool"),
    "quote": ("quote", "said", "say", "statement", "comment", "remark", "told", "speech", "spoke", "word"),
    "security": ("security", "cybersecurity", "antivirus", "infosec"),
    "usa": ("american", "america", "usa"),
    "when": ("when", "date", "day", "year", "time", "week", "month"),
    "where": ("where", "location", "place", "city", "venue"),
    "why": ("why", "reason", "motivation", "prompt", "motivat", "cause", "trigger"),
    "goal": ("goal", "purpose", "aim", "objective", "point", "mission"),
    "role": ("role", "job", "title", "function"),
    "person": ("person", "executive", "exec", "individual", "man", "woman"),
    "summary": ("summary", "summar", "gist", "overview", "rundown", "recap", "tldr", "nutshell"),
    "estimate": (
        "estimate",
        "expect",
        "project",
        "projection",
        "forecast",
        "predict",
        "prediction",
        "anticipat",
    ),
    "stance": ("stance", "policy", "view", "attitude"),
    "promise": ("promise", "commit", "commitment", "vow", "undertak", "principle", "oblig"),
    "accord": (
        "accord",
        "pledge",
        "pact",
        "agreement",
        "alliance",
        "initiative",
        "coalition",
        "treaty",
        "charter",
    ),
    "source": ("source", "article", "report", "news", "reference", "citation", "cite", "story", "press"),
    "information": ("information", "info", "intel", "intelligence", "data"),
    "author": ("author", "write", "wrote", "written", "writer", "journalist", "reporter", "byline"),
    "protect": ("protect", "protection", "defend", "defence", "defense", "safeguard", "shield"),
    "before": ("before", "preced", "prior", "earlier", "previous", "preceding", "precede"),
    "customer": ("customer", "user", "client", "civilian", "people", "everyone", "everybody", "consumer"),
    "government": ("government", "state", "nation-state", "regime", "military"),
}
_CONCEPT_OF = {stem(v): k for k, vs in _CONCEPTS.items() for v in vs}

# Words that carry no meaning for matching. Question words that do (who, when, …) are not here.
STOPWORDS = frozenset(
    """a an the is are was were be been being do does did doing of to in on at for with about by from
    and or it its this that these those they them their there here i me my you your we our us can
    could would will should shall may might must please tell know what which any some all has have
    had get got so as into than then just also very really actually ever yet still now currently
    anything something one ones if whether let show give want like need wonder hi hey hello thanks
    thank ok okay well much many he she him his her hers founding original initial besides except else
    other others apart two three four five six seven eight nine ten main key primary important exactly
    basically tech technology""".split()
)
# Multi-word question words kept as one token, before stopwords are removed.
_PHRASES: tuple[tuple[str | tuple[str, ...], re.Pattern[str], str], ...] = (
    # (text the pattern cannot match without, or a choice of such texts; pattern; replacement)
    ("tech", re.compile(r"\b(?:cybersecurity )?tech(?:nology)? accord\b"), "accord"),
    ("how", re.compile(r"\bhow many\b"), "howmany"),
    ("how", re.compile(r"\bhow much\b"), "howmuch"),
    ("number", re.compile(r"\bnumber of\b"), "howmany"),
    ("korea", re.compile(r"\bnorth korea"), "korea"),
    ("states", re.compile(r"\bunited states\b"), "usa"),
    (
        ("compan", "firm", "tech", "giant", "based"),
        re.compile(r"\bu\.?s\.?\b(?=\s+(?:compan|firm|tech|giant|based))"),
        "usa",
    ),
    ("stay", re.compile(r"\bstay(?:ed|ing)? out\b"), "not"),
    ("charge", re.compile(r"\bin charge\b"), "lead"),
    ("together", re.compile(r"\bput ((?:\w+ ){0,3})together\b"), r"organised \1"),
    ("force", re.compile(r"\bdriving force\b"), "leader"),
    ("public", re.compile(r"\bmade public\b"), "announced"),
    ("roll", re.compile(r"\broll(?:ed|ing)? out\b"), "proposed"),
    (
        ("sign", "log"),
        re.compile(
            r"\b(?:sign(?:ed|ing)?|log(?:ged|ging)?) (?:in|into|out)\b(?!\s+(?:\d|the accord|to the))"
        ),
        "login",
    ),
    ("put", re.compile(r"\bput (?:their|its|his|her) names? (?:to|on)\b"), "sign"),
    ("sign", re.compile(r"\bsign(?:ed)? (?:up|on)\b"), "sign"),
    ("left", re.compile(r"\bleft out\b"), "not"),
    ("date", re.compile(r"\bup[ -]to[ -]date\b"), "current"),
    # "what did the firms pledge?", "they pledged to": the verb, a promise; "the pledge" stays the accord
    ("pledge", re.compile(r"\b(did(?: \w+){1,4} )pledge$"), r"\1promise"),
    ("pledge", re.compile(r"(?<!\bthe )(?<!\bthis )(?<!\bthat )(?<!\ba )\bpledged? (?=to\b)"), "promise "),
    ("state", re.compile(r"\bstate[\s-]sponsored\b"), "statesponsored"),
)


# The rules with their hints as tuples; and any text one of them needs: without one, no rule can apply (and
# none can make another apply).
_RULES = tuple(
    ((hint,) if isinstance(hint, str) else hint, pattern, repl) for hint, pattern, repl in _PHRASES
)
_ANY_HINT = re.compile("|".join(re.escape(h) for hints, _, _ in _RULES for h in hints))


def concept(word: str) -> str:
    """The concept a word stands for (its stem when it has none)."""
    s = stem(word)
    return _CONCEPT_OF.get(s, s)


def terms(text: str) -> list[str]:
    """The meaningful terms of a text, in order: words folded, stop words dropped, stems mapped to concepts."""
    return terms_of(words(text))


def terms_of(folded: list[str] | tuple[str, ...]) -> list[str]:
    """The meaningful terms of already folded words."""
    low = " ".join(folded)
    for hints, pattern, repl in _RULES if _ANY_HINT.search(low) else ():
        for h in hints:
            if h in low:
                low = pattern.sub(repl, low)
                break
    out = []
    for w in low.split():
        if w in STOPWORDS:
            continue
        out.append(concept(w))
    return out
