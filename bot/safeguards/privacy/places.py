"""Countries, territories and languages, which the name lists also hold as first names (a
country typed in lower case) or which a capitalised run reads as a name (two languages side by
side).

Where a young person travels, where a family comes from and which language they speak identify
nobody, and a warning about "a name" for them teaches the practitioner to ignore the warning. The
names come from a maintained package (Babel's CLDR data, English names), not a hand-written
list, so every country and language is known.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale

from bot.safeguards import vocabulary
from bot.safeguards.privacy.spans import Identifier, overlaps

MIN_LENGTH = 4
"""Shorter CLDR names ("Ga", "Yi", "Ko") are initials and syllables as often as places."""

_PLACE_CUE = re.compile(
    r"\b(?:to|from|in|into|of|at|near|via|across|around|visit(?:s|ed|ing)?|fled|flee(?:ing)?"
    r"|left|leaving|back|speaks?|speaking|spoke|returned|returning|trip|holiday|travel\w*|flew"
    r"|fly(?:ing)?|moved|deported|sent|born)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""Just before a place or a language: "fled to Eritrea", "family from India", "speaks Shona"."""
_SAID_TO = re.compile(
    r"\b(?:spoke|speak|speaks|spoken|speaking|talk|talks|talked|talking|said|say|says|told"
    r"|explained|listened|listening|chatted|chatting|wrote|written|write|writing|replied|reply"
    r"|introduced|married|engaged|belongs|next)\s+to\s+$",
    re.IGNORECASE,
)
"""Speaking or writing to someone ("spoke to Asia today"): a person, not a place."""
_LISTED_AFTER = re.compile(r"([^\W\d_]+)\s*(?:,|/|\bor\b|\band\b)\s*$", re.IGNORECASE)
"""After another place in a list: "iraq or syria", "Somalia, Kenya"."""


def _placed(before: str) -> bool:
    """What comes before a word places it: a word of going, coming or speaking, or another
    country or language it is listed with."""
    listed = _LISTED_AFTER.search(before)
    if _SAID_TO.search(before):
        return False
    return _PLACE_CUE.search(before) is not None or (
        listed is not None and is_place_or_language(listed.group(1))
    )


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    locale = Locale.parse("en")
    named = [*locale.territories.values(), *locale.languages.values()]
    return frozenset(
        " ".join(name.lower().split())
        for name in named
        if len(name) >= MIN_LENGTH and re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", name)
    )


def is_place_or_language(words: str) -> bool:
    """The words, in any case, name a country, a territory or a language, whole."""
    return " ".join(words.lower().split()) in _names()


def _a_place(text: str, name: Identifier) -> bool:
    """Every word of the span names a country or a language, whole ("Sierra Leone", "Polish
    Romani"), and either none of them is also a first name, or the span follows a word that
    places it ("to", "from", "speaks"): "mum said India has been crying" still names a child."""
    words = name.text.split()
    whole = is_place_or_language(name.text)
    if not words or not (whole or all(is_place_or_language(word) for word in words)):
        return False
    given = vocabulary.first_names()
    if not any(word.lower() in given for word in words):
        return True
    return _placed(text[: name.start])


def _whole_place_around(text: str, name: Identifier) -> bool:
    """The span is one word of a place's name of two words typed beside it ("Leone" of "Sierra
    Leone"), placed by a word before the whole name."""
    before = re.search(r"([^\W\d_]+)\s+$", text[: name.start])
    after = re.match(r"\s+([^\W\d_]+)", text[name.end :])
    candidates = []
    if before:
        candidates.append((before.group(1) + " " + name.text, name.start - len(before.group(0))))
    if after:
        candidates.append((name.text + " " + after.group(1), name.start))
    return any(is_place_or_language(words) and _placed(text[:start]) for words, start in candidates)


def not_places(names: list[Identifier], text: str, cued: list[Identifier]) -> list[Identifier]:
    """The names less those that are a country, a territory or a language, found by
    capitalisation or the word lists alone: a name a cue found (`cued`: "called", "his sister",
    "'s mum", an age) is a name whatever else it may mean."""
    return [
        name
        for name in names
        if any(overlaps(name, cue) for cue in cued)
        or not (_a_place(text, name) or _whole_place_around(text, name))
    ]
