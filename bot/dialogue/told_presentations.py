"""A presentation a practitioner tells in everyday words, read as the audit's words for it, so
the case line that says them is found: "keeps coming in with belly pain, nothing found" is
the mental health audit's "medically unexplained pain", "in A&E again after cutting, third
time" its "self-harming behaviours and multiple hospital attendances", "sick of telling
every new worker what happened" the young person who did not have to "retell their story".

By meaning alone such a question sits between several key messages (non-attendance, autism,
school nursing) and below the case line's similarity (bot/dialogue/case_practice.py): the
everyday words of a symptom, of a visit repeated and of school missed are each far from the
audit's short phrase. Each reading below needs every part of what it tells, so a question
naming one part ("missing school") is left to the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # case_practice reads the presentations told
    from bot.dialogue.case_practice import CaseLine

_SYMPTOM = re.compile(
    r"\b(?:pains?|aches?|aching|headaches?|migraines?|tummy|stomach|belly|abdo(?:minal)?"
    r"|physical\s+symptoms?|somatic\w*|dizz\w*|faint\w*|nausea)\b",
    re.IGNORECASE,
)
"""A bodily complaint, as told."""
_NO_CAUSE = re.compile(
    r"\b(?:unexplained|no\s+(?:\w+\s+)?(?:cause|reason|explanation|diagnosis)"
    r"|nothing\s+(?:\w+\s+){0,2}(?:found|wrong|showing|shows?)"
    r"|(?:can'?t|cannot|couldn'?t|could\s+not|unable\s+to)\s+(?:\w+\s+){0,2}(?:explain|find)"
    r"|(?:nobody|no\s*one)\s+(?:can|could|has|have)\s+(?:\w+\s+){0,2}(?:explain|find)"
    r"|(?:tests?|investigations?|bloods?|scans?|ix)\W+(?:\w+\W+){0,2}"
    r"(?:clear|normal|negative|fine)"
    r"|no\s+(?:medical|physical|organic)\s+\w+)\b",
    re.IGNORECASE,
)
"""That nobody finds a medical cause for it."""
_AGAIN = re.compile(
    r"\b(?:keeps?|kept)\s+(?:\w+\s+){0,3}?(?:coming|going|turning|presenting|attending"
    r"|ending|complaining|getting|having|being)"
    r"|\brepeat(?:ed|edly|s)?\b|\brecurr\w*|\bfrequent\w*|\bmultiple\b|\bagain\b"
    r"|\b(?:\d+|two|three|four|five|several|many)\s*(?:times|x)\b"
    r"|\b(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth)\s+(?:time|admission|attendance)",
    re.IGNORECASE,
)
"""That it happens again and again."""
_MISSES_SCHOOL = re.compile(
    r"\b(?:miss(?:es|ed|ing)?\s+(?:\w+\s+){0,2}(?:school|lessons|classes)"
    r"|off\s+school|attendance|absen\w+|school\s+refus\w*|out\s+of\s+school"
    r"|(?:not|barely|hardly|rarely)\s+(?:\w+\s+){0,2}(?:in|at|to)\s+school)\b",
    re.IGNORECASE,
)
"""That the child misses school."""
_SELF_HARM = re.compile(
    r"\b(?:self[\s-]?harm\w*|cutting|cut\s+(?:her|him|them)sel\w+|overdos\w*|od'?d|ligatures?)\b",
    re.IGNORECASE,
)
"""That the child harms themself."""
_AT_HOSPITAL = re.compile(
    r"(?:\ba\s*&\s*e\b|\ba\s*(?:and|n)\s*e\b|\bemergency\b|\bhospital\w*|\bwalk[\s-]?in\b"
    r"|\burgent\s+care\b|\bpaeds\b|\badmi(?:ssions?|tted)\b|\battendances?\b|\bward\b)",
    re.IGNORECASE,
)
"""That the child is seen at hospital."""
_TELLS_AGAIN = re.compile(
    r"\b(?:re-?tell\w*"
    r"|(?:tell|telling|told|repeat\w*|go(?:ing)?\s+over|explain\w*|recount\w*|reliv\w*)\s+"
    r"(?:\w+\s+){0,3}?(?:story|account|what\s+happened|it|everything)\b[^.?!]{0,40}?"
    r"\b(?:again|over\s+and\s+over|every|each|new|another|different|so\s+many))",
    re.IGNORECASE,
)
"""That the young person has to tell what happened to them again, to each new person."""


@dataclass(frozen=True)
class Presentation:
    """A presentation told: every one of `told` says a part of it, and `audit_words` are the
    audit's words for it, which the line answering it says."""

    told: tuple[re.Pattern[str], ...]
    audit_words: str


PRESENTATIONS = (
    Presentation((_SYMPTOM, _NO_CAUSE), "medically unexplained pain"),
    Presentation((_SYMPTOM, _AGAIN, _MISSES_SCHOOL), "medically unexplained pain"),
    Presentation((_SELF_HARM, _AGAIN, _AT_HOSPITAL), "multiple hospital attendances"),
    Presentation((_TELLS_AGAIN,), "retell their story"),
)
"""The presentations read, each with the audit's words for it (a case line says them)."""


def audit_words_told(text: str) -> str | None:
    """The audit's words for the first presentation the message tells all of, or None."""
    for presentation in PRESENTATIONS:
        if all(part.search(text) for part in presentation.told):
            return presentation.audit_words
    return None


def line_told(text: str, lines: Sequence[CaseLine]) -> CaseLine | None:
    """The case line saying the audit's words for the presentation the message tells (a case's
    summary before its strengths, the order `lines` keep); None when it tells none or no line
    says them."""
    words = audit_words_told(text)
    if words is None:
        return None
    return next((line for line in lines if words in line.text.lower()), None)
