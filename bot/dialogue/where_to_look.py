"""Where to look, asked again after the assistant said the audits do not cover a question: "ok
where do I look then", "where else", "who do I ask instead".

Kept apart from bot.dialogue.coverage, which the NLU pipeline's coverage judge runs (a change
there retrains the model): this only reads what the last turn said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dialogue.coverage import PROCEDURES, where_to_look
from bot.dialogue.moves import topic_words
from bot.dialogue.replies import CALL_999, Reply

_ASKS_WHERE = re.compile(
    r"\bwhere\b|\bwho\b.*\b(?:then|else|instead|ask)\b|\blook\b|\bfind\b", re.IGNORECASE
)
_WHERE_WORDS = frozenset(
    """look find found info information instead else then now guidance advice help go get
    somewhere anywhere someone anyone ask""".split()
)


def asks_where_instead(text: str) -> bool:
    """ "ok where do I look then", "where else", "who do I ask instead": where to look, with
    no topic of its own."""
    return _ASKS_WHERE.search(text) is not None and not topic_words(text) - _WHERE_WORDS


def said_where_to_look(texts: Sequence[str]) -> bool:
    """Whether a turn's replies said where to look for what the audits do not cover."""
    return any(f"Look in {PROCEDURES}" in text for text in texts)


def where_to_look_again(procedures_url: str | None) -> Reply:
    """Where to look, asked again after a decline: those places, and the urgent line."""
    return Reply(f"The audits do not cover it. {where_to_look(procedures_url)} {CALL_999}")
