"""Key messages of one subject, answered only when the question names it.

A few key messages are found by words every situation shares: Autism's lines tell of
self-harm ("the impact ASD may have ... in the context of self-harming behaviour"), so a
self-harm history told before any ask ("yr 11 lad self harmed last year, seems stable now, how
do we keep an eye") is nearest them by meaning and by words, though it says nothing of autism;
Social Media Footprint's tell of young people's vulnerabilities, Young Carers' of a young
person's mental health and of being "looked after". Every released question whose answer is
one of them (labelled in taught.yml) names its subject in one of the words its key message
gives (`named_by` in knowledge/key_messages/): labelling teaches one only questions naming it
(bot/tooling/blind_labels.py); so one a question does not name is never answered, however near
it is, but stays among the key messages offered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from bot.dialogue.understanding import Ranked
from bot.knowledge.models import KeyMessage
from bot.knowledge.schema import subject_pattern

Subjects = Mapping[str, re.Pattern[str]]
"""Each key message of one subject, and what names it."""


def subjects_of(messages: Iterable[KeyMessage]) -> dict[str, re.Pattern[str]]:
    """The key messages that give the words naming their subject, each with them as one
    pattern."""
    return {
        message.id: subject_pattern(message.named_by) for message in messages if message.named_by
    }


def names_subject(key_message_id: str, text: str, subjects: Subjects) -> bool:
    """Whether the question names the key message's subject (always, for a key message
    of no single subject)."""
    named_by = subjects.get(key_message_id)
    return named_by is None or named_by.search(text) is not None


def named_subjects_first(ranking: Sequence[Ranked], text: str, subjects: Subjects) -> list[Ranked]:
    """The ranking with the first key message whose subject the question names moved to the
    front, the rest in their order, each keeping its likelihood: one it does not name is never
    answered (so one left first is answered no more surely), but stays among those offered."""
    named = next(
        (ranked for ranked in ranking if names_subject(ranked.key_message_id, text, subjects)), None
    )
    if named is None:
        return list(ranking)
    return [named, *(ranked for ranked in ranking if ranked is not named)]
