"""Whether a message asks for a link: right after a route, or while the route finder asks its
question, "a link for that procedure?" (or "where's the policy?") gets the links of the route's
contacts."""

from __future__ import annotations

import re

_ASKS_LINK = re.compile(
    r"\b(?:links?|urls?|web\s*(?:sites?|pages?|address(?:es)?))"
    r"(?:\s+(?:to|for|of)\b|\s*(?:please|pls|plz|thanks|thx|ta)?\s*[?.!]*\s*$)",
    re.IGNORECASE,
)
"""A link asked for: "link to the policy?", "website for it?", "link pls", "any links?" - the
word with to, for or of after it, or ending the message; never "a link between", "linked",
"a link worker" or "link me to the learning"."""
_CONNECTS = re.compile(r"\b(?:does|do|did|would|could|might)\s+(?:that|this|it)\s+link\b", re.I)
"""How one thing connects to another ("how does that link to the SEND audit")."""
_BETWEEN = re.compile(r"\bbetween\b", re.IGNORECASE)


def asks_how_linked(text: str) -> bool:
    """How things connect ("how does that link to the SEND audit", "what links did the report
    see between poor attendance and exploitation"), not a link to open."""
    return _CONNECTS.search(text) is not None or _BETWEEN.search(text) is not None


_WHERE_DOCUMENT = re.compile(
    r"\bwhere(?:'s|s|\s+is|\s+are|\s+do\s+i\s+find|\s+can\s+(?:i|we)\s+(?:find|get|read|see))"
    r"\s+(?:the|that|this|your|a|an|our)?\s*(?:[\w-]+\s+){0,3}?"
    r"(?:polic(?:y|ies)|procedures?|protocols?|guidance|guidelines?|documents?)\W*$",
    re.IGNORECASE,
)
"""Where a document is: "where would I find the procedure", "where can I read that protocol?"
- asked of a route, its link."""


def asks_for_link(text: str) -> bool:
    """A link asked for: the route's links, not its last step nor the learning ("is there a
    link between neglect and autism" asks how two things connect); or where a policy or
    procedure is, which its link answers."""
    return (
        _ASKS_LINK.search(text) is not None and _CONNECTS.search(text) is None
    ) or _WHERE_DOCUMENT.search(text) is not None
