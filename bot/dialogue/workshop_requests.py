"""What a trainer asks about running a live workshop, in the chat: how the room joins, where
the results are, how to move the room on or end the session.

The chat does not run the room: the presenter page does (`/workshop/`, keys and buttons), so
each of these gets the way to do it there. A question names the workshop ("how do people join
the poll", "end the workshop") or comes right after the chat offered one ("next question",
"show the results" then mean the room's). Told by its shape, never by a list of sentences; no
Rasa here."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from bot.dialogue.context import previous_turn
from bot.names import ACTION_PLAN_WORKSHOP


class Running(str, Enum):
    """What a trainer asks about a live workshop in progress or about to start."""

    JOIN = "join"
    """ "how do people join on their phones", "what's the code for the room"."""
    RESULTS = "results"
    """ "show the results", "how did the room vote"."""
    CONTROL = "control"
    """ "next question", "reveal the answer", "open voting", "end the workshop", "ok go"."""


_ROOM = (
    r"(?:people|they|them|the\s+room|participants|attendees|delegates|everyone|everybody|staff"
    r"|learners|trainees|the\s+audience|folks?|others|(?:the|my|our)\s+(?:group|team|class"
    r"|staff|learners|delegates|attendees|participants))"
)
"""Who joins: never "I", which is a participant asking to join (the join intent's)."""
_JOIN = re.compile(
    r"\b(?:how|where)\s+(?:do|does|can|could|will|would|should|are|is|to)\s+"
    rf"(?:{_ROOM}\s+)?(?:\w+\s+){{0,3}}?(?:join|get\s+(?:in|on|into)|log\s+(?:in|on)|sign\s+(?:in|on)"
    r"|access|connect|take\s+part|vote|participate|answer)\b"
    r"|\b(?:join(?:ing)?|access|entry|room|session|workshop)\s+(?:code|link|address|url|details)\b"
    r"|\bqr\s*code\b",
    re.IGNORECASE,
)
_ASKER = re.compile(r"\b(?:i|i'?m|me)\b", re.IGNORECASE)
"""A participant's own joining ("how do I join"): the join intent's, not the trainer's."""
_RESULTS = re.compile(
    r"\b(?:results?|votes|tally|scores?|responses|answers|breakdown|chart)\b", re.IGNORECASE
)
_SEEING = re.compile(
    r"\b(?:show|see|display|view|get|put|project|projector|screen|download|export|print|share|publish"
    r"|reveal)\b|^\W*(?:the\s+)?(?:results?|votes?)\b|\bwhere\s+(?:are|is|do\s+i|can\s+i)\b"
    r"|\bwhat\s+(?:are|were|was|is)\s+the\s+(?:results?|votes?|tally|breakdown)\b",
    re.IGNORECASE,
)
_HOW_THEY_VOTED = re.compile(
    rf"\bhow\s+(?:did|have|has)\s+{_ROOM}\s+(?:vote|voted|answer|answered|do|done|get\s+on)\b"
    rf"|\bwhat\s+(?:did|have|has)\s+{_ROOM}\s+(?:vote|voted|say|said|answer|answered|choose|chose"
    r"|chosen|pick|picked)\b",
    re.IGNORECASE,
)
_CONTROL = re.compile(
    r"\b(?:next|previous|last)\s+(?:question|slide|one|q)\b|\bmove\s+(?:them\s+)?on\b"
    r"|\bgo\s+back\b|\b(?:reveal|unveil)\b|\b(?:open|close|start|stop|end|lock)\s+(?:the\s+)?"
    r"(?:voting|vote|votes|poll|polling)\b|\b(?:end|finish|close|stop|wrap\s+up|start|begin"
    r"|launch|kick\s+off)\s+(?:the\s+|this\s+|our\s+|my\s+)?(?:workshop|session|poll)\b"
    r"|^\W*(?:(?:ok|okay|right|great|so|and)\W+)*(?:go|start|begin|let'?s\s+(?:go|start|begin)"
    r"|start\s+it|begin\s+it|kick\s+off|launch\s+it)\W*$",
    re.IGNORECASE,
)
_OF_THE_WORKSHOP = re.compile(
    r"\b(?:workshop|poll|polling|live\s+session|voting|vote|votes|room|projector|presenter"
    r"|qr|join(?:ing)?\s+code)\b",
    re.IGNORECASE,
)
"""The message names the live workshop: no context needed to read it as about the room."""
_ON_PHONES = re.compile(r"\b(?:phones?|mobiles?|devices?)\b", re.IGNORECASE)
"""How the room joins "on their phones" is the workshop's, without naming it."""


def running_request(text: str, after_offer: bool = False) -> Running | None:
    """What the message asks about running the room, if anything: how others join, the
    results or a move of the room, when it names the workshop (or the phones), or
    (`after_offer`) right after the chat offered one."""
    named = after_offer or _OF_THE_WORKSHOP.search(text) is not None
    on_phones = named or _ON_PHONES.search(text) is not None
    if on_phones and _JOIN.search(text) and _ASKER.search(text) is None:
        return Running.JOIN
    if not named:
        return None
    if _HOW_THEY_VOTED.search(text) or (_RESULTS.search(text) and _SEEING.search(text)):
        return Running.RESULTS
    if _CONTROL.search(text):
        return Running.CONTROL
    return None


def workshop_offered(events: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the assistant's last turn offered a workshop (events as dicts): "next
    question", "show the results" then ask about running the room."""
    return any(
        event.get("event") == "action" and event.get("name") == ACTION_PLAN_WORKSHOP
        for event in previous_turn(events)
    )
