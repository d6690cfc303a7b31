"""A carer or a parent told as the one the professionals rely on for what they know of a
child ("the social worker leans on the grandparents for word of how the boy is", "we only hear
how he is from his nan"), whatever the question is mainly about: the SEND audit draws from
Case 1 both the learning the words sit nearest (GPs and the plans of looked after children)
and the reminder not to rely on carers alone but to triangulate with other agencies (Serious
Case Review Case FC). The ranking gives one of them; the other is offered beside it. No Rasa
here.
"""

from __future__ import annotations

import re

from bot.dialogue.family_words import FAMILY_ADULT

TRIANGULATING_KEY_MESSAGE = "triangulating-information"
"""The key message of knowledge/key_messages/send-2016-17.yml that says not to rely solely on
family members or carers for information and to triangulate it (Case FC)."""

_CARER = rf"(?:{FAMILY_ADULT}|family)"
_PROFESSIONALS = (
    r"(?:i|we|(?:the\s+|our\s+|her\s+|his\s+|their\s+)?(?:gps?|schools?|nurser(?:y|ies)"
    r"|colleges?|teachers?|senco|dsl|(?:practice\s+|school\s+)?nurses?|doctors?|paediatricians?"
    r"|health\s+visitors?|hvs?|social\s+workers?|sws?|iros?|camhs|police|professionals?"
    r"|agenc(?:y|ies)|services?|teams?|surgery|practice|network|everyone|everybody))"
)
"""Who relies on a carer for what is known: the one writing, or professionals."""
_KNOWING = (
    r"(?:updates?|information|info|news|word|reports?|accounts?|progress|feedback"
    r"|(?:how|what)\s+(?:\w+\s+){0,3}?(?:is|are|'s|doing|getting|going)"
    r"|to\s+(?:tell|update|report|say|let\s+(?:us|me|them)\s+know|keep\s+(?:us|me|them)\s+"
    r"(?:informed|updated|posted)))"
)
"""What is known of the child, as what a carer is relied on for ("for updates", "to tell us how
he is"), not for care ("to get him dressed")."""
_RELIED_ON_FOR_KNOWING = re.compile(
    rf"\b{_PROFESSIONALS}(?:['\u2019](?:re|m|ve|s))?\s+(?:\w+\s+){{0,2}}?(?:(?:is|are|am|were|was)\s+)?"
    r"(?:rel(?:y|ies|ied|ying)|depend(?:s|ed|ing)?|lean(?:s|ed|ing)?)\s+(?:\w+\s+){0,2}?on\s+"
    r"(?:the\s+|their\s+|his\s+|her\s+|our\s+|a\s+)?(?:\w+\s+)?"
    rf"(?:(?:{_CARER})\b(?:['\u2019]s?)?|her\b|him\b|them\b)"
    # the knowing said of the carer: their account, or what they are relied on for
    rf"\s*(?:{_KNOWING}\b|(?:\w+\s+){{0,2}}?(?:for|to)\s+(?:\w+\s+){{0,3}}?{_KNOWING}\b)",
    re.IGNORECASE,
)
"""Professionals relying on a carer (or "her", "them", told of one) for what they know of the
child: the knowing inside what the carer is relied on for, not anywhere in the message ("we
depend on the parents' consent", "relies on his mum for childcare and told us")."""
_ONLY_FROM = re.compile(
    rf"\b{_PROFESSIONALS}\s+(?:\w+\s+){{0,2}}?only\s+(?:\w+\s+){{0,3}}?"
    r"(?:know|hear|heard|get|gets|got|learn\w*|information|updates?"
    r"|news)\s+(?:\w+\s+){0,3}?(?:from|via|through|what)\s+"
    rf"(?:the\s+|their\s+|his\s+|her\s+)?(?:\w+\s+)?{_CARER}\b"
    r"|\btak(?:e|es|ing|en)\s+(?:the\s+)?(?:\w+['\u2019]s|her|his|their)\s+word\b",
    re.IGNORECASE,
)
"""A carer or family member as the only source of what professionals know, or their word
taken."""


def tells_carer_relied_on(text: str) -> bool:
    """Whether professionals are told relying on a carer or a family member for what they know
    of the child: relied on for it, or the only source of it."""
    return _RELIED_ON_FOR_KNOWING.search(text) is not None or _ONLY_FROM.search(text) is not None
