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

from bot.dialogue.activity_requests import topic_phrase
from bot.dialogue.context import earlier_user_parses, previous_turn, turns_before
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


_POLL = re.compile(r"\bpoll(?:s|ing)?\b", re.IGNORECASE)
_VOTE = re.compile(r"\bvot(?:e|es|ing)\b", re.IGNORECASE)
_WHOLE_SESSION = re.compile(r"\b(?:workshop|session|training|seminar)s?\b", re.IGNORECASE)
"""A vote in a workshop asked for ("a live workshop with phone voting") is the workshop's."""


def asks_for_poll(text: str) -> bool:
    """ "set up a poll on professionals meetings", "something the room can vote on about
    DNAs": one question put to the vote, on whatever the message names, not the whole
    workshop menu; a workshop or session with voting in it is the workshop's."""
    if _POLL.search(text) is not None:
        return True
    return _VOTE.search(text) is not None and _WHOLE_SESSION.search(text) is None


POLL_HEADING = "A poll for the room on"
"""How a topic's poll starts: what a later turn looks for to know a poll is in hand."""
POLL_TURNS = 3
"""A poll stays in hand for this many of the assistant's turns: the trainer asks its
question, then its answer, then what the audit says, one after the other."""


class PollPart(str, Enum):
    """What a trainer asks about the poll just given."""

    QUESTION = "question"
    """ "what would the question be", "what do I ask them", "what are the options"."""
    ANSWER = "answer"
    """ "what's the right answer to discuss", "which one is correct"."""
    LEARNING = "learning"
    """ "and what does the audit actually say so I can reveal it after"."""


_POLL_ANSWER = re.compile(
    r"\b(?:right|correct|model|best|expected|real|true|actual)\s+(?:answers?|options?|one)\b"
    r"|\bthe\s+answer\b|\banswers?\s+(?:is|was|be|to\s+(?:reveal|give|discuss|show))\b"
    r"|\bwhich\s+(?:one|option|answer)\s+(?:is|was|should\s+be)\s+(?:right|correct|best)\b"
    r"|\bwhat(?:'s|s|\s+is)?\s+(?:the\s+)?answer\b",
    re.IGNORECASE,
)
_POLL_LEARNING = re.compile(
    r"\b(?:audits?|learning|key\s+messages?|report|finding)\b(?:\s+\w+){0,3}?\s+"
    r"(?:say|says|said|find|found|recommend|recommends|conclude|concluded)\b"
    r"|\bwhat\s+(?:does|did|do)\s+(?:it|they|the\s+\w+)\s+(?:actually\s+|really\s+)?"
    r"(?:say|find|recommend)\b|\b(?:the\s+)?(?:learning|key\s+message|finding)s?\s+"
    r"(?:behind|for|to\s+reveal)\b"
    # "now add the learning to discuss after the poll", "the key messages to share afterwards":
    # after the poll itself, never "the learning to share with my team about case recording"
    # nor "what learning came after the deshawn review"
    r"|\b(?:learning|key\s+messages?|findings?|key\s+points?)\s+(?:\w+\s+){0,2}?(?:to\s+"
    r"(?:discuss|share|talk\s+(?:about|through)|go\s+through|debrief|reveal|show)\s+)?"
    r"(?:after(?:wards\b|\s+(?:the\s+|this\s+|that\s+)?(?:poll|vote|voting|it|that|this)\b"
    r"|\s+(?:they|the\s+room|everyone|people)\s+(?:have\s+|has\s+)?vot)"
    r"|once\s+(?:they|the\s+room|everyone|people)\s+(?:have\s+|has\s+)?vot)",
    re.IGNORECASE,
)
_POLL_QUESTION = re.compile(
    r"\b(?:what|which|show|give|tell|remind|repeat|read)\b.{0,40}\b(?:question|wording"
    r"|options|choices|ask\s+(?:them|the\s+(?:room|group))|put\s+to\s+(?:them|the\s+(?:room"
    r"|group|vote)))\b"
    r"|^\W*(?:(?:and|so|ok|sorry)\W+)*(?:the\s+)?(?:poll\s+)?(?:question|options|choices|wording)"
    r"(?:\s+(?:again|please|pls))*\W*$",
    re.IGNORECASE,
)

_POLL_PARTS = (
    (_POLL_ANSWER, PollPart.ANSWER),
    (_POLL_LEARNING, PollPart.LEARNING),
    (_POLL_QUESTION, PollPart.QUESTION),
)


def poll_part(text: str) -> PollPart | None:
    """Which part of the poll in hand the message asks for, if any: its answer, the
    audit's learning behind it, or the question itself (in that order: "what's the answer to
    the question" asks the answer)."""
    return next((part for pattern, part in _POLL_PARTS if pattern.search(text)), None)


def poll_in_hand(events: Sequence[Mapping[str, Any]]) -> bool:
    """Whether one of the assistant's last few turns gave a topic's poll (events as dicts)."""
    return any(_gives_poll(turn) for turn in turns_before(events)[:POLL_TURNS])


def _gives_poll(turn: Sequence[Mapping[str, Any]]) -> bool:
    return any(
        str(event.get("text") or "").startswith(POLL_HEADING)
        for event in turn
        if event.get("event") == "bot"
    )


_THE_POLL_ITSELF = re.compile(
    r"^(?:(?:the|this|that|my|our)\s+)?(?:it|this|that|them|these|those|poll|vote|question"
    r"|answers?|options?|topic|one)$",
    re.IGNORECASE,
)


def names_a_topic_besides_the_poll(text: str) -> bool:
    """Whether the message is on a topic of its own ("the learning to share with my team about
    case recording"), not on the poll in hand ("what's the answer to it")."""
    phrase = topic_phrase(text)
    return phrase is not None and _THE_POLL_ITSELF.search(phrase.strip()) is None


_ANOTHER_ALONE = re.compile(
    r"^\W*(?:(?:and|ok|okay|now|then|so|great|thanks)\W+)*"
    r"(?:another(?:\s+one)?|one\s+more|next\s+one)(?:\W+(?:please|pls))?\W*$",
    re.IGNORECASE,
)
_MORE = re.compile(r"\bmore\b", re.IGNORECASE)


def poll_asked_again(events: Sequence[Mapping[str, Any]], text: str) -> bool:
    """Whether "and one on neglect" (a request for another, `text`) asks another poll: the
    turn before gave one; or a turn or two before it did and every turn since was of that
    poll (a part of it asked, or "another one" with no topic), and the message asks no "more
    on" anything. After a poll, then a learning answer, "a few more on consent" asks more
    learning, not a poll (review of conv41)."""
    turns = turns_before(events)[:POLL_TURNS]
    asked = [str(parse.get("text") or "") for parse in earlier_user_parses(events)]
    for index, turn in enumerate(turns):
        if _gives_poll(turn):
            return True
        of_the_poll = _ANOTHER_ALONE.search(asked[index]) is not None or (
            poll_part(asked[index]) is not None and not names_a_topic_besides_the_poll(asked[index])
        )
        if _MORE.search(text) or not of_the_poll:
            return False
    return False


PLAN_HEADING = "A plan for a "
"""How a session's plan starts ("A plan for a 90-minute workshop on the SEND audit 2016-17:"):
what a later turn reads to know a plan is in hand, its length and what it is on."""


PLAN_LOOK_BACK = 2
"""How many of the assistant's turns back a plan is still what material asked for goes with
("a sheet to accompany that?" after the plan, then a change asked of it and answered)."""


def plan_in_hand(events: Sequence[Mapping[str, Any]], back: int = 1) -> str | None:
    """The heading of the session plan the assistant gave in its last `back` turns, the most
    recent, if it gave one (events as dicts): "shorten it to 90 mins" changes the plan the
    last turn gave; a sheet "to accompany that" may follow a change asked of it."""
    return next(
        (
            text
            for turn in turns_before(events)[:back]
            for event in turn
            if event.get("event") == "bot"
            and (text := str(event.get("text") or "")).startswith(PLAN_HEADING)
        ),
        None,
    )
