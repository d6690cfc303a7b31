"""Dates of birth: full dates that are not meetings, and partial or spelt-out dates after a
date-of-birth cue."""

from __future__ import annotations

import re

from bot.safeguards.privacy.spans import (
    DATE_OF_BIRTH,
    Identifier,
    identifier,
    spans,
    without_overlaps,
)

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)?\d{2}"
_FULL_DATE = re.compile(
    rf"\b(?:"
    rf"(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:(?:19|20)\d{{2}}|\d{{2}})"
    rf"|(?:19|20)\d{{2}}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    rf"|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTHS},?\s+{_YEAR}"
    rf"|{_MONTHS}\s+{_DAY},?\s+{_YEAR}"
    rf")(?![\d/.-]\d)",
    re.IGNORECASE,
)
# With a date-of-birth cue, partial dates ("DOB 14/02", "born in March 2015") also count.
_PARTIAL_DATE = (
    rf"(?:{_DAY}\s+(?:of\s+)?{_MONTHS}|{_MONTHS}\s+(?:19|20)\d{{2}}"
    rf"|(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])(?![/.]?\d))"
)
# A date straight after one of these is a meeting or appointment, not a date of birth.
_EVENT_BEFORE_DATE = re.compile(
    r"\b(?:meeting|conference|review|appointment|visit|panel|hearing|court|deadline|due"
    r"|held|scheduled|booked|session|training|until|by)\s+(?:is\s+|was\s+)?(?:on|for|at)?\s*$",
    re.IGNORECASE,
)
DOB_CUE = r"(?i:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+(?:on|in))?(?:\s+the)?)"
_CUED_PARTIAL_DATE = re.compile(
    rf"\b{DOB_CUE}\s*(?:is\s+|was\s+)?[:\-]?\s*(?P<date>{_PARTIAL_DATE})\b", re.IGNORECASE
)
# A date of birth in words: "born on the fifth of june twenty sixteen".
_ORDINAL_WORDS = (
    r"(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|thirtieth)"
)
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|thousand|hundred|and|oh)"
)
_DATE_IN_WORDS = re.compile(
    rf"\b{DOB_CUE}\s*(?P<date>{_ORDINAL_WORDS}\s+(?:of\s+)?{_MONTHS}"
    rf"(?:,?\s+(?:{_NUMBER_WORDS}\b[\s-]*){{2,5}}|\s+(?:19|20)\d{{2}})?)",
    re.IGNORECASE,
)


def of_birth(text: str) -> list[Identifier]:
    """Full dates are treated as dates of birth unless they follow a meeting or appointment.

    Any other full date about a child (an incident, a birth) helps identify them, so erring
    towards redaction is deliberate.
    """
    found = [
        _strip_article(ident, text)
        for ident in spans(DATE_OF_BIRTH, _FULL_DATE, text)
        if not _EVENT_BEFORE_DATE.search(text[: ident.start])
    ]
    found += list(spans(DATE_OF_BIRTH, _CUED_PARTIAL_DATE, text, group="date"))
    found += [
        _rstrip(ident, text) for ident in spans(DATE_OF_BIRTH, _DATE_IN_WORDS, text, group="date")
    ]
    return without_overlaps(found)


def _rstrip(ident: Identifier, text: str) -> Identifier:
    return identifier(ident.kind, text, ident.start, ident.start + len(ident.text.rstrip(" -")))


def _strip_article(ident: Identifier, text: str) -> Identifier:
    if ident.text.lower().startswith("the "):
        return identifier(ident.kind, text, ident.start + 4, ident.end)
    return ident
