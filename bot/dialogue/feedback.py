"""Which key messages this conversation was answered with, read from the assistant's own
messages, so that feedback can only be recorded on what the assistant itself offered."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue.moves import topic_words
from bot.names import FEEDBACK_HELPFUL_INTENT, KEY_MESSAGE_SLOT

_OFFER = f"/{FEEDBACK_HELPFUL_INTENT}"


def _offered_id(payload: Any) -> str | None:
    if not isinstance(payload, str) or not payload.startswith(_OFFER + "{"):
        return None
    try:
        entities = json.loads(payload[len(_OFFER) :])
    except ValueError:
        return None
    value = entities.get(KEY_MESSAGE_SLOT) if isinstance(entities, dict) else None
    return value if isinstance(value, str) else None


def answered_key_messages(events: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """Key messages whose "Was this helpful?" button the assistant sent in this conversation."""
    offered = set()
    for event in events:
        if event.get("event") != "bot":
            continue
        for button in (event.get("data") or {}).get("buttons") or []:
            key = _offered_id(button.get("payload") if isinstance(button, Mapping) else None)
            if key:
                offered.add(key)
    return frozenset(offered)


def question_answered(
    events: Sequence[Mapping[str, Any]], key_message_id: str | None
) -> Mapping[str, Any]:
    """The parse of the typed question that the key message answered, for its next-closest
    candidates; empty when it was chosen by a button."""
    seen_answer = False
    for event in reversed(events):
        if (
            event.get("event") == "bot"
            and key_message_id
            and any(
                _offered_id(b.get("payload")) == key_message_id
                for b in (event.get("data") or {}).get("buttons") or []
                if isinstance(b, Mapping)
            )
        ):
            seen_answer = True
        elif seen_answer and event.get("event") == "user":
            parse_data = event.get("parse_data") or {}
            return {} if str(parse_data.get("text") or "").startswith("/") else parse_data
    return {}


_RATING_WORDS = frozenset(
    """help helps helped helpful unhelpful useful useless rated rating ratings rate feedback
    liked comments reviews""".split()
)
_ABOUT_ANSWERS = frozenset(
    """answers answer ones most least people practitioners users staff got found find get
    gets getting marked ranked best worst anything anyone assistant bot tool chat app
    summary overview report being been show finding user given give gave had received left
    leave say said saying from yet summarise summarize summarised summarized sum collate
    round pull together give need want like see practitioner professional professionals please
    month months week weeks year quarter term lately recently far since""".split()
)
"""Words of a question about the ratings, not of a topic: who rated, and when ("this month",
"so far") is the insights page's date range."""
_ASKING_ABOUT = re.compile(
    r"^\W*(?:(?:and|so|ok|feedback)\W+)*(?:what|which|how many|more on|show)\b"
    r"|^\W*(?:(?:and|so|ok)\W+)*how\s+(?:is|are|was|were|has|have|do|does|did)\b"
    r"(?=.*\b(?:rated|rating|ratings|rate|feedback|people|staff|practitioners|users)\b)"
    r"|\b(?:was|were|did|has|have|is|are)\s+(?:anything|any|anyone|people|practitioners|staff"
    r"|users)\b"
    # "any feedback from users?", "got any comments on it yet": asked of what came in
    # "anything on the ratings so far?", "anything from the ratings": asked of what they hold
    r"|^\W*(?:(?:and|so|ok|also)\W+)*(?:(?:have\s+we\s+|have\s+you\s+)?(?:got|had)\s+)?"
    r"any(?:thing)?\s+(?:(?:in|on|from)\s+)?(?:\w+\s+)?(?:feedback|comments|reviews|ratings)\b"
    # "summarise user feedback for me", "can you pull together the ratings": asked as a task
    r"|^\W*(?:(?:and|so|ok|also|now|then|please|pls|can\s+you|could\s+you|would\s+you)\W+)*"
    r"(?:summari[sz]e|sum\s+up|collate|round\s+up|pull\s+together|(?:give|show|send)\s+(?:me|us)"
    r"|(?:i|we)\s+(?:need|want|would\s+like)(?:\s+to\s+see)?)\s+(?:(?:a|an|the)\s+)?"
    r"(?:(?:summary|overview|roundup|round-up|report)\s+of\s+(?:the\s+)?)?(?:\w+\s+)?"
    r"(?:feedback|comments|ratings|reviews)\b",
    re.I,
)


_OPINION_OF_IT = re.compile(
    r"\b(?:what|how)\s+(?:do|does|did|have|has)\s+(?:the\s+|our\s+)?(?:people|practitioners"
    r"|users?|staff|colleagues|professionals|teams?|frontline)\s+(?:\w+\s+)?(?:think|say|said"
    r"|feel|felt|rate|rated|find|found)\s+(?:of\s+|about\s+)?(?:it|this|you|the\s+(?:assistant"
    r"|bot|tool|chat|chatbot|app))\b"
    r"|\bhow\s+(?:is|has|was)\s+(?:it|this|the\s+(?:assistant|bot|tool|chatbot|app))\s+(?:been\s+|being\s+)?"
    r"(?:received|landing|landed|going\s+down|gone\s+down)\b"
    r"|\b(?:do|does|did)\s+(?:people|practitioners|users|staff)\s+(?:like|rate|value)\s+"
    r"(?:it|this|the\s+(?:assistant|bot|tool|chatbot|app))\b",
    re.I,
)
"""What the people using the assistant make of it: the lead's question on the feedback."""


def asks_about_ratings(text: str) -> bool:
    """ "what helped?", "which answers got rated not helpful", "more on the unhelpful ones":
    a question about how answers were rated (the insights), never feedback on the last
    answer ("that helped") nor a practice question ("what would help a young carer")."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    own = topic_words(text) - _RATING_WORDS - _ABOUT_ANSWERS
    if _OPINION_OF_IT.search(text) is not None:
        return True
    return _ASKING_ABOUT.search(text) is not None and bool(words & _RATING_WORDS) and not own


_RATED = {"unhelpful": "helpful", "useless": "useful", "liked": "liked", "rated": "helpful"}


def rating_word(text: str) -> str:
    """The person's own word for an answer that helped ("useful", "helpful"), so the reply
    about ratings speaks as they asked; "helpful", the word of the assistant's own question,
    otherwise."""
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in ("helpful", "useful"):
            return word
        if word in _RATED:
            return _RATED[word]
    return "helpful"
