"""Stored texts that are conversation turns, not questions (bot/insights/turns.py): older
versions stored them as unanswered questions, and a real question must never be taken for one."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.insights.events import Event, EventKind, record
from bot.insights.report import compute
from bot.insights.turns import MOVE_LABELS, Move, conversation_move
from bot.knowledge.store import KnowledgeStore, load_knowledge
from bot.settings import Settings


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("ok", Move.ACKNOWLEDGEMENT),
        ("OK thanks", Move.ACKNOWLEDGEMENT),
        ("fine", Move.ACKNOWLEDGEMENT),
        ("im fine", Move.ACKNOWLEDGEMENT),
        ("no not really", Move.ACKNOWLEDGEMENT),
        ("cool cheers", Move.ACKNOWLEDGEMENT),
        ("great thanks for that", Move.ACKNOWLEDGEMENT),
        ("thats not what I asked", Move.CORRECTION),
        ("no I meant the other one", Move.CORRECTION),
        ("wrong answer", Move.CORRECTION),
        ("answer: I would call a strategy meeting first", Move.WORKSHOP_ANSWER),
        ("my answer is escalate to the named nurse", Move.WORKSHOP_ANSWER),
        ("b", Move.QUIZ_LETTER),
        ("B", Move.QUIZ_LETTER),
        ("option c", Move.QUIZ_LETTER),
        ("I'd go with a", Move.QUIZ_LETTER),
    ],
)
def test_turns_are_recognised(text: str, move: Move) -> None:
    assert conversation_move(text) is move


@pytest.mark.parametrize(
    "text",
    [
        "what are the signs of FGM",
        "lone working policy for evening home visits",
        "FGM what should a school nurse do",
        "is it ok to share without consent",
        "actually I meant county lines",
        "answers to the quiz on neglect",
        "no one has seen the baby for weeks",
        "[removed]",
    ],
)
def test_a_question_is_never_taken_for_a_turn(text: str) -> None:
    assert conversation_move(text) is None


def test_a_thanks_is_counted_with_the_acknowledgements_not_as_a_line_of_its_own(
    fixture_settings: Settings,
) -> None:
    load_knowledge(fixture_settings, environ={})
    store = KnowledgeStore.from_settings(fixture_settings)
    when = datetime(2026, 3, 4, 10)
    for reason in ("thanks", "acknowledgement", "workshop_answer"):
        record(store, Event(EventKind.CONVERSATION_TURN, "webchat", reason=reason), when)
    insights = compute(store, date(2026, 3, 4), date(2026, 3, 4))
    assert dict(insights.outcomes.turns) == {
        MOVE_LABELS[Move.ACKNOWLEDGEMENT]: 2,
        MOVE_LABELS[Move.WORKSHOP_ANSWER]: 1,
    }
    store.engine.dispose()
