"""What the assistant's last turn left open, so that "ok", "yes", "no" and follow-ups are
answered in context instead of being taken as new, unclear questions.

Each action that leaves something open records it in the `context` slot; the context of a
new message is the one set during the assistant's previous turn only, so a context never
outlives the turn that opened it unless an action sets it again (urgent advice does, turn
after turn, until the person moves on).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any, NamedTuple

from bot.names import CONTEXT_SLOT, KEY_MESSAGE_SLOT


class Context(str, Enum):
    START = "start"
    """Nothing said yet in this session."""
    URGENT = "urgent"
    """Urgent advice was just given: follow-ups stay urgent."""
    ANSWERED = "answered"
    """A key message was just answered (and "Was this helpful?" asked)."""
    CANDIDATES = "candidates"
    """The closest key messages were offered ("Did you mean one of these?")."""
    ASKED_WHAT_MISSING = "asked_what_missing"
    """After "not helpful": what was missing was asked."""
    ACTIVITY = "activity"
    """A walk-through stage or quiz question was just shown, or its reveal: "ok", "go on"
    carry on with it."""
    NEUTRAL = "neutral"
    """Anything else: nothing is waiting for an answer."""


def _is_user(event: Mapping[str, Any]) -> bool:
    return event.get("event") == "user"


MAX_URGENT_FOLLOW_UPS = 3
"""Typed follow-ups answered with the urgent contacts before the conversation moves on
by itself; every urgent reply also offers a button to move on at once."""
_MOVING_ON = re.compile(
    r"\b(?:separate|different|another|unrelated|other|new) (?:question|topic|thing|matter)"
    r"|\bsomething else\b|\bnot urgent\b|\bon another note\b|\bchanging the subject\b"
    r"|\bnot (?:about|for) (?:this|that) (?:child|case)\b"
    # back from an aside to what was going on before it: "ok back to it", "where were we",
    # "the duty team know. back to the case - ...": at the start of a sentence
    r"|(?:^|[.!?;]\s+)\W*(?:(?:ok|okay|right|anyway|so|sorry|thanks|cheers|great|done|and|now"
    r"|let'?s|go)\W+)*"
    r"(?:back|return(?:ing)?) to (?:(?:it|that|this)(?=\s*(?:[,.;:!?\u2013\u2014-]|$|then\b|now\b))"
    r"|the (?:session|workshop|training|topic|questions?|plan|quiz|learning)\b"
    r"|(?:the\s+|\w+'s\s+)?cases?\b"
    r"|what we were (?:doing|discussing|on)\b)|^\W*(?:(?:ok|okay|right|anyway|so)\W+)*where"
    r"\s+were\s+we\b"
    # asking for the audits' learning is a practice question, not the emergency
    r"|\blearning (?:on|about|for|around|from)\b|\bwhat (?:do|does) the audits? say\b"
    # the learning asked for later, once the emergency is dealt with: "ambulance on its way.
    # after this, what's the learning on ..."
    r"|\b(?:after|once|when) (?:this|that|it)(?: is| has)?(?: (?:over|done|sorted|dealt with))?"
    r"\W+(?:\w+\W+){0,6}?(?:learning|audits?|key messages?)\b",
    re.IGNORECASE,
)


def _turns(events: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """The assistant's turns before the latest message, most recent first, back to the
    start of the session."""
    users = [index for index, event in enumerate(events) if _is_user(event)]
    turns = []
    for earlier, later in zip(reversed(users[:-1]), reversed(users[1:]), strict=False):
        turn = list(events[earlier + 1 : later])
        if any(event.get("event") == "session_started" for event in turn):
            break
        turns.append(turn)
    return turns


def turns_before(events: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """The assistant's turns before the latest message, most recent first (this session)."""
    return _turns(events)


def previous_turn(events: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The events of the assistant's turn before the latest message (empty at the start)."""
    turns = _turns(events)
    return turns[0] if turns else []


def _context_of(turn: Sequence[Mapping[str, Any]]) -> Context:
    for event in reversed(turn):
        if (
            event.get("event") == "slot"
            and event.get("name") == CONTEXT_SLOT
            and event.get("value")
        ):
            try:
                return Context(event["value"])
            except ValueError:
                return Context.NEUTRAL
    return Context.NEUTRAL


def context_before(events: Sequence[Mapping[str, Any]]) -> Context:
    """The context the latest message is answered in: the one the assistant's previous turn
    left open; urgency ends after MAX_URGENT_FOLLOW_UPS typed follow-ups."""
    turns = _turns(events)
    if not turns:
        return Context.START
    context = _context_of(turns[0])
    if context is Context.URGENT:
        urgent_in_a_row = 0
        for turn in turns:
            if _context_of(turn) is not Context.URGENT:
                break
            urgent_in_a_row += 1
        if urgent_in_a_row > MAX_URGENT_FOLLOW_UPS:
            return Context.NEUTRAL
    return context


def moves_on(text: str) -> bool:
    """The person says outright that this is a new question, not the urgent one."""
    return _MOVING_ON.search(text) is not None


def earlier_user_parses(events: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """What the NLU made of each message before the latest one, most recent first."""
    users = [event for event in events if _is_user(event)]
    return [event.get("parse_data") or {} for event in reversed(users[:-1])]


def previous_user_parse(events: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """What the NLU made of the message before the latest one (empty if none)."""
    earlier = earlier_user_parses(events)
    return earlier[0] if earlier else {}


def is_button(parse_data: Mapping[str, Any]) -> bool:
    """A button press: the payload is a slash command the NLU pipeline did not interpret."""
    return str(parse_data.get("text") or "").startswith("/")


CLOSEST_OFFERED = re.compile(r'The closest is "([^"]+)"', re.IGNORECASE)
"""How the candidates' reply names the one it summarises (bot.dialogue.answers.learning)."""


_OFFERED_ID = re.compile(rf'"{KEY_MESSAGE_SLOT}":\s*"([^"]+)"')


class OpenTopic(NamedTuple):
    """The key message the conversation last left open: answered, or only offered as the
    closest candidate (then `offered` is true and the person has not seen its answer)."""

    key_message_id: str | None = None
    title: str | None = None
    offered: bool = False
    choices: tuple[str, ...] = ()
    """When only offered: the key messages its buttons offered, the closest first."""


def topic_left_open(events: Sequence[Mapping[str, Any]]) -> OpenTopic | None:
    """The most recent key message a turn answered or offered as the closest candidate,
    looking back over turns that left none (an acknowledgement, a term, a declined or unclear
    message do not erase it); None when no turn of this session left one."""
    for turn in _turns(events):
        for event in reversed(turn):
            answered = event.get("event") == "slot" and event.get("name") == KEY_MESSAGE_SLOT
            if answered and event.get("value"):
                return OpenTopic(key_message_id=str(event["value"]))
            if event.get("event") == "bot":
                found = CLOSEST_OFFERED.search(str(event.get("text") or ""))
                if found is not None:
                    choices = offered_in([event])
                    return OpenTopic(title=found.group(1), offered=True, choices=choices)
    return None


def offered_in(turn: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The key messages a turn's buttons offered, in their order, each once."""
    buttons = [
        button
        for event in turn
        if event.get("event") == "bot"
        for button in (event.get("data") or {}).get("buttons") or []
    ]
    payloads = " ".join(str(button.get("payload") or "") for button in buttons)
    return tuple(dict.fromkeys(_OFFERED_ID.findall(payloads)))
