"""Taking part in a live workshop from the chat (actions/live_workshop.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from actions import live_workshop as workshop
from bot.dialogue.names import WORKSHOP_ANSWER_INTENT, WORKSHOP_CHOICE_ENTITY, WORKSHOP_CODE_SLOT
from bot.knowledge.store import KnowledgeStore
from bot.workshop.join_guard import MAX_FAILED_JOINS
from bot.workshop.plan import Kind, build_plan
from bot.workshop.service import Control, Workshops
from bot.workshop.tables import WorkshopParticipant
from tests.actions.trackers import run, tracker
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
    assert len(buttons) == 5 and buttons[0]["payload"] == '/workshop_answer{"workshop_choice":"0"}'
    entities = [{"entity": WORKSHOP_CHOICE_ENTITY, "value": "2"}]
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
