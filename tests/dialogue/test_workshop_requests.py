"""A trainer's questions about running a live workshop, told by their shape
(bot/dialogue/workshop_requests.py): how the room joins, the results, moving the room on; a
participant's own joining and practice questions are none of them."""

from __future__ import annotations

import pytest

from bot.dialogue.workshop_requests import Running, running_request, workshop_offered
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
