"""Which language a question is in, by a maintained detector (lingua), loaded only when a question that the
English reading could not answer looks foreign: `accord-bot ask` in English never pays for it."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any, NamedTuple

# The languages told apart, by ISO 639-1 code: the five with curated questions, English, and the languages
# colleagues most often write in besides.
CODES = "en de fr es pt it nl pl sv da nb fi tr ru uk cs ro hu el ja zh ko ar he hi id vi".split()
_lock = threading.Lock()


class Detected(NamedTuple):
    """A detected language: ISO 639-1 code, English name, the detector's confidence (0..1), and its confidence
    that the text is English."""

    code: str
    name: str
    confidence: float
    english: float
    others: tuple[tuple[str, float], ...] = ()  # every language's confidence, by code


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder  # noqa: PLC0415 - loaded on first use

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in CODES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def preload() -> None:
    """Build the detector now (a server does this at start, so no question pays the 0.1 s and memory stays flat)."""
    _detector()


@lru_cache(maxsize=4096)
def detect(text: str) -> Detected | None:
    """The question's most likely language (lingua's low-accuracy mode: about 30 MB and 0.1 s to load, against
    500 MB and 3 s for its high-accuracy models), or None for text with too few letters."""
    if sum(ch.isalpha() for ch in text) < 3:
        return None
    with _lock:  # building the detector once; detection itself is thread-safe
        detector = _detector()
    values = detector.compute_language_confidence_values(text)
    if not values:
        return None
    lang = values[0].language
    english = next((float(v.value) for v in values if v.language.iso_code_639_1.name == "EN"), 0.0)
    others = tuple((v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values)
    return Detected(
        lang.iso_code_639_1.name.lower(), lang.name.title(), float(values[0].value), english, others
    )


def named(code: str) -> str:
    """A language's English name from its ISO 639-1 code ("de" → "German")."""
    from lingua import IsoCode639_1, Language  # noqa: PLC0415

    return str(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())).name.title())
