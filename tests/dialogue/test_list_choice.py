"""A choice by position from the last turn's list (bot/dialogue/list_choice.py), and what moves
on from urgent advice (bot/dialogue/context.py)."""

from __future__ import annotations

import pytest

from bot.dialogue.context import moves_on
from bot.dialogue.list_choice import LAST, Item, item_at, listed_items, position_chosen


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("number 4", 4),
        ("no. 2 please", 2),
        ("Tell me more about the first one", 1),
        ("the 3rd", 3),
        ("option 2", 2),
        ("2", 2),
        ("ok the second one", 2),
        ("the last one", LAST),
    ],
)
def test_a_short_message_picks_a_position(text: str, position: int) -> None:
    assert position_chosen(text) == position


@pytest.mark.parametrize(
    "text",
    [
        "what should I do first",
        "what's the first step",
        "the first time she disclosed it to the school nurse",
        "tell me about case 4",
        "the 2019 audit, not SEND",
        "thanks",
    ],
)
def test_a_question_of_its_own_picks_nothing(text: str) -> None:
    assert position_chosen(text) is None


def _said(text: str, buttons: list[dict[str, str]] | None = None) -> dict[str, object]:
    return {"event": "bot", "text": text, "data": {"buttons": buttons or []}}


def test_the_list_is_the_bullet_lines_of_the_turn() -> None:
    turn = [_said("I hold the learning from these audits:\n- Mental health audit\n- SEND audit")]
    assert listed_items(turn) == [Item("Mental health audit"), Item("SEND audit")]


def test_without_bullets_the_list_is_the_topics_its_buttons_offered() -> None:
    buttons = [
        {"title": "How do I escalate?", "payload": "/how_to_escalate"},
        {"title": "Young carers", "payload": '/ask_learning{"key_message":"young-carers"}'},
        {"title": "None of these", "payload": "/none_of_these"},
    ]
    assert listed_items([_said("Did you mean one of these?", buttons)]) == [
        Item("Young carers", "young-carers")
    ]


def test_a_position_outside_the_list_is_nothing() -> None:
    items = [Item("a"), Item("b")]
    assert item_at(items, 2) == Item("b")
    assert item_at(items, LAST) == Item("b")
    assert item_at(items, 3) is None
    assert item_at([], LAST) is None


@pytest.mark.parametrize(
    "text",
    [
        "ok ambulance on way. after this what is the learning on kids going missing",
        "what do the audits say about working with the police",
        "a separate question",
        # back from an aside, to what was going on before it
        "right, back to the workshop",
        "ok where were we",
        "anyway back to it - the next question please",
        # the aside dealt with, back to the case the conversation was on
        "police are there now and the duty team know. back to Adam's case - what is a TAC?",
        "rang the EDT, they are sending someone. back to the case: what was the learning?",
        "done. ok back to case 2, what did the school do",
    ],
)
def test_asking_for_the_audits_learning_moves_on_from_urgent_advice(text: str) -> None:
    assert moves_on(text)


def test_more_about_the_emergency_does_not_move_on() -> None:
    assert not moves_on("she's still not answering her phone, what now")
    assert not moves_on("he keeps going back to that flat at night")
    assert not moves_on("she went back to the case worker's office and is screaming outside")
    assert not moves_on("the police took him back to the cases of stolen bikes, now he's missing")
