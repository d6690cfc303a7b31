"""Addresses: a house number before a street, and a street or estate named without one."""

from __future__ import annotations

import re

from bot.safeguards import vocabulary
from bot.safeguards.privacy.spans import ADDRESS, Identifier, identifier
from bot.safeguards.privacy.words import FUNCTION_WORDS, is_common, words_in

_STREET_SUFFIXES = (
    "street|st|road|rd|lane|ln|avenue|ave|av|close|cl|estate|way|grove|gr|terrace|terr"
    "|gardens|gdns|square|sq|place|pl|crescent|cres|drive|dr|court|ct|mews|row|walk|hill"
    "|park|rise|parade|passage|yard|green|vale|wharf|buildings|house|mansions"
)
# Words that may not form part of a street name: they signal ordinary prose such as
# "3 times on the road" or "two close friends".
_NOT_STREET_WORDS = frozenset(
    "a an the on in at of to for from by with and or up down along across near off into"
    " times days weeks months years minutes hours kids children people friends cases"
    " families visits meetings referrals".split()
)
_ADDRESS = re.compile(
    rf"\b(?P<number>\d{{1,4}}[a-z]?(?:-\d{{1,4}}[a-z]?)?),?\s+"
    rf"(?P<street>(?:[A-Za-z][A-Za-z'\u2019-]*\s+){{1,4}}?)"
    rf"(?P<suffix>(?:{_STREET_SUFFIXES})(?:\s+(?:{_STREET_SUFFIXES}))*)\b\.?",
    re.IGNORECASE,
)

_DISTRICTED = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][A-Za-z'\u2019-]*\s+){1,4}[A-Z]{1,2}\d[A-Z\d]?\b"
    r"(?!\s*\d[A-Z]{2})"
)
"""A house number and capitalised words before a postcode district ("22 Clapton Common N16",
"5 Sutton Place E9"): an address whatever the street is called, as its postcode's first half
says (a whole postcode is found as a postcode)."""


def districted(text: str) -> list[Identifier]:
    found = []
    for match in _DISTRICTED.finditer(text):
        words = match.group().split()[1:-1]
        if any(word.lower() in _NOT_STREET_WORDS for word in words):
            continue
        found.append(identifier(ADDRESS, text, match.start(), match.end()))
    return found


_STREET_WORDS = frozenset(
    """road rd street st lane ln avenue ave estate grove close crescent gardens gdns terrace walk
    square sq mews drive parade rise""".split()
)
_STRONG_STREET_WORDS = frozenset("road rd street estate avenue lane".split())


def numbered(text: str) -> list[Identifier]:
    found = []
    for match in _ADDRESS.finditer(text):
        street_words = match.group("street").split()
        if any(word.lower() in _NOT_STREET_WORDS for word in street_words):
            continue
        if not _looks_like_street(street_words, match.group("suffix")):
            continue
        found.append(identifier(ADDRESS, text, match.start(), match.end()))
    return found


def _looks_like_street(street_words: list[str], suffix: str) -> bool:
    """Capitalised street names are trusted; lower-case ones only with an unambiguous suffix.

    "12 mare street" is an address, but "3 strategy meetings way" is not, and short
    suffixes like "st" or "way" are too common in prose to trust without capitals.
    """
    if all(word[0].isupper() for word in street_words):
        return True
    return suffix.lower() in {"street", "road", "lane", "avenue", "estate", "terrace", "gardens"}


def streets(text: str) -> list[Identifier]:
    """A street or estate without a house number: "Mare Street", "amhurst rd", "the Pembury
    Court Estate". A capitalised name is trusted; a lower-case one only if it is not a common
    word."""
    words = words_in(text)
    found = []
    for index, (_start, end, word) in enumerate(words):
        suffix = word.lower()
        if suffix not in _STREET_WORDS or index == 0:
            continue
        first = index
        while first > 0 and index - first < 3:
            previous = words[first - 1][2]
            lowered = previous.lower()
            if (
                text[words[first - 1][1] : words[first][0]].strip(" '\u2019")
                or lowered in FUNCTION_WORDS
            ):
                break
            if lowered in vocabulary.own_words() and not previous[:1].isupper():
                break
            capitalised = previous[:1].isupper() and word[:1].isupper()
            if capitalised or (suffix in _STRONG_STREET_WORDS and not is_common(previous)):
                first -= 1
            else:
                break
        if first < index and any(
            w[2].lower() not in vocabulary.own_words() for w in words[first:index]
        ):
            found.append(identifier(ADDRESS, text, words[first][0], end))
    return found
