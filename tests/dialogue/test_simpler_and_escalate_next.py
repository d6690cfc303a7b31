"""Moves found by their shape (issue 19 item 3): the next step when people still say no,
how to reach the service just named, and the last reply in simpler words. Sentences written
for this test, none from a blind set."""

from __future__ import annotations

import pytest

from bot.dialogue.moves import asks_how_to_contact, asks_to_escalate
from bot.dialogue.simpler import asks_simpler, said_simply


@pytest.mark.parametrize(
    "text",
    [
        "who's next",
        "who do i go to after that",
        "and if the school still refuses",
        "what if my manager still won't act",
        "spoke to the team lead, still getting nowhere. where next",
        "health visitor still not responding, who then",
        # the step already taken getting nowhere
        "and if raising it with my supervisor goes nowhere?",
        "what if talking to the manager gets nowhere",
        "and if that leads nowhere",
        "and if going to my manager hasn't worked",
    ],
)
def test_asking_whom_to_go_to_next_is_escalating(text: str) -> None:
    assert asks_to_escalate(text)


@pytest.mark.parametrize(
    "text",
    [
        "what if dad refuses",  # a case of the last answer, not a refusal that goes on
        "and if she says no?",
        "next",
        "who is the named nurse for looked after children",
        "what if he still self harms after the referral to camhs and the gp",
        "and if the family gets nowhere with housing",
        # a manager who has not worked with a service: no step failing
        "and if my manager has not worked with the YOT?",
        "and if our supervisor has not worked on a CP case",
    ],
)
def test_other_follow_ups_are_not_escalating(text: str) -> None:
    assert not asks_to_escalate(text)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("how would i reach them", True),
        ("can I email the service", True),
        ("their contact details pls", True),
        ("who do I contact", False),  # nothing named: whom to call, not that service
        ("how do i contact them if the child is in danger tonight", False),
    ],
)
def test_how_to_reach_the_service_just_named(text: str, asks: bool) -> None:
    assert asks_how_to_contact(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("sorry, too complicated", True),
        ("can you say that in plain english", True),
        ("i didn't understand", True),
        ("you lost me", True),
        ("I don't understand chronic neglect", False),  # a topic of its own
        ("is there a simple referral form", False),
    ],
)
def test_asking_for_simpler_words(text: str, asks: bool) -> None:
    assert asks_simpler(text) is asks


def test_the_gist_is_the_first_sentences_that_say_something_without_asides() -> None:
    said = said_simply(
        [
            "**A title**\nWhen a family keeps cancelling, talk to them about why (they may not "
            "see the need) and record it. Then raise it with the GP.\n\nWhat to do:\n\n- a step"
        ]
    )
    assert said is not None
    assert "talk to them about why and record it" in said
    assert "A title" not in said and "(" not in said
    assert said_simply(["OK."]) is None
