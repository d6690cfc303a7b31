"""The audits' learning for one audience ("key messages slide for GPs from both audits"): whom
the material is for, read from the request, and the key messages that speak to them, read from
the knowledge: those whose own words name the role first, then those practitioners in that
role ask about (their example questions name it). Nothing here names a role's topics: a new
audit's key messages are found for its audiences the same way. No Rasa here."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dialogue.activity_requests import topic_phrase
from bot.dialogue.retrieval import ROLES
from bot.knowledge.models import KeyMessage
from bot.safeguards.vocabulary import safeguarding_terms, stems, words_of


def plural(word: str) -> str:
    """ "gp" -> "gps", "midwife" -> "midwives", "school nurse" -> "school nurses"."""
    return f"{word[:-2]}ves" if word.endswith("fe") else f"{word}s"


def role_pattern(role: str) -> str:
    """A role in the singular or the plural ("school nurse" or "school nurses")."""
    *head, last = role.split()
    said = "".join(rf"{re.escape(word)}\s+" for word in head)
    return rf"\b{said}(?:{re.escape(last)}|{re.escape(plural(last))})\b"


_ROLES = sorted(ROLES.split("|"), key=len, reverse=True)
_FOR_A_ROLE = re.compile(
    r"\b(?:key\s+messages?|learning|key\s+points?|take[\s-]?aways?|lessons?|messages|headlines)"
    r"\b(?:\s+\w+){0,2}?\s+(?:for|relevant\s+to|aimed\s+at)\s+(?:(?:a|an|the|our|my|local)\s+)?"
    r"(?P<role>" + "|".join(role_pattern(role) for role in _ROLES) + ")",
    re.IGNORECASE,
)
_AS_MATERIAL = re.compile(
    r"\b(?:both|all|these|the|two|our)\s+(?:audits|reports)\b"
    r"|\b(?:slides?|bullets?|bullet[\s-]points?|one[\s-]pager|poster)\b",
    re.IGNORECASE,
)
"""The learning asked of the audits as a whole, or as material: not one case's learning for
a role ("adam - what was the learning for GPs?")."""


_MATERIAL_WORDS = frozenset(
    "a an the one single this that it them these those both all two our my audits audit reports"
    " report slide slides page pages bullet bullets points poster screen sheet".split()
)
"""What "on" or "about" may name besides a topic: "on a slide", "about these audits"."""


def _names_a_topic(text: str) -> bool:
    """A topic asked of the audience ("the learning for GPs about information sharing"): a
    phrase after "on" or "about" that is more than the material or the audits."""
    phrase = topic_phrase(text)
    return phrase is not None and bool(set(re.findall(r"[\w']+", phrase.lower())) - _MATERIAL_WORDS)


_POINTING = frozenset("that this it these those them stuff situation issue kind sort of".split())
"""Words of a topic phrase that point back at what the message told ("... on that")."""


def _points_back_at_a_telling(text: str, start: int) -> bool:
    """The learning asked "on that" or "about this" after a situation the message told before
    the request (a parent's violent ex, neglect): the topic is what was told, so the request
    is the learning on it, not the audience's slide. A situation is told in the safeguarding
    vocabulary (bot/safeguards/safeguarding_terms.txt); thanks, a session or a briefing told
    first ("for our team briefing tomorrow: ... on this") tell none, and keep the audience."""
    phrase = topic_phrase(text)
    if phrase is None or not set(re.findall(r"[\w']+", phrase.lower())) <= _POINTING:
        return False
    told = words_of(text[:start])
    told |= {stem for word in told for stem in stems(word)}
    return not told.isdisjoint(safeguarding_terms())


def _in_full(role: str) -> str:
    """A role said by its initials in full, as the roles list it first ("sw" -> "social
    worker", "hv" -> "health visitor"): the key messages name the role, not its initials."""
    return next(
        (
            " ".join(words)
            for words in (r.split() for r in ROLES.split("|"))
            if len(words) > 1 and "".join(word[0] for word in words) == role
        ),
        role,
    )


def learning_audience(text: str) -> str | None:
    """The role the audits' learning is asked for ("key messages slide for GPs from both
    audits" -> "gp", "for SWs" -> "social worker"), singular and lower case; None when the
    request names no role, asks it of one case or topic rather than of the audits or as
    material, or names a topic of its own ("the learning for health visitors from both audits
    on neglect" is on neglect)."""
    match = _FOR_A_ROLE.search(text)
    if match is None or _AS_MATERIAL.search(text) is None:
        return None
    if _names_a_topic(text[: match.start("role")] + text[match.end("role") :]):
        return None
    if _points_back_at_a_telling(text, match.start()):
        return None
    said = " ".join(match.group("role").lower().split())
    return _in_full(next(role for role in _ROLES if re.fullmatch(role_pattern(role), said)))


def key_messages_for(role: str, messages: Sequence[KeyMessage]) -> list[KeyMessage]:
    """The key messages that speak to a role, in their order: those whose own words (title,
    summary, findings, actions, questions) name it, then those its practitioners ask about."""
    named = re.compile(role_pattern(role), re.IGNORECASE)
    own = [
        m
        for m in messages
        if named.search(
            " ".join(
                [m.title, m.summary, m.found, *m.actions, *(q.text for q in m.reflective_questions)]
            )
        )
    ]
    asked = [
        m for m in messages if m not in own and any(named.search(q) for q in m.example_questions)
    ]
    return [*own, *asked]
