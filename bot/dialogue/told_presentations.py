"""A presentation a practitioner tells in everyday words, read as the audit's words for it, so
the case line that says them is found: a girl whose tummy aches the doctors cannot account
for is the mental health audit's "medically unexplained pain", a boy back on the ward for the
third time after cutting his arms its "self-harming behaviours and multiple hospital
attendances", a teenager made to go through her account again for one more worker the young
person who did not have to "retell their story".

By meaning alone such a question sits between several key messages (non-attendance, autism,
school nursing) and below the case line's similarity (bot/dialogue/case_practice.py): the
everyday words of a symptom, of a visit repeated and of school missed are each far from the
audit's short phrase. A reading found bypasses that similarity, so each one needs every part
of what it tells, and told of the child: a question naming one part ("missing school"), a
parent's pain or a worker retelling a case is left to the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
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
_PERSON = re.compile(
    r"\b(?:(?P<adult>mum|mums|mom|mother|dad|dads|father|parents?|carers?|step\w*|gran\w*"
    r"|nan|nana|grandad|grandma|grandpa|uncle|aunt\w*|partner|adults?)"
    r"|she|he|they|her|his|their|child\w*|kids?|boy|girl|son|daughter|pupil|teen\w*|lad"
    r"|young\s+person|yp|baby|toddler|infant)(?:'s)?\b",
    re.IGNORECASE,
)
"""A person a symptom can belong to: a parent or other adult, or the child."""
_OWNER_REACH = 5
"""How many words before a symptom its owner is looked for."""
_NO_CAUSE = re.compile(
    r"\b(?:unexplained|no\s+(?:\w+\s+)?(?:cause|reason|explanation|diagnosis)"
    r"|nothing\s+(?:\w+\s+){0,2}(?:found|wrong|showing|shows?)"
    r"(?!\s+(?:with|in|at|about)\s+(?:the|their|our|this)\b)"
    r"|(?:can'?t|cannot|couldn'?t|could\s+not|unable\s+to)\s+(?:\w+\s+){0,2}(?:explain|find)"
    r"|(?:nobody|no\s*one)\s+(?:can|could|has|have)\s+(?:\w+\s+){0,2}(?:explain|find)"
    r"|(?:tests?|investigations?|bloods?|scans?|ix)\W+(?:\w+\W+){0,2}"
    r"(?:clear|normal|negative|fine)"
    r"|no\s+(?:medical|physical|organic)\s+\w+)\b",
    re.IGNORECASE,
)
"""That nobody finds a medical cause for it (not that nothing is wrong with the home)."""
_CAUSE_REACH = 6
"""How many words may stand between a symptom and the words saying no cause is found."""
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
    r"\b(?:self[\s-]?harm\w*|overdos\w*|od'?d|ligatures?"
    r"|cut(?:s|ting)?\s+(?:(?:her|him|them|your|my)sel\w+"
    r"|(?:on\s+|to\s+)?(?:her|his|their|your|my)\s+(?:\w+\s+)?"
    r"(?:(?:fore)?arms?|wrists?|legs?|thighs?|skin|body|stomach|hands?)))\b",
    re.IGNORECASE,
)
"""That the child harms themself (cutting said of themself or their body, not of contact or
food)."""
_AT_HOSPITAL = re.compile(
    r"(?:\ba\s*&\s*e\b|\ba\s*(?:and|n)\s*e\b|\bemergency\b|\bhospital\w*|\bwalk[\s-]?in\b"
    r"|\burgent\s+care\b|\bpaeds\b|\badmi(?:ssions?|tted)\b|\bward\b)",
    re.IGNORECASE,
)
"""That the child is seen at hospital (a school's attendance is not)."""
_YOUNG_TELLER = (
    r"(?:she|he|they|her|him|them|child|young\s+(?:person|people)|yp|girl|boy|teen\w*|lad"
    r"|daughter|son|pupil)"
)
"""The young person, as the one telling."""
_ACCOUNT = r"(?:\w+\s+){0,2}?(?:story|stories|account|what\s+happened)\b"
"""What happened to them, as the thing told."""
_TELLS_AGAIN = re.compile(
    rf"\b{_YOUNG_TELLER}\s+(?:(?!(?:i|we|me|us)\b)\w+\W+){{0,4}}?"
    rf"(?:re-?tell\w*\s+{_ACCOUNT}"
    rf"|(?:tell|telling|told|repeat\w*|go(?:ing)?\s+(?:over|through)|explain\w*|recount\w*"
    rf"|reliv\w*)\s+{_ACCOUNT}[^.?!]{{0,40}}?"
    r"\b(?:again|over\s+and\s+over|every|each\s+(?:new|time)|yet\s+another|another\s+new"
    r"|so\s+many))",
    re.IGNORECASE,
)
"""That the young person has to tell what happened to them again, to each new person (not a
worker retelling a case, nor a parent telling it)."""


def _child_symptoms(text: str) -> list[re.Match[str]]:
    """The symptoms told of the child: a symptom whose nearest person before it (within
    _OWNER_REACH words) is a parent or other adult is theirs ("dad's back pain")."""
    found = []
    for symptom in _SYMPTOM.finditer(text):
        before = " ".join(text[: symptom.start()].split()[-_OWNER_REACH:])
        owners = list(_PERSON.finditer(before))
        if not owners or owners[-1].group("adult") is None:
            found.append(symptom)
    return found


def _words_between(text: str, first: re.Match[str], second: re.Match[str]) -> int:
    """How many words stand between two matches, in either order."""
    earlier, later = sorted((first, second), key=lambda match: match.start())
    return len(text[earlier.end() : later.start()].split())


def _unexplained_symptom(text: str) -> bool:
    """A symptom of the child's, told within a few words of nobody finding its cause."""
    causes = list(_NO_CAUSE.finditer(text))
    return any(
        _words_between(text, symptom, cause) <= _CAUSE_REACH
        for symptom in _child_symptoms(text)
        for cause in causes
    )


def _child_symptom(text: str) -> bool:
    """A symptom of the child's (not a parent's)."""
    return bool(_child_symptoms(text))


@dataclass(frozen=True)
class Presentation:
    """A presentation told: every one of `told` finds a part of it in the message, and
    `audit_words` are the audit's words for it, which the line answering it says."""

    told: tuple[Callable[[str], object], ...]
    audit_words: str


PRESENTATIONS = (
    Presentation((_unexplained_symptom,), "medically unexplained pain"),
    Presentation(
        (_child_symptom, _AGAIN.search, _MISSES_SCHOOL.search), "medically unexplained pain"
    ),
    Presentation(
        (_SELF_HARM.search, _AGAIN.search, _AT_HOSPITAL.search), "multiple hospital attendances"
    ),
    Presentation((_TELLS_AGAIN.search,), "retell their story"),
)
"""The presentations read, each with the audit's words for it (a case line says them)."""


def audit_words_told(text: str) -> str | None:
    """The audit's words for the first presentation the message tells all of, or None."""
    for presentation in PRESENTATIONS:
        if all(part(text) for part in presentation.told):
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
