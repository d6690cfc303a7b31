"""What is kept of what a person typed: identifiers replaced by placeholders, then every word
the assistant does not know replaced too.

Detection alone cannot promise that no name is stored: a name nobody listed, typed in lower
case, looks like any other word. So storage keeps only known words (bot.safeguards.vocabulary: the
assistant's own vocabulary and frequent English words that are not names), and an unknown
word, whatever it is, never reaches the database, the logs or the insights. Questions stay
readable enough to improve the content: "jayden smith keeps turning up hungry to nursery"
is kept as "[name removed] keeps turning up hungry to nursery".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bot.safeguards import vocabulary
from bot.safeguards.privacy import redact

UNKNOWN = "[removed]"
"""Stands for a run of words the assistant does not know."""
MAX_KEPT_DIGITS = 2
"""Numbers up to this many digits (ages, "yr 8", "20 mins") are kept; longer ones (years of
birth, house and reference numbers) are not."""
_PLACEHOLDER = r"\[[a-zA-Z ]*removed\]"
_TOKEN = re.compile(rf"{_PLACEHOLDER}|[^\W\d_]+(?:['\u2019-][^\W\d_]+)*|\d+")
_CONTRACTION = re.compile(r"(?:n['\u2019]t|['\u2019](?:s|re|ve|ll|d|m|t))$", re.IGNORECASE)


_YEAR = re.compile(r"(?:19|20)\d\d")
_BIRTH_CUE = re.compile(r"\b(?:born|dob|d\.o\.b|birth)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)


def _base(token: str) -> str:
    """The word without "'s", "n't" and the like: "Erika's" -> "Erika", "isn't" -> "is"."""
    return _CONTRACTION.sub("", token).replace("\u2019", "").replace("'", "")


def _kept(token: str, before: str) -> bool:
    if token.startswith("["):
        return True
    if token.isdigit():
        if _YEAR.fullmatch(token):  # "the 2016-17 audit", not "born 2015"
            return _BIRTH_CUE.search(before) is None
        return len(token) <= MAX_KEPT_DIGITS
    # A hyphenated word is kept only whole ("non-compliant"), never half a name ("lily-may").
    return all(
        bool(base) and base.isascii() and vocabulary.is_storable(base)
        for base in (_base(part) for part in token.split("-"))
    )


# A word right before an age ("april is 6", "Tia (4)", "ollie aged 6") is someone's name.
_BEFORE_AN_AGE = re.compile(
    r"^\s*(?:\(\s*\d{1,2}\s*\)|,\s*\d{1,2}\s*[,)]|(?:is|aged?)\s+\d{1,2}\b)", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?:;\n]\s*$")
# Coordinated with a name or a relative ("Will and his sister", "Dev & [name removed]",
# "[name removed] and Will"), a word is a name too.
_RELATIVES = (
    r"(?:sister|brother|sisters|brothers|siblings?|mum|mom|mother|dad|father|nan|gran|cousin"
    r"|twin|baby)"
)
_BEFORE_A_NAME = re.compile(
    rf"^\s*(?:and|&)\s+(?:\[name removed\]"
    rf"|(?:his|her|their)\s+(?:little\s+|big\s+|older\s+|younger\s+)?{_RELATIVES}\b)",
    re.IGNORECASE,
)
_AFTER_A_NAME = re.compile(r"\[name removed\]\s*(?:and|&)\s*$", re.IGNORECASE)
_NEVER_A_NAME = frozenset(
    "i he she they we you it him her them his their who this that one both".split()
)


def _looks_like_a_name(token: str, before: str, after: str) -> bool:
    """Storage errs towards removal: a known word is still dropped when it is capitalised in the
    middle of a sentence (a proper noun: "says Summer is") or stands right before an age."""
    lowered = _base(token).lower()
    a_name_too = lowered in vocabulary.first_names()
    if lowered in vocabulary.own_words() and not a_name_too:
        return False  # "Mum", "CAMHS": the assistant's own words, never a name
    if _BEFORE_AN_AGE.match(after):
        return True
    if lowered not in _NEVER_A_NAME and (
        _BEFORE_A_NAME.match(after) or _AFTER_A_NAME.search(before)
    ):
        return True
    if lowered in vocabulary.knowledge_proper_nouns() or lowered in vocabulary.CALENDAR_WORDS:
        return False
    mid_sentence = before.strip() != "" and not _SENTENCE_END.search(before)
    return mid_sentence and token[:1].isupper() and not token.isupper() and lowered != "i"


_PHONE_LIKE = re.compile(r"(?<!\d)0\d(?:[\s-]?\d){8,9}(?!\d)")


def _service_numbers(text: str) -> list[tuple[int, int]]:
    return [
        match.span()
        for match in _PHONE_LIKE.finditer(text)
        if re.sub(r"\D", "", match.group()) in vocabulary.service_phone_numbers()
    ]


STORED_TOPICS = Path(__file__).with_name("stored_topics.txt")


@lru_cache(maxsize=1)
def _stored_topics() -> re.Pattern[str]:
    """The topics of stored_topics.txt as one pattern: a word or a phrase, whole words only,
    the last word with any ending."""
    lines = STORED_TOPICS.read_text(encoding="utf-8").splitlines()
    topics = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    alternatives = [r"[\s-]+".join(map(re.escape, words)) + r"[a-z]*" for words in topics]
    return re.compile(rf"\b(?:{'|'.join(alternatives) or '(?!)'})\b", re.IGNORECASE)


def _topic_phrases(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _stored_topics().finditer(text)]


def minimise(text: str) -> str:
    """The text as it may be stored: identifiers and unknown words replaced."""
    redacted = redact(text)
    services = _service_numbers(redacted)
    topics = _topic_phrases(redacted)
    pieces: list[str] = []
    position = 0
    for match in _TOKEN.finditer(redacted):
        token, before = match.group(), redacted[: match.start()]
        if any(start <= match.start() < end for start, end in services):
            continue  # a service's number from knowledge/ ("the Nia Project on 020 7683 1270")
        if any(start <= match.start() < end for start, end in topics):
            continue  # a safeguarding topic's phrase ("lone working"), whatever its words
        if _kept(token, before) and (
            token.startswith("[")
            or token.isdigit()
            or not _looks_like_a_name(token, before, redacted[match.end() :])
        ):
            continue
        gap = redacted[position : match.start()]
        if not (pieces and pieces[-1] == UNKNOWN and not gap.strip()):
            pieces += [gap, UNKNOWN]  # a run of unknown words becomes one placeholder
        position = match.end()
    pieces.append(redacted[position:])
    return "".join(pieces)
