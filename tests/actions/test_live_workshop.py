"""Taking part in a live workshop from the chat (actions/live_workshop.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from actions import activities
from actions import live_workshop as workshop
from bot.insights.events import EventKind, UsageEvent
from bot.knowledge.store import KnowledgeStore
from bot.live_workshop.join_guard import MAX_FAILED_JOINS
from bot.live_workshop.plan import Kind, build_plan
from bot.live_workshop.service import Control, Workshops
from bot.live_workshop.tables import WorkshopParticipant
from bot.names import (
    WORKSHOP_ANSWER_INTENT,
    WORKSHOP_CHOICE_ENTITY,
    WORKSHOP_CODE_SLOT,
    WORKSHOP_STEP_ENTITY,
)
from tests.actions.trackers import run, tracker, turn
from tests.support import all_text


@pytest.fixture
def live(loaded_store: KnowledgeStore) -> Iterator[tuple[Workshops, int, str]]:
    workshop.workshops.cache_clear()
    workshop.join_guard.cache_clear()
    workshops = workshop.workshops()
    with loaded_store.session() as session:
        source, title, steps = build_plan(loaded_store, session, "send-erika")
    started = workshops.start(source, "send-erika", title, steps, team_mode=False)
    yield workshops, started.id, started.code
    workshop.workshops.cache_clear()
    workshop.join_guard.cache_clear()


def test_join_by_code_then_answer_by_button(live: tuple[Workshops, int, str]) -> None:
    workshops, session_id, code = live
    messages, events = run(
        workshop.ActionJoinWorkshop(), tracker(f"I'm joining session {code}", "join_workshop")
    )
    assert "You have joined" in all_text(messages) and "Voting is not open" in all_text(messages)
    assert events == [
        {"event": "slot", "timestamp": None, "name": WORKSHOP_CODE_SLOT, "value": code}
    ]
    workshops.control(session_id, Control.OPEN)
    slots = {WORKSHOP_CODE_SLOT: code}
    messages, _ = run(
        workshop.ActionJoinWorkshop(), tracker("/join_workshop", "join_workshop", slots)
    )
    buttons = messages[0]["buttons"]
    assert len(buttons) == 5
    assert buttons[0]["payload"] == '/workshop_answer{"workshop_choice":"0","workshop_step":"0"}'
    assert buttons[0]["title"].startswith("A. ")
    entities = [
        {"entity": WORKSHOP_CHOICE_ENTITY, "value": "2"},
        {"entity": WORKSHOP_STEP_ENTITY, "value": "0"},
    ]
    messages, _ = run(
        workshop.ActionWorkshopAnswer(),
        tracker(buttons[2]["payload"], WORKSHOP_ANSWER_INTENT, slots, entities),
    )
    assert "Your answer is in" in all_text(messages)
    snapshot = workshops.snapshot(session_id)
    assert snapshot is not None and snapshot.counts[2] == 1 and snapshot.participants == 1
    with workshops.session() as session:
        keys = list(session.scalars(select(WorkshopParticipant.sender_key)))
    assert keys and "practitioner" not in keys[0]


def test_a_typed_answer_to_a_free_text_question_is_minimised(
    live: tuple[Workshops, int, str],
) -> None:
    workshops, session_id, code = live
    snapshot = workshops.snapshot(session_id)
    assert snapshot is not None
    reflect = next(i for i, step in enumerate(snapshot.steps) if step.kind is Kind.REFLECT)
    for _ in range(reflect):
        workshops.control(session_id, Control.NEXT)
    workshops.control(session_id, Control.OPEN)
    slots = {WORKSHOP_CODE_SLOT: code}
    run(workshop.ActionJoinWorkshop(), tracker(f"join {code}", "join_workshop"))
    messages, _ = run(
        workshop.ActionWorkshopAnswer(),
        tracker("answer: I'd ask Jayden Okafor's school first", WORKSHOP_ANSWER_INTENT, slots),
    )
    assert "Your answer is in" in all_text(messages)
    (text,) = workshops.snapshot(session_id).texts  # type: ignore[union-attr]
    assert "Jayden" not in text.text and "Okafor" not in text.text and "school" in text.text


def test_a_wrong_code_leave_and_no_workshop(live: tuple[Workshops, int, str]) -> None:
    _workshops, _session_id, code = live
    other = "00000000" if code != "00000000" else "00000001"
    messages, events = run(workshop.ActionJoinWorkshop(), tracker(f"join {other}", "join_workshop"))
    assert f"No workshop is running with the code {other}" in all_text(messages)
    messages, _ = run(workshop.ActionJoinWorkshop(), tracker("join the workshop", "join_workshop"))
    assert "Which workshop?" in all_text(messages)
    messages, _ = run(workshop.ActionWorkshopAnswer(), tracker("answer: yes", "workshop_answer"))
    assert "not in a workshop" in all_text(messages)
    messages, events = run(
        workshop.ActionLeaveWorkshop(),
        tracker("leave", "leave_workshop", {WORKSHOP_CODE_SLOT: code}),
    )
    assert "left the workshop" in all_text(messages)
    assert events[0]["value"] is None


def test_wrong_codes_typed_in_the_chat_are_throttled_per_conversation(
    live: tuple[Workshops, int, str],
) -> None:
    """Security review finding 1, by the chat: "join NNNNNNNN" is the same door."""
    _workshops, _session_id, code = live
    wrong = [f"{guess:08d}" for guess in range(MAX_FAILED_JOINS + 1) if f"{guess:08d}" != code]
    for guess in wrong[:MAX_FAILED_JOINS]:
        messages, _ = run(workshop.ActionJoinWorkshop(), tracker(f"join {guess}", "join_workshop"))
        assert "No workshop is running" in all_text(messages)
    messages, _ = run(workshop.ActionJoinWorkshop(), tracker(f"join {code}", "join_workshop"))
    assert "too many codes" in all_text(messages)
    other = tracker(f"join {code}", "join_workshop")
    other.sender_id = "another-conversation"
    messages, _ = run(workshop.ActionJoinWorkshop(), other)
    assert "too many codes" not in all_text(messages) and "No workshop" not in all_text(messages)


def go_to(workshops: Workshops, session_id: int, kind: Kind) -> int:
    snapshot = workshops.snapshot(session_id)
    assert snapshot is not None
    target = next(i for i, step in enumerate(snapshot.steps) if step.kind is kind)
    for _ in range(target - snapshot.step_index):
        workshops.control(session_id, Control.NEXT)
    workshops.control(session_id, Control.OPEN)
    return target


def kinds_recorded(store: KnowledgeStore) -> list[str]:
    with store.session() as session:
        return list(session.scalars(select(UsageEvent.kind)))


def reflect(live: tuple[Workshops, int, str], typed: str, intent: str) -> list[dict[str, Any]]:
    """Joins, moves the session to its reflection and opens it, and types this there."""
    workshops, session_id, code = live
    go_to(workshops, session_id, Kind.REFLECT)
    run(workshop.ActionJoinWorkshop(), tracker(f"join {code}", "join_workshop"))
    messages, _ = run(
        workshop.ActionWorkshopAnswer(), tracker(typed, intent, {WORKSHOP_CODE_SLOT: code})
    )
    return messages


def test_a_plain_typed_reflection_is_recorded_as_a_turn_never_as_unanswered(
    live: tuple[Workshops, int, str], loaded_store: KnowledgeStore
) -> None:
    workshops, session_id, _code = live
    # What the model made of it does not matter: the open question policy sent it here.
    messages = reflect(live, "I would check what the school nurse knew", "ask_learning")
    assert "Your answer is in" in all_text(messages)
    (text,) = workshops.snapshot(session_id).texts  # type: ignore[union-attr]
    assert "school nurse" in text.text
    assert kinds_recorded(loaded_store) == [EventKind.CONVERSATION_TURN.value]


def test_a_stale_button_is_refused_and_the_current_question_given(
    live: tuple[Workshops, int, str],
) -> None:
    workshops, session_id, code = live
    slots = {WORKSHOP_CODE_SLOT: code}
    run(workshop.ActionJoinWorkshop(), tracker(f"join {code}", "join_workshop"))
    workshops.control(session_id, Control.OPEN)
    stage = go_to(workshops, session_id, Kind.STAGE)
    assert stage > 0
    old_button = [
        {"entity": WORKSHOP_CHOICE_ENTITY, "value": "1"},
        {"entity": WORKSHOP_STEP_ENTITY, "value": "0"},
    ]
    payload = '/workshop_answer{"workshop_choice":"1","workshop_step":"0"}'
    messages, _ = run(
        workshop.ActionWorkshopAnswer(), tracker(payload, WORKSHOP_ANSWER_INTENT, slots, old_button)
    )
    said = all_text(messages)
    assert "earlier question" in said and "not counted" in said
    snapshot = workshops.snapshot(session_id)
    assert snapshot is not None and snapshot.answered == 0
    assert snapshot.step.prompt in said  # the current question, with its buttons
    assert f'"workshop_step":"{stage}"' in messages[-1]["buttons"][0]["payload"]


@pytest.mark.parametrize("typed", ["b", "B", "option b"])
def test_a_typed_letter_answers_the_open_options(
    live: tuple[Workshops, int, str], typed: str
) -> None:
    workshops, session_id, code = live
    run(workshop.ActionJoinWorkshop(), tracker(f"join {code}", "join_workshop"))
    go_to(workshops, session_id, Kind.STAGE)
    messages, _ = run(
        workshop.ActionWorkshopAnswer(), tracker(typed, "choose_option", {WORKSHOP_CODE_SLOT: code})
    )
    assert "Your answer is in" in all_text(messages)
    snapshot = workshops.snapshot(session_id)
    assert snapshot is not None and snapshot.counts[1] == 1 and snapshot.answered == 1


def test_a_reflection_saying_a_child_is_at_risk_gets_urgent_advice_and_is_held(
    live: tuple[Workshops, int, str],
) -> None:
    workshops, session_id, _code = live
    messages = reflect(
        live, "a child I work with is being hit at home and is at risk tonight", "immediate_risk"
    )
    assert "999" in messages[0]["text"]  # urgent advice before anything else
    (text,) = workshops.snapshot(session_id).texts  # type: ignore[union-attr]
    assert text.held
    assert not workshops.show(session_id, text.id)


def test_out_of_a_room_an_answer_in_words_is_the_chats_own_quiz() -> None:
    """In the chat's own quiz, an answer in words that matches no option asks for one of
    them, never "you are not in a workshop"."""
    asked = "quiz me on the SEND audit"
    messages, events = run(activities.ActionQuiz(), tracker(asked, "quiz"))
    history = turn(asked, messages, events)
    state = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    answered, _ = run(
        workshop.ActionWorkshopAnswer(),
        tracker("my answer is the one about the weather", "workshop_answer", state, events=history),
    )
    assert "Pick one of the options" in all_text(answered)
