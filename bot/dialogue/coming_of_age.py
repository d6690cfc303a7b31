"""A young person's coming of age told in a practice question ("he become 18 soon. who helps
him plan", "16yo in foster care, ASD, 18 soon", "soon she will go to adult services"): the
audits' learning on transitions to adulthood fits, whatever else the message tells (a care
history, autism, a learning difficulty), and was answered with the learning on that other
thing or not at all. The transition learning is offered beside the answer, or first among
the candidates; which key messages it is comes from the knowledge (their theme). No Rasa here."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.knowledge.models import KeyMessage

TRANSITIONS_THEME = "transitions-to-adulthood"
"""The theme of knowledge/themes.yml whose key messages are the transition learning."""
_EIGHTEEN = r"(?:18|eighteen)(?!\s*(?:months?|mths?|weeks?|wks?|days?|hours?|hrs?)\b)"
COMING_OF_AGE = re.compile(
    rf"\b(?:turn(?:s|ing)?|becom(?:e|es|ing)|reach(?:es|ing)?)\s+{_EIGHTEEN}"
    rf"|\b(?:nearly|almost|soon|about\s+to\s+(?:be|turn))\s+{_EIGHTEEN}"
    rf"|\b{_EIGHTEEN}\s+(?:soon|next\s+(?:year|month|week|term|spring|summer|autumn|winter)"
    r"|in\s+(?:a\s+few|a|the|\d+)\b)"
    rf"|\bwhen\s+(?:he|she|they)(?:'s|\u2019s|s|\s+is|\s+are|\s+turns?)?\s+{_EIGHTEEN}"
    r"|\b(?:his|her|their)\s+18th\b"
    r"|\b(?:go|goes|going|move|moves|moving|transfer(?:s|red|ring)?|transition(?:s|ing)?)"
    r"\s+(?:in)?to\s+adult\s+services\b"
    r"|\breaching\s+adulthood\b|\bpreparing\s+for\s+adulthood\b",
    re.IGNORECASE,
)
"""A young person reaching 18 or adult services: "turns 18", "become 18 soon", "18 next
year", "nearly 18", "when he's 18", "her 18th", "moving to adult services"; not "18 months",
nor an adult's age told ("mum is 18"), nor adult services named for a parent."""


def tells_coming_of_age(text: str) -> bool:
    return COMING_OF_AGE.search(text) is not None


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
