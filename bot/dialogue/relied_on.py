"""A carer or a parent told as the one the professionals rely on for what they know of a
child ("the GP depends on the foster carer for every update", "we only hear how he is from
his nan"), whatever the question is mainly about: the SEND audit draws from Case 1 both the
learning the words sit nearest (GPs and the plans of looked after children) and the reminder
not to rely on carers alone but to triangulate with other agencies (Serious Case Review Case
FC). The ranking gives one of them; the other is offered beside it. No Rasa here.
"""

from __future__ import annotations

import re

TRIANGULATING_KEY_MESSAGE = "triangulating-information"
"""The key message of knowledge/key_messages/send-2016-17.yml that says not to rely solely on
family members or carers for information and to triangulate it (Case FC)."""

_CARER = (
    r"(?:(?:foster|kinship|family|connected)\s+)?carers?|foster\s+(?:mum|dad|parents?)"
    r"|mum|mom|mother|dad|father|parents?|family|grand(?:ma|pa|mother|father|parents?)"
    r"|gran|nan|nana|aunt(?:ie)?|uncle"
)
_RELIES_ON = re.compile(
    r"\b(?:rel(?:y|ies|ied|ying)|depend(?:s|ed|ing)?|lean(?:s|ed|ing)?)\s+"
    r"(?:\w+\s+){0,2}?on\s+(?:the\s+|their\s+|his\s+|her\s+|our\s+|a\s+)?"
    rf"(?:(?:{_CARER})\b|her\b|him\b|them\b)",
    re.IGNORECASE,
)
"""Relying on a carer or family member (or "her", "them", told of one)."""
_ONLY_FROM = re.compile(
    r"\bonly\s+(?:\w+\s+){0,5}?(?:from|via|through|what)\s+(?:the\s+|their\s+|his\s+|her\s+)?"
    rf"(?:\w+\s+)?(?:{_CARER})\b"
    r"|\btak(?:e|es|ing|en)\s+(?:the\s+)?(?:\w+['\u2019]s|her|his|their)\s+word\b",
    re.IGNORECASE,
)
"""A carer or family member as the only source, or their word taken."""
_A_CARER = re.compile(rf"\b(?:{_CARER})\b", re.IGNORECASE)
_KNOWING = re.compile(
    r"\b(?:updates?|updated|updating|information|info|news|tells?|told|telling|reports?"
    r"|account|knows?|progress|how\s+(?:he|she|they)\s+(?:is|are|'s)|what['\u2019]?s\s+going\s+on)\b",
    re.IGNORECASE,
)
"""What is known of the child: the carer relied on for it, not for care ("relies on mum to
get him dressed")."""


def tells_carer_relied_on(text: str) -> bool:
    """Whether professionals are told relying on a carer or a family member for what they know
    of the child: the reliance or the only source, a carer named, and what is known said."""
    relied = _RELIES_ON.search(text) is not None or _ONLY_FROM.search(text) is not None
    return relied and _A_CARER.search(text) is not None and _KNOWING.search(text) is not None
