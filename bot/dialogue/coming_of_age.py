"""A young person's coming of age told in a practice question (reaching 18 soon, moving to adult
services), whatever else the message tells (a care history, autism, a learning difficulty): the
audits' learning on transitions to adulthood fits, yet was answered with the learning on the
other thing or not at all. The transition learning is offered beside the answer, or first among
the candidates; which key messages it is comes from the knowledge (their theme). No Rasa here."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.knowledge.models import KeyMessage

TRANSITIONS_THEME = "transitions-to-adulthood"
"""The theme of knowledge/themes.yml whose key messages are the transition learning."""
_EIGHTEEN = r"(?:18|eighteen)(?!\s*(?:months?|mths?|weeks?|wks?|days?|hours?|hrs?)\b)"
_TO_BE = r"(?:(?:\bbe|\bis|\bare|'s|\u2019s|'re|\u2019re|\bturns?|\bturning)\s+|\(\s*)"
COMING_OF_AGE = re.compile(
    rf"\b(?:turn(?:s|ing)?|becom(?:e|es|ing)|reach(?:es|ing)?)\s+{_EIGHTEEN}"
    rf"|\b(?:nearly|almost|soon|about\s+to\s+(?:be|turn))\s+{_EIGHTEEN}"
    rf"|\b{_EIGHTEEN}\s+soon\b"
    rf"|{_TO_BE}{_EIGHTEEN}\s+(?:next\s+(?:year|month|week|term|spring|summer|autumn|winter)"
    r"|in\s+(?:a\s+few|a|\d+)\s+(?:weeks?|months?)\b)"
    rf"|\bwhen\s+(?:he|she|they)(?:'s|\u2019s|s|\s+is|\s+are|\s+turns?)?\s+{_EIGHTEEN}"
    r"|\b(?:his|her|their)\s+18th\b"
    r"|\b(?:go|goes|going|move|moves|moving|transfer(?:s|red|ring)?|transition(?:s|ing)?)"
    r"\s+(?:in)?to\s+adult\s+services\b"
    r"|\breaching\s+adulthood\b|\bpreparing\s+for\s+adulthood\b",
    re.IGNORECASE,
)
"""A young person reaching 18 or adult services: "turns 18", "becomes 18 soon", "he'll be 18
next year", "(18 next month)", "nearly 18", "when he's 18", "her 18th", "moving to adult
services"; not "18 months", nor a count ("18 referrals, 18 next month"), nor a place ("18 in
the flat"), nor a past birthday ("turned 18 in 2019")."""
_SOMEONE = re.compile(
    r"\b(?:(?P<adult>mum|mums|mom|mam|mother|dad|father|parents?|step-?(?:mum|dad|parent)"
    r"|brother|sister|siblings?|partner|boyfriend|girlfriend|husband|wife|cousin|aunt|uncle"
    r"|nan|gran|grandma|grandad|grandparents?)"
    r"|he|she|hes|shes|they|him|child|young\s+person|yp|son|daughter|boy|girl|lad|teen(?:ager)?|kid"
    r"|\d+\s*yo|year\s+old|care\s+leaver)\b",
    re.IGNORECASE,
)
"""The people a clause may tell of: an adult of the family (`adult`), else the young person."""
_CLAUSE_END = re.compile(r"[.;!?,\n]|\s[-\u2013\u2014]\s")


def tells_coming_of_age(text: str) -> bool:
    """Whether the message tells a young person reaching 18 or adult services, so the
    transition learning fits: the nearest person its clause names before it is not a parent,
    a sibling or a partner ("mum is about to turn 18", "older brother turns 18 next week",
    "dad transferred to adult services" tell an adult's story, not the child's transition)."""
    for found in COMING_OF_AGE.finditer(text):
        before = _CLAUSE_END.split(text[: found.start()])[-1]
        people = list(_SOMEONE.finditer(before))
        if not people or people[-1].group("adult") is None:
            return True
    return False


def transition_learning(
    text: str, ranking: Sequence[str], messages: Sequence[KeyMessage]
) -> KeyMessage | None:
    """The transition key message to offer for a message telling a coming of age: of the
    theme's key messages, the one `ranking` (key message ids, likeliest first) puts first, else
    the theme's first; None when the message tells none."""
    if not tells_coming_of_age(text):
        return None
    theirs = [message for message in messages if message.theme_id == TRANSITIONS_THEME]
    place = {key: index for index, key in enumerate(ranking)}
    if not theirs:
        return None
    return min(theirs, key=lambda message: place.get(message.id, len(place)))
