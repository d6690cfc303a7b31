"""Whose a detail just shown is: the one reading of "whose line is this", "who owns that phone
number", "which team is that link for".

Two steps ask it. The safety step (bot/safeguards/nlu_components.py) must not take it for a
request for a number to call now (set AB gave "whose line is this" the urgent contacts), and
the dialogue (bot/dialogue/moves.py, actions/turn_before.py) answers it with the owner of the
detail the last reply gave. Both read it here, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from typing import Literal

DetailKind = Literal["phone", "email", "link"]

_DETAIL = r"(?:phone\s+number|number|phone|line|no|e-?mail|link|website|site)"
_WHOSE_DETAIL = re.compile(
    rf"\bwhose\s+(?:\w+\s+)?(?P<a>{_DETAIL})\b"
    r"|\b(?:who|which\s+(?:service|team|organisation|organization|agency|one)s?"
    r"|what\s+(?:service|team|organisation|organization|agency))(?:'s|s|\s+is|\s+has|\s+does"
    rf"|\s+do|\s+owns|\s+uses)?\s+(?:\w+\s+)?(?:that|this|the|it)\s+(?P<b>{_DETAIL})\b"
    rf"|\b(?:that|this|the)\s+(?P<c>{_DETAIL})\s+(?:is\s+|was\s+)?(?:for|belongs?\s+to|of)\s+"
    r"(?:who|whom|which|what)\b"
    r"|\b(?:who|which\s+\w+|what\s+\w+)\s+(?:is|was)\s+(?:that|this|the)\s+"
    rf"(?P<d>{_DETAIL})\s+(?:for|of)\b",
    re.IGNORECASE,
)
"""The shapes of the question: "whose number", "who owns that phone", "which team is that link
for", "that email belongs to who", "who is that line for"."""
_ASKING_WORDS = frozenset(
    """whose who whos whom which what whats is was that thats this the it its a an for of to
    number numbers no phone tel telephone line mail email e link website site web url service
    services team teams organisation organization agency agencies one does do did has have
    belong belongs owns own uses use go goes please pls thanks thank you ok okay sorry so and
    again just actually then hi""".split()
)
"""Every word the message may hold to be nothing but that question: "who owns this number,
she's locked in her room" says more than whose it is (a danger the rules may miss), and
"whose number do I ring tonight" asks for a number to call."""
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_KINDS: tuple[tuple[DetailKind, re.Pattern[str]], ...] = (
    ("email", re.compile(r"mail", re.IGNORECASE)),
    ("link", re.compile(r"link|web|site|url", re.IGNORECASE)),
)
"""The one table of a detail's kind by the word that names it (the dialogue's audit details
read it too, bot/dialogue/moves.py): any other word names a phone."""


def detail_kind(word: str) -> DetailKind:
    """The kind of detail a word names ("emails", "website", "number"), by _KINDS."""
    return next((kind for kind, said in _KINDS if said.search(word)), "phone")


def whose_detail_asked(text: str) -> DetailKind | None:
    """The kind of detail whose owner is asked ("who owns that phone number": a phone), when
    the message is nothing but that question; None for any other message, so a clause beyond
    it (a danger told in words of its own, a time to call) keeps the urgent advice."""
    plain = text.lower().replace("\u2019", "'")
    found = _WHOSE_DETAIL.search(plain)
    if found is None:
        return None
    words = {word.replace("'", "") for word in _WORD.findall(plain)}
    if not words <= _ASKING_WORDS:
        return None
    return detail_kind(next(group for group in found.groups() if group))
