"""A trainer's questions about running a live workshop, told by their shape
(bot/dialogue/workshop_requests.py): how the room joins, the results, moving the room on; a
participant's own joining and practice questions are none of them."""

from __future__ import annotations

import pytest

from bot.dialogue.workshop_requests import (
    POLL_HEADING,
    PollPart,
    Running,
    asks_for_poll,
    poll_in_hand,
    poll_part,
    running_request,
    workshop_offered,
)
from bot.names import ACTION_PLAN_WORKSHOP


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("how can the delegates get in from their mobiles", Running.JOIN),
        ("where do attendees go to vote on the poll", Running.JOIN),
        ("what's the qr code for", Running.JOIN),
        ("can we put the poll results up on the projector", Running.RESULTS),
        ("how did the room answer the last vote", Running.RESULTS),
        ("close the voting now", Running.CONTROL),
        ("wrap up the workshop", Running.CONTROL),
        ("how do I join the workshop", None),
        ("how do families access the young carers project", None),
        ("what is the next step after a strategy meeting", None),
        ("mum keeps her phone switched off", None),
        ("can we do a live poll where the room votes on their phones", None),
    ],
)
def test_running_the_room_is_asked_when_the_workshop_or_the_phones_are_named(
    text: str, asked: Running | None
) -> None:
    assert running_request(text) is asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("how will my team get in", Running.JOIN),
        ("where are the votes", Running.RESULTS),
        ("right, let's begin", Running.CONTROL),
        ("previous slide", Running.CONTROL),
        ("which case suits a half-day session on neglect", None),
        ("thanks, that's everything", None),
    ],
)
def test_right_after_a_workshop_offer_the_room_need_not_be_named(
    text: str, asked: Running | None
) -> None:
    assert running_request(text, after_offer=True) is asked
    assert running_request(text) is None or asked is not None


def test_an_offer_is_read_from_the_assistants_last_turn_only() -> None:
    offered = [
        {"event": "user", "text": "a workshop on the SEND audit"},
        {"event": "action", "name": ACTION_PLAN_WORKSHOP},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "next"},
    ]
    assert workshop_offered(offered)
    later = [
        *offered,
        {"event": "action", "name": "action_next_step"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "next"},
    ]
    assert not workshop_offered(later)


@pytest.mark.parametrize(
    ("text", "poll"),
    [
        ("a quick poll about young carers for my team", True),
        ("something the delegates can vote on about neglect", True),
        ("can the room vote on it", True),
        ("a quiz on the SEND audit", False),
        ("a training session where staff vote on their phones", False),
    ],
)
def test_a_poll_is_asked_for_by_its_word(text: str, poll: bool) -> None:
    """The word alone: what the poll is on, and whether a topic is named, is the action's."""
    assert asks_for_poll(text) is poll


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("remind me what the question was", PollPart.QUESTION),
        ("which options do they choose from", PollPart.QUESTION),
        ("and which option is correct", PollPart.ANSWER),
        ("what's the answer i should give them", PollPart.ANSWER),
        ("what did the audit find on this", PollPart.LEARNING),
        ("what does the learning say, to show afterwards", PollPart.LEARNING),
        ("now add the key messages to talk through after it", PollPart.LEARNING),
        ("and the findings for once the room has voted", PollPart.LEARNING),
        ("ok thanks", None),
        ("how do they join", None),
        # the learning of something else, not after the poll
        ("what's the learning to share with the team on recording?", None),
        ("key points to discuss with health visitors regarding neglect", None),
        ("the learning to go through after the vote", PollPart.LEARNING),
    ],
)
def test_the_part_of_a_poll_a_trainer_asks_for(text: str, part: PollPart | None) -> None:
    assert poll_part(text) is part


def _turn(text: str) -> list[dict[str, object]]:
    return [
        {"event": "user", "text": "a poll"},
        {"event": "action", "name": ACTION_PLAN_WORKSHOP},
        {"event": "bot", "text": text},
        {"event": "action", "name": "action_listen"},
    ]


def test_a_poll_stays_in_hand_for_a_few_turns_only() -> None:
    polled = _turn(f"{POLL_HEADING} **Young carers**")
    later = [*polled, *_turn("The poll's question")]
    assert poll_in_hand([*polled, {"event": "user", "text": "the answer?"}])
    assert poll_in_hand([*later, {"event": "user", "text": "and the audit?"}])
    long_after = [*polled, *(_turn("something else") * 3), {"event": "user", "text": "answer?"}]
    assert not poll_in_hand(long_after)
    assert not poll_in_hand([*_turn("For a workshop on"), {"event": "user", "text": "next"}])
